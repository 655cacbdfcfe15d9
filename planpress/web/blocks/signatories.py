"""The signatories' form (10 审核批准): who signs in which role, in order. Each row picks a person
of the roster (source/people.yaml), whose name, department and title print unless the row says
otherwise; the 部门 cell may also be left blank on purpose (`department: ""`). Not a block type:
the document's `signatories` list, opened from the outline's last section, saved like a block."""

from __future__ import annotations

from typing import Any

from .widgets import NEW, PREFIX, Widget, _indexed, _text, form_text, posted_tree, read

MEANINGS = [("审核", "审核"), ("批准", "批准"), ("主办", "主办")]
ROSTER, BLANK, WRITTEN = "roster", "blank", "written"


def _people(context) -> list[tuple[str, str]]:
    roster = getattr(getattr(context, "project", None), "roster", None)
    people = getattr(roster, "people", None) or {}
    return [(key, f"{p.name}（{'，'.join(x for x in (p.department, p.title) if x)}）") for key, p in people.items()]


def _department(name: str, value: Any, present: bool) -> Widget:
    mode = WRITTEN if present and value not in (None, "") else BLANK if present else ROSTER
    return Widget("line", name, "部门（审核批准表的“部门”一栏）", value=form_text(value) if mode == WRITTEN else "",
                  key="department",
                  extra={"template": "blocks/signatory_department.html", "mode": mode,
                         "modes": [(ROSTER, "取名册里的部门"), (BLANK, "这一格留空"), (WRITTEN, "写为：")],
                         "read": _read_department})


def _read_department(raw: Any) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    mode = _text(raw.get("mode")) or ROSTER
    if mode == BLANK:
        return ""
    if mode == WRITTEN:
        return _text(raw.get("text")).strip()
    return None  # not written: the roster's


def signatory_widget(name: str, value: Any, people: list[tuple[str, str]]) -> Widget:
    data = value if isinstance(value, dict) else {}
    widget = Widget("object", name, "签署人")
    person = form_text(data.get("person"))
    choices = people + ([(person, f"{person}（名册里没有）")] if person and person not in dict(people) else [])
    widget.children = [
        Widget("line", f"{name}.role", "审批角色", "例如 主办、审核、院领导批准", value=form_text(data.get("role")),
               required=True, key="role"),
        Widget("choice", f"{name}.person", "签署人（名册里的人）", "姓名、部门、职务取自名册；名册由质量管理科维护。",
               value=person, choices=choices, key="person"),
        Widget("choice", f"{name}.meaning", "签名的含义", "角色是“主办”、含“审核”或含“批准”时不用选。",
               value=form_text(data.get("meaning")), choices=MEANINGS, key="meaning"),
        _department(f"{name}.department", data.get("department"), "department" in data),
        Widget("line", f"{name}.title", "职务（不写 = 名册里的职务）", value=form_text(data.get("title")), key="title"),
        Widget("line", f"{name}.name", "姓名（选了签署人就不写；写了须与名册一致）", value=form_text(data.get("name")),
               key="name"),
    ]
    return widget


class SignatoriesEditor:
    """Shaped like a block's editor (web/blocks BlockEditor) for the node views."""

    name = "signatories"
    place = ""
    managed = None
    template = "blocks/_form.html"

    def title(self) -> str:
        return "签署人"

    def widgets(self, value: Any, context) -> Widget:
        people = _people(context)
        values = value if isinstance(value, list) else []
        root = Widget("list", PREFIX, "签署人（按审核批准表的顺序；拖动 ⠿ 调整）", required=True)
        root.children = [signatory_widget(f"{PREFIX}.{i}", v, people) for i, v in enumerate(values)]
        for i, child in enumerate(root.children):
            child.key = str(i)
        root.template = signatory_widget(f"{PREFIX}.{NEW}", None, people)
        root.template.key = NEW
        return root

    def read(self, posted, context) -> Any:
        root = self.widgets(None, context)
        raw = posted_tree(posted)
        rows = (read(root.template, item) for item in _indexed(raw))
        return [row for row in rows if any(v not in ("", None) for v in row.values())]  # untouched new rows go

    def widget_path(self, relative):
        return relative

    def written(self, value: Any, old: Any) -> Any:
        return value

    def new_value(self) -> Any:
        return []


EDITOR = SignatoriesEditor()
