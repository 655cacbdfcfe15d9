"""A table on the site, as raw HTML (Markdown tables have no merged cells). A contact cell dials
its numbers."""

from __future__ import annotations

from .. import markdown as md
from .. import phones


def render(page, clause) -> list[str]:
    table = clause.block
    rows = [[(contact_cell(page.doc, cell.contact) if cell.contact else phones.html(cell.text), cell.span)
             for cell in row] for row in table.rows]
    # Merged cells cannot be stacked: a table wider than a phone scrolls sideways, with a hint.
    return [md.scroll(md.html_table(clause.anchor, md.html_text(table.caption), [md.html_text(c) for c in table.columns],
                                    rows, "pp-table"))]


def contact_cell(doc, contact) -> str:
    numbers = [(campus, contact.phone_at(campus.key)) for campus in doc.campuses]
    if len({number for _, number in numbers}) == 1:
        return f"{md.html_text(contact.name)} {md.html_tel(numbers[0][1])}"
    return md.html_text(contact.name) + " " + " / ".join(
        f"{md.html_text(campus.name)} {md.html_tel(number)}" for campus, number in numbers)
