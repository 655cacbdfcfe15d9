"""The site's pages as MkDocs rendered them last time, reused while their Markdown is unchanged.

MkDocs renders every page on every build (Markdown → HTML, the theme's template, the search
plugin's entries with jieba's segmentation): about 50 ms a page, a minute for a register of 200
documents. A page's HTML depends only on its own Markdown and date, and on what every page shares:
the MkDocs settings, the theme, planpress and the libraries, the site's name and address and the
navigation; its search entries also on jieba's user dictionary. So each page's key is the SHA-256
of its Markdown and date with a digest of all those (`shared`), and the cache keeps, per page:
the HTML file as written, the ids of its anchors (for MkDocs' check of links to them) and its
search entries. The plugin (site.plugin) hands MkDocs only the pages whose key changed; the other
pages are linked into the new site from the cache and their entries put back into the search index
in page order, so the site is byte for byte what a full build writes (`tests/test_incremental.py`).

.cache/site/pages.json holds the records of the last build's pages; .cache/site/html/ the files,
named by the SHA-256 of their bytes. Files no page uses any more are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from .. import inputs

FORMAT = 1
CACHE_DIR = Path(".cache") / "site"
INDEX = "pages.json"
HTML_DIR = "html"


class PageCache:
    def __init__(self, root: Path, shared: str):
        self.folder = root / CACHE_DIR
        self.shared = shared
        try:
            data = json.loads((self.folder / INDEX).read_text("utf-8"))
            pages, documents = (data["pages"], data["documents"]) if data.get("format") == FORMAT else ({}, {})
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pages, documents = {}, {}
        self.old: dict[str, dict] = pages if isinstance(pages, dict) else {}
        self.new: dict[str, dict] = {}
        self.old_documents: dict[str, dict] = documents if isinstance(documents, dict) else {}
        self.new_documents: dict[str, dict] = {}
        self.reused = 0
        self.rendered = 0

    def key(self, uri: str, markdown: str, date: str | None) -> str:
        return inputs.combine(f"format {FORMAT}", self.shared, uri, date or "", markdown)

    def lookup(self, uri: str, key: str) -> dict | None:
        """The record of `uri` if it was rendered from the same inputs and its file is still there."""
        record = self.old.get(uri)
        if not record or record.get("key") != key or not (self.folder / HTML_DIR / record["html"]).is_file():
            return None
        return record

    def reuse(self, uri: str, record: dict, target: Path) -> None:
        """Put the cached page at `target` (in the site being built) and keep its record."""
        place(self.folder / HTML_DIR / record["html"], target)
        self.new[uri] = record
        self.reused += 1

    def document(self, number: str, key: str) -> dict | None:
        """A document's pages (uri, page key, date, inclusion) and downloads as made last time from
        the same sources and outputs, if every page is still in the cache; then its record is kept."""
        record = self.old_documents.get(number)
        if not record or record.get("key") != key:
            return None
        if not all(self.lookup(uri, page_key) for uri, page_key, _, _ in record["pages"]):
            return None
        self.new_documents[number] = record
        return record

    def remember_document(self, number: str, key: str, pages: list, downloads: dict) -> None:
        self.new_documents[number] = {"key": key, "pages": pages, "downloads": downloads}

    def store(self, uri: str, key: str, html: bytes, anchors, entries: list) -> None:
        name = hashlib.sha256(html).hexdigest() + ".html"
        path = self.folder / HTML_DIR / name
        if not path.is_file():
            _write(path, html)
        self.new[uri] = {"key": key, "html": name, "anchors": sorted(anchors or ()), "entries": entries}
        self.rendered += 1

    def save(self) -> None:
        """Keep the records of this build's pages, and only the files they use."""
        with contextlib.suppress(OSError):
            _write(self.folder / INDEX, json.dumps({"format": FORMAT, "pages": self.new, "documents": self.new_documents},
                                                   ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            used = {record["html"] for record in self.new.values()}
            for entry in os.scandir(self.folder / HTML_DIR):
                if entry.name not in used:
                    os.unlink(entry.path)


def place(source: Path, target: Path) -> None:
    """`target` with the bytes of `source`: a hard link when the file system allows (both are only
    ever replaced, never written in place), else a copy."""
    try:
        os.link(source, target)
    except FileNotFoundError:  # the first file of its folder (a site has thousands: no mkdir for each)
        target.parent.mkdir(parents=True, exist_ok=True)
        _link_or_copy(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
