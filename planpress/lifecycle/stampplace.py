"""Where a signature stamp goes: in the approver's row of the 审核批准 table, found in the PDF text.

The position comes from the rendered PDF itself (pypdfium2 text search), not from layout
constants, so it follows the template wherever the table lands: first the 审核批准 heading, then
the approver's name after it; the stamp sits to the right of the name, up to the next text on
that line (the date), and is centred on the line.
"""

from __future__ import annotations

import dataclasses

import pypdfium2

HEADING = "审核批准"
STAMP_WIDTH = 118.0  # points; about 4 cm, what a stamp of three short lines needs
STAMP_HEIGHT = 28.0  # three lines of 7 pt text, within a table row
GAP = 3.0
CELL_PADDING = 10.0  # keep clear of the border before the next cell (the date)


@dataclasses.dataclass(frozen=True)
class Placement:
    page: int  # 0-based
    box: tuple[float, float, float, float]  # x1, y1, x2, y2 in PDF points, origin bottom left


def find_text(pdf: pypdfium2.PdfDocument, text: str, start_page: int = 0, after_y: float | None = None):
    """(page, left, bottom, right, top) of the first occurrence of `text` from `start_page` on
    (below `after_y` on the start page)."""
    for index in range(start_page, len(pdf)):
        textpage = pdf[index].get_textpage()
        searcher = textpage.search(text, match_case=True)
        while (found := searcher.get_next()) is not None:
            first, count = found
            boxes = [textpage.get_charbox(i) for i in range(first, first + count)]
            left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
            right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
            if index == start_page and after_y is not None and top > after_y:
                continue
            return index, left, bottom, right, top
    return None


def next_text_right(pdf: pypdfium2.PdfDocument, page: int, right: float, bottom: float, top: float) -> float | None:
    """The left edge of the nearest text to the right of `right` on the same line."""
    textpage = pdf[page].get_textpage()
    middle = (bottom + top) / 2
    nearest = None
    for i in range(textpage.count_chars()):
        left, b, r, t = textpage.get_charbox(i)
        if b <= middle <= t and left > right + 1 and r > left:
            nearest = left if nearest is None else min(nearest, left)
    return nearest


def locate(pdf_bytes: bytes, name: str) -> Placement | None:
    pdf = pypdfium2.PdfDocument(pdf_bytes)
    try:
        heading = find_text(pdf, HEADING)
        if heading is None:
            return None
        page, _, heading_bottom, _, _ = heading
        found = find_text(pdf, name, page, after_y=heading_bottom)
        if found is None:
            return None
        page, left, bottom, right, top = found
        width = pdf[page].get_width()
        limit = next_text_right(pdf, page, right, bottom, top) or width - 20
        x1 = right + GAP
        x2 = min(x1 + STAMP_WIDTH, max(limit - CELL_PADDING, x1 + 60), width - 10)
        middle = (bottom + top) / 2
        return Placement(page, (round(x1, 1), round(middle - STAMP_HEIGHT / 2, 1),
                                round(x2, 1), round(middle + STAMP_HEIGHT / 2, 1)))
    finally:
        pdf.close()
