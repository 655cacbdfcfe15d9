"""A blank form (登记表, 申请单) — an attachment (its code and title) or a block in a clause list
(its title) — edited part by part, as model/blocks/form.py describes it: each part is one line of
fields (a label and a blank, the date blanks, or checkboxes), a group of checkboxes, a grid (its
columns, merged header cells over sub-columns, empty rows or rows printed in advance), an opinion
box (its room to write and its signature line) or a note. Parts, fields, options, columns and
rows are added, removed and moved in the page like any list of a form (frontend/blocks.js).

What is read back is written the shortest way that prints the same (a field of a label only is
the label); on a save, every part, field, option, column and cell that prints as before is kept
as the file had it, so a save touches only what the editor changed (yamltree writes the rest
byte for byte). A form of one plain grid keeps the first syntax, `form: {columns, rows}`. A part
the form cannot show (nested deeper than the schema allows, several kinds in one item) is kept
as written, for `check` to explain, and edited in the expert tab."""

from __future__ import annotations

import json
import re
from typing import Any

from ...model.blocks.form import (BLANK_WIDTH, DEFAULT_SIGN, MAX_HEADER_ROWS, OPINION_LINES, PART_NAMES, _column,
                                  _field, _option)
from ...model.base import Clause
from ...model.blocks.note import DEFAULT_LABEL
from ...sources import blocks as registry
from . import BlockEditor, EditContext
from .widgets import NEW, PREFIX, Widget, _indexed, _multiline, _text, build, form_text, posted_tree, resolve
from .widgets import read as read_widget

NEW_GRID = {"columns": ["日期", "事项", "经办人"], "rows": 10}
KEPT = "kept"
FIELD_KINDS = [("blank", "空白"), ("date", "日期（____年__月__日）"), ("options", "勾选项")]
_WHOLE = re.compile(r"[1-9][0-9]{0,5}")
# the signature line an opinion box prints when it names none, as the form shows it
DEFAULT_SIGN_DATA = [f.label if f.date else {"label": f.label, "width": f.width} for f in DEFAULT_SIGN]


# -- widgets -------------------------------------------------------------------------------------------

def _line(name: str, label: str, value: Any = "", help: str = "") -> Widget:
    return Widget("line", name, label, help, value=form_text(value), key=name.rsplit(".", 1)[1])


def _integer(name: str, label: str, value: Any = "", help: str = "") -> Widget:
    return Widget("integer", name, label, help, value=form_text(value), key=name.rsplit(".", 1)[1])


def _list(name: str, label: str, values: list, make, help: str = "") -> Widget:
    widget = Widget("list", name, label, help, key=name.rsplit(".", 1)[1])
    widget.children = [make(f"{name}.{i}", v) for i, v in enumerate(values)]
    for i, child in enumerate(widget.children):
        child.key = str(i)
    widget.template = make(f"{name}.{NEW}", None)
    widget.template.key = NEW
    return widget


def _listed(value: Any) -> list:
    return value if isinstance(value, list) else []


def option_widget(name: str, value: Any) -> Widget:
    data = value if isinstance(value, dict) else {"text": value} if value is not None else {}
    widget = Widget("object", name, "选项", extra={"template": "blocks/form_inline.html", "read": read_option})
    widget.children = [_line(f"{name}.text", "选项文字", data.get("text")),
                       _integer(f"{name}.width", "后留空白（字）", data.get("width"))]
    return widget


def field_widget(name: str, value: Any) -> Widget:
    data = value if isinstance(value, dict) else {"label": value} if value is not None else {}
    kind = "blank"
    if isinstance(data.get("options"), list) and data["options"]:
        kind = "options"
    elif data.get("label") is not None:
        try:
            kind = "date" if _field(value).date else "blank"
        except (KeyError, TypeError, AttributeError):
            kind = "date" if data.get("date") is True else "blank"
    width = data.get("width", BLANK_WIDTH if kind == "blank" and value is not None else "")
    widget = Widget("formfield", name, "填写项", extra={"template": "blocks/form_field.html", "read": read_field})
    widget.children = [
        _line(f"{name}.label", "标签", data.get("label")),
        Widget("choice", f"{name}.kind", "后面是", value=kind, choices=FIELD_KINDS, key="kind"),
        _integer(f"{name}.width", "空白宽度（字数）", width),
        _line(f"{name}.after", "空白后的字", data.get("after")),
        _list(f"{name}.options", "勾选项", _listed(data.get("options")), option_widget),
    ]
    return widget


