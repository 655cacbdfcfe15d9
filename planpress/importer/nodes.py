"""Clause trees (planpress.importer.tree) into format-v2 nodes: strings, clauses with title / label /
text / items / clauses, `type: group` for a team with its composition and duties, `type: table`."""

from __future__ import annotations

import re

from .data import Map, Seq
from .rejoin import is_roster, title_like as heading_like
from .report import Report
from .stream import Cell, Figure, FormBlock, Place, Table
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
        made = block_node(child, report) if isinstance(child, (Table, Figure, FormBlock)) else clause_node(child, report, special)
        out.append(made)
        if isinstance(child, Node) and child.notes:
            out.note(len(out) - 1, "；".join(child.notes))
        out.extend(getattr(made, "after", []))
    return out


def note_node(node: Node) -> Map:
    """A note block: 注：…… (its label as the original writes it), printed small and unnumbered."""
    result = Map(type="note")
    if node.note != "注":
        result["label"] = node.note
    result["text"] = text_value(node.text)
    return result


def clause_node(node: Node, report: Report, special=None):
    if node.note:
        return note_node(node)
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
        result["text"] = "\n".join(text)  # an item holds one text: its paragraphs one per line
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
    if composition is None or not (node.text and (node.text[1:] or not heading_like(node.text[0]) or node.text[0].endswith(("：", ":")))):
        return None  # a team needs its lead text (成立……小组); a heading alone stays a clause with its items
    result = Map(type="group")
    own, rest = (node.text[0], node.text[1:]) if node.text else ("", [])
    if own and heading_like(own) and (not rest or not own.endswith(("：", ":"))):
        result["title"] = own.rstrip("：:")  # “5.1.1 技术处置小组” over its lead text
        if rest:
            result["text"] = text_value(rest)
    elif own or rest:
        result["text"] = text_value(([own] if own else []) + rest)
    result["composition"] = composition
    if duties is not None:
        result["duties"] = duties
    return result


def block_node(block, report: Report) -> Map:
    if isinstance(block, FormBlock):
        return form_node(block, report)
    return flow_node(block, report) if isinstance(block, Figure) else table_node(block, report)


def form_node(block: FormBlock, report: Report) -> Map:
    """A form standing in running text (planpress.importer.forms): `type: form` where it stands."""
    from .forms import describe, form_data
    result = Map(type="form")
    if block.title:
        result["title"] = block.title
    result["form"] = form_data(block.parts)
    report.review(block.place, f"这里是一张表单（{describe(block.parts)}）：导入写成放在条款里的表单（type: form），"
                  "空白的宽度按原文的下划线和空格估算。", "对照原件核对填写项、勾选项、表格的列和空行数。")
    return result


def flow_node(figure: Figure, report: Report) -> Map:
    """A flowchart read back from a drawing as `type: flow`: its boxes in reading order; an arrow
    to the box that follows needs nothing, another arrow is `next`, labelled arrows are `branches`.
    Keys are given only to the boxes that arrows point to out of order."""
    count = len(figure.shapes)
    outgoing: dict[int, list[tuple[int, str]]] = {n: [] for n in range(count)}
    for source, target, label in figure.arrows:
        if (target, label) not in outgoing[source]:
            outgoing[source].append((target, label))
    referenced: set[int] = set()
    plan: list[dict] = []
    dropped_labels: list[str] = []
    for n in range(count):
        arrows = outgoing[n]
        labels = [label for _, label in arrows]
        if len(arrows) >= 2 and all(labels) and len(set(labels)) == len(labels):
            plan.append({"branches": arrows})
            referenced.update(t for t, _ in arrows)
            continue
        dropped_labels += [label for label in labels if label]
        targets = [t for t, _ in arrows]
        if targets == [n + 1] or (not targets and n + 1 == count):
            plan.append({})
        else:
            plan.append({"next": targets})
            referenced.update(targets)
    key = {n: f"n{n + 1}" for n in sorted(referenced)}
    result = Map(type="flow")
    if figure.title:
        result["title"] = figure.title
    flow_nodes = Seq()
    for n, (shape, step) in enumerate(zip(figure.shapes, plan)):
        node = Map()
        if n in key:
            node["key"] = key[n]
        node["text"] = shape.text
        if "branches" in step:
            node["branches"] = Map((label, key[t]) for t, label in step["branches"])
        elif "next" in step:
            targets = [key[t] for t in step["next"]]
            node["next"] = targets[0] if len(targets) == 1 else Seq(targets)
        flow_nodes.append(node)
    result["nodes"] = flow_nodes
    result.note("nodes", "待核对：导入从原文的图形还原了方框的文字和箭头的走向，请对照原图核对")
    report.review(figure.place, f"流程图{('“' + figure.title + '”') if figure.title else ''}：导入从原文的图形还原了 {count} 个方框和 "
                  f"{len(figure.arrows)} 个箭头（type: flow），排版由 planpress 重新生成。", "对照原图核对每个方框的文字和箭头的走向。")
    if dropped_labels or figure.loose:
        extra = "、".join(f"“{t}”" for t in dropped_labels + figure.loose)
        report.unplaced(figure.place, f"流程图里的文字 {extra} 不是方框的文字，也对不上判断的分支，导入把它们写成流程图后面的一段文字。",
                        "需要时把它写进方框的文字（text），或改成判断的分支（branches），再删掉这段文字。")
        result.after = ["；".join(dropped_labels + figure.loose)]
    return result


