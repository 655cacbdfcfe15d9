"""Find each part's pages in the rendering pass, choose one or two columns for each card's steps,
and make sure every card fits its one page.

Parts and the boxes measured here are marked in the HTML with a `data-box` attribute, not an id:
WeasyPrint gives every element with an id a style of its own (its anchor), which keeps the
elements inside it from sharing computed styles, and a card is then styled element by element, a
seventh of its layout time. `page_boxes` finds the marked boxes of a laid-out page itself.

A card fits when it is one page and its content ends above its foot (the call box, the source, the
copy slots, at the bottom of the card). The pass lays out every card with its steps in one column;
a scenario card that does not fit (`overflowing`) is laid out once more on its own with them in two
columns, and `spliced` puts its page in place. The columns are two boxes side by side, each
holding its steps (templates/cards/card.html.j2, `columns_html`); the break is
where the columns are as even as the steps allow (`columns_split`), from the steps' heights at the
column's width. Those are estimated from the one-column layout for the first try
(`estimated_column_heights`) and measured in it (`column_heights`); in the rare case where the
measured heights call for another break, the card is laid out a third time. A card that does not
fit two columns either stops the build, naming it and the first step that does not fit in reading
order. Type never shrinks.
"""

from __future__ import annotations

import dataclasses
import math
import weakref
from collections.abc import Mapping

from ..problems import Location, SourceError, error
from .parts import CardPart

MINIMUMS = "标题至少 40 磅、步骤文字至少 16 磅、电话号码至少 24 磅"
# What a card holds (docs/manual/05-cards.md, 卡片上有什么; tests/test_cards_fit.py builds it on both papers).
HOLDS = {"A4": "A4 卡片放得下 8 步、每步卡片措辞 40 个字",
         "A5": "A5 卡片放得下 8 步、每步 32 个字，或 6 步、每步 40 个字"}
TOLERANCE = 0.5  # CSS px: rounding in the laid-out boxes

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px from the page's top left corner
BOX_ATTRIBUTE = "data-box"  # marks an element whose box is measured (templates/cards/*.j2)

_found: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # page → its marked boxes


def marked_boxes(page) -> dict[str, object]:
    """Each marked element's first box on a laid-out page, in tree order (the element's own box:
    anonymous boxes inside it come after it), as WeasyPrint finds anchors."""
    found = _found.get(page)
    if found is None:
        found = {}
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            element = getattr(box, "element", None)
            if element is not None:
                name = element.get(BOX_ATTRIBUTE)
                if name is not None and name not in found:
                    found[name] = box
            stack.extend(reversed(list(box.all_children())))
        _found[page] = found
    return found


def page_boxes(page) -> dict[str, Box]:
    """The border box of each marked element on a laid-out page."""
    boxes = {}
    for name, box in marked_boxes(page).items():
        x, y, width, height = box.hit_area()
        boxes[name] = (x, y, x + width, y + height)
    return boxes


def first_pages(document) -> dict[str, int]:
    """Every marked element → index of the first page it is on (an element spanning pages is on each)."""
    first: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page_boxes(page):
            first.setdefault(name, index)
    return first


def box(document, first: dict[str, int], name: str) -> tuple[int, Box]:
    """The page index and box of a marked element, on the first page it is on."""
    index = first[name]
    return index, page_boxes(document.pages[index])[name]


def page_indexes(first: dict[str, int], part_ids: list[str], page_count: int) -> dict[str, list[int]]:
    """part id → indexes of its pages; each part runs until the next part starts."""
    missing = [part for part in part_ids if part not in first]
    if missing:  # every part has content, so this is a bug of ours, not the user's
        raise RuntimeError(f"parts without pages: {missing}")
    order = sorted(part_ids, key=first.__getitem__)
    ends = [first[part] for part in order[1:]] + [page_count]
    return {part: list(range(first[part], end)) for part, end in zip(order, ends)}


def overflowing(document, pages: Mapping[str, list[int]], cards: tuple[CardPart, ...]) -> list[CardPart]:
    """The cards that do not fit their page as laid out."""
    return [part for part in cards if _overflow(document, pages[part.id], part, None)]


def steps_room(document, pages: Mapping[str, list[int]], part: CardPart) -> float:
    """The height (CSS px) between the top of the card's steps and the top of its foot, as laid out."""
    located = _located(document, pages[part.id])
    return _foot_top(located, part.id) - located[f"{part.id}-steps"][1][1]


