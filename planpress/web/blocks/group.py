"""A team's form (组织机构): its title and text, a. 人员构成 one role a row with its members on one
line, b. 人员职责 one duty a row, each with the letter it prints with."""

from __future__ import annotations

import re
from typing import Any

from . import BlockEditor, EditContext
from .widgets import PREFIX, Widget, build, posted_tree, read

_MEMBERS_APART = re.compile(r"[、,，;；\n]+")


class GroupEditor(BlockEditor):
    label = "小组"

    def widgets(self, value: Any, context: EditContext) -> Widget:
        root = super().widgets(value, context)
        composition = root.child["composition"]
        composition.label = "a. 人员构成：每行一个角色"
        for row in [*composition.children, composition.template]:
            members = row.child["members"]
            names = [c.value for c in members.children]
            row.children[row.children.index(members)] = Widget(
                "line", members.name, "人员（用顿号“、”分开）", value="、".join(n for n in names if n), key="members",
                required=True, extra={"members": True})
        root.child["duties"].label = "b. 人员职责：每行一条（印为 a) b) c)）"
        return root

    def read(self, posted, context: EditContext) -> Any:
        root = self.widgets(None, context)
        data = read(root, posted_tree(posted))
        for row in data.get("composition", []):
            if isinstance(row.get("members"), str):
                row["members"] = [m.strip() for m in _MEMBERS_APART.split(row["members"]) if m.strip()]
        data["composition"] = [row for row in data.get("composition", []) if row.get("role") or row.get("members")]
        return data

    def widget_path(self, relative):
        if len(relative) > 3 and relative[0] == "composition" and relative[2] == "members":
            return relative[:3]
        return relative


EDITOR = GroupEditor