def column_widget(name: str, value: Any, depth: int = 1) -> Widget:
    data = value if isinstance(value, dict) else {"title": value} if value is not None else {}
    widget = Widget("object", name, "列" if depth == 1 else "下一层的列",
                    extra={"template": "blocks/form_column.html", "read": lambda raw: read_column(raw, depth)})
    widget.children = [_line(f"{name}.title", "列名", data.get("title")),
                       Widget("line", f"{name}.width", "列宽（字数，可不写）", value=form_text(data.get("width")),
                              key="width")]
    if depth < MAX_HEADER_ROWS:
        widget.children.append(_list(f"{name}.columns", "合并表头下的列（不写 = 普通的一列）",
                                     _listed(data.get("columns")),
                                     lambda n, v: column_widget(n, v, depth + 1)))
    return widget


def cell_widget(name: str, value: Any) -> Widget:
    data = value if isinstance(value, dict) else {"text": value} if value is not None else {}
    widget = Widget("object", name, "格", extra={"template": "blocks/form_inline.html", "read": read_cell})
    widget.children = [_line(f"{name}.text", "文字", data.get("text")),
                       _integer(f"{name}.span", "跨几列", data.get("span", 1) if value is not None else 1)]
    return widget


def row_widget(name: str, value: Any) -> Widget:
    row = _list(name, "一行的格（从左到右）", _listed(value), cell_widget)
    row.extra.update(read=read_row, template="blocks/form_row.html")
    return row


def part_widget(name: str, value: Any) -> Widget:
    """One part of the form: the choice of its kind and a body for each kind (the page shows the
    chosen one); a part it cannot show is carried as written."""
    part = value if isinstance(value, dict) else {}
    kind = next(iter(part)) if len(part) == 1 and next(iter(part)) in PART_NAMES else ("fields" if not part else KEPT)
    content = part.get(kind) if kind != KEPT else None
    if part and kind != KEPT and not _showable(kind, content):
        kind = KEPT
    widget = Widget("part", name, "表单的一部分", extra={"template": "blocks/form_part.html", "read": read_part})
    choices = [(k, label) for k, label in PART_NAMES.items()] + ([(KEPT, "原样保留（在“专家”页修改）")] if kind == KEPT else [])
    widget.children.append(Widget("choice", f"{name}.kind", "这一部分是", value=kind, choices=choices, key="kind"))

    fields = _list(f"{name}.fields", "这一行的填写项（从左到右）", _listed(content) if kind == "fields" else [],
                   field_widget, "每一项是一个标签（例如 申请人），后面跟空白、日期（____年__月__日）或勾选项；"
                   "空白后面还可以有字（“第”、空白 2 字、“页”印为 第 __ 页）。一行放不下时自动换行。")
    choices_data = content if kind == "choices" and isinstance(content, dict) else {}
    choices_widget = Widget("object", f"{name}.choices", "勾选项", key="choices")
    choices_widget.children = [_line(f"{name}.choices.label", "标题（可不写）", choices_data.get("label"), "例如 借阅目的"),
                               _list(f"{name}.choices.options", "各选项", _listed(choices_data.get("options")),
                                     option_widget)]

    grid_data = content if kind == "grid" and isinstance(content, dict) else {}
    rows = grid_data.get("rows")
    grid = Widget("object", f"{name}.grid", "表格", key="grid")
    grid.children = [
        _list(f"{name}.grid.columns", "各列（从左到右；一列下面再写几列 = 两层表头，上层合并）",
              _listed(grid_data.get("columns")), column_widget),
        _integer(f"{name}.grid.rows", "空行数", rows if not isinstance(rows, list) else "",
                 "供手写的空行；下面逐行写了预先印好的格时不用写。"),
        _list(f"{name}.grid.printed", "预先印好的行（例如 序号；不写 = 全是空行）", _listed(rows), row_widget,
              "每行的格数（跨列的格按跨几列计）要与最下一层的列数一样多；空格什么都不写。"),
    ]

    opinion_data = content if kind == "opinion" else None
    opinion_data = opinion_data if isinstance(opinion_data, dict) else {"title": opinion_data} if opinion_data else {}
    sign = opinion_data.get("sign") if isinstance(opinion_data.get("sign"), list) else DEFAULT_SIGN_DATA
    opinion = Widget("object", f"{name}.opinion", "意见栏", key="opinion")
    opinion.children = [
        _line(f"{name}.opinion.title", "标题", opinion_data.get("title"), "例如 科室负责人意见"),
        _integer(f"{name}.opinion.lines", "书写空白（行数）", opinion_data.get("lines", OPINION_LINES)),
        _list(f"{name}.opinion.sign", "签字行（不写 = 签字、日期）", sign, field_widget),
    ]

    note_data = content if kind == "note" else None
    note_data = note_data if isinstance(note_data, dict) else {"text": note_data} if note_data else {}
    note = Widget("object", f"{name}.note", "说明", key="note")
    note.children = [_line(f"{name}.note.label", "标题", note_data.get("label"), f"不写 = {DEFAULT_LABEL}"),
                     Widget("paragraphs", f"{name}.note.text", "说明文字（每段一行）", value=form_text(note_data.get("text")),
                            key="text")]

    kept = Widget("hidden", f"{name}.kept", value=json.dumps(part, ensure_ascii=False, default=str) if kind == KEPT else "",
                  key=KEPT, extra={"shown": _one_line(part) if kind == KEPT else ""})
    widget.children += [fields, choices_widget, grid, opinion, note, kept]
    return widget


