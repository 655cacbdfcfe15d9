"""A blank form attachment (登记表) to print and fill in: its columns and how many empty rows,
printed on a page of its own under the document's header."""

from __future__ import annotations

from ...sources.blocks import ATTACHMENT
from ..base import Attachment, frozen
from . import BlockType


@frozen
class Form:
    columns: tuple[str, ...]
    rows: int


class FormKind(BlockType):
    name = "form"
    places = (ATTACHMENT,)
    order = 20
    kinds = ()
    label = "空白表单"
    choice = "空白表单写 form（columns 和 rows）"
    attachment_fields = {
        "form": {"description": "空白表单：各列名称和空行数，单独一页打印", "type": "object", "additionalProperties": False,
                 "required": ["columns", "rows"],
                 "properties": {"columns": {"type": "array", "minItems": 1, "maxItems": 12, "items": {"$ref": "#/$defs/line"}},
                                "rows": {"description": "空行数", "type": "integer", "minimum": 1, "maximum": 40}}},
    }

    def assemble_attachment(self, builder, item, common):
        return Attachment(**common, kind=self.name, content=Form(tuple(item["form"]["columns"]), item["form"]["rows"]))

    def attachment_fingerprint(self, attachment, shown):
        form = attachment.content
        return {"code": attachment.code, "title": attachment.title, "form": {"columns": list(form.columns), "rows": form.rows}}

    def attachment_lines(self, doc, attachment):
        return [" | ".join(attachment.content.columns)]

    def attachment_texts(self, attachment):
        return ((column, attachment.location) for column in attachment.content.columns)

    def attachment_diff_items(self, doc, attachment, prefix):
        form = attachment.content
        return [(f"{prefix}：表单各栏", " | ".join(form.columns)), (f"{prefix}：表单行数", f"{form.rows} 行")]


TYPE = FormKind()
