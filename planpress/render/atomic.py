"""Outputs appear whole or not at all: write to a temporary sibling, then rename over the target.

A failed write (a full disk, a read-only mount) removes its temporary file or staging folder and
raises the OSError with the target's name in `filename`; planpress.cli turns it into a Chinese
message (`disk_problem`). The previous output is untouched either way.

A folder (site/, build/<number>/cards/) is built whole beside the old one and swapped in
(`staged_directory`). When the folder is a symlink (site/ → the web server's folder), the folder it
points to is the one replaced, and the link stays: the staging folder is made beside the link's
target, on the same disk, and exchanged with it in one step (renameat2 RENAME_EXCHANGE where
Linux offers it; else two renames). Replacing the target's *contents* file by file instead would
let the web server serve a mix of old and new pages meanwhile, or half a site when the disk fills;
replacing the link itself with a folder (as a plain rename does) would leave the web root stale
for good. A mount point cannot be renamed at all, so a site/ that is (or points to) one is refused
with a message saying what to do instead.

A site has a folder for every page (a thousand for 200 documents), and making a folder costs far
more than linking a file into it (on ext4 here 245 µs against 8, in an edit). So the site's
replaced folder is not removed whole: its files are, and its empty subfolders are kept (`spare`,
in .cache/) for the next build to start from; that build removes, before its swap, the subfolders
it left empty (a page that is gone). Only plain folders are kept: anything else found in the spare
(a file, a link) is removed first, without following links.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..problems import Location, Problem, SourceError, error

# What a full or read-only disk, a quota or missing permissions raise; the CLI says so in Chinese.
DISK_ERRORS = {
    errno.ENOSPC: "磁盘已满", errno.EDQUOT: "超出了磁盘配额", errno.EFBIG: "文件超过了磁盘允许的大小",
    errno.EROFS: "磁盘（或这个文件夹的挂载）是只读的", errno.EACCES: "没有写入权限", errno.EPERM: "不允许写入（文件或文件夹被锁定）",
    errno.EIO: "磁盘读写出错",
}


def disk_problem(exc: OSError) -> Problem | None:
    """The Chinese problem for a failed write, or None when `exc` is not about the disk."""
    reason = DISK_ERRORS.get(exc.errno)
    if reason is None:
        return None
    target = Path(os.fsdecode(exc.filename)) if exc.filename else Path(".")
    return error(Location(target), "", f"无法写入：{reason}（{exc.strerror}）。",
                 "腾出磁盘空间，或检查磁盘是否以只读方式挂载、文件夹的权限和 chattr 属性，然后重新运行。"
                 "已有的输出保持原样，没有留下写了一半的文件。")


def _named(exc: OSError, path: Path) -> OSError:
    if exc.filename is None:
        exc.filename = str(path)
    return exc


def write_bytes(path: Path, data: bytes, *, like: Path | None = None) -> None:
    """Replace `path` with `data` in one step; a failure leaves the previous file untouched.

    `like`: give the new file the permissions and owner of this existing file (a source file that
    an edit rewrites keeps its mode and owner); otherwise 0644."""
    handle = temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(handle, "wb") as stream:
            handle = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if like is not None and like.exists():
            _copy_metadata(like, Path(temporary))
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException as exc:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            raise _named(exc, path)
        raise


def write_text(path: Path, text: str, *, like: Path | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), like=like)


def _copy_metadata(source: Path, target: Path) -> None:
    info = os.stat(source)
    os.chmod(target, stat.S_IMODE(info.st_mode))
    with contextlib.suppress(PermissionError):  # only root can give a file to someone else
        os.chown(target, info.st_uid, info.st_gid)


@contextlib.contextmanager
def staged_directory(target: Path, spare: Path | None = None) -> Iterator[Path]:
    """Build a whole folder beside `target`, then swap it in; on any error the old folder stays.

    Yields the staging folder, with no file in it: empty, or with the empty subfolders kept at
    `spare` by the last build. See the module's docstring for `spare`, and for a `target` that is
    a symlink or a mount point."""
    place = _real_place(target)
    try:
        place.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{place.name}.", suffix=".new", dir=place.parent))
    except OSError as exc:
        raise _named(exc, place.parent) from None
    try:
        if spare is not None:
            _take_spare(spare, staging)
        yield staging
        if spare is not None:  # the subfolders of pages that are gone (none from a fresh start)
            _sweep(staging, files=False, folders=True)
        if place.exists():
            _copy_metadata(place, staging)  # the web server's folder keeps its owner and mode
        else:
            os.chmod(staging, 0o755)
        if place.exists() and _exchange(staging, place):
            _retire(staging, spare)  # now the old folder
            return
        _swap_by_renames(staging, place)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            if exc.filename and str(staging) in os.fsdecode(exc.filename):
                exc.filename = str(target)  # a file of the staging folder, which is gone: name the output
            raise _named(exc, target) from None
        raise


def _take_spare(spare: Path, staging: Path) -> None:
    """Put the spare subfolders, if any, in place of the empty `staging` folder."""
    try:
        os.rename(spare, staging)  # replaces the empty folder; fails unless spare is a folder
    except OSError:
        return
    try:
        _sweep(staging, files=True, folders=False)  # only folders may come from .cache
    except OSError:  # something in it that cannot be opened or removed: start empty instead
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging, 0o700, exist_ok=True)
        if os.listdir(staging):
            raise


def _retire(old: Path, spare: Path | None) -> None:
    """Remove the replaced folder; keep its emptied subfolders at `spare` when there is one."""
    if spare is not None:
        try:
            _sweep(old, files=True, folders=False)
            spare.parent.mkdir(parents=True, exist_ok=True)
            os.rename(old, spare)  # fails if another build kept its own spare meanwhile
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def _sweep(folder: Path, *, files: bool, folders: bool) -> None:
    """Remove, under `folder`, everything that is not a folder (`files`) or the folders left empty
    (`folders`). Links are removed, never followed; every folder is opened by its descriptor (no
    link swapped in meanwhile is followed either)."""
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    if not stat.S_ISDIR(os.lstat(folder).st_mode):
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))

    def sweep(fd: int) -> bool:  # True when the folder is empty afterwards
        empty = True
        for entry in list(os.scandir(fd)):
            if entry.is_dir(follow_symlinks=False):
                inner = os.open(entry.name, flags, dir_fd=fd)
                try:
                    left_empty = sweep(inner)
                finally:
                    os.close(inner)
                if left_empty and folders:
                    os.rmdir(entry.name, dir_fd=fd)
                else:
                    empty = False
            elif files:
                os.unlink(entry.name, dir_fd=fd)
            else:
                empty = False
        return empty

    top = os.open(folder, flags)
    try:
        sweep(top)
    finally:
        os.close(top)


def _real_place(target: Path) -> Path:
    """The folder to replace: `target`, or the folder it links to; refuse a mount point."""
    place = Path(os.path.realpath(target)) if os.path.islink(target) else target
    if os.path.islink(target) and not place.parent.is_dir():
        raise SourceError([error(Location(target), "", f"{target.name}/ 是一个符号链接，指向的 {place} 所在的文件夹不存在。",
                                 "改正这个链接（ln -sfn 目标文件夹 " + str(target) + "），或删除它让 planpress 生成普通文件夹。")])
    if place.exists() and os.path.ismount(place):
        shown = f"{target.name}/" if place == target else f"{target.name}/ 指向的 {place}"
        raise SourceError([error(Location(target), "", f"{shown} 是一个挂载点，不能整体替换，所以没有更新"
                                 "（逐个文件改写会让网站在更新期间显示新旧混杂的页面）。",
                                 f"把磁盘挂载到上一级文件夹，让 {target.name} 成为指向挂载盘里一个子文件夹的符号链接"
                                 "（例如 ln -s /srv/www/planpress site），planpress 会整体替换那个子文件夹。")])
    return place


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(new: Path, old: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    if renameat2(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(old), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # a filesystem that cannot exchange: two renames instead
    raise OSError(code, os.strerror(code), str(old))


def _swap_by_renames(staging: Path, place: Path) -> None:
    retired = None
    if place.exists():
        retired = place.with_name(f".{place.name}.old")
        if os.path.islink(retired) or retired.is_file():
            retired.unlink()
        else:
            shutil.rmtree(retired, ignore_errors=True)
        os.replace(place, retired)
    try:
        os.replace(staging, place)
    except OSError:
        if retired:
            os.replace(retired, place)  # put the old folder back
        raise
    if retired:
        shutil.rmtree(retired, ignore_errors=True)