def _showable(kind: str, content: Any) -> bool:
    """Whether the form can show this part's content without losing anything."""
    if kind == "fields":
        return isinstance(content, list)
    if kind == "choices":
        return isinstance(content, dict)
    if kind == "grid":
        return isinstance(content, dict) and isinstance(content.get("columns"), list) and \
            all(_column_depth(c) <= MAX_HEADER_ROWS for c in content["columns"])
    return True


def _column_depth(column: Any) -> int:
    if isinstance(column, dict) and isinstance(column.get("columns"), list):
        return 1 + max((_column_depth(c) for c in column["columns"]), default=0)
    return 1


def _one_line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)[:160]


# -- reading what the browser sent ----------------------------------------------------------------------

def _number(text: str) -> Any:
    """A whole number as a number; anything else as typed (check explains it at its field)."""
    text = text.strip()
    return int(text) if _WHOLE.fullmatch(text) else (text or None)


def _width(raw: Any) -> Any:
    text = _text(raw).strip()
    if re.fullmatch(r"[0-9]{1,3}(\.[0-9]{1,2})?", text) and not re.fullmatch(r"0[0-9].*", text):
        number = float(text)
        return int(number) if number.is_integer() else number
    return text or None


def read_option(raw: Any) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    text, width = _text(raw.get("text")).strip(), _number(_text(raw.get("width")))
    if width is None:
        return text
    return {"text": text, "width": width}


def read_field(raw: Any) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    label = _text(raw.get("label")).strip()
    kind = _text(raw.get("kind")) or "blank"
    if kind == "options":
        options = [o for o in (read_option(o) for o in _indexed(raw.get("options"))) if o not in ("", None)]
        return {"label": label, "options": options} if options or label else ""
    if kind == "date":
        candidates = [label, {"label": label, "date": True}]
    else:
        width = _number(_text(raw.get("width")))
        after = _text(raw.get("after")).strip()
        if not isinstance(width, int) and width is not None:
            return {"label": label, "width": width, **({"after": after} if after else {})}
        width = width or BLANK_WIDTH
        shown = {"label": label, **({"width": width} if width != BLANK_WIDTH else {}), **({"after": after} if after else {})}
        candidates = [label, shown, {**shown, "width": width}, {**shown, "width": width, "date": False}]
    if not label:  # a blank row of the form; a field without its label but with more is kept for check
        return "" if kind == "date" or candidates[1] == {"label": ""} else candidates[1]
    target = _canon_field(candidates[-1])
    return next(c for c in candidates if _canon_field(c) == target)


def read_column(raw: Any, depth: int) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    title = _text(raw.get("title")).strip()
    width = _width(raw.get("width"))
    inner = [c for c in (read_column(c, depth + 1) for c in _indexed(raw.get("columns"))) if c not in ("", None)] \
        if depth < MAX_HEADER_ROWS else []
    if width is None and not inner:
        return title
    return {"title": title, **({"width": width} if width is not None else {}), **({"columns": inner} if inner else {})}


def read_cell(raw: Any) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    text = _text(raw.get("text")).strip()
    span = _number(_text(raw.get("span"))) or 1
    if span != 1:
        return {"text": text, "span": span}
    return int(text) if _WHOLE.fullmatch(text) else text


def read_row(raw: Any) -> list:
    return [read_cell(c) for c in _indexed(raw)]


