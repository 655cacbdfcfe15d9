"""A table where it stands in the clause tree: a header row and rows of cells; a cell is text, or a
directory contact shown with its numbers at the document's campuses. Counted through the
document (表 N) without taking a clause number."""

from __future__ import annotations

from ...problems import Location
from ..base import Campus, Clause, Contact, frozen
from . import BlockType


@frozen
class Cell:
    """A table cell: text, or a directory contact shown with its numbers at the document's campuses."""

    text: str  # what a reader sees (for a contact: its name and numbers)
    contact: Contact | None = None
    span: int = 1


@frozen
class Table:
    number: int  # 表 N, counted through the document
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    location: Location
    widths: tuple[int, ...] = ()  # shares of the width as the source declares them (none: balanced from the content)

    @property
    def caption(self) -> str:
        return f"表 {self.number} {self.title}" if self.title else ""


def contact_text(contact: Contact, campuses: tuple[Campus, ...]) -> str:
    """A contact as a table cell shows it: 保卫科 3216565, or 保卫科 滨河院区 3216565 / 大学院区 3212755."""
    numbers = [contact.phone_at(c.key) or "" for c in campuses]
    if len(set(numbers)) == 1:
        return f"{contact.name} {numbers[0]}".rstrip()
    return f"{contact.name} " + " / ".join(f"{c.name} {n}" for c, n in zip(campuses, numbers))


class TableType(BlockType):
    name = "table"
    order = 30
    node_schema = "#/$defs/table"
    schema_defs = {
        "cell": {
            "description": "表格的一格：文字；{contact: 通讯录的键}（显示名称和号码）；或 {text: 文字, span: 跨几列}",
            "type": ["string", "object"],
            "if": {"type": "object"},
            "then": {
                "additionalProperties": False, "minProperties": 1,
                "properties": {
                    "text": {"type": "string"},
                    "contact": {"$ref": "#/$defs/key"},
                    "span": {"type": "integer", "minimum": 1, "maximum": 20},
                },
            },
            "else": {"type": "string"},
        },
        "table": {
            "description": "表格：表头一行，各行按列填写",
            "type": "object", "additionalProperties": False, "required": ["type", "columns", "rows"],
            "properties": {
                "type": {"const": "table"},
                "title": {"description": "表题（印为“表 N 表题”）", "$ref": "#/$defs/line"},
                "columns": {"description": "表头：每列的名称", "type": "array", "minItems": 1, "maxItems": 20,
                            "items": {"$ref": "#/$defs/line"}},
                "widths": {"description": "各列的宽度（份数，例如 [1, 4, 2]）；不写时按内容分配", "type": "array",
                           "minItems": 1, "maxItems": 20, "items": {"type": "integer", "minimum": 1, "maximum": 100}},
                "rows": {"type": "array", "minItems": 1,
                         "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/cell"}}},
            },
        },
    }

    def check(self, rules, path, node):
        width = len(node["columns"])
        if "widths" in node and len(node["widths"]) != width:
            rules.error(path + ("widths",), f"widths 写了 {len(node['widths'])} 列的宽度，表头有 {width} 列。",
                        "每列写一个数（份数），或删掉 widths：宽度按内容分配。")
        for r, row in enumerate(node["rows"]):
            spans = sum(cell.get("span", 1) if isinstance(cell, dict) else 1 for cell in row)
            if spans != width:
                rules.error(path + ("rows", r), f"表格的第 {r + 1} 行有 {spans} 格，表头有 {width} 列。",
                            "每行的格数（跨列的格按 span 计）要与 columns 一样多；空格写 \"\"。")
            for c, cell in enumerate(row):
                if isinstance(cell, dict):
                    if "contact" in cell:
                        if "text" in cell:
                            rules.error(path + ("rows", r, c), "一格里 contact 和 text 只能写一个。",
                                        "contact 格显示通讯录里的名称和号码，不另写文字。")
                        rules.contact_key(path + ("rows", r, c, "contact"), cell["contact"], campuses_needed=True)
                    elif "text" not in cell:
                        rules.error(path + ("rows", r, c), "这一格没有内容。", "写 text: 文字，或 contact: 通讯录的键。")

    def assemble(self, builder, node, numbering, path):
        rows = tuple(tuple(self.cell(builder, cell) for cell in row) for row in node["rows"])
        table = Table(builder.count("table"), node.get("title", ""), tuple(node["columns"]), rows, builder.at(path),
                      tuple(node.get("widths", ())))
        return [Clause(kind="table", number="", title=table.caption, text="", children=(), location=table.location,
                       anchor=f"table-{table.number}", block=table)]

    @staticmethod
    def cell(builder, cell) -> Cell:
        if isinstance(cell, str):
            return Cell(cell)
        span = cell.get("span", 1)
        if "contact" in cell:
            contact = builder.directory.contacts[cell["contact"]]
            return Cell(contact_text(contact, builder.campuses), contact, span)
        return Cell(cell.get("text", ""), None, span)

    def fingerprint(self, clause, shown):
        table = clause.block
        form = {"columns": list(table.columns), "rows": [[[cell.text, cell.span] for cell in row] for row in table.rows]}
        if table.widths:  # documents without declared widths keep the form they were approved with
            form["widths"] = list(table.widths)
        return form

    def lines(self, clause):
        table = clause.block
        lines = [table.caption] if table.caption else []
        lines.append(" | ".join(table.columns))
        lines += [" | ".join(cell.text for cell in row) for row in table.rows]
        return lines

    def texts(self, clause):
        table = clause.block
        yield table.caption, table.location
        yield from ((column, table.location) for column in table.columns)
        yield from ((cell.text, table.location) for row in table.rows for cell in row)

    def diff_items(self, clause, label):
        """A table row by row, its header first: each compared as a clause."""
        table = clause.block
        label = f"{label} 表 {table.number}".strip()
        items = [(f"{label} 表头", " | ".join(table.columns))]
        items += [(f"{label} 第 {r} 行", " | ".join(cell.text for cell in row)) for r, row in enumerate(table.rows, start=1)]
        if table.title:
            items.insert(0, (f"{label} 表题", table.title))
        return items

    def contacts(self, clause):
        return (cell.contact for row in clause.block.rows for cell in row if cell.contact)


TYPE = TableType()
