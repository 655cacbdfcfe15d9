"""Paragraphs of one section into a clause tree, depth from the number (not from indentation).

Decimal numbers (5.1, 5.1.1 …) make numbered clauses; list markers (a. a) ① （一） 1） …) make the
lettered items of the clause above them, nested by the order their styles first appear (three
levels at most). A paragraph without a number belongs to the node just before it. Typed numbers
are checked as they come: a number given twice, one left out, one that does not fit its section.
"""

from __future__ import annotations

import dataclasses
import re

from . import numbers
from .numbers import Number
from .rejoin import Paragraph
from .report import Report
from .stream import Figure, FormBlock, Place, Table

MAX_ITEM_LEVELS = 3
TABLE_TITLE = re.compile(r"^表\s*\d+[\s.、：:]*(.+)$")
NOTE = re.compile(r"^(?P<label>注|注意|说明|备注|附注|填表说明)\s*[\d一二三]?\s*[：:]\s*(?P<text>\S.*)$")
FIGURE_TITLE = re.compile(r"^图\s*\d+[\s.、：:]*(.+)$")


@dataclasses.dataclass
class Node:
    text: list[str]
    place: Place
    number: Number | None = None
    children: list = dataclasses.field(default_factory=list)   # Node | Table, in order
    items: list["Node"] = dataclasses.field(default_factory=list)
    style: str | None = None
    notes: list[str] = dataclasses.field(default_factory=list)  # review comments for the YAML
    auto: bool = False  # the number was Word's automatic numbering
    note: str | None = None  # a note block (注：……): its label
    places: list[Place] = dataclasses.field(default_factory=list)

    def clauses(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node)]


def build(entries: list[Paragraph | Table], section: int | None, report: Report, label: str) -> Node:
    """The tree of one section (`section` is its number, `label` how messages name it). With
    `section` None the numbers are the section's own (an attachment, a document without frame):
    1, 1.1 … with the depth of their parts."""
    root = Node([], entries[0].place if entries else Place(), Number(str(section or 0), parts=(section or 0,)))
    stack: list[Node] = [root]            # open numbered clauses: stack[d] has depth d
    item_path: list[Node] = []            # open items of stack[-1], by level
    last: Node = root
    for position, entry in enumerate(entries):
        if isinstance(entry, (Figure, FormBlock)):
            stack[-1].children.append(entry)
            item_path = []
            last = stack[-1]
            continue
        caption = FIGURE_TITLE.match(entry.text) if not isinstance(entry, Table) else None
        if caption:  # “图 1 标题” under (or over) a figure is its title
            figure = next((e for e in (entries[position - 1] if position else None,
                                       entries[position + 1] if position + 1 < len(entries) else None)
                           if isinstance(e, Figure) and e.title is None), None)
            if figure is not None:
                figure.title = caption.group(1).strip()
                continue
        if isinstance(entry, Table):
            caption = TABLE_TITLE.match(last.text[-1]) if len(last.text) > 1 else None
            if caption and entry.title is None:
                entry.title = caption.group(1).strip()
                last.text.pop()
            stack[-1].children.append(entry)
            item_path = []
            last = stack[-1]
            continue
        number, rest = numbers.split(entry.text)
        if number is not None and number.decimal and len(number.parts) == 1 and section is not None:
            number = None  # a bare "3" inside a section is not a clause number of this document
            rest = entry.text
        note = NOTE.match(entry.text) if number is None else None
        if note and (last is root or last is stack[-1] or last.note):
            # 注：…… under a clause, a table or a flowchart: a note block where it stands (unnumbered)
            node = Node([note.group("text")], entry.place, places=list(entry.places), note=note.group("label"))
            stack[-1].children.append(node)
            item_path = []
            last = node
            continue
        if number is None:
            if last is root and not root.items and not root.text:
                # nothing numbered above it in this section (at its top, or after a table or a
                # flowchart there): a clause of its own, else nothing would print it
                after = bool(root.children)
                node = Node([entry.text], entry.place, places=entry.places)
                root.children.append(node)
                where = "在表格或流程图后面，" if after else ""
                report.unplaced(entry.place, f"“{_short(entry.text)}”{where}在{label}里没有编号，导入为{label}的一条条款（编号由 planpress 生成）。",
                                "核对它是不是一条条款；如果是上一条的一部分，把它移过去。")
                node.notes.append("导入：原文这一段没有编号，请核对")
                last = node
            else:
                last.text.append(entry.text)
                last.places.extend(entry.places)
            continue
        auto = entry.number is not None
        if number.decimal:
            depth = len(number.parts) - (1 if section is not None else 0)
            if section is not None and number.parts[0] != section:
                report.defect(entry.place, f"条款编号 {number} 不在第 {section} 节里（应以 {section}. 开头）。",
                              f"导入按它的层次放在第 {section} 节里，编号由 planpress 重新生成。")
            if depth > len(stack) and section is not None:
                report.defect(entry.place, f"条款编号 {number} 跳过了上一级（前面没有 {'.'.join(map(str, number.parts[:-1]))}）。",
                              "导入把它放在最近的上一级条款下，编号由 planpress 重新生成。")
                depth = len(stack)
            depth = min(depth, len(stack))
            parent = stack[depth - 1]
            node = Node([rest], entry.place, number, auto=auto, places=list(entry.places))
            if not auto:
                _check_sequence(parent.clauses(), node, report, label)
            parent.children.append(node)
            del stack[depth:]
            stack.append(node)
            item_path = []
            last = node
            continue
        owner = stack[-1]
        node = Node([rest], entry.place, number, style=number.style, auto=auto, places=list(entry.places))
        styles = [item.style for item in item_path]
        if number.style in styles:
            level = styles.index(number.style)
        else:
            level = len(item_path)
            if level >= MAX_ITEM_LEVELS:
                level = MAX_ITEM_LEVELS - 1
                node.text[0] = number.raw.strip() + rest
                report.unplaced(entry.place, f"列表项“{number.raw.strip()}”是第 {len(item_path) + 1} 层，planpress 最多三层（a. → a) → ①）。",
                                "导入把它连同原编号放在第三层；请把这一层改写成上一项的正文，或拆成条款。")
                node.notes.append("导入：原文这一层超过三层，编号保留在文字里，请核对")
        siblings = item_path[level - 1].items if level else owner.items
        if not auto and number.style != "•":
            _check_items(siblings, node, report)
        siblings.append(node)
        del item_path[level:]
        item_path.append(node)
        last = node
    return root


