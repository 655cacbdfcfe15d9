"""The plain clause on the site: a titled clause as a heading of its depth, an untitled one as a
searchable h6, a lettered item as a paragraph "a.人员构成：…"."""

from __future__ import annotations

from .. import markdown as md
from . import UNTITLED_LEVEL, untitled


def render(page, clause) -> list[str]:
    paragraphs = page.paragraphs(clause)
    body = paragraphs[0] if paragraphs else ""
    if clause.kind == "clause" and clause.title:
        level = min((clause.level or len(clause.number.split("."))) + 1, UNTITLED_LEVEL - 1)
        return [md.heading(level, md.text(clause.heading), clause.anchor)] + [md.paragraph(p) for p in paragraphs]
    if clause.kind == "clause":
        return [untitled(clause, body)] + [md.paragraph(p, "", "pp-continued") for p in paragraphs[1:]]
    # letter a. / subletter a) / circled ①: "a.人员构成：" or "a)修订…"
    label = md.text(clause.number) + (md.text(clause.title) + "：" if clause.title else "")
    return [md.paragraph(label + body, clause.anchor, f"pp-{clause.kind}")]
