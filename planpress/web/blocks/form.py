"""A blank form attachment's form (登记表): its code and title and the form's parts, each edited by
the editor of its kind. Today a form is one grid (`form: {columns, rows}`: the columns' names and
how many empty rows); a kind of part added to the form block (fields, choices, opinion …) adds an
entry to PARTS here, and a form written as a list of parts is edited part by part."""

from __future__ import annotations

from typing import Any

from . import BlockEditor, EditContext
from .widgets import PREFIX, Widget, build, posted_tree, read


def grid_part(name: str, value: Any, defs: dict, fragment: dict, directory) -> Widget:
    widget = build(name, fragment, defs, value, key="form", label="表格", directory=directory)
    widget.child["columns"].label = "各栏名称（从左到右）"
    widget.child["rows"].label = "空行数"
    return widget


# kind of part → (how it is recognised in the data, how its widget is made)
PARTS = {"grid": (lambda value: isinstance(value, dict) and "columns" in value, grid_part)}


class FormEditor(BlockEditor):
    def widgets(self, value: Any, context: EditContext) -> Widget:
        fragment, defs = self.schema()
        node = value if isinstance(value, dict) else {}
        root = Widget("object", PREFIX, key="")
        properties = fragment["properties"]
        for key in ("code", "title"):
            root.children.append(build(f"{PREFIX}.{key}", properties[key], defs, node.get(key), key=key,
                                       required=True, directory=context.directory))
        root.children[0].help = "附件编号的后缀，例如 A.02（印为 文件编号-A.02）。"
        content = node.get("form") if node else {"columns": ["日期", "事项", "经办人"], "rows": 10}
        kind = next((k for k, (recognises, _) in PARTS.items() if recognises(content)), "grid")
        part = PARTS[kind][1](f"{PREFIX}.form", content, defs, properties["form"], context.directory)
        part.extra["part"] = kind
        root.children.append(part)
        return root

    def read(self, posted, context: EditContext) -> Any:
        return read(self.widgets(None, context), posted_tree(posted))

    def new_value(self) -> Any:
        return None


EDITOR = FormEditor