def _check_sequence(siblings: list[Node], node: Node, report: Report, label: str) -> None:
    typed = [s for s in siblings if s.number is not None and s.number.decimal and not s.auto]
    if not typed:
        expected = 1
        previous = None
    else:
        previous = typed[-1].number
        expected = previous.parts[-1] + 1
    got = node.number.parts[-1]
    prefix = ".".join(map(str, node.number.parts[:-1]))
    if previous is not None and got == previous.parts[-1]:
        first = typed[-1].place
        report.defect(node.place, f"条款编号 {node.number} 重复：{first} 已经有一条 {node.number}。",
                      "导入按先后顺序保留两条；编号由 planpress 自动生成，不会再重复。")
    elif got > expected:
        missing = "、".join(f"{prefix}.{n}" if prefix else str(n) for n in range(expected, got))
        report.defect(node.place, f"缺少条款编号 {missing}：{node.number} 前面一条是 "
                      f"{previous if previous is not None else '（没有）'}。",
                      "导入按先后顺序排列；编号由 planpress 自动生成，不会再漏号。")
    elif got < expected:
        report.defect(node.place, f"条款编号 {node.number} 顺序不对：前面一条已经是 {previous}。",
                      "导入按原文的先后顺序排列；编号由 planpress 自动生成。")


def _check_items(siblings: list[Node], node: Node, report: Report) -> None:
    same = [s for s in siblings if s.style == node.style and not s.auto]
    expected = same[-1].number.ordinal + 1 if same else 1
    got = node.number.ordinal
    shown = node.number.raw.strip()
    if same and got == same[-1].number.ordinal:
        report.defect(node.place, f"列表编号 {shown} 重复：{same[-1].place} 已经有一项 {shown}。",
                      "导入按先后顺序保留；编号由 planpress 自动生成。")
    elif got > expected:
        missing = "、".join(numbers.label(node.style, n) for n in range(expected, got))
        report.defect(node.place, f"缺少列表编号 {missing}（{shown} 前面）。", "导入按先后顺序排列；编号由 planpress 自动生成。")


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"
