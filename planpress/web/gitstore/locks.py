"""File locks that hold across threads and processes (gunicorn workers): flock on one file per name.

flock locks belong to an open file description, so two threads of one process that each open the
lock file exclude each other as two processes do.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path


class Busy(Exception):
    """The lock was not free within the time allowed."""


def lock_path(folder: Path, name: str) -> Path:
    # Names are document numbers or fixed words; hashed, so nothing a name holds reaches a path.
    safe = hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]
    return folder / f"{safe}.lock"


@contextlib.contextmanager
def held(folder: Path, name: str, timeout: float = 30.0) -> Iterator[None]:
    folder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock_path(folder, name), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        deadline = time.monotonic() + timeout
        delay = 0.005
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise Busy(name) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
