"""A policy in chapter–article style (第一章 总则 / [第一节 …] / 第一条 … / （一）…) into the clauses of
a chapter–article frame (planpress.importer.frames): each chapter a titled clause, each 节 a titled
clause in it, each article a clause of its own, its （一）（二） items (1. and （1） nested under them),
its tables, flowcharts, forms and notes blocks in its clauses. The typed numbers are taken off:
planpress numbers chapters and articles (the article count running through the document, or
starting again in each chapter, as the original does); a chapter or an article given twice, or
left out, is a defect of the original.

`read` returns None for shapes a chapter–article frame cannot number as written (articles of one
chapter partly inside 节 and partly not, no article at all, a chapter without a title; a chapter
without 节 beside chapters with them is numbered as written): the policy then
comes in whole as before (structure.Recogniser._chapters).
"""

from __future__ import annotations

import dataclasses
import re

from . import numbers
from .data import Map, Seq
from .frames import ITEM_SAMPLES, Wanted
from .rejoin import Paragraph
from .report import Report
from .stream import Place
from .tree import NOTE, Node, _check_items

NUMERAL = r"(?P<n>[一二三四五六七八九十百零〇两]{1,7}|[0-9]{1,3})"
CHAPTER = re.compile(r"^第\s*" + NUMERAL + r"\s*章(?!程)[\s\u3000：:]*(?P<rest>.*)$")
PART = re.compile(r"^第\s*" + NUMERAL + r"\s*节(?![日约点能])[\s\u3000：:]*(?P<rest>.*)$")
ARTICLE = re.compile(r"^第\s*" + NUMERAL + r"\s*条(?!款|件|例|规)[\s\u3000：:]*(?P<rest>.*)$")
ITEM_STYLES = tuple(ITEM_SAMPLES)
MAX_ITEM_LEVELS = 3
UNITS = {"章": "chapter", "节": "part", "条": "article"}


def value(token: str) -> int:
    """第十二条 → 12, 第一百零五条 → 105, 第5条 → 5."""
    if token.isdigit():
        return int(token)
    token = token.replace("两", "二").replace("〇", "零")
    digits = "零一二三四五六七八九"
    total, current = 0, 0
    for ch in token:
        if ch in digits:
            current = digits.index(ch)
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def numbered(text: str, pattern: re.Pattern) -> tuple[int, str] | None:
    match = pattern.match(text.strip())
    return (value(match.group("n")), match.group("rest").strip()) if match else None


@dataclasses.dataclass
class Policy:
    clauses: Seq          # the chapters (or the articles of a policy without chapters)
    wanted: Wanted        # how it numbers itself: the frame it needs


