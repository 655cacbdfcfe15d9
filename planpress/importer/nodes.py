"""Clause trees (planpress.importer.tree) into format-v2 nodes: strings, clauses with title / label /
text / items / clauses, `type: group` for a team with its composition and duties, `type: table`."""

from __future__ import annotations

import re

from .data import Map, Seq
from .rejoin import is_roster, title_like as heading_like
from .report import Report
from .stream import Table
from .tree import Node

LABEL = re.compile(r"^([^，。；、,;：:《》“”()（）]{1,10})[：:](.+)$")
COMPOSITION = re.compile(r"^(人员构成|人员组成|组成人员|组成|成员构成|人员)[：:]?$")
DUTIES = re.compile(r"^(人员职责|工作职责|职责|主要职责)[：:]?$")
TABLE_TITLE = re.compile(r"^表\s*\d+[\s.、：:]*(.+)$")


def split_label(text: str) -> tuple[str, str] | None:
    match = LABEL.match(text)
    if match and match.group(2).strip():
        return match.group(1).strip(), match.group(2).strip()
    return None


def text_value(paragraphs: list[str]):
    return paragraphs[0] if len(paragraphs) == 1 else Seq(paragraphs)


def clause_list(root: Node, report: Report, special=None) -> Seq:
    """The nodes of a section (or of a free attachment) from its tree. `special(node)` may return
    the node's own conversion (a plan's emergency measures), or None."""
    out = Seq()
    for item in root.items:  # lettered items straight under a section: they become its clauses
        out.append(item_node(item))
    for child in root.children:
        out.append(table_node(child, report) if isinstance(child, Table) else clause_node(child, report, special))
        if isinstance(child, Node) and child.notes:
            out.note(len(out) - 1, "；".join(child.notes))
    return out


def clause_node(node: Node, report: Report, special=None):
    made = special(node) if special else None
    if made is not None:
        return made
    group = group_node(node)
    if group is not None:
        return group
    own, rest = (node.text[0], node.text[1:]) if node.text else ("", [])
    result = Map()
    subordinate = bool(node.children or node.items)
    if own and heading_like(own) and (subordinate or rest):
        result["title"] = own.rstrip("：:")
        text = rest
    elif own and (labelled := split_label(own)):
        result["label"], first = labelled
        text = [first] + rest
    else:
        text = ([own] if own else []) + rest
    if text:
        result["text"] = text_value(text)
    if node.items:
        result["items"] = Seq(item_node(i) for i in node.items)
        for index, item in enumerate(node.items):
            if item.notes:
                result["items"].note(index, "；".join(item.notes))
    if node.children:
        result["clauses"] = clause_list(Node([], node.place, children=node.children), report, special)
    if list(result) == ["text"] and isinstance(result["text"], str):
        return result["text"]
    return result


def item_node(node: Node):
    own, rest = (node.text[0], node.text[1:]) if node.text else ("", [])
    result = Map()
    if own.endswith(("：", ":")) and heading_like(own) and rest:
        result["label"] = own.rstrip("：:")
        text = rest
    elif labelled := split_label(own):
        result["label"], first = labelled
        text = [first] + rest
    else:
        text = [own] + rest
    if text:
        result["text"] = text_value(text)
    if node.items:
        result["items"] = Seq(item_node(i) for i in node.items)
    if list(result) == ["text"] and isinstance(result["text"], str):
        return result["text"]
    return result


def group_node(node: Node) -> Map | None:
    """A team (5.1.1 of the seed): a clause whose items are "人员构成" with roster lines
    (组长：分管院长) and optionally "人员职责" with its duties."""
    if node.children or not node.items or len(node.items) > 2:
        return None
    composition = duties = None
    for item in node.items:
        own = item.text[0] if item.text else ""
        if COMPOSITION.match(own) and item.text[1:] and all(is_roster(line) for line in item.text[1:]) and not item.items:
            composition = Seq()
            for line in item.text[1:]:
                role, _, members = re.split(r"([：:])", line, maxsplit=1)
                composition.append(Map(role=re.sub(r"\s+", "", role), members=Seq(
                    m.strip() for m in re.split(r"[、，,]", members.strip().rstrip("。；;")) if m.strip())))
        elif DUTIES.match(own) and item.items and not item.text[1:] and all(not i.items and len(i.text) == 1 for i in item.items):
            duties = Seq(i.text[0] for i in item.items)
        else:
            return None
    if composition is None:
        return None
    result = Map(type="group")
    own, rest = (node.text[0], node.text[1:]) if node.text else ("", [])
    if own and heading_like(own) and not rest:
        result["title"] = own.rstrip("：:")
    elif own or rest:
        result["text"] = text_value(([own] if own else []) + rest)
    result["composition"] = composition
    if duties is not None:
        result["duties"] = duties
    return result


def table_node(table: Table, report: Report, title: str | None = None) -> Map:
    width = table.width()
    header, *body = table.rows or [[]]
    columns = Seq()
    for cell in header:
        columns.extend([cell.text] * cell.span)
    if any(cell.span > 1 for cell in header):
        report.unplaced(table.place, "表格的表头有合并的单元格；planpress 的表头每列一格，导入把合并的表头文字重复写在它跨过的每一列。",
                        "核对 columns 里重复的列名，改成各列自己的名称。")
    result = Map(type="table")
    title = title or table.title
    if title:
        result["title"] = title
    result["columns"] = columns
    rows = Seq()
    for index, row in enumerate(body, 2):
        cells = Seq()
        for cell in row:
            cells.append(cell.text if cell.span == 1 else Map(text=cell.text, span=cell.span))
        covered = sum(cell.span for cell in row)
        if covered < width:
            cells.extend([""] * (width - covered))
        rows.append(cells)
    result["rows"] = rows
    if not rows:
        result.note("rows", "导入：原文表格只有表头")
    return result


def table_title(text: str) -> str | None:
    match = TABLE_TITLE.match(text)
    return match.group(1).strip() if match else None