def columns_split(heights: list[float], room: float) -> int | None:
    """How many steps the first column takes: the columns as even as the steps allow (filling the
    first column to the least height that holds them both leaves the least for the second). None
    when they do not fit two columns of `room`."""
    if len(heights) < 2:
        return len(heights) if sum(heights) <= room + TOLERANCE else None
    height = min(max(sum(heights[:k]), sum(heights[k:])) for k in range(1, len(heights)))
    if height > room + TOLERANCE:
        return None
    return _filled(heights, height + TOLERANCE)


def columns_html(html: str, part: CardPart, split: int) -> str:
    """The card alone in two columns (`part.columns == 2` in the template): its first `split` steps
    in the box of the first column, the others in the second's. card.html.j2 marks with comments
    where each step starts and where the list ends."""
    marks = [f"<!--column {part.id} {n}-->" for n in (1, split + 1)] + [f"<!--columns end {part.id}-->"]
    if split < len(part.card.steps):
        boxes = ['<div class="column">', '</div><div class="column">', "</div>"]
    else:  # all in the first
        marks, boxes = [marks[0], marks[2]], ['<div class="column">', "</div>"]
    for mark, box in zip(marks, boxes):
        if mark not in html:  # a template without the marks: our mistake, not the user's
            raise RuntimeError(f"{part.id}: the two-column card has no mark {mark}")
        html = html.replace(mark, box, 1)
    return html


def column_heights(document, part: CardPart) -> list[float] | None:
    """The heights of the card's steps as laid out in two columns (a document of that card alone),
    or None if one is missing."""
    located = _located(document, range(len(document.pages)))
    steps = [located.get(f"{part.id}-step-{n}") for n in range(1, len(part.card.steps) + 1)]
    if any(where is None for where in steps):
        return None
    return [y2 - y1 for _, (_, y1, _, y2) in steps]


def estimated_column_heights(document, pages: Mapping[str, list[int]], part: CardPart) -> list[float]:
    """The heights the card's steps would have in a column half as wide as the one they were laid
    out in: each step's lines laid end to end and broken again at that width, its text anywhere
    (Chinese breaks between any two characters), its inline blocks (a call's name and number) whole.
    A guess for the first two-column layout only: the layout measures the real heights."""
    boxes: dict[str, object] = {}
    for index in pages[part.id]:
        for name, box in marked_boxes(document.pages[index]).items():
            boxes.setdefault(name, box)
    column = boxes[f"{part.id}-steps"].width / 2 - 10  # less the gap between the columns, about 5 mm
    heights = []
    for n in range(1, len(part.card.steps) + 1):
        step = boxes.get(f"{part.id}-step-{n}")
        if step is None:  # not laid out at all: as tall as the one before
            heights.append(heights[-1] if heights else 0.0)
            continue
        # The lines of the step's own paragraphs (not those inside its inline blocks).
        lines = [line for block in step.children for line in getattr(block, "children", ())
                 if type(line).__name__ == "LineBox"]
        if not lines:
            heights.append(step.border_height())
            continue
        text_line = min(line.height for line in lines)
        line_heights = [text_line]  # the lines in the narrow column, as they fill
        used = 0.0
        for child in (child for line in lines for child in line.children):
            width = child.margin_width()
            if type(child).__name__ in ("InlineBlockBox", "InlineReplacedBox"):  # never broken
                if used and used + width > column:
                    line_heights.append(text_line)
                    used = 0.0
                line_heights[-1] = max(line_heights[-1], child.margin_height() * math.ceil(width / column))
                used += min(width, column)
                continue
            used += width
            while used > column:
                line_heights.append(text_line)
                used -= column
        heights.append(step.border_height() - sum(line.height for line in lines) + sum(line_heights))
    return heights


def _filled(heights: list[float], height: float) -> int:
    """How many steps fill the first column to `height`."""
    total = 0.0
    for n, step in enumerate(heights):
        total += step
        if total > height:
            return n
    return len(heights)


def spliced(document, pages: Mapping[str, list[int]], replacements: Mapping[str, object]):
    """`document` with the pages of each part in `replacements` (part id → a laid-out document of
    that part alone) replaced by that document's pages. The fonts stay shared: the pass is still
    written as one PDF."""
    starts = {pages[part][0]: replacement for part, replacement in replacements.items()}
    replaced = {index for part in replacements for index in pages[part]}
    kept = []
    for index, page in enumerate(document.pages):
        if index in starts:
            kept += starts[index].pages
        elif index not in replaced:
            kept.append(page)
    return document.copy(kept)


