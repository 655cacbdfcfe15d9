"""An attachment of free clauses (附件正文): written like a section, numbered 1, 1.1 … inside it."""

from __future__ import annotations

from ...sources.blocks import ATTACHMENT
from ..base import Attachment
from . import BlockType


class ClausesKind(BlockType):
    name = "clauses"
    places = (ATTACHMENT,)
    order = 30
    kinds = ()
    label = "附件正文"
    choice = "附件正文写 clauses（条款）"
    attachment_fields = {
        "clauses": {"description": "附件正文：条款的列表", "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/node"}},
    }

    def data_attachment_lists(self, attachment, path):
        if isinstance(attachment.get("clauses"), list):
            yield path + ("clauses",), attachment["clauses"]

    def assemble_attachment(self, builder, item, common):
        path = ("attachments", common["ordinal"] - 1, "clauses")
        clauses = builder.nodes(item["clauses"], builder.attachment_parent(common["ordinal"]), path)
        return Attachment(**common, kind=self.name, clauses=clauses)

    def attachment_fingerprint(self, attachment, shown):
        from ..fingerprint import clause_form

        return {"code": attachment.code, "title": attachment.title,
                "clauses": [clause_form(c, shown) for c in attachment.clauses]}


TYPE = ClausesKind()
