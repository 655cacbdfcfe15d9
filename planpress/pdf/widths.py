"""Column widths of a table in the PDF: as the source declares them (`widths: [2, 5, 3]`, shares of
the width), or balanced from the content, so that no column is squeezed to a character or two
while another has room to spare (a browser's automatic layout gives every column of Chinese text,
which may break between any two characters, the same tiny minimum).

Balanced: each column wants the width of its longest cell (in ems: a Chinese character is one, a
Latin letter or digit about half) and needs at least its longest unbreakable run (a number, a
code, a Latin word), four characters of text and its header in three lines. When every column can
have what it wants, the spare room is shared in proportion; otherwise each gets its need and the
rest is shared in proportion to what it still wants.
"""

from __future__ import annotations

import math
import re
import unicodedata

TEXT_WIDTH_EM = 44.0  # the text block (165 mm) in ems of table text (10.5 pt)
CELL_PADDING_EM = 1.6  # left and right padding (2 mm each), rules, and a little slack against rounding
WANT_CAP_EM = 40.0  # a long cell wraps: it never asks for more than this
UNBREAKABLE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-/:@_%+]*")


def ems(text: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _need(header: str, cells: list[str], want: float) -> float:
    """What a column cannot do with less: its longest unbreakable run, its header in three lines,
    and four characters (all of a short column: 一级 is never broken)."""
    runs = [ems(run) for text in cells + [header] for run in UNBREAKABLE.findall(text)]
    return min(want, max([2.0, ems(header) / 3, min(4.0, want)] + runs))


def balanced(columns: list[str], rows: list[list[tuple[str, int]]], declared: list[int] | None = None) -> list[float]:
    """Percentages of the table's width, one per column. `rows`: (text, span) per cell; a cell
    spanning columns does not set any one column's width."""
    count = len(columns)
    if declared and len(declared) == count and all(w > 0 for w in declared):
        total = sum(declared)
        return [round(100 * w / total, 2) for w in declared]
    texts: list[list[str]] = [[] for _ in range(count)]
    for row in rows:
        column = 0
        for text, span in row:
            if span == 1 and column < count:
                texts[column].append(text)
            column += span
    wants = [min(WANT_CAP_EM, max([ems(columns[c])] + [ems(t) for t in texts[c]] + [1.0])) for c in range(count)]
    needs = [_need(columns[c], texts[c], wants[c]) for c in range(count)]
    room = TEXT_WIDTH_EM - CELL_PADDING_EM * count
    if sum(wants) <= room:
        shares = [w * room / sum(wants) for w in wants]
    elif sum(needs) >= room:
        shares = needs
    else:
        extra = [w - n for w, n in zip(wants, needs)]
        spare = room - sum(needs)
        shares = [n + spare * e / sum(extra) if sum(extra) else n for n, e in zip(needs, extra)]
    shares = [s + CELL_PADDING_EM for s in shares]
    total = math.fsum(shares)
    return [round(100 * s / total, 2) for s in shares]