class Builder:
    def __init__(self, path, block_node):
        self.report = Report(path)  # findings join the import's report only when the policy is taken
        self.block_node = block_node
        self.top = Seq()
        self.chapter: Map | None = None
        self.part: Map | None = None
        self.article: Map | None = None
        self.article_node: Node | None = None     # the article's items, as tree nodes (nodes.item_node makes them)
        self.item_path: list[Node] = []
        self.item_styles: list[str] = []          # the style of each item depth, as first seen
        self.styles_differ: list[Place] = []
        self.awaiting_title: Map | None = None    # 第一章 alone on its line: the next line is its title
        self.awaiting_text = False                # 第一条 alone on its line: the next line is its text
        self.articles: list[tuple[int, Place, str, int]] = []  # (number, place, text, chapter index)
        self.chapters: list[tuple[int, Place, str]] = []
        self.parts_in: list[bool] = []            # per article: inside a 节
        self.has_chapters = False
        self.after_block: list[Place] = []
        self.preamble: list[Paragraph] = []

    # -- the walk --------------------------------------------------------------------------------
    def add(self, item) -> None:
        if not isinstance(item, Paragraph):
            self._block(item)
            return
        text = item.text.strip()
        if self.awaiting_title is not None:
            if not CHAPTER.match(text) and not ARTICLE.match(text) and not PART.match(text) and len(text) <= 30:
                self.awaiting_title["title"] = text
                self.awaiting_title = None
                return
            self.awaiting_title = None
        if (found := numbered(text, CHAPTER)) is not None:
            self._close_article()
            self.has_chapters = True
            self.chapter, self.part = Map(title=found[1]), None
            self.top.append(self.chapter)
            self.chapters.append((found[0], item.place, text))
            if not found[1]:
                self.awaiting_title = self.chapter
            return
        if (found := numbered(text, PART)) is not None and self.chapter is not None:
            self._close_article()
            self.part = Map(title=found[1])
            self.chapter.setdefault("clauses", Seq()).append(self.part)
            if not found[1]:
                self.awaiting_title = self.part
            return
        if (found := numbered(text, ARTICLE)) is not None:
            self._close_article()
            self.article = Map()
            self.article_node = Node([], item.place)
            self.item_path = []
            if found[1]:
                self.article["text"] = Seq([found[1]])
            self.awaiting_text = not found[1]
            self._holder_list().append(self.article)
            self.articles.append((found[0], item.place, text, len(self.chapters)))
            self.parts_in.append(self.part is not None)
            return
        if self.awaiting_text and self.article is not None:
            self.article["text"] = Seq([text])
            self.awaiting_text = False
            return
        note = NOTE.match(text)
        if note and (self.article is not None or self.chapter is not None):
            made = Map(type="note")
            if note.group("label") != "注":
                made["label"] = note.group("label")
            made["text"] = note.group("text")
            self._clauses_of_current().append(made)
            return
        marker, rest = numbers.split(text)
        if self.article is not None and marker is not None and marker.style in ITEM_STYLES and rest.strip():
            self._item(marker, rest.strip(), item)
            return
        self._paragraph(text, item.place)

    def _holder_list(self) -> Seq:
        """Where a new article goes: the 节, the chapter, or the top (a policy without chapters)."""
        holder = self.part or self.chapter
        return holder.setdefault("clauses", Seq()) if holder is not None else self.top

    def _clauses_of_current(self) -> Seq:
        holder = self.article if self.article is not None else (self.part or self.chapter)
        return holder.setdefault("clauses", Seq())

    def _item(self, marker, text: str, item: Paragraph) -> None:
        styles = [n.style for n in self.item_path]
        node = Node([text], item.place, marker, style=marker.style, places=list(item.places))
        if marker.style in styles:
            level = styles.index(marker.style)
        else:
            level = len(self.item_path)
            if level >= MAX_ITEM_LEVELS:  # a fourth level: the marker stays in the text, on the third
                level = MAX_ITEM_LEVELS - 1
                node.text[0] = marker.raw.strip() + text
                self.report.unplaced(item.place, f"列表项“{marker.raw.strip()}”是第 {len(self.item_path) + 1} 层，"
                                     "planpress 的列表最多三层：导入把它连同原编号放在第三层。",
                                     "把这一层改写成上一项的正文，或拆成几项。")
        if level == len(self.item_styles):
            self.item_styles.append(node.style)
        elif level < len(self.item_styles) and self.item_styles[level] != node.style and node.text[0] == text:
            self.styles_differ.append(item.place)
        siblings = self.item_path[level - 1].items if level else self.article_node.items
        _check_items(siblings, node, self.report)
        siblings.append(node)
        del self.item_path[level:]
        self.item_path.append(node)

    def _paragraph(self, text: str, place: Place) -> None:
        """A paragraph without a number: the article's next paragraph, or the text of its last item
        (it follows the item there in the original); in a chapter before its first article, the
        chapter's lead text; before the first chapter, a preamble."""
        if self.article is not None:
            if self.item_path:
                last = self.item_path[-1]
                last.text.append(text)
                self.report.review(place, f"“{_short(text)}”跟在条的列表后面、没有编号：导入把它写进列表的最后一项（印在那一项的文字后面，"
                                   "与原文的位置相同）。", "如果它是整条的话而不属于这一项，改写这一条（例如移到列表前面的正文里）。")
                return
            if "clauses" in self.article:  # after a table in the article: it prints before the table
                self.after_block.append(place)
            self.article.setdefault("text", Seq()).append(text)
            return
        holder = self.part or self.chapter
        if holder is not None:
            if "clauses" in holder:
                self.after_block.append(place)
            holder.setdefault("text", Seq()).append(text)
            return
        self.preamble.append(Paragraph(text, place, [place]))

    def _block(self, item) -> None:
        if self.article is None and self.part is None and self.chapter is None:
            self.preamble.append(item)
            return
        block = self.block_node(item, self.report)
        self._clauses_of_current().extend([block, *getattr(block, "after", [])])

    def _close_article(self) -> None:
        if self.article is None:
            return
        from .nodes import item_node
        if self.article_node.items:
            items = Seq(item_node(i) for i in self.article_node.items)
            clauses = self.article.pop("clauses", None)
            self.article["items"] = items
            if clauses is not None:
                self.article["clauses"] = clauses
        self.article = self.article_node = None
        self.item_path = []
        self.awaiting_text = False

    # -- the result --------------------------------------------------------------------------------
    def finish(self) -> Policy | None:
        self._close_article()
        if not self.articles or any(c.get("title") in (None, "") for c in self.top if self.has_chapters and isinstance(c, Map)):
            return None
        if self._mixed_parts():
            return None  # a chapter with articles both in 节 and outside them: no frame numbers that
        if self.preamble and not self.has_chapters:
            return None  # an articles-only policy has no place for unnumbered text before 第一条
        restart = self._restarts()
        self._check(restart)
        self._place_preamble()
        for place in self.after_block:
            self.report.review(place, "这一段在条（或章）里的表格、流程图后面，没有编号：planpress 先印条的正文、再印表格，"
                               "导入把它写进条的正文（印在表格前面）。", "核对它的位置；需要时把表格移到合适的地方。")
        if self.styles_differ:
            self.report.review(self.styles_differ[0], f"有的条的列表编号样式与别的条不同（{len(self.styles_differ)} 处）："
                               "框架的列表编号全文统一，导入按第一次出现的样式（"
                               + " → ".join(ITEM_SAMPLES[s] for s in self.item_styles) + "）编号。",
                               "核对这几条的列表；编号由 planpress 生成。")
        levels: list = (["第一章"] if self.has_chapters else []) + (["第一节"] if any(self.parts_in) else [])
        levels.append({"style": "第一条", "continuous": False} if restart else "第一条")
        items = tuple(ITEM_SAMPLES[s] for s in self.item_styles)
        base = "制度-节" if any(self.parts_in) else "制度" if self.has_chapters else "制度-条"
        if restart:
            base += "-每章编号"
        for entries in (self.top,):
            _simplify(entries)
        return Policy(self.top, Wanted(tuple(levels), items, base))

    def _mixed_parts(self) -> bool:
        """Articles inside 节 and outside them in one chapter (or in a policy without chapters).
        Chapters without 节 beside chapters with them (总则, 附则) are fine: the frame's 第一节 level
        is passed over there (model/assemble.py)."""
        by_chapter: dict[int, set[bool]] = {}
        for (_, _, _, chapter), in_part in zip(self.articles, self.parts_in):
            by_chapter.setdefault(chapter if self.has_chapters else 0, set()).add(in_part)
        return any(len(kinds) > 1 for kinds in by_chapter.values())

    def _place_preamble(self) -> None:
        """Text before the first chapter: the first chapter's lead text (and blocks), reported."""
        if not self.preamble:
            return
        first = self.top[0]
        texts = [p.text for p in self.preamble if isinstance(p, Paragraph)]
        blocks = [self.block_node(p, self.report) for p in self.preamble if not isinstance(p, Paragraph)]
        if texts:
            old = first.get("text")
            first["text"] = Seq(texts + ([old] if isinstance(old, str) else list(old or [])))
        if blocks:
            first["clauses"] = Seq([node for b in blocks for node in (b, *getattr(b, "after", []))] + list(first.get("clauses", [])))
        shown = texts[0] if texts else "表格"
        self.report.unplaced(self.preamble[0].place, f"第一章前面的“{_short(shown)}”没有章、条编号：导入把它作为第一章开头不编号的文字。",
                             "核对它该放在哪里（例如写成第一条，或删去不属于正文的文字）。")

    def _restarts(self) -> bool:
        """Article numbers that start again at 第一条 in a later chapter."""
        return self.has_chapters and any(n == 1 and i > 0 and any(c < chapter for _, _, _, c in self.articles[:i])
                                         for i, (n, _, _, chapter) in enumerate(self.articles))

    def _check(self, restart: bool) -> None:
        previous = 0
        for n, (number, place, text) in enumerate(self.chapters):
            self._sequence("章", number, previous, place, text)
            previous = number
        previous, chapter = 0, None
        for number, place, text, in_chapter in self.articles:
            if restart and in_chapter != chapter:
                previous, chapter = 0, in_chapter
            self._sequence("条", number, previous, place, text)
            previous = number

    def _sequence(self, unit: str, number: int, previous: int, place: Place, text: str) -> None:
        name = f"第{numbers.to_chinese(number)}{unit}"
        if number == previous:
            self.report.defect(place, f"{name}重复：原文有两个“{name}”（“{_short(text)}”）。",
                               f"导入按先后顺序保留；{unit}的编号由 planpress 自动生成，不会再重复。")
        elif number > previous + 1:
            missing = "、".join(f"第{numbers.to_chinese(n)}{unit}" for n in range(previous + 1, min(number, previous + 6)))
            self.report.defect(place, f"缺少{missing}：“{_short(text)}”前面一{unit}是"
                               f"{'第' + numbers.to_chinese(previous) + unit if previous else '（没有）'}。",
                               f"导入按先后顺序排列；{unit}的编号由 planpress 自动生成，不会再漏号。")
        elif number < previous:
            self.report.defect(place, f"{name}的顺序不对：前面一{unit}已经是第{numbers.to_chinese(previous)}{unit}。",
                               f"导入按原文的先后顺序排列；{unit}的编号由 planpress 自动生成。")


def _simplify(entries: Seq) -> None:
    """An article of one paragraph is written as that paragraph; one paragraph of text as a string."""
    for index, node in enumerate(entries):
        if not isinstance(node, Map) or "type" in node:
            continue
        if "clauses" in node:
            _simplify(node["clauses"])
        if isinstance(node.get("text"), list) and len(node["text"]) == 1:
            node["text"] = node["text"][0]
        if list(node) == ["text"] and isinstance(node["text"], str):
            entries[index] = node["text"]


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def read(items: list, report: Report, block_node) -> Policy | None:
    """The policy's clauses and the frame it needs, from its paragraphs and blocks (in order); its
    findings (numbers given twice or left out …) join `report` when it is taken."""
    builder = Builder(report.source, block_node)
    for item in items:
        builder.add(item)
    policy = builder.finish()
    if policy is not None:
        report.findings.extend(builder.report.findings)
    return policy