def require_fit(document, pages: Mapping[str, list[int]], cards: tuple[CardPart, ...], paper: str,
                two_columns: Mapping[str, float] | None = None) -> None:
    """Stop the build for every card that does not fit its page. `two_columns`: the cards laid out
    with their steps in two columns (part id → the room for the steps, from `steps_room`)."""
    two_columns = two_columns or {}
    problems = []
    for part in cards:
        wide = part.id in two_columns
        found = _overflow(document, pages[part.id], part, two_columns.get(part.id))
        if found is None:
            continue
        holds = f"，{HOLDS[paper]}（步骤里打的电话另占地方）" if paper in HOLDS and part.card.steps else ""
        hint = (f"卡片字号不会为了放下而缩小（{MINIMUMS}）{holds}。"
                "请缩短这张卡片各步骤的卡片措辞（card），或减少步骤")
        hint += "；或在 source/planpress.yaml 里把 cards.paper 改为 A4。" if paper != "A4" else "。"
        foot = "页脚" if part.card.is_contact_card else "电话栏和页脚"
        how = (f"排到了第 2 页（排版后共 {found.pages} 页）" if found.pages > 1 and not found.what
               else f"会压住卡片底部的{foot}")
        what = found.what or f"卡片底部（{foot}）"
        columns = "步骤排成两栏也放不下，" if wide else ""
        fitting = f"前 {found.fitting} 步放得下，" if wide and found.fitting else ""
        problems.append(error(found.location or part.card.location, "",
                              f"应急处置卡“{part.name}”一页放不下（{paper}）：{columns}{fitting}从{what}起{how}。", hint))
    if problems:
        raise SourceError(problems)


@dataclasses.dataclass(frozen=True)
class _Overflow:
    what: str  # 第 5 步“…”, 电话表; empty when no block is to blame (the card as a whole ran over)
    location: Location | None
    fitting: int  # how many steps fit before it
    pages: int


def _overflow(document, indexes: list[int], part: CardPart, room: float | None) -> _Overflow | None:
    """What of the card does not fit above its foot, or None when the card fits its one page.
    `room`: the steps are in two columns, and this is the height they have."""
    located = _located(document, indexes)
    steps = [(f"第 {n} 步“{step.text[:10]}…”", step.location, located.get(f"{part.id}-step-{n}"))
             for n, step in enumerate(part.card.steps, start=1)]
    blocks = steps or [("电话表", part.card.location, located.get(f"{part.id}-phones"))]
    foot_top = _foot_top(located, part.id)
    right = located[part.id][1][2]

    def outside(where) -> bool:  # on a later page, under the foot or in a column beyond the card
        return where is None or where[0] > 0 or where[1][3] > foot_top + TOLERANCE or where[1][2] > right + TOLERANCE

    culprit = None if room is None else _first_not_filling_two_columns(steps, room)
    if culprit is None:
        culprit = next((n for n, (_, _, where) in enumerate(blocks) if outside(where)), None)
    if culprit is None and len(indexes) == 1:
        return None
    if culprit is None:
        return _Overflow("", None, 0, len(indexes))
    what, location, _ = blocks[culprit]
    return _Overflow(what, location, culprit if steps else 0, len(indexes))


def _located(document, indexes) -> dict[str, tuple[int, Box]]:
    """id → (page, counted from 0 among `indexes`; box) where it starts."""
    located: dict[str, tuple[int, Box]] = {}
    for number, index in enumerate(indexes):
        for name, found in page_boxes(document.pages[index]).items():
            located.setdefault(name, (number, found))
    return located


def _foot_top(located: Mapping[str, tuple[int, Box]], part_id: str) -> float:
    """Where the foot starts on the card's first page. The foot is absolutely positioned at the
    bottom of the card; when the card ran over its page, WeasyPrint puts it on the last page, so its
    top on the first is the card's bottom there less the foot's height."""
    page, (_, top, _, bottom) = located[f"{part_id}-foot"]
    if page == 0:
        return top
    return located[part_id][1][3] - (bottom - top)


def _first_not_filling_two_columns(steps, room: float) -> int | None:
    """The first step (index) that does not fit when the steps fill the first column down to the
    foot, then the second: the reading order. None when they all fit so."""
    if any(where is None for _, _, where in steps):  # never laid out: nothing to measure
        return next(n for n, (_, _, where) in enumerate(steps) if where is None)
    column, used = 1, 0.0
    for n, (_, _, (_, (_, y1, _, y2))) in enumerate(steps):
        if used + (y2 - y1) <= room + TOLERANCE:
            used += y2 - y1
        elif column == 1:
            column, used = 2, y2 - y1
            if used > room + TOLERANCE:
                return n
        else:
            return n
    return None
