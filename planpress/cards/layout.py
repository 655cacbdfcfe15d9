"""Find each part's pages in the rendering pass, and make sure every card fits its one page.

Parts are found by the HTML ids they start with: WeasyPrint records each id as an anchor of the
pages it lands on, with its box. A card fits when it is one page and its content ends above its
footer; otherwise the build stops, naming the card and what did not fit. Type never shrinks.
"""

from __future__ import annotations

from ..problems import SourceError, error
from .parts import CardPart

MINIMUMS = "标题至少 40 磅、步骤文字至少 16 磅、电话号码至少 24 磅"


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


def require_fit(document, pages: dict[str, list[int]], cards: tuple[CardPart, ...], paper: str) -> None:
    problems = []
    for part in cards:
        anchors = document.pages[pages[part.id][0]].anchors
        blocks = [(f"第 {n} 步“{step.text[:10]}…”", step.location, f"{part.id}-step-{n}")
                  for n, step in enumerate(part.card.steps, start=1)]
        if part.card.is_contact_card:
            blocks.append(("电话表", part.card.location, f"{part.id}-phones"))
        foot = f"{part.id}-foot"
        foot_top = anchors[foot][1] if foot in anchors else 0
        # A block missing from the page went to the next one; one ending below the top of the
        # foot would run under the phone box and the footer.
        culprit = next(((what, where) for what, where, anchor in blocks
                        if anchor not in anchors or anchors[anchor][3] > foot_top + 0.5), None)
        count = len(pages[part.id])
        if culprit is None and count == 1:
            continue
        what, where = culprit or ("卡片底部（电话栏和页脚）", part.card.location)
        hint = f"卡片字号不会为了放下而缩小（{MINIMUMS}）。请缩短这张卡片各步骤的卡片措辞（card），或减少步骤"
        hint += "；或在 source/planpress.yaml 里把 cards.paper 改为 A4。" if paper != "A4" else "。"
        how = f"排到了第 2 页（排版后共 {count} 页）" if count > 1 else "会压住卡片底部的电话栏和页脚"
        problems.append(error(where, "", f"应急处置卡“{part.name}”一页放不下（{paper}）：从{what}起{how}。", hint))
    if problems:
        raise SourceError(problems)
