"""Laws, standards and hospital documents a document follows (标准/依据): each a numbered clause
《名称》（文号），自……起施行。 (or 实施, 执行, 生效: `verb`, as the law itself says; a year alone when
only the year is known: 自2007年起施行). With a title, one clause of that title holds them (7.1 法律法规)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from ... import dates
from ..base import Clause, anchor_of, frozen
from . import BlockType


VERBS = ("施行", "实施", "执行", "生效")  # as the reference itself says it comes into force; 施行 unless written


@frozen
class Reference:
    title: str
    effective: dt.date | int | None  # an int is a year known without month and day
    code: str | None = None  # 文号 or standard number
    verb: str = VERBS[0]


def reference_text(ref: Reference) -> str:
    code = f"（{ref.code}）" if ref.code else ""
    if ref.effective is None:
        return f"《{ref.title}》{code}"
    return f"《{ref.title}》{code}，自{dates.chinese(ref.effective)}起{ref.verb}。"


def _date_or_year(value: Any):
    if value is None:
        return None
    text = str(value)
    return int(text) if len(text) == 4 else dates.parse(text)


class References(BlockType):
    numbered = True
    name = "references"
    order = 50
    kinds = ("reference",)
    node_schema = "#/$defs/references"
    schema_defs = {
        "references": {
            "description": "法律法规、标准、院内文件",
            "type": "object", "additionalProperties": False, "required": ["type", "items"],
            "properties": {
                "type": {"const": "references"},
                "title": {"description": "类别，例如 法律法规；有类别时印为一条带标题的条款", "$ref": "#/$defs/line"},
                "items": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "additionalProperties": False, "required": ["title"],
                    "properties": {"title": {"description": "名称（不含书名号）", "$ref": "#/$defs/line"},
                                   "code": {"description": "文号或标准编号，例如 国务院令第149号、GB/T 29639-2020",
                                            "$ref": "#/$defs/line"},
                                   "effective": {"description": "施行日期 YYYY-MM-DD，或只写年份",
                                                 "$ref": "#/$defs/date_or_year"},
                                   "verb": {"description": "“自……起”后面的词，照原文写：施行（默认）、实施、执行或生效",
                                            "enum": list(VERBS)}}}},
            },
        },
    }

    def assemble(self, builder, node, numbering, path):
        if "title" not in node:  # each reference is a clause of the list it stands in
            return [self.numbered(builder, item, numbering(), path + ("items", r))
                    for r, item in enumerate(node["items"])]
        n = numbering()
        inner = builder.counter(n.children())
        refs = tuple(self.numbered(builder, item, inner(), path + ("items", r)) for r, item in enumerate(node["items"]))
        return [n.clause(kind="clause", title=node["title"], text="", children=refs, location=builder.at(path))]

    @classmethod
    def numbered(cls, builder, item: dict, n, path: tuple) -> Clause:
        """A reference with the number `n` the frame's style gave it."""
        return dataclasses.replace(cls.reference(builder, item, n.number, n.anchor, path), level=n.level, style=n.style)

    @staticmethod
    def reference(builder, item: dict, number: str, anchor: str, path: tuple) -> Clause:
        ref = Reference(item["title"], _date_or_year(item.get("effective")), item.get("code"), item.get("verb", VERBS[0]))
        return Clause(kind="reference", number=number, title="", text=reference_text(ref), children=(),
                      location=builder.at(path), anchor=anchor_of(anchor))


TYPE = References()
