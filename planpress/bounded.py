"""Read a file a user names on the command line (a PDF to verify, a .p12, a trust anchor, a file to
import), so that no such name can hang or exhaust the machine.

The name may be a link (a user's own shortcut), but what it names must be a regular file: a FIFO
would block the reader forever (opened here without blocking, then refused), /dev/zero or
/dev/urandom would never end, a socket or a folder is not a file. At most `limit` bytes are read,
counted as they are read (a growing file, a /proc file that claims 0 bytes).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotAFile(OSError):
    """The name is not a regular file: `kind` says what it is, in Chinese."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"{path}: {kind}")
        self.kind = kind


class TooLarge(OSError):
    def __init__(self, path: Path, limit: int):
        super().__init__(f"{path}: larger than {limit} bytes")
        self.limit = limit


_KINDS = ((stat.S_ISDIR, "文件夹"), (stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备（例如 /dev/zero）"),
          (stat.S_ISBLK, "块设备"), (stat.S_ISSOCK, "套接字（socket）"))


def kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def read_file(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file `path` names; NotAFile, TooLarge, or the OSError of opening it."""
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    handle = os.open(path, flags)
    try:
        mode = os.fstat(handle).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, kind(mode))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(handle, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(handle)
    if size > limit:
        raise TooLarge(path, limit)
    return b"".join(chunks)


def why(exc: OSError) -> str:
    """In Chinese, why the file could not be read."""
    if isinstance(exc, NotAFile):
        return f"这不是普通文件，而是{exc.kind}"
    if isinstance(exc, TooLarge):
        return f"文件太大（超过 {exc.limit // 1024 // 1024 or 1} MB）"
    if isinstance(exc, FileNotFoundError):
        return "找不到这个文件"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return exc.strerror or type(exc).__name__
