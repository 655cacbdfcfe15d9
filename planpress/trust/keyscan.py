"""No private key in the sources: find files that hold one (PEM key blocks, PKCS#12 files)."""

from __future__ import annotations

from pathlib import Path

from . import certs
from .p12 import looks_like_pkcs12

KEY_SUFFIXES = {".p12", ".pfx", ".key", ".p8", ".pk8"}
MAX_BYTES = 4 * 1024 * 1024


def private_key_files(folder: Path) -> list[Path]:
    """Files under `folder` that are or contain a private key, sorted."""
    found = []
    for path in sorted(Path(folder).rglob("*")):
        if not path.is_file() or ".git" in path.parts:
            continue
        if path.suffix.lower() in KEY_SUFFIXES:
            found.append(path)
            continue
        try:
            with path.open("rb") as stream:
                data = stream.read(MAX_BYTES)
        except OSError:
            continue
        if certs.holds_private_key(data) or looks_like_pkcs12(data):
            found.append(path)
    return found