def read_part(raw: Any) -> Any:
    raw = raw if isinstance(raw, dict) else {}
    kind = _text(raw.get("kind"))
    if kind == KEPT:
        try:
            return json.loads(_text(raw.get(KEPT)))
        except ValueError:
            return None
    if kind == "fields":
        fields = [f for f in (read_field(f) for f in _indexed(raw.get("fields"))) if f != ""]
        return {"fields": fields} if fields else None
    body = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    if kind == "choices":
        label = _text(body.get("label")).strip()
        options = [o for o in (read_option(o) for o in _indexed(body.get("options"))) if o != ""]
        if not label and not options:
            return None
        return {"choices": {**({"label": label} if label else {}), "options": options}}
    if kind == "grid":
        columns = [c for c in (read_column(c, 1) for c in _indexed(body.get("columns"))) if c != ""]
        printed = [row for row in (read_row(r) for r in _indexed(body.get("printed"))) if row]
        count = _number(_text(body.get("rows")))
        if not columns and not printed and count is None:
            return None
        return {"grid": {"columns": columns, "rows": printed or (count if count is not None else "")}}
    if kind == "opinion":
        title = _text(body.get("title")).strip()
        lines = _number(_text(body.get("lines")))
        lines = OPINION_LINES if lines is None else lines
        sign = [f for f in (read_field(f) for f in _indexed(body.get("sign"))) if f != ""]
        if not title and not sign:
            return None
        same_sign = not sign or tuple(_canon_field(f) for f in sign) == tuple(DEFAULT_SIGN)
        if lines == OPINION_LINES and same_sign:
            return {"opinion": title}
        return {"opinion": {"title": title, **({"lines": lines} if lines != OPINION_LINES else {}),
                            **({} if same_sign else {"sign": sign})}}
    if kind == "note":
        label = _text(body.get("label")).strip()
        lines = [line.strip() for line in _multiline(body.get("text")).split("\n") if line.strip()]
        text: Any = lines[0] if len(lines) == 1 else (lines or "")
        if not label and not lines:
            return None
        return {"note": {"label": label, "text": text} if label else text}
    return None


# -- keeping what prints as before -----------------------------------------------------------------------

