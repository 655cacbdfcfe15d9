"""Digests of what every output depends on beyond the sources: planpress itself, the libraries,
the fonts. Standard library only: the fast path (`fastpath`) runs before anything else is imported.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # planpress/
# Where fontconfig finds fonts (Debian's defaults) and how it is configured. A font installed or
# removed changes the modification time of its folder; fc-cache rewrites its caches.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path.home() / ".local" / "share" / "fonts")
FONTCONFIG = (Path("/etc/fonts"), Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig")


def tree(folder: Path, skip: Iterable[str] = ()) -> str:
    """SHA-256 of the relative path and bytes of every file under `folder` (symbolic links
    followed), in sorted order; the digest of an empty tree when `folder` does not exist."""
    digest = hashlib.sha256()
    skipped = set(skip)
    for path in files(folder, skipped):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            digest.update(b"unreadable")
    return digest.hexdigest()


def files(folder: Path, skip: set[str] = frozenset()) -> list[Path]:
    found = []
    for top, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d not in skip)
        found += [Path(top, name) for name in sorted(names) if name not in skip]
    return found


def file(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "absent"


@functools.cache
def code() -> str:
    """Every file of the planpress package: its code, schemas, default settings and site theme."""
    return tree(PACKAGE, skip={"__pycache__"})


@functools.cache
def libraries() -> str:
    """The Python that runs, and the name (with its version) and install time of every installed
    distribution: an upgrade of WeasyPrint, MkDocs, Material, jieba … changes it."""
    parts = [sys.version, sys.executable]
    for entry in sys.path:
        if not entry or not os.path.isdir(entry) or not ("site-packages" in entry or "dist-packages" in entry):
            continue
        try:
            names = sorted(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        for name in names:
            try:
                stamp = os.stat(os.path.join(entry, name)).st_mtime_ns
            except OSError:
                stamp = 0
            parts.append(f"{entry}/{name} {stamp}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def fonts() -> str:
    """What decides which file a font family name means: the font folders (their modification
    times) and fontconfig's configuration and caches. Cheap enough for every build."""
    parts = []
    for folder in FONT_DIRS:
        for top, dirs, _ in os.walk(folder):
            dirs.sort()
            parts.append(f"{top} {_mtime(top)}")
    for folder in FONTCONFIG:
        for path in files(folder):
            parts.append(f"{path} {_mtime(path)}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def _mtime(path) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def combine(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
    return digest.hexdigest()
