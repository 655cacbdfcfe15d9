"""Previews and print links of a document's cards (应急处置卡), one column per campus."""

from __future__ import annotations

from ..model import Document
from . import markdown as md
from .downloads import Downloads


def card_table(doc: Document, card: str, title: str, downloads: Downloads, here: str) -> str:
    """`card` is a scenario key or outputs.CONTACT_CARD; empty when no campus's card was built."""
    columns = []
    for campus in doc.campuses:
        preview = downloads.card_preview(doc, card, campus.key)
        printable = downloads.card_print(doc, card, campus.key)
        if not (preview or printable):
            continue
        alt = md.text(f"{title}（{campus.name}）")
        image = md.image(alt, md.relative(here, preview.site_path)) if preview else ""
        link = md.link(f"打印{md.text(campus.name)}卡片（PDF）", md.relative(here, printable.site_path)) if printable else ""
        columns.append((campus.name, f"{image}<br>{link}" if image and link else image or link))
    if not columns:
        return ""
    # One row, a column per campus; a phone shows the cards one under the other, each full width.
    return md.stacked_table([name for name, _ in columns], [[cell for _, cell in columns]], "pp-cards")
