"""An attachment of free clauses (附件正文): its code and title here; its clauses are edited in
the outline, like a section's."""

from __future__ import annotations

from typing import Any

from . import BlockEditor, EditContext
from .widgets import Widget


class ClausesEditor(BlockEditor):
    managed = frozenset({"code", "title"})

    def widgets(self, value: Any, context: EditContext) -> Widget:
        root = super().widgets(value, context)
        root.children = [c for c in root.children if c.key != "clauses"]
        return root

    def new_value(self) -> Any:
        return {"code": "", "title": "", "clauses": ["（在大纲里编辑附件正文）"]}


EDITOR = ClausesEditor
