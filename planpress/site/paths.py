"""Where each generated page lives in the site, derived from the page URLs in planpress.outputs.

MkDocs turns `X/index.md` into the URL `X/` (directory URLs), so a page's Markdown file is its
URL plus index.md: the scenario page a card's QR code points to is exactly where the site puts it.
"""

from __future__ import annotations

from .. import outputs
from ..model import Document

REGISTER_PAGE = ""  # the home page: the document register


def markdown_file(page: str) -> str:
    """"H-J-YA-028/fire/" → "H-J-YA-028/fire/index.md"; the home page "" → "index.md"."""
    return page + "index.md"


def register() -> str:
    return markdown_file(REGISTER_PAGE)


def document(doc: Document) -> str:
    return markdown_file(outputs.site_document_page(doc))


def scenario(doc: Document, key: str) -> str:
    return markdown_file(outputs.site_scenario_page(doc, key))


def form(doc: Document, attachment) -> str:
    return markdown_file(outputs.site_form_page(doc, attachment.code))


def contacts() -> str:
    return markdown_file(outputs.SITE_CONTACTS_PAGE)


def history() -> str:
    return markdown_file(outputs.SITE_HISTORY_PAGE)


def changes(doc: Document) -> str:
    return markdown_file(outputs.site_changes_page(doc))