def _canon(make, value: Any) -> Any:
    try:
        return make(value)
    except (KeyError, TypeError, AttributeError, ValueError):
        return ("?", json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def _canon_field(value: Any) -> Any:
    return _canon(_field, value)


def _canon_cell(value: Any) -> Any:
    return _canon(lambda v: (str(v["text"]), v.get("span", 1)) if isinstance(v, dict) else (str(v), 1), value)


def _canon_part(part: Any) -> Any:
    def make(part):
        (key, value), = part.items()
        if key == "fields":
            return key, tuple(_field(f) for f in value)
        if key == "choices":
            return key, value.get("label", ""), tuple(_option(o) for o in value["options"])
        if key == "grid":
            rows = value["rows"]
            rows = tuple(tuple(_canon_cell(c) for c in row) for row in rows) if isinstance(rows, list) else rows
            return key, tuple(_column(c) for c in value["columns"]), rows
        if key == "opinion":
            value = value if isinstance(value, dict) else {"title": value}
            sign = tuple(_field(f) for f in value["sign"]) if "sign" in value else DEFAULT_SIGN
            return key, value["title"], value.get("lines", OPINION_LINES), sign
        value = value if isinstance(value, dict) else {"text": value}
        text = value["text"]
        return key, value.get("label", DEFAULT_LABEL), tuple(text) if isinstance(text, list) else (text,)
    return _canon(make, part)


def _reuse(new: list, old: Any, canon) -> list:
    """Each new item that reads as an old one (the same place first, else any) is the old item."""
    old = old if isinstance(old, list) else []
    keys = [canon(o) for o in old]
    result = []
    for i, item in enumerate(new):
        key = canon(item)
        if i < len(old) and keys[i] == key:
            result.append(old[i])
        elif key in keys:
            result.append(old[keys.index(key)])
        else:
            result.append(item)
    return result


def _kept_parts(new: list, old: Any) -> list:
    old = old if isinstance(old, list) else []
    parts = _reuse(new, old, _canon_part)
    for i, part in enumerate(parts):
        if part in old or not isinstance(part, dict) or len(part) != 1:
            continue
        (key, value), = part.items()
        before = old[i].get(key) if i < len(old) and isinstance(old[i], dict) else None
        if key == "fields":
            parts[i] = {key: _reuse(value, before, _canon_field)}
        elif key == "choices" and isinstance(before, dict):
            parts[i] = {key: {**value, "options": _reuse(value["options"], before.get("options"),
                                                         lambda o: _canon(_option, o))}}
        elif key == "grid" and isinstance(before, dict):
            grid = {**value, "columns": _reuse(value["columns"], before.get("columns"), lambda c: _canon(_column, c))}
            if isinstance(value["rows"], list):
                grid["rows"] = _reuse(value["rows"], before.get("rows"),
                                      lambda row: tuple(_canon_cell(c) for c in row) if isinstance(row, list) else row)
            parts[i] = {key: grid}
    return parts


def _plain_grid(parts: list) -> dict | None:
    """The one-grid syntax of a form that is one plain grid, else None."""
    if len(parts) != 1 or not isinstance(parts[0], dict) or list(parts[0]) != ["grid"]:
        return None
    grid = parts[0]["grid"]
    if all(isinstance(c, str) for c in grid["columns"]) and isinstance(grid["rows"], int):
        return {"columns": grid["columns"], "rows": grid["rows"]}
    return None


# -- the editor -----------------------------------------------------------------------------------------

class FormEditor(BlockEditor):
    def widgets(self, value: Any, context: EditContext) -> Widget:
        fragment, defs = self.schema()
        properties = resolve(fragment, defs)["properties"]
        node = value if isinstance(value, dict) else {}
        root = Widget("object", PREFIX, key="")
        if self.place == registry.ATTACHMENT:
            for key in ("code", "title"):
                root.children.append(build(f"{PREFIX}.{key}", properties[key], defs, node.get(key), key=key,
                                           required=True, directory=context.directory))
            root.children[0].help = "附件编号的后缀，例如 A.02（印为 文件编号-A.02）。"
        else:
            root.children.append(Widget("const", f"{PREFIX}.type", value="form", key="type"))
            root.children.append(build(f"{PREFIX}.title", properties["title"], defs, node.get("title"), key="title",
                                       directory=context.directory))
        content = node.get("form") if value is not None else NEW_GRID
        if isinstance(content, dict):  # the one-grid syntax, shown as a form of one grid
            content = [{"grid": content}]
        parts = _list(f"{PREFIX}.form", "表单的各部分（从上到下按顺序印出）", _listed(content), part_widget,
                      "每部分选一种：填写项、勾选项、表格、意见栏、说明。")
        parts.required = True
        printed = self._printed(context)
        if value is not None and printed is not None and len(printed) == len(parts.children):
            for widget, part in zip(parts.children, printed):
                if getattr(part, "kind", "") == "grid":
                    widget.extra["grid"] = part
                else:
                    widget.extra["reads"] = [f"{part.title}：{part.text}"] if isinstance(part, Clause) else part.reads()
        parts.extra["read"] = lambda raw: [p for p in (read_part(r) for r in _indexed(raw)) if p is not None]
        root.children.append(parts)
        return root

    def _printed(self, context: EditContext) -> tuple | None:
        """The model's parts of the form as the saved file prints them, or None."""
        form = None
        path = context.path
        if self.place == registry.ATTACHMENT and context.doc is not None and len(path) == 2:
            attachment = next((a for a in context.doc.attachments if a.ordinal == path[1] + 1), None)
            form = attachment.content if attachment is not None and attachment.kind == "form" else None
        elif self.place != registry.ATTACHMENT:
            form = getattr(context.clause_at(()), "block", None)
        if not hasattr(form, "parts"):
            return None
        return form.parts

    def read(self, posted, context: EditContext) -> Any:
        return read_widget(self.widgets(None, context), posted_tree(posted))

    def widget_path(self, relative):
        relative = tuple(relative)
        if len(relative) >= 2 and relative[0] == "form" and relative[1] in ("columns", "rows"):
            relative = ("form", 0, "grid", *relative[1:])  # the one-grid syntax
        if len(relative) >= 5 and relative[0] == "form" and relative[2] == "grid" and relative[3] == "rows":
            return (*relative[:3], "printed", *relative[4:])
        return relative

    def written(self, value: Any, old: Any) -> Any:
        if not isinstance(value, dict) or not isinstance(value.get("form"), list):
            return value
        before = old.get("form") if isinstance(old, dict) else None
        parts = _kept_parts(value["form"], [{"grid": before}] if isinstance(before, dict) else before)
        one_grid = _plain_grid(parts)
        if one_grid is not None and (before is None or isinstance(before, dict)):
            form = before if isinstance(before, dict) and _canon_part({"grid": before}) == _canon_part(parts[0]) \
                else one_grid
        else:
            form = parts
        return {**value, "form": form}

    def new_value(self) -> Any:
        return None if self.place == registry.ATTACHMENT else {"type": "form", "form": NEW_GRID}


EDITOR = FormEditor
