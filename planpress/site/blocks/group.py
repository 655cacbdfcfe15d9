"""A line of a team's composition on the site: 组长：分管院长."""

from __future__ import annotations

from .. import markdown as md


def render(page, clause) -> list[str]:
    paragraphs = page.paragraphs(clause)
    body = paragraphs[0] if paragraphs else ""
    return [md.paragraph(f"{md.text(clause.title)}：{body}", clause.anchor, "pp-roster")]
