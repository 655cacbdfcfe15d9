"""Column widths of a form's grid in the PDF, balanced from what the columns hold.

A form grid's columns are as wide as declared (`{title: 病案号, width: 6}`, in characters), or as
their names and printed cells need; every column keeps room for a name of up to four characters on
one line (序号, 住院病历) and for its longest number or Latin word, and columns above that give way
when the declared widths do not fit the page. The shares go into the grid's <col> elements
(table-layout: fixed). The first syntax's plain grid keeps its equal columns.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_CHAR_MM = 10.5 * 25.4 / 72  # a character of the tables' 10.5 pt type
AVAILABLE = 165 / _CHAR_MM  # the text width of A4 with templates/pdf/document.css margins, in characters
PADDING = 4.5 / _CHAR_MM  # a cell's padding (2 mm each side) and its rules
SHORT_NAME = 4  # a column name this short stays on one line


def chars(text: str) -> float:
    """Width in characters as wide as a Chinese one (Latin letters and digits are half)."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5 for ch in text)


def unbreakable(text: str) -> float:
    """The widest piece a line cannot break inside: a number or a Latin word (3216565, GB/T)."""
    widest, run = 0.0, 0.0
    for ch in text:
        if unicodedata.east_asian_width(ch) in "WF" or ch.isspace():
            widest, run = max(widest, run), 0.0
        else:
            run += 0.5
    return max(widest, run)


def balance(natural: Sequence[float], minimum: Sequence[float], declared: Sequence[float | None],
            available: float = AVAILABLE) -> tuple[float, ...]:
    """Each column's share of the table's width, in % (two decimals).

    natural: a column's width on one line; minimum: what it must have (its longest unbreakable
    piece, a short name); declared: widths written in the source (None: balanced)."""
    count = len(natural)
    need = [max(n, m) + PADDING for n, m in zip(natural, minimum)]
    floor = [m + PADDING for m in minimum]
    width: list[float | None] = [max(d + PADDING, f) if d is not None else None for d, f in zip(declared, floor)]
    room = available - sum(w for w in width if w is not None)
    open_ = [i for i in range(count) if width[i] is None]
    if open_ and sum(need[i] for i in open_) <= room:
        for i in open_:  # everything fits on one line: spare room in proportion to content
            width[i] = need[i] * room / sum(need[i] for i in open_)
        open_ = []
    while open_:
        share = max(room, 0.0) / len(open_)
        settled = [i for i in open_ if need[i] <= share or floor[i] >= share]
        if not settled:
            for i in open_:
                width[i] = share
            break
        for i in settled:
            width[i] = need[i] if need[i] <= share else floor[i]
            room -= width[i]
            open_.remove(i)
    excess = sum(width) - available
    if excess > 0:  # declared widths (or minimums) too wide for the page: take it from what is above its floor
        spare = [max(w - f, 0.0) for w, f in zip(width, floor)]
        if sum(spare) > 0:
            cut = min(excess, sum(spare)) / sum(spare)
            width = [w - s * cut for w, s in zip(width, spare)]
    total = sum(width) or 1.0
    return tuple(round(100 * w / total, 2) for w in width)
