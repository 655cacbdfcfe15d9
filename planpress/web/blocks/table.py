"""A table's form, Word-like: its title, the header row and the rows as a grid of cells, each cell
text or a directory contact (shown with the numbers it prints), spanning one or more columns;
rows and columns added and removed in the page (frontend/blocks.js, planpressTable)."""

from __future__ import annotations

from typing import Any

from . import BlockEditor, EditContext
from .widgets import PREFIX, Widget, contact_choices, form_text, posted_tree, with_unknown


def cell_value(cell: Any) -> dict:
    if isinstance(cell, dict):
        return {"text": form_text(cell.get("text")), "contact": form_text(cell.get("contact")),
                "span": cell.get("span", 1) if isinstance(cell.get("span"), int) else form_text(cell.get("span") or 1)}
    return {"text": form_text(cell), "contact": "", "span": 1}


class TableEditor(BlockEditor):
    label = "表格"

    def widgets(self, value: Any, context: EditContext) -> Widget:
        node = value if isinstance(value, dict) else {}
        root = Widget("object", PREFIX, key="")
        root.children.append(Widget("const", f"{PREFIX}.type", value="table", key="type"))
        root.children.append(Widget("line", f"{PREFIX}.title", "表题", "印为“表 N 表题”；N 由系统按全文顺序生成。",
                                    value=form_text(node.get("title")), key="title"))
        columns = node.get("columns") if isinstance(node.get("columns"), list) else ["", ""]
        header = Widget("row", f"{PREFIX}.columns", "表头", key="columns")
        header.children = [Widget("line", f"{PREFIX}.columns.{c}", f"第 {c + 1} 列", value=form_text(name), key=str(c))
                           for c, name in enumerate(columns)]
        rows = node.get("rows") if isinstance(node.get("rows"), list) else [[""] * len(columns)]
        printed = self._printed(context)
        choices = contact_choices(context.directory)
        grid = Widget("rows", f"{PREFIX}.rows", "各行", key="rows")
        for r, row in enumerate(rows):
            line = Widget("row", f"{PREFIX}.rows.{r}", f"第 {r + 1} 行", key=str(r))
            for c, cell in enumerate(row if isinstance(row, list) else []):
                values = cell_value(cell)
                shown = printed[r][c] if r < len(printed) and c < len(printed[r]) else ""
                line.children.append(Widget("cell", f"{PREFIX}.rows.{r}.{c}", key=str(c), value=values,
                                            choices=with_unknown(choices, [values["contact"]]),
                                            extra={"printed": shown if values["contact"] else ""}))
            grid.children.append(line)
        root.children += [header, grid]
        root.extra["choices"] = choices
        root.extra["width"] = len(columns)
        return root

    def _printed(self, context: EditContext) -> list[list[str]]:
        """What each cell prints (a contact cell: its name and numbers), from the model."""
        clause = context.clause_at(())
        table = getattr(clause, "block", None)
        return [[cell.text for cell in row] for row in table.rows] if table is not None and hasattr(table, "rows") else []

    def read(self, posted, context: EditContext) -> Any:
        raw = posted_tree(posted)
        node: dict = {"type": "table"}
        title = _text(raw.get("title")).strip()
        if title:
            node["title"] = title
        node["columns"] = [_text(v).strip() for _, v in _ordered(raw.get("columns"))]
        rows = []
        for _, row in _ordered(raw.get("rows")):
            cells = [_cell(cell) for _, cell in _ordered(row)]
            if cells and not all(c == "" for c in cells) or (cells and len(cells) != len(node["columns"])):
                rows.append(cells)
        node["rows"] = rows
        return node

    def widget_path(self, relative):
        if len(relative) > 3 and relative[0] == "rows":
            return relative[:3]
        return relative


def _ordered(raw: Any) -> list[tuple[int, Any]]:
    if not isinstance(raw, dict):
        return []
    return sorted((int(k), v) for k, v in raw.items() if k.isdigit())


def _text(raw: Any) -> str:
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    return raw if isinstance(raw, str) else ""


def _cell(raw: Any) -> Any:
    """A posted cell as the file writes it: text, {contact: key}, or {text: …, span: n}."""
    raw = raw if isinstance(raw, dict) else {"text": raw}
    text = _text(raw.get("text")).strip()
    contact = _text(raw.get("contact")).strip()
    span_text = _text(raw.get("span")).strip() or "1"
    span: Any = int(span_text) if span_text.isdigit() and 0 < len(span_text) < 4 else span_text
    if contact:
        return {"contact": contact, **({"span": span} if span != 1 else {})}
    if span != 1:
        return {"text": text, "span": span}
    return text


EDITOR = TableEditor
