"""What a source file may be, and how big: limits that keep a hostile file from hurting the machine.

A source is a regular file inside source/: a symlink (to /etc/shadow, to /dev/zero), a FIFO (which
would block the reader forever), a device or a socket is refused with a Chinese message before a
byte is read; so is a folder under source/ that is a symlink. The size cap is applied to the
bytes actually read, never to what stat() says (a growing file, a /proc file that claims 0 bytes).

The YAML limits (how deep, how many aliases, how much an alias may add) are applied while the file
is being parsed, in yamlsource; their numbers are here so that they are documented in one place:

- MAX_DEPTH: nesting of mappings and lists. The deepest real nesting is a clause tree of format 2
  (a dozen clause levels, two YAML levels each, plus the archive's `document:`); 64 leaves room,
  and keeps every recursive walk of the data (schema validation, rules, the model) far from
  Python's recursion limit. libyaml's parser itself is quadratic in flow nesting and ruamel's C
  composer overflows the C stack near 100,000 levels, so the parser is stopped at the first level
  past the limit, before the rest of the file is parsed.
- MAX_ALIASES / MAX_ALIAS_NODES: the sources never need aliases; a few are tolerated (an editor may
  write `&x` / `*x` to repeat a list), but a "billion laughs" file of 400 bytes would expand to
  hundreds of millions of values. Every alias is expanded into the data (values are plain dicts and
  lists), so the values it adds are counted and capped.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..problems import Location, Problem, SourceError, error

MAX_BYTES = 1024 * 1024  # a plan is ~15 KB; anything near this is a mistake, not a plan
MAX_DEPTH = 64
MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000
MAX_TREE_ENTRIES = 20_000  # entries of source/ scanned for links and special files

_KINDS = (  # (test, what it is, in Chinese)
    (stat.S_ISLNK, "符号链接"),
    (stat.S_ISDIR, "文件夹"),
    (stat.S_ISFIFO, "命名管道（FIFO）"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字（socket）"),
)
_NOT_REGULAR_HINT = ("source/ 里只能放普通的文本文件：删除它（git rm），需要的内容以普通文件的形式放进 source/；"
                     "不要提交指向别处的链接。")


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words ("符号链接", "命名管道（FIFO）"…)."""
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def _refusal(path: Path, mode: int) -> SourceError:
    what = kind_of(mode)
    if stat.S_ISLNK(mode):
        try:
            target = f"（指向 {os.readlink(path)}）"
        except OSError:
            target = ""
        message = f"这是一个符号链接{target}，不是普通文件；planpress 不读取链接。"
    elif stat.S_ISDIR(mode):
        return SourceError([error(Location(path), "", "这是一个文件夹，不是 YAML 文件。",
                                  "把文件夹移出 source/，或改掉名字末尾的 .yaml。")])
    else:
        message = f"这是一个{what}，不是普通文件；planpress 不读取它。"
    return SourceError([error(Location(path), "", message, _NOT_REGULAR_HINT)])


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of `path`, which must be a regular file (not a link) of at most `limit` bytes."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        raise SourceError([error(Location(path), "", "找不到这个文件。", "检查路径和文件名是否写对。")]) from None
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not stat.S_ISREG(mode):
        raise _refusal(path, mode)
    # O_NOFOLLOW: the file cannot be swapped for a link between lstat and open; O_NONBLOCK: nor
    # for a FIFO that would block the open. fstat then judges what was really opened.
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EMLINK):
            raise _refusal(path, stat.S_IFLNK if exc.errno != errno.ENXIO else stat.S_IFSOCK) from None
        raise _unreadable(path, exc) from None
    try:
        opened = os.fstat(handle).st_mode
        if not stat.S_ISREG(opened):
            raise _refusal(path, opened)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    finally:
        os.close(handle)
    if size > limit:
        raise SourceError([error(Location(path), "", f"文件太大（超过 {limit // 1024 // 1024} MB 的上限）。",
                                 "一个受控文件通常只有几十 KB；请确认没有把别的文件粘贴进来。")])
    return b"".join(chunks)


def _unreadable(path: Path, exc: OSError) -> SourceError:
    return SourceError([error(Location(path), "", f"无法读取文件（{exc.strerror or exc}）。", "检查文件权限。")])


def check_inside(path: Path, source_dir: Path) -> list[Problem]:
    """Problems when a folder between `source_dir` (itself included) and `path` is a symlink or not
    a folder: the file would then be read from outside source/. Paths outside source/ (a file named
    on the command line) are judged by read_regular alone."""
    try:
        relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(source_dir))
    except ValueError:
        return []
    folder = Path(os.path.abspath(source_dir))
    for part in (None, *relative.parts[:-1]):
        if part is not None:
            folder = folder / part
        try:
            mode = os.lstat(folder).st_mode
        except OSError:
            return []  # read_regular reports the missing file itself
        if not stat.S_ISDIR(mode):
            return [error(Location(folder), "", f"文件夹 {folder.name}/ 是一个{kind_of(mode)}，不是真正的文件夹；"
                                                "planpress 不读取链接到别处的内容。", _NOT_REGULAR_HINT)]
    return []


def scan_tree(source_dir: Path) -> list[Problem]:
    """Every symlink, FIFO, device or socket anywhere under source/ (links are not followed): each is
    an error even when it is not a .yaml file, since nothing in source/ may point elsewhere."""
    problems: list[Problem] = []
    pending, seen = [Path(source_dir)], 0
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_TREE_ENTRIES:
                problems.append(error(Location(source_dir), "", f"source/ 里的文件超过 {MAX_TREE_ENTRIES} 个。",
                                      "source/ 只放受控文件、通讯录和设置；把别的文件移走。"))
                return problems
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                continue
            if stat.S_ISDIR(mode):
                pending.append(Path(entry.path))
            elif not stat.S_ISREG(mode):
                problems.append(_refusal(Path(entry.path), mode).problems[0])
    return problems
