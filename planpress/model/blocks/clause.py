"""The plain clause: a paragraph (a string) or a mapping with title / label / text / items /
clauses. Numbered by depth (5 → 5.1 → 5.1.1), its lettered list a. → a) → ①."""

from __future__ import annotations

from collections.abc import Iterator

from ...sources.blocks import PLAIN
from ..base import Clause, anchor_of
from . import BlockType

LIST_LEVELS = (("letter", "{}."), ("subletter", "{})"), ("circled", ""))  # a. · a) · ①
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
MAX_LIST_DEPTH = len(LIST_LEVELS)


def letter(index: int) -> str:
    """a, b, … z, aa, ab, … (a list rarely has more than 26 items)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def list_label(depth: int, index: int) -> str:
    kind, form = LIST_LEVELS[depth]
    if kind == "circled":
        return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"
    return form.format(letter(index))


def paragraphs(value: str | list[str] | None) -> str:
    """A text of one or several paragraphs, as the model keeps it (joined by newlines)."""
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else value


def data_items(node: dict, path: tuple, depth: int = 0) -> Iterator[tuple[tuple, object, int]]:
    """A clause's lettered list, nested items included, with their depth (0 = a.)."""
    for index, item in enumerate(node.get("items") or []):
        here = path + ("items", index)
        yield here, item, depth
        if isinstance(item, dict):
            yield from data_items(item, here, depth + 1)


def data_paragraphs(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        yield from ((path + (i,), text) for i, text in enumerate(value) if isinstance(text, str))


def joined(value) -> str:
    if isinstance(value, list):
        return "\n".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


class PlainClause(BlockType):
    numbered = True
    name = PLAIN
    order = 0
    kinds = ("clause", "letter", "subletter", "circled")
    node_schema = "#/$defs/clause"
    schema_defs = {
        "clause": {
            "type": "object", "additionalProperties": False, "minProperties": 1,
            "properties": {
                "title": {"description": "小标题：“5.1 组织体系”", "$ref": "#/$defs/line"},
                "label": {"description": "与正文同行的标签：“5.3.1 预案及响应：正文”", "$ref": "#/$defs/line"},
                "text": {"description": "正文；有下一级条款时是标题下不编号的引导文字", "$ref": "#/$defs/paragraphs"},
                "mentions": {"$ref": "#/$defs/mentions"},
                "items": {"description": "条款下的字母列表 a. b. c.（每项可再有 items：a) b) → ①）", "type": "array",
                          "minItems": 1, "items": {"$ref": "#/$defs/item"}},
                "clauses": {"description": "下一级条款", "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
            },
        },
        "item": {
            "description": "字母列表的一项：一段文字，或带 label / mentions / items 的一项",
            "type": ["string", "object"],
            "if": {"type": "object"},
            "then": {
                "additionalProperties": False, "required": ["text"],
                "properties": {
                    "label": {"$ref": "#/$defs/line"},
                    "text": {"$ref": "#/$defs/text"},
                    "mentions": {"$ref": "#/$defs/mentions"},
                    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
                },
            },
            "else": {"$ref": "#/$defs/text"},
        },
    }

    # -- data ----------------------------------------------------------------------------------

    def data_lists(self, node, path):
        if isinstance(node, dict) and isinstance(node.get("clauses"), list):
            yield path + ("clauses",), node["clauses"]

    def data_texts(self, node, path):
        if isinstance(node, str):
            yield path, node
            return
        yield from data_paragraphs(node.get("text"), path + ("text",))
        for item_path, item, _ in data_items(node, path):
            if isinstance(item, str):
                yield item_path, item
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                yield item_path + ("text",), item["text"]

    def data_mentions(self, node, path):
        if not isinstance(node, dict):
            return
        if isinstance(node.get("mentions"), dict):
            yield path, joined(node.get("text")), node["mentions"]
        for item_path, item, _ in data_items(node, path):
            if isinstance(item, dict) and isinstance(item.get("mentions"), dict):
                yield item_path, item.get("text", ""), item["mentions"]

    def check(self, rules, path, node):
        if not isinstance(node, dict):
            return
        styles = rules.frame.numbering
        for item_path, _, depth in data_items(node, path):
            if not styles.items and depth >= MAX_LIST_DEPTH:
                rules.error(item_path, "字母列表最多三层（a. → a) → ①）。",
                            "更深的内容写成下一级条款（clauses），它们会编号为 5.1.1.1 这样。")
            elif styles.items and depth >= len(styles.items):
                rules.error(item_path, f"列表最多 {len(styles.items)} 层（{styles.samples(styles.items)}），"
                                       f"框架“{rules.frame.name}”只规定了这几层的编号。",
                            "更深的内容写成下一级条款（clauses），或在 planpress.yaml 的这个框架的 item_numbering 里加一层。")
        if node.get("title") and node.get("label"):
            rules.error(path + ("label",), "一条条款里 title 和 label 只能写一个。",
                        "title 是单独一行的小标题，label 是与正文同行的标签（“预案及响应：……”）。", key=True)

    # -- model ---------------------------------------------------------------------------------

    def assemble(self, builder, node, numbering, path):
        n = numbering()
        if isinstance(node, str):
            return [n.clause(kind="clause", title="", text=node, children=(), location=builder.at(path))]
        label = node.get("label")
        items = self.items(builder, node.get("items", ()), 0, n.anchor, path + ("items",))
        children = builder.nodes(node.get("clauses", ()), n.children(), path + ("clauses",))
        return [n.clause(kind="clause", title=label or node.get("title", ""), text=paragraphs(node.get("text")),
                         children=items + children, location=builder.at(path), run_in=bool(label),
                         mentions=builder.mentions(node.get("mentions")))]

    def items(self, builder, items, depth: int, anchor: str, path: tuple) -> tuple[Clause, ...]:
        """A lettered list: a. b. c. under a clause, a) b) under an item, ① ② under that (or the
        frame's item styles: （一） → 1. → （1））."""
        result = []
        kind = LIST_LEVELS[min(depth, len(LIST_LEVELS) - 1)][0]
        style = builder.styles.item_style_name(depth)
        for index, item in enumerate(items):
            label = builder.item_label(depth, index)
            here = builder.item_anchor(anchor, depth, index, label)
            if isinstance(item, str):
                item = {"text": item}
            children = self.items(builder, item.get("items", ()), depth + 1, here, path + (index, "items"))
            result.append(Clause(kind=kind, number=label, title=item.get("label", ""), text=item["text"],
                                 children=children, location=builder.at(path + (index,)),
                                 mentions=builder.mentions(item.get("mentions")), anchor=anchor_of(here),
                                 style=style))
        return tuple(result)


TYPE = PlainClause()
