"""The renderer of each block type on the site: the module of this package named after the type.

A module defines `render(page, clause) -> list[str]` (Markdown blocks) for the node kinds its type
makes, and `attachment(page, attachment) -> list[str]` when the type is a kind of attachment.
The document page (document_page.py) draws the frame's sections and each node's children.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
from collections.abc import Callable
from types import ModuleType

from ...model import Clause, Document, Flow, blocks
from .. import markdown as md
from .. import prose
from ..downloads import Downloads


@dataclasses.dataclass(frozen=True)
class Page:
    """The page a block is drawn on: its document, its own path (for relative links), how to draw
    a flowchart, what can be downloaded, and how to draw a clause tree."""

    doc: Document
    here: str
    charts: Callable[[Flow], str]
    downloads: Downloads
    tree: Callable[[Clause], str]  # a clause and everything under it

    def paragraphs(self, clause: Clause) -> list[str]:
        """The clause's paragraphs as Markdown, its linked words made links to the directory."""
        return [prose.with_mentions(p, clause.mentions, self.doc.campuses, self.here) for p in clause.paragraphs]


@functools.cache
def renderer(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise
        return None


def render(page: Page, clause: Clause) -> list[str]:
    block_type = blocks.of(clause)
    module = renderer(block_type.name) if block_type else None
    if module is None or not hasattr(module, "render"):
        raise LookupError(f"no site renderer for the node kind {clause.kind!r} (planpress/site/blocks/)")
    return module.render(page, clause)


def attachment(page: Page, item) -> list[str]:
    module = renderer(item.kind)
    if module is None or not hasattr(module, "attachment"):
        raise LookupError(f"no site renderer for the attachment kind {item.kind!r} (planpress/site/blocks/)")
    return module.attachment(page, item)


def untitled(clause: Clause, body: str) -> str:
    """A numbered clause without a title (5.4.4) as a whole h6, styled as body text: each is then its
    own search result (the search plugin cuts pages at headings), with its words in the heavily
    weighted title field, and has a permalink; the outline (toc_depth 4) leaves it out."""
    return md.heading(UNTITLED_LEVEL, f"**{md.text(clause.number)}** {body}", clause.anchor, "pp-clause")


UNTITLED_LEVEL = 6
