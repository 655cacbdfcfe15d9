"""A note (注 / 说明): an unnumbered remark printed in a smaller type under what it stands after —
a clause, a table, a flowchart — anywhere a clause list allows a node.

    - type: note
      label: 说明          # optional; 注 by default
      text: 时限以工作日计，节假日顺延。
"""

from __future__ import annotations

from ..base import Clause
from . import BlockType
from .clause import data_paragraphs, paragraphs

DEFAULT_LABEL = "注"


def note_clause(label: str, text: str, location, anchor: str) -> Clause:
    """A note node (also the notes of a form: model/blocks/form.py)."""
    return Clause(kind="note", number="", title=label, text=text, children=(), location=location, anchor=anchor)


class Note(BlockType):
    name = "note"
    order = 60
    node_schema = "#/$defs/note"
    schema_defs = {
        "note": {
            "description": "注/说明：不编号，以小一号的字印在它前面的条款、表格或流程图下面",
            "type": "object", "additionalProperties": False, "required": ["type", "text"],
            "properties": {
                "type": {"const": "note"},
                "label": {"description": "印在前面的标签，默认“注”，例如 说明、填表说明", "$ref": "#/$defs/line"},
                "text": {"description": "注的内容", "$ref": "#/$defs/paragraphs"},
            },
        },
    }

    def data_texts(self, node, path):
        yield from data_paragraphs(node.get("text"), path + ("text",))

    def assemble(self, builder, node, numbering, path):
        return [note_clause(node.get("label", DEFAULT_LABEL), paragraphs(node["text"]), builder.at(path),
                            f"note-{builder.count('note')}")]

    def lines(self, clause):
        return [f"{clause.title}：{clause.text}"]

    def diff_items(self, clause, label):
        return [(f"{label} {clause.title}".strip(), clause.text)]


TYPE = Note()
