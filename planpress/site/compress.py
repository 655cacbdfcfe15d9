"""Precompressed copies of the site's text files, for the intranet server to send as they are.

nginx's `gzip_static on` (docs/site.md) answers a browser that accepts gzip with `<file>.gz` when
it exists: the pages, the stylesheets and scripts, and the search's manifest, shards and bundles
travel at about a quarter of their size, compressed once instead of on every request (level 6:
level 9 takes twice the time for 0.6 % less on a 200-document site). A file's copy is kept in .cache/site/gzip/ under the SHA-256 of its bytes and linked
into the next site while the file is unchanged, so a build that changed one document compresses
only that document's pages (and the few files every build rewrites). zlib writes no time or name
into the gzip header: the same file gives the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zlib
from pathlib import Path

from .pagecache import place

CACHE_DIR = Path(".cache") / "site" / "gzip"
SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
SMALLEST = 512  # bytes: below this, a gzip header and a second file cost more than they save


def gzip_bytes(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header, mtime 0, no name
    return compressor.compress(data) + compressor.flush()


def precompress(site: Path, root: Path | None = None) -> int:
    """Write `<file>.gz` beside every text file of `site` worth compressing (not over an existing
    .gz: MkDocs writes sitemap.xml.gz itself); `root` is the project, for the cache. Returns how
    many files were compressed (not taken from the cache)."""
    cache = (root / CACHE_DIR) if root is not None else None
    used: set[str] = set()
    made = 0
    for path in sorted(_text_files(site)):
        target = path.with_name(path.name + ".gz")
        if target.exists():
            continue
        data = path.read_bytes()
        if len(data) < SMALLEST:
            continue
        if cache is None:
            target.write_bytes(gzip_bytes(data))
            made += 1
            continue
        name = hashlib.sha256(data).hexdigest() + ".gz"
        used.add(name)
        kept = cache / name
        if not kept.is_file():
            with contextlib.suppress(OSError):
                cache.mkdir(parents=True, exist_ok=True)
                temporary = kept.with_name(f".{name}.{os.getpid()}.tmp")
                temporary.write_bytes(gzip_bytes(data))
                os.replace(temporary, kept)
            made += 1
        if kept.is_file():
            place(kept, target)
        else:  # a read-only project: compress into the site only
            target.write_bytes(gzip_bytes(data))
    if cache is not None and cache.is_dir():
        with contextlib.suppress(OSError):
            for entry in os.scandir(cache):
                if entry.name.endswith(".gz") and entry.name not in used:
                    os.unlink(entry.path)
    return made


def _text_files(site: Path):
    for folder, _, names in os.walk(site):
        for name in names:
            if os.path.splitext(name)[1] in SUFFIXES:
                yield Path(folder) / name
