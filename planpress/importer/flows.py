"""Flowcharts written without drawing tools, back into figures (planpress.importer.stream.Figure):

- arrow text: “发现泄漏 → 报告保卫科 → 疏散人员” on one line, or boxes on lines of their own with
  a line of ↓ between them (a label beside the arrow, 是↓ / ↓否, labels it);
- a Word table used as a drawing grid: cells holding a box's text, cells holding only an arrow
  (↓ → ← ↑, maybe with a label) between two boxes of its column or row.

Only what is unmistakably a chart becomes one (at least two boxes joined by arrows, nothing else
in the run or the table); anything else stays text or a table, as written.
"""

from __future__ import annotations

import re

from .stream import Figure, Shape, Table

ARROWS = "→↓←↑⇒⇓⇐⇑➔➜➝➞➡⬇⬅⬆▼▶◀▲⟶⟹↘↙"
DOWN, RIGHT, LEFT, UP = "↓⇓⬇▼↘↙", "→⇒➔➜➝➞➡▶⟶⟹", "←⇐⬅◀", "↑⇑⬆▲"
ARROW_ONLY = re.compile(rf"^\s*(?P<before>[^{ARROWS}]{{0,6}}?)\s*(?P<arrow>[{ARROWS}]|-->|->|=>)\s*(?P<after>[^{ARROWS}]{{0,6}}?)\s*$")
INLINE = re.compile(rf"\s*(?:[{RIGHT}]|-->|->|=>)\s*")
SENTENCE = re.compile(r"[。；;]")


def arrow_of(text: str) -> tuple[str, str] | None:
    """(direction, label) of a text that is only an arrow and maybe a short label: ↓ → ("down", "")."""
    match = ARROW_ONLY.match(text)
    if not match:
        return None
    arrow = match.group("arrow")
    direction = "down" if arrow in DOWN else "up" if arrow in UP else "left" if arrow in LEFT else "right"
    label = (match.group("before") + match.group("after")).strip(" （）()：:")
    return direction, label


def _text_entry(entry) -> bool:
    """A paragraph or line (not a table or figure) without a clause number."""
    return not isinstance(entry, (Table, Figure)) and hasattr(entry, "text") and not entry.number


def inline_chart(entry) -> Figure | None:
    """“A → B → C”: a line that is nothing but boxes joined by arrows (two arrows at least)."""
    text = entry.text.strip()
    parts = INLINE.split(text)
    if len(parts) < 3 or any(not p.strip() for p in parts) or SENTENCE.search(text) or any(len(p) > 40 for p in parts):
        return None
    shapes = [Shape(p.strip(), (0.0, float(n), 1.0, n + 1.0)) for n, p in enumerate(parts)]
    return Figure(shapes, [(n, n + 1, "") for n in range(len(shapes) - 1)], entry.place)


def charts_in_text(entries: list) -> list:
    """The entries with arrow-text flowcharts made figures: an inline chart, or a run of lines
    box / ↓ / box … (at least two boxes)."""
    out: list = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        if _text_entry(entry):
            chart = inline_chart(entry)
            if chart is not None:
                out.append(chart)
                index += 1
                continue
            run = _vertical_run(entries, index)
            if run:
                figure, used = run
                out.append(figure)
                index += used
                continue
        out.append(entry)
        index += 1
    return out


def _vertical_run(entries: list, start: int) -> tuple[Figure, int] | None:
    boxes: list[str] = []
    labels: list[str] = []
    index = start
    expect_box = True
    while index < len(entries):
        entry = entries[index]
        if not _text_entry(entry):
            break
        text = entry.text.strip()
        arrow = arrow_of(text)
        if expect_box:
            if arrow is not None or not text or SENTENCE.search(text.rstrip("。；;")) or len(text) > 60:
                break
            boxes.append(text)
            expect_box = False
        else:
            if arrow is None or arrow[0] != "down":
                break
            labels.append(arrow[1])
            expect_box = True
        index += 1
    if expect_box and boxes:  # ended on an arrow: that arrow is not part of the chart
        index -= 1
        labels.pop()
    if len(boxes) < 2:
        return None
    shapes = [Shape(text, (0.0, float(n), 1.0, n + 1.0)) for n, text in enumerate(boxes)]
    arrows = [(n, n + 1, labels[n]) for n in range(len(boxes) - 1)]
    return Figure(shapes, arrows, entries[start].place), index - start


def table_chart(table: Table) -> Figure | None:
    """A Word table drawn as a flowchart: every non-empty cell is a box or an arrow between two
    boxes of its column (↓ ↑) or row (→ ←); at least two boxes and one arrow."""
    grid = [[cell.text.strip() for cell in row for _ in range(cell.span)] for row in table.rows]
    width = max((len(row) for row in grid), default=0)
    grid = [row + [""] * (width - len(row)) for row in grid]
    boxes: dict[tuple[int, int], str] = {}
    arrows: list[tuple[int, int, str, str]] = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if not text or (c and row[c - 1] == text and _spans(table, r, c)):
                continue
            arrow = arrow_of(text)
            if arrow is not None:
                arrows.append((r, c, *arrow))
            elif SENTENCE.search(text.rstrip("。；;")) and len(text) > 60:
                return None
            else:
                boxes[(r, c)] = text
    if len(boxes) < 2 or not arrows:
        return None
    order = sorted(boxes)
    number = {cell: n for n, cell in enumerate(order)}
    joined = []
    for r, c, direction, label in arrows:
        step = {"down": (1, 0), "up": (-1, 0), "right": (0, 1), "left": (0, -1)}[direction]
        source = _box_towards(boxes, grid, r, c, (-step[0], -step[1]))
        target = _box_towards(boxes, grid, r, c, step)
        if source is None or target is None:
            return None  # an arrow that joins nothing: not a chart after all
        joined.append((number[source], number[target], label))
    shapes = [Shape(boxes[cell], (float(cell[1]), float(cell[0]), cell[1] + 1.0, cell[0] + 1.0)) for cell in order]
    return Figure(shapes, joined, table.place)


def _spans(table: Table, r: int, c: int) -> bool:
    """Grid column c of row r is covered by the cell that starts left of it (a merged cell)."""
    column = 0
    for cell in table.rows[r]:
        if column < c < column + cell.span:
            return True
        column += cell.span
    return False


def _box_towards(boxes: dict, grid: list[list[str]], r: int, c: int, step: tuple[int, int]):
    r, c = r + step[0], c + step[1]
    while 0 <= r < len(grid) and 0 <= c < len(grid[r]):
        if (r, c) in boxes:
            return (r, c)
        if grid[r][c] and arrow_of(grid[r][c]) is None:
            return None
        r, c = r + step[0], c + step[1]
    return None

