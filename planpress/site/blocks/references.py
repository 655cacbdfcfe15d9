"""A reference on the site: a numbered clause of its own (an untitled h6, found by search)."""

from __future__ import annotations

from .. import markdown as md
from . import untitled


def render(page, clause) -> list[str]:
    paragraphs = page.paragraphs(clause)
    return [untitled(clause, paragraphs[0] if paragraphs else "")] + [md.paragraph(p, "", "pp-continued")
                                                                     for p in paragraphs[1:]]
