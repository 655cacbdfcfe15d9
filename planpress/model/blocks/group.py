"""A team (组织机构): its text, a.人员构成 with one line per role, b.人员职责 as a) b) c) — as 5.1.1
of the seed."""

from __future__ import annotations

from ..base import Clause, anchor_of
from . import BlockType
from .clause import data_paragraphs, joined, letter, paragraphs

COMPOSITION_LABEL = "人员构成"
DUTIES_LABEL = "人员职责"


class Group(BlockType):
    numbered = True
    name = "group"
    order = 10
    kinds = ("roster",)  # 组长：分管院长 — one line of the composition
    node_schema = "#/$defs/group"
    schema_defs = {
        "group": {
            "description": "一个小组：组成（按角色）和职责",
            "type": "object", "additionalProperties": False, "required": ["type", "text", "composition"],
            "properties": {
                "type": {"const": "group"},
                "title": {"$ref": "#/$defs/line"},
                "text": {"description": "成立小组的说明", "$ref": "#/$defs/paragraphs"},
                "mentions": {"$ref": "#/$defs/mentions"},
                "composition": {"description": "a. 人员构成", "type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": False, "required": ["role", "members"],
                    "properties": {"role": {"$ref": "#/$defs/line"},
                                   "members": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/line"}}}}},
                "duties": {"description": "b. 人员职责", "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/text"}},
            },
        },
    }

    def data_texts(self, node, path):
        yield from data_paragraphs(node.get("text"), path + ("text",))
        for d, duty in enumerate(node.get("duties") or []):
            yield path + ("duties", d), duty

    def data_mentions(self, node, path):
        if isinstance(node.get("mentions"), dict):
            yield path, joined(node.get("text")), node["mentions"]

    def assemble(self, builder, node, numbering, path):
        n = numbering()
        anchor = n.anchor
        composition, duties = builder.item_label(0, 0), builder.item_label(0, 1)  # a. b.
        style = builder.styles.item_style_name(0)
        roster = tuple(
            Clause(kind="roster", number="", title=entry["role"], text="、".join(entry["members"]), children=(),
                   location=builder.at(path + ("composition", r)), anchor=anchor_of(f"{anchor}.a.{r + 1}"))
            for r, entry in enumerate(node["composition"]))
        letters = [Clause(kind="letter", number=composition, title=COMPOSITION_LABEL, text="", children=roster,
                          location=builder.at(path + ("composition",)), anchor=anchor_of(f"{anchor}.a"), style=style)]
        if node.get("duties"):
            duties_style = builder.styles.item_style_name(1)
            items = tuple(
                Clause(kind="subletter", number=builder.item_label(1, d), title="", text=text, children=(),
                       location=builder.at(path + ("duties", d)), anchor=anchor_of(f"{anchor}.b.{letter(d)}"),
                       style=duties_style)
                for d, text in enumerate(node["duties"]))
            letters.append(Clause(kind="letter", number=duties, title=DUTIES_LABEL, text="", children=items,
                                  location=builder.at(path + ("duties",)), anchor=anchor_of(f"{anchor}.b"), style=style))
        return [n.clause(kind="clause", title=node.get("title", ""), text=paragraphs(node["text"]),
                         children=tuple(letters), location=builder.at(path),
                         mentions=builder.mentions(node.get("mentions")))]

    def lines(self, clause):
        return [f"{clause.title}：{clause.text}"]

    def diff_items(self, clause, label):
        return [(f"{label} {clause.title}".strip(), f"{clause.title}：{clause.text}")]


TYPE = Group()
