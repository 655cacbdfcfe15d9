"""A blank form (登记表) — an attachment (its code and title) or a block in a clause list (its
title) — and its content. A form of one plain grid (`form: {columns, rows}`: the columns' names and
how many empty rows) is edited here; a form written as a list of parts (fields, choices, grid,
opinion, note: model/blocks/form.py) is shown part by part as it reads and kept as written on a
save of this form (its parts are edited in the expert tab until each kind of part has its editor:
an entry in PARTS)."""

from __future__ import annotations

from typing import Any

from ...model.blocks.form import PART_NAMES
from ...sources import blocks as registry
from . import BlockEditor, EditContext
from .widgets import PREFIX, Widget, build, posted_tree, read, resolve

NEW_GRID = {"columns": ["日期", "事项", "经办人"], "rows": 10}
KEPT = "kept"  # the posted marker of a form whose parts are kept as written


def grid_part(name: str, value: Any, defs: dict, directory) -> Widget:
    fragment = {"type": "object", **resolve({"$ref": "#/$defs/form_content"}, defs)["then"]}  # the one-grid syntax
    widget = build(name, fragment, defs, value, key="form", label="表格", directory=directory)
    widget.child["columns"].label = "各栏名称（从左到右）"
    widget.child["rows"].label = "空行数"
    return widget


def kept_parts(name: str, value: Any) -> Widget:
    lines = []
    for part in value if isinstance(value, list) else []:
        kind = next((k for k in PART_NAMES if isinstance(part, dict) and k in part), "")
        lines.append((PART_NAMES.get(kind, "（无法识别的部分）"), "、".join(_texts(part.get(kind) if kind else part))[:120]))
    return Widget("parts", name, "表单内容", key="form", value=KEPT,
                  extra={"template": "blocks/form_parts.html", "parts": lines,
                         "read": lambda raw: KEPT if raw == KEPT else None})


def _texts(value: Any) -> list[str]:
    """The words of a part (labels, titles, options) in order, for showing it in one line."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, v in value.items() if key not in ("width", "rows", "lines") for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


# kind of content → (how it is recognised in the data, how its widget is made)
PARTS = {"grid": (lambda value: isinstance(value, dict) and "columns" in value,
                  lambda name, value, defs, directory: grid_part(name, value, defs, directory))}


class FormEditor(BlockEditor):
    def widgets(self, value: Any, context: EditContext) -> Widget:
        fragment, defs = self.schema()
        fragment = resolve(fragment, defs)
        properties = fragment["properties"]
        node = value if isinstance(value, dict) else {}
        root = Widget("object", PREFIX, key="")
        if self.place == registry.ATTACHMENT:
            for key in ("code", "title"):
                root.children.append(build(f"{PREFIX}.{key}", properties[key], defs, node.get(key), key=key,
                                           required=True, directory=context.directory))
            root.children[0].help = "附件编号的后缀，例如 A.02（印为 文件编号-A.02）。"
        else:
            root.children.append(build(f"{PREFIX}.type", properties["type"], defs, "form", key="type", required=True))
            root.children.append(build(f"{PREFIX}.title", properties["title"], defs, node.get("title"), key="title",
                                       directory=context.directory))
        content = node.get("form") if node else NEW_GRID
        kind = next((k for k, (recognises, _) in PARTS.items() if recognises(content)), None)
        if kind is None and isinstance(content, list):
            part = kept_parts(f"{PREFIX}.form", content)
        else:
            part = PARTS[kind or "grid"][1](f"{PREFIX}.form", content, defs, context.directory)
            part.extra["part"] = kind or "grid"
        root.children.append(part)
        return root

    def read(self, posted, context: EditContext) -> Any:
        tree = posted_tree(posted)
        form = tree.get("form") if isinstance(tree, dict) else None
        if form == KEPT:
            return read(self.widgets({"form": []}, context), tree)
        return read(self.widgets(None, context), tree)

    def written(self, value: Any, old: Any) -> Any:
        if isinstance(value, dict) and value.get("form") == KEPT:
            value = dict(value)
            if isinstance(old, dict) and "form" in old:
                value["form"] = old["form"]
            else:
                value.pop("form")
        return value

    def new_value(self) -> Any:
        return None if self.place == registry.ATTACHMENT else {"type": "form", "form": NEW_GRID}


EDITOR = FormEditor
