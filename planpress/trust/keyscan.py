"""No private key in the sources: find files that hold one (PEM key blocks, PKCS#12 files)."""

from __future__ import annotations

import os
from pathlib import Path

from . import certs
from .p12 import looks_like_pkcs12

KEY_SUFFIXES = {".p12", ".pfx", ".key", ".p8", ".pk8"}
MAX_BYTES = 4 * 1024 * 1024


# path → (size, mtime, ctime, inode, whether it holds a key): a file is read again only when it
# changed (a check of one document in the intranet application scanned every file of source/).
_seen: dict[str, tuple[tuple, bool]] = {}


def private_key_files(folder: Path) -> list[Path]:
    """Files under `folder` that are or contain a private key, sorted."""
    found = []
    for path, info in _files(str(folder)):
        if os.path.splitext(path)[1].lower() in KEY_SUFFIXES:
            found.append(Path(path))
            continue
        state = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
        known = _seen.get(path)
        if known is not None and known[0] == state:
            holds = known[1]
        else:
            holds = _holds_key(path)
            if holds is None:
                continue
            if len(_seen) > 20_000:
                _seen.clear()
            _seen[path] = (state, holds)
        if holds:
            found.append(Path(path))
    return sorted(found)


def _files(folder: str):
    """(path, stat) of every regular file under `folder`, .git excluded, links not followed."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != ".git":
                        pending.append(entry.path)
                elif entry.is_file(follow_symlinks=True):
                    yield entry.path, entry.stat(follow_symlinks=True)
            except OSError:
                continue


def _holds_key(path: str) -> bool | None:
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES)
    except OSError:
        return None
    return certs.holds_private_key(data) or looks_like_pkcs12(data)
