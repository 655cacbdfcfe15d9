"""Digests of what every output depends on beyond the sources: planpress itself, the libraries,
the fonts. Standard library only: the fast path (`fastpath`) runs before anything else is imported.
"""

from __future__ import annotations

import functools
import hashlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent  # planpress/ (not the repository: its build/ and site/ change)
# Where fontconfig finds fonts (Debian's defaults) and how it is configured. A font installed or
# removed changes the modification time of its folder; fc-cache rewrites its caches.
FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
             Path.home() / ".local" / "share" / "fonts")
FONTCONFIG = (Path("/etc/fonts"), Path("/var/cache/fontconfig"), Path.home() / ".cache" / "fontconfig")


def tree(folder: Path, skip: Iterable[str] = ()) -> str:
    """SHA-256 of the relative path and content of every entry under `folder`, in sorted order;
    the digest of an empty tree when `folder` does not exist. `folder` itself may be a link (the
    examples' templates/ is one); below it, nothing is followed or read but regular files (see
    `file`), so a link to /dev/zero or a FIFO planted in source/ cannot make the key hang."""
    digest = hashlib.sha256()
    skipped = set(skip)
    for path in files(folder, skipped):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0")
        digest.update(file(path).encode("ascii", "backslashreplace"))
    return digest.hexdigest()


def files(folder: Path, skip: set[str] = frozenset()) -> list[Path]:
    """Every entry under `folder` but the folders: files, and links (to files or to folders), not followed."""
    found = []
    for top, dirs, names in os.walk(folder):
        linked = [d for d in dirs if os.path.islink(os.path.join(top, d))]
        dirs[:] = sorted(d for d in dirs if d not in skip and d not in linked)
        found += [Path(top, name) for name in sorted(names + linked) if name not in skip]
    return found


def file(path: Path) -> str:
    """SHA-256 of a regular file's bytes; for anything else what it is, without reading it: a
    link's target text, or the type of a FIFO, device or socket (the loader refuses those)."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "absent"
    if stat.S_ISLNK(mode):
        return "link " + os.readlink(path)
    if not stat.S_ISREG(mode):
        return f"special {stat.S_IFMT(mode):o}"
    digest = hashlib.sha256()
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # swapped since the lstat
                return "special"
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return "unreadable"
    return digest.hexdigest()


def trust_pins() -> str:
    """Where the build machine pins the hospital's trust anchor (outside the repository) and what
    the pins are: they decide whether each approval and release counts."""
    from . import machine  # standard library only, like this module

    path, demo = machine.location()
    return combine(str(path), file(path), "demo" if demo else "")


@functools.cache
def code() -> str:
    """Every file of the planpress package: its code, schemas, default settings and site theme (not
    the application's JavaScript libraries, which no output uses)."""
    return tree(PACKAGE, skip={"__pycache__", "node_modules"})


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
