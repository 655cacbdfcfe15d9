"""Find each part's pages in the rendering pass, choose one or two columns for each card's steps,
and make sure every card fits its one page.

Parts are found by the HTML ids they start with: WeasyPrint records each id as an anchor of the
pages it lands on, with its box. A card fits when it is one page and its content ends above its
foot (the call box, the source, the copy slots, at the bottom of the card). The pass lays out every
card with its steps in one column; a scenario card that does not fit is laid out again on its own
with them in two columns (`overflowing`, then `spliced` puts its page in place): the list of steps
is given the height it has above the foot (`steps_room`) and WeasyPrint fills the first column,
then the second; if that leaves the second short, once more at the height that evens them
(`balanced_height`). A card that does not fit two columns either stops the build, naming it and
the first step that does not fit in reading order. Type never shrinks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..problems import Location, SourceError, error
from . import room
from .parts import CardPart

MINIMUMS = "标题至少 40 磅、步骤文字至少 16 磅、电话号码至少 24 磅"
TOLERANCE = 0.5  # CSS px: rounding in the laid-out boxes

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px from the page's top left corner


def first_pages(document) -> dict[str, int]:
    """Every HTML id → index of the first page it is on (an element spanning pages is on each)."""
    first: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            first.setdefault(anchor, index)
    return first


def box(document, first: dict[str, int], element_id: str) -> tuple[int, Box]:
    """The page index and box of an element, on the first page it is on."""
    index = first[element_id]
    return index, document.pages[index].anchors[element_id]


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


def steps_height_css(part: CardPart, height: float) -> str:
    """The style sheet that gives the card's list of steps its height: the columns fill to it."""
    return f"#{part.id}-steps {{ height: {height:.3f}px !important; }}"


def balanced_height(document, part: CardPart, room: float) -> float | None:
    """For a card laid out in two columns filled to `room`: the height at which the columns are
    as even as the steps allow (filling the first column to it leaves the least for the second), or
    None when that is how they are already, or the steps do not fit."""
    located = _located(document, range(len(document.pages)))
    steps = [located.get(f"{part.id}-step-{n}") for n in range(1, len(part.card.steps) + 1)]
    if len(steps) < 2 or any(where is None or where[0] > 0 for where in steps):
        return None
    heights = [y2 - y1 for _, (_, y1, _, y2) in steps]
    height = min(max(sum(heights[:k]), sum(heights[k:])) for k in range(1, len(heights)))
    if height > room + TOLERANCE or _filled(heights, room + TOLERANCE) == _filled(heights, height + TOLERANCE):
        return None
    return height + TOLERANCE


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
        holds = f"，{room.holds(paper)}（步骤里打的电话另占地方）" if room.holds(paper) and part.card.steps else ""
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
        for anchor, found in document.pages[index].anchors.items():
            located.setdefault(anchor, (number, found))
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