def header_depth(table: Table) -> int:
    """2 when the first two rows are the table's header (a heading over several columns in the
    first row, the columns' own names in the second: 电话 over 滨河院区 | 大学院区), else 1."""
    if len(table.rows) < 3:
        return 1
    top, sub = _grid_row(table.rows[0]), _grid_row(table.rows[1])
    if len(top) != len(sub) or not any(cell.span > 1 for cell in table.rows[0]):
        return 1
    for (text, spanned, _), (below, _, carried) in zip(top, sub):
        if spanned and (not below.strip() or carried or len(below) > 20 or _is_value(below)):
            return 1
        if not spanned and below.strip() and not carried:
            return 1
    return 2


def _grid_row(row: list[Cell]) -> list[tuple[str, bool, bool]]:
    """A row by grid column: (text, spans several columns, carried down from above)."""
    return [(cell.text, cell.span > 1, cell.carried) for cell in row for _ in range(cell.span)]


def _is_value(text: str) -> bool:
    return bool(re.search(r"\d{3,}|\d{4}\s*[-年./]", text))


def header_columns(table: Table, report: Report | None = None) -> list[str]:
    """The column names of a table: its first row, or its two header rows read together
    (电话 over 滨河院区 → 电话（滨河院区）)."""
    if header_depth(table) == 1:
        return [cell.text for cell in table.rows[0] for _ in range(cell.span)] if table.rows else []
    columns = []
    for (top, spanned, _), (below, _, _) in zip(_grid_row(table.rows[0]), _grid_row(table.rows[1])):
        columns.append(top if not spanned else below if top in below else f"{top}（{below}）")
    if report is not None:
        report.review(Place(page=table.place.page, table=table.place.table, part=table.place.part),
                      f"表格的表头有两行（{'、'.join(c.text for c in table.rows[0] if c.span > 1)} 下面分几列），"
                      f"planpress 的表头只有一行：导入写成 {'、'.join(columns)}。",
                      "核对列名；需要时改短一些。")
    return columns


def table_node(table: Table, report: Report, title: str | None = None) -> Map:
    width = table.width()
    depth = header_depth(table)
    header, *body = table.rows or [[]]
    body = body[depth - 1:]
    columns = Seq(header_columns(table, report))
    if depth == 1 and any(cell.span > 1 for cell in header):
        report.unplaced(table.place, "表格的表头有合并的单元格；planpress 的表头每列一格，导入把合并的表头文字重复写在它跨过的每一列。",
                        "核对 columns 里重复的列名，改成各列自己的名称。")
    result = Map(type="table")
    title = title or table.title
    if title:
        result["title"] = title
    result["columns"] = columns
    rows = Seq()
    carried: list[str] = []
    for index, row in enumerate(body, 1 + depth):
        cells = Seq()
        linked: list[str] = []
        down = [str(c) for c, cell in enumerate(row, 1) if cell.carried]
        if down:
            carried.append(f"第 {index} 行第 {'、'.join(down)} 列")
        for cell in row:
            if cell.contact:
                cells.append(Map(contact=cell.contact) if cell.span == 1 else Map(contact=cell.contact, span=cell.span))
                linked.append(str(len(cells)))
            else:
                cells.append(cell.text if cell.span == 1 else Map(text=cell.text, span=cell.span))
        covered = sum(cell.span for cell in row)
        if covered < width:
            cells.extend([""] * (width - covered))
        rows.append(cells)
        if linked:
            rows.note(len(rows) - 1, f"导入：第 {'、'.join(linked)} 列原文写的是名称和号码，改为通讯录引用（号码以 contacts.yaml 为准）")
        if down:
            rows.note(len(rows) - 1, f"导入：第 {'、'.join(down)} 列在原文里与上一行纵向合并，文字重复写在这一行")
    if not rows:
        rows.append(Seq([""] * max(1, len(columns))))
        rows.note(0, "导入：原文表格只有表头，这一行是空行")
    result["rows"] = rows
    if carried:
        report.review(Place(page=table.place.page, table=table.place.table, part=table.place.part),
                      f"表格里有纵向合并的单元格（{'；'.join(carried)}）：planpress 的表格只能横向合并，"
                      "导入把合并单元格的文字写进它跨过的每一行，不丢文字。",
                      "核对这些重复的文字；需要时改写这几行（例如只在第一行写，其余行写“同上”）。")
    return result


def table_title(text: str) -> str | None:
    match = TABLE_TITLE.match(text)
    return match.group(1).strip() if match else None
