"""One command at a time per document: advisory file locks every writer of source/ takes.

Whatever changes a document (revise, approve, release, a transcription, migrate, import, and the
intranet application's save, sign and release, which call the same lifecycle functions) holds the
document's lock from before it reads the sources until after it has written, so a second command
cannot compute its edit from a state the first is about to replace: it waits a little, then
refuses in Chinese and writes nothing. Commands that write files every document shares
(people.yaml, contacts.yaml) hold the repository lock exclusively; the document commands hold it
shared, so they run side by side unless such a shared file is being written. The order is always
repository, then document: no deadlock.

The locks are `flock(2)` locks on files under <project>/.cache/locks/ (not in git): the kernel
releases them when the holding process ends, however it ends, so a crash never leaves a stale
lock. They bind separate processes and separate threads alike (each acquisition opens the file
anew). The holder writes who it is into the file, for the message the waiting command prints.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from .problems import Location, SourceError, error

LOCK_DIR = Path(".cache") / "locks"
WAIT_VARIABLE = "PLANPRESS_LOCK_WAIT"
DEFAULT_WAIT = 20.0  # seconds: longer than any one command takes on a document, short enough to ask again
_POLL = 0.05
_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get(WAIT_VARIABLE, DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


def lock_path(root: Path, name: str) -> Path:
    """The lock file for `name` (a document number or "repository") under the project at `root`."""
    file = name if _SAFE.fullmatch(name) else "x-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]
    return Path(root) / LOCK_DIR / f"{file}.lock"


@contextlib.contextmanager
def repository_lock(root: Path | str, action: str, *, shared: bool = False,
                    wait: float | None = None) -> Iterator[None]:
    """Hold the repository lock: exclusive to write files every document shares, shared otherwise."""
    with _locked(lock_path(Path(root), "repository"), action, shared, wait, "仓库里的共用文件（名册、通讯录）"):
        yield


@contextlib.contextmanager
def document_lock(root: Path | str, number: str, action: str, *, wait: float | None = None,
                  shared_files: bool = False) -> Iterator[None]:
    """Hold the lock of document `number` (and the repository lock: shared, or exclusive when the
    command also writes people.yaml or contacts.yaml)."""
    root = Path(root)
    with repository_lock(root, action, shared=not shared_files, wait=wait):
        with _locked(lock_path(root, f"doc-{number}"), action, False, wait, number):
            yield


_held = threading.local()  # this thread's locks: path → [fd, shared, depth]


@contextlib.contextmanager
def _locked(path: Path, action: str, shared: bool, wait: float | None, what: str) -> Iterator[None]:
    """Hold the lock at `path`. Re-entrant within a thread (the intranet application holds a
    document's lock around a save and calls a lifecycle function that takes it again); a shared
    lock held by this thread is upgraded in place when an exclusive one is asked for."""
    held = getattr(_held, "locks", None)
    if held is None:
        held = _held.locks = {}
    key = str(path.resolve() if path.exists() else path)
    if key in held:
        entry = held[key]
        upgrade = entry[1] and not shared
        if upgrade:
            _acquire(entry[0], path, False, wait_seconds() if wait is None else wait, what)
            entry[1] = False
        entry[2] += 1
        try:
            yield
        finally:
            entry[2] -= 1
            if upgrade:
                fcntl.flock(entry[0], fcntl.LOCK_SH)
                entry[1] = True
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, path, shared, wait_seconds() if wait is None else wait, what)
        if not shared:
            _say_who(fd, action)
        held[str(path.resolve())] = [fd, shared, 1]
        yield
    finally:
        held.pop(str(path.resolve()), None)
        os.close(fd)  # closing releases the lock


def _acquire(fd: int, path: Path, shared: bool, wait: float, what: str) -> None:
    deadline = time.monotonic() + wait
    mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
        if time.monotonic() >= deadline:
            raise busy(path, what, wait)
        time.sleep(_POLL)


def _say_who(fd: int, action: str) -> None:
    now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    text = f"{action}\t{os.getpid()}\t{now}\n".encode("utf-8")
    os.ftruncate(fd, 0)
    os.pwrite(fd, text, 0)


def holder(path: Path) -> str:
    """Who holds (or last held) the lock at `path`, as the message says it."""
    try:
        with open(path, "rb") as stream:
            action, pid, when = stream.read(4096).decode("utf-8", "replace").strip().split("\t")
    except (OSError, ValueError):
        return "另一条命令"
    return f"另一条命令（{action}，进程 {pid}，{when.replace('T', ' ')} 开始）"


class LockBusy(SourceError):
    """The lock was not free within the wait: a SourceError, so a command prints it in Chinese."""


def busy(path: Path, what: str, wait: float) -> LockBusy:
    return LockBusy([error(Location(path), "", f"{what}正在被{holder(path)}修改，等了 {wait:g} 秒还没有结束，这次没有执行，"
                                                  "什么也没有写入。",
                              "等那条命令结束后再运行一次（同一份文件同一时间只能有一条命令修改，以免丢失审批）。")])
