"""A contact table attachment's form (快速联络通信表): its code and title, the directory entries
in the order the table lists them (each shown with its numbers), and the duty phone under it.
The numbers themselves are edited in the directory (通讯录), never here."""

from __future__ import annotations

from typing import Any

from . import BlockEditor, EditContext
from .widgets import Widget, contact_choices, with_unknown


class ContactsEditor(BlockEditor):
    def widgets(self, value: Any, context: EditContext) -> Widget:
        root = super().widgets(value, context)
        listed = root.child["contacts"]  # a list of keys: as a list of pickers, in order
        keys = listed.value or []
        choices = contact_choices(context.directory)
        ordered = Widget("list", listed.name, "表格里的科室（按顺序；拖动 ⠿ 调整）", listed.help, required=True, key="contacts")
        ordered.children = [Widget("contact", f"{listed.name}.{i}", "科室", value=key, key=str(i),
                                   choices=with_unknown(choices, [key])) for i, key in enumerate(keys)]
        ordered.template = Widget("contact", f"{listed.name}.__new__", "科室", value="", key="__new__", choices=choices)
        root.children[root.children.index(listed)] = ordered
        root.child["duty"].label = "值班电话备注（印在表格下面，也印在每张卡片上）"
        root.child["code"].help = "附件编号的后缀，例如 A.01（印为 文件编号-A.01）。"
        return root


EDITOR = ContactsEditor
