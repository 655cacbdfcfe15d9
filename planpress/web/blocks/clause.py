"""The plain clause's form: its heading (a title on a line of its own, or a label run into the
text), its paragraphs, its lettered list a. → a) → ① with each item's printed letter, and the
words linked to the directory. Its nested clauses are edited in the outline, not here."""

from __future__ import annotations

from typing import Any

from ...model.blocks.clause import MAX_LIST_DEPTH
from . import BlockEditor, EditContext
from .widgets import PREFIX, Widget, build, form_text, read

HEADING_STYLES = [("title", "单独一行的小标题（5.1 组织体系）"), ("label", "与正文同行（5.3.1 预案及响应：正文……）")]


def item_schema(depth: int) -> dict:
    """An item of the lettered list as a form sees it (the schema's item is text or a mapping)."""
    properties = {
        "text": {"description": "这一项的文字", "$ref": "#/$defs/text"},
        "label": {"description": "同行的标签（可不写）", "$ref": "#/$defs/line"},
        "mentions": {"$ref": "#/$defs/mentions"},
    }
    if depth + 1 < MAX_LIST_DEPTH:
        properties["items"] = {"description": "下一层 " + ("a) b) c)" if depth == 0 else "① ② ③"), "type": "array",
                               "items": item_schema(depth + 1)}
    return {"type": "object", "properties": properties, "required": ["text"]}


def item_value(item: Any) -> Any:
    """An item as its form shows it: a mapping, its own items too."""
    if isinstance(item, str):
        return {"text": item}
    if isinstance(item, dict) and isinstance(item.get("items"), list):
        return {**item, "items": [item_value(i) for i in item["items"]]}
    return item


def compact(items: list) -> list:
    """Items of text only are written as text (as the seed writes them)."""
    result = []
    for item in items:
        if isinstance(item, dict) and "items" in item:
            item = {**item, "items": compact(item["items"])}
        result.append(item["text"] if isinstance(item, dict) and set(item) == {"text"} else item)
    return result


class ClauseEditor(BlockEditor):
    label = "条款"
    managed = frozenset({"title", "label", "text", "mentions", "items"})

    def widgets(self, value: Any, context: EditContext) -> Widget:
        fragment, defs = self.schema()
        node = {"text": value} if isinstance(value, str) else (value if isinstance(value, dict) else {})
        root = Widget("object", PREFIX, key="")
        style = "label" if node.get("label") else "title"
        root.children.append(Widget("choice", f"{PREFIX}.style", "标题的印法", value=style, key="style",
                                    choices=HEADING_STYLES))
        root.children.append(Widget("line", f"{PREFIX}.heading", "标题", "不写编号：编号由系统生成。可以不写标题。",
                                    value=form_text(node.get("label") or node.get("title")), key="heading"))
        root.children.append(build(f"{PREFIX}.text", {"description": "正文：每段一行；有下一级条款时是它们前面不编号的引导文字",
                                                      "$ref": "#/$defs/paragraphs"}, defs, node.get("text"), key="text",
                                   directory=context.directory))
        items = [item_value(i) for i in node.get("items") or []]
        root.children.append(build(f"{PREFIX}.items", {"description": "字母列表 a. b. c.（每项可再分 a) b) → ①）", "type": "array",
                                                       "items": item_schema(0)}, defs, items, key="items",
                                   directory=context.directory))
        root.children.append(build(f"{PREFIX}.mentions", {"$ref": "#/$defs/mentions"}, defs, node.get("mentions"),
                                   key="mentions", label="正文里的称呼 → 通讯录", directory=context.directory))
        self.number(root, context)
        return root

    def read(self, posted, context: EditContext) -> Any:
        root = self.widgets(None, context)
        from .widgets import posted_tree

        data = read(root, posted_tree(posted))
        heading = data.pop("heading", "")
        style = data.pop("style", "title")
        node: dict = {}
        if heading:
            node["label" if style == "label" else "title"] = heading
        for name in ("text", "mentions"):
            if data.get(name):
                node[name] = data[name]
        if data.get("items"):
            node["items"] = compact(data["items"])
        return node

    def widget_path(self, relative):
        if relative[:1] in (("title",), ("label",)):
            return ("heading",)
        return relative

    def written(self, value: Any, old: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"text"} and isinstance(value["text"], str) \
                and not isinstance(old, dict):
            return value["text"]  # a paragraph clause, as the files write one
        return value

    def new_value(self) -> Any:
        return {}


EDITOR = ClauseEditor
