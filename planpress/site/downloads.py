"""The files other builders left in build/ (PDF, card bundles, card previews) that the site offers.

Only files that exist are offered, so a site built before the PDF or the cards has no broken link.
Each is copied into the document's folder of the site under the same relative path it has in
build/: build/H-J-YA-028/cards/x.png → site/H-J-YA-028/cards/x.png.
"""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

from .. import outputs
from ..model import Document
from .pending import PendingOutputs
from .safety import regular_file


@dataclasses.dataclass(frozen=True)
class Download:
    source: Path  # the file in build/
    site_path: str  # where it is in the site, relative to the site root

    @property
    def name(self) -> str:
        return posixpath.basename(self.site_path)


class Downloads:
    """Lookup of built outputs by document; remembers every one it found, for copying."""

    def __init__(self, build: Path, pending: PendingOutputs | None = None):
        self.build = build
        self.pending = pending  # outputs being laid out while the site is built
        self.found: dict[str, Download] = {}

    def _offer(self, doc: Document, path: Path) -> Download | None:
        promised = self.pending.exists(path) if self.pending is not None else None
        if promised is False or (promised is None and not regular_file(path)):  # a link planted in build/ is not published
            return None
        inside = path.relative_to(outputs.document_dir(self.build, doc)).as_posix()
        download = Download(path, outputs.site_document_page(doc) + inside)
        self.found[download.site_path] = download
        return download

    def pdf(self, doc: Document) -> Download | None:
        return self._offer(doc, outputs.pdf_path(self.build, doc))

    def bundle(self, doc: Document, campus: str) -> Download | None:
        return self._offer(doc, outputs.bundle_path(self.build, doc, campus))

    def card_print(self, doc: Document, card: str, campus: str) -> Download | None:
        return self._offer(doc, outputs.card_path(self.build, doc, card, campus, suffix=".pdf"))

    def card_preview(self, doc: Document, card: str, campus: str) -> Download | None:
        return self._offer(doc, outputs.card_path(self.build, doc, card, campus, suffix=".png"))
