"""A note on the site: 注：…, in a smaller type."""

from __future__ import annotations

from .. import markdown as md


def render(page, clause) -> list[str]:
    paragraphs = page.paragraphs(clause)
    first = f"<small>{md.text(clause.title)}：{paragraphs[0]}</small>"
    return [md.paragraph(first, clause.anchor, "pp-note")] + [md.paragraph(f"<small>{p}</small>", "", "pp-note")
                                                              for p in paragraphs[1:]]
