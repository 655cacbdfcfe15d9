"""A blank form (登记表, 申请单) to print and fill in by hand: an attachment printed on a page of its
own under the document's header (`form:` of an attachment), or a block where it stands in a clause
list (`type: form`), unnumbered.

A form is a list of parts, printed top to bottom in the order written:

    form:
      - fields: [申请人, {label: 工号, width: 5}, 申请日期]      # a line of label + blank
      - choices: {label: 借阅目的, options: [医疗, 教学, {text: 其他, width: 6}]}
      - grid: {columns: [序号, {title: 借阅内容, columns: [住院病历, 门诊病历]}], rows: 8}
      - opinion: 科室负责人意见                                # title, writing space, 签字 and 日期
      - note: {label: 填表说明, text: …}                        # the note block's content

The first syntax, `form: {columns: [...], rows: 14}`, is a form of one plain grid: it prints, and
enters the fingerprint, exactly as before parts existed.
"""

from __future__ import annotations

from typing import Any

from ...sources.blocks import ATTACHMENT, CLAUSES
from ..base import Attachment, Clause, frozen
from . import BlockType
from .note import DEFAULT_LABEL, note_clause
from .clause import data_paragraphs, paragraphs
from .table import Cell

BLANK_WIDTH = 6  # characters of a field's blank when none is given
OPINION_LINES = 2
BOX = "□"
DATE_WORD = "日期"
MAX_HEADER_ROWS = 3
PART_KEYS = ("fields", "choices", "grid", "opinion", "note")
PART_NAMES = {"fields": "填写项", "choices": "勾选项", "grid": "表格", "opinion": "意见栏", "note": "说明"}


# -- the model ------------------------------------------------------------------------------------

@frozen
class Option:
    """A checkbox: □text, with a blank after it when it asks to be specified (□其他______)."""

    text: str
    width: int = 0

    @property
    def reads(self) -> str:
        return f"{BOX}{self.text}" + ("＿" * self.width if self.width else "")


@frozen
class Field:
    """A label and what is written after it: a blank of `width` characters, the date blanks
    (____年__月__日), or checkboxes; `after` follows the blank (第 __ 页)."""

    label: str
    width: int = BLANK_WIDTH
    after: str = ""
    options: tuple[Option, ...] = ()
    date: bool = False

    @property
    def reads(self) -> str:
        if self.options:
            blank = " ".join(o.reads for o in self.options)
        elif self.date:
            blank = "＿＿年＿月＿日"
        else:
            blank = "＿" * self.width
        return " ".join(part for part in (self.label, blank, self.after) if part)


@frozen
class Fields:
    """One line of fields (it wraps when they do not fit)."""

    fields: tuple[Field, ...]
    kind = "fields"

    def reads(self) -> list[str]:
        return ["　".join(f.reads for f in self.fields)]


@frozen
class Choices:
    label: str
    options: tuple[Option, ...]
    kind = "choices"

    def reads(self) -> list[str]:
        label = f"{self.label}：" if self.label else ""
        return [label + " ".join(o.reads for o in self.options)]


@frozen
class Column:
    """A grid column, or a header cell merged over the columns under it."""

    title: str
    width: float | None = None  # characters, as declared
    columns: tuple[Column, ...] = ()

    @property
    def leaves(self) -> tuple[Column, ...]:
        return (self,) if not self.columns else tuple(leaf for c in self.columns for leaf in c.leaves)

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.columns), default=0)


@frozen
class HeaderCell:
    title: str
    colspan: int = 1
    rowspan: int = 1


@frozen
class Grid:
    columns: tuple[Column, ...]
    blank_rows: int = 0  # empty rows to write in
    rows: tuple[tuple[Cell, ...], ...] = ()  # rows printed with text (序号, items to check)
    kind = "grid"

    @property
    def leaves(self) -> tuple[Column, ...]:
        return tuple(leaf for c in self.columns for leaf in c.leaves)

    @property
    def plain(self) -> bool:
        """A row of column names over empty rows, no widths: the first form syntax."""
        return all(not c.columns and c.width is None for c in self.columns) and not self.rows

    @property
    def header(self) -> tuple[tuple[HeaderCell, ...], ...]:
        """The header rows with merged cells: a column over sub-columns spans them; a column
        without sub-columns spans the header rows below it."""
        depth = max(c.depth for c in self.columns)
        rows: list[list[HeaderCell]] = [[] for _ in range(depth)]

        def place(column: Column, level: int) -> None:
            if column.columns:
                rows[level].append(HeaderCell(column.title, len(column.leaves), 1))
                for inner in column.columns:
                    place(inner, level + 1)
            else:
                rows[level].append(HeaderCell(column.title, 1, depth - level))

        for column in self.columns:
            place(column, 0)
        return tuple(tuple(row) for row in rows)

    def reads(self) -> list[str]:
        lines = [" | ".join(cell.title for cell in row) for row in self.header]
        lines += [" | ".join(cell.text for cell in row) for row in self.rows]
        if self.blank_rows:
            lines.append(f"（{self.blank_rows} 个空行）")
        return lines


@frozen
class Opinion:
    """意见栏: its title, room to write, then the signature fields (签字, 日期) at its foot."""

    title: str
    lines: int = OPINION_LINES
    sign: tuple[Field, ...] = ()
    kind = "opinion"

    def reads(self) -> list[str]:
        return [f"{self.title}：", "　".join(f.reads for f in self.sign)]


@frozen
class Form:
    """A form's parts in order (Fields, Choices, Grid, Opinion, and note clauses). `columns` and
    `rows` read a form of one plain grid the way the first syntax wrote it."""

    parts: tuple[Any, ...]
    title: str = ""  # a form standing in a clause list may have one, printed above it

    @property
    def plain(self) -> bool:
        return len(self.parts) == 1 and isinstance(self.parts[0], Grid) and self.parts[0].plain

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(leaf.title for part in self.parts if isinstance(part, Grid) for leaf in part.leaves)

    @property
    def rows(self) -> int:
        return sum(part.blank_rows + len(part.rows) for part in self.parts if isinstance(part, Grid))

    def lines(self) -> list[str]:
        lines = [self.title] if self.title else []
        for part in self.parts:
            lines += [f"{part.title}：{part.text}"] if isinstance(part, Clause) else part.reads()
        return lines


# -- the schema -----------------------------------------------------------------------------------

_FIELD = {
    "description": "填写项：标签，或 {label, width, after, options, date}",
    "type": ["string", "object"],
    "if": {"type": "object"},
    "then": {
        "additionalProperties": False, "required": ["label"],
        "properties": {
            "label": {"description": "标签，例如 申请人、院区、第", "$ref": "#/$defs/line"},
            "width": {"description": "空白的宽度（字数）", "type": "integer", "minimum": 1, "maximum": 40},
            "after": {"description": "空白后面的字，例如 页", "$ref": "#/$defs/line"},
            "options": {"description": "勾选项（代替空白）", "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/form_option"}},
            "date": {"description": "true：空白印成 ____年__月__日", "type": "boolean"},
        },
    },
    "else": {"$ref": "#/$defs/line"},
}
_OPTION = {
    "description": "勾选项：文字，或 {text, width}（后面带空白，例如 其他______）",
    "type": ["string", "object"],
    "if": {"type": "object"},
    "then": {"additionalProperties": False, "required": ["text"],
             "properties": {"text": {"$ref": "#/$defs/line"},
                            "width": {"description": "后面空白的宽度（字数）", "type": "integer", "minimum": 1, "maximum": 40}}},
    "else": {"$ref": "#/$defs/line"},
}
_COLUMN = {
    "description": "表格的列：列名，或 {title, width, columns}（有 columns 时是跨这几列的合并表头）",
    "type": ["string", "object"],
    "if": {"type": "object"},
    "then": {"additionalProperties": False, "required": ["title"],
             "properties": {"title": {"$ref": "#/$defs/line"},
                            "width": {"description": "列宽（字数）", "type": "number", "exclusiveMinimum": 0, "maximum": 60},
                            "columns": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/form_column"}}}},
    "else": {"$ref": "#/$defs/line"},
}
_FORM_CELL = {
    "description": "预先印好的一格：文字（\"\" 为空格），或 {text, span}",
    "type": ["string", "integer", "object"],
    "if": {"type": "object"},
    "then": {"additionalProperties": False, "required": ["text"],
             "properties": {"text": {"type": "string"}, "span": {"type": "integer", "minimum": 1, "maximum": 20}}},
}
_PART = {
    "description": "表单的一部分：fields、choices、grid、opinion、note 之一",
    "type": "object", "additionalProperties": False, "minProperties": 1,
    "properties": {
        "fields": {"description": "一行填写项", "type": "array", "minItems": 1, "items": {"$ref": "#/$defs/form_field"}},
        "choices": {"description": "一组勾选项", "type": "object", "additionalProperties": False, "required": ["options"],
                    "properties": {"label": {"$ref": "#/$defs/line"},
                                   "options": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/form_option"}}}},
        "grid": {"description": "表格：列和行", "type": "object", "additionalProperties": False, "required": ["columns", "rows"],
                 "properties": {
                     "columns": {"type": "array", "minItems": 1, "maxItems": 20, "items": {"$ref": "#/$defs/form_column"}},
                     "rows": {"description": "空行数，或逐行写出预先印好的格",
                              "type": ["integer", "array"], "minimum": 1, "maximum": 40, "minItems": 1,
                              "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/form_cell"}}}}},
        "opinion": {"description": "意见栏：标题，或 {title, lines, sign}",
                    "type": ["string", "object"],
                    "if": {"type": "object"},
                    "then": {"additionalProperties": False, "required": ["title"],
                             "properties": {"title": {"$ref": "#/$defs/line"},
                                            "lines": {"description": "书写空白的行数", "type": "integer", "minimum": 0, "maximum": 10},
                                            "sign": {"description": "签字行的填写项（默认 签字、日期）", "type": "array",
                                                     "minItems": 1, "items": {"$ref": "#/$defs/form_field"}}}},
                    "else": {"$ref": "#/$defs/line"}},
        "note": {"description": "说明：文字、几段的列表，或 {label, text}（同 type: note）",
                 "type": ["string", "array", "object"],
                 "if": {"type": "object"},
                 "then": {"additionalProperties": False, "required": ["text"],
                          "properties": {"label": {"$ref": "#/$defs/line"}, "text": {"$ref": "#/$defs/paragraphs"}}},
                 "else": {"$ref": "#/$defs/paragraphs"}},
    },
}
_OLD_FORM = {"additionalProperties": False, "required": ["columns", "rows"],
             "properties": {"columns": {"type": "array", "minItems": 1, "maxItems": 12, "items": {"$ref": "#/$defs/line"}},
                            "rows": {"description": "空行数", "type": "integer", "minimum": 1, "maximum": 40}}}
_CONTENT = {
    "description": "表单：各部分的列表（fields、choices、grid、opinion、note），或只有一张表格时 {columns, rows}",
    "type": ["array", "object"],
    "if": {"type": "object"},
    "then": _OLD_FORM,
    "else": {"minItems": 1, "maxItems": 40, "items": {"$ref": "#/$defs/form_part"}},
}


# -- the block type -------------------------------------------------------------------------------

def _field(data) -> Field:
    if isinstance(data, str):
        return Field(data, date=data.endswith(DATE_WORD))
    options = tuple(_option(o) for o in data.get("options", ()))
    date = data.get("date", data["label"].endswith(DATE_WORD) and "width" not in data and not options)
    return Field(data["label"], data.get("width", BLANK_WIDTH), data.get("after", ""), options, bool(date))


def _option(data) -> Option:
    return Option(data) if isinstance(data, str) else Option(data["text"], data.get("width", 0))


def _column(data) -> Column:
    if isinstance(data, str):
        return Column(data)
    return Column(data["title"], data.get("width"), tuple(_column(c) for c in data.get("columns", ())))


def _cell(data) -> Cell:
    if isinstance(data, dict):
        return Cell(str(data["text"]), None, data.get("span", 1))
    return Cell(str(data))


DEFAULT_SIGN = (Field("签字", 8), Field("日期", date=True))


def _parts(data) -> list[tuple[int, str, Any]]:
    """(index, key, value) of each part; the first syntax is one grid."""
    if isinstance(data, dict):
        return [(0, "grid", {"columns": data["columns"], "rows": data["rows"]})]
    return [(i, next(iter(part)), next(iter(part.values()))) for i, part in enumerate(data)]


def _note_data(value) -> dict:
    return value if isinstance(value, dict) else {"text": value}


class FormType(BlockType):
    name = "form"
    places = (CLAUSES, ATTACHMENT)
    order = 20
    kinds = ("form",)
    label = "空白表单"
    choice = "空白表单写 form（各部分的列表，或 columns 和 rows）"
    node_schema = "#/$defs/form_block"
    schema_defs = {
        "form_field": _FIELD, "form_option": _OPTION, "form_column": _COLUMN, "form_cell": _FORM_CELL,
        "form_part": _PART, "form_content": _CONTENT,
        "form_block": {
            "description": "放在条款里的空白表单：不编号，不另起一页",
            "type": "object", "additionalProperties": False, "required": ["type", "form"],
            "properties": {"type": {"const": "form"},
                           "title": {"description": "表单名称，印在表单上方正中", "$ref": "#/$defs/line"},
                           "form": {"$ref": "#/$defs/form_content"}},
        },
    }
    attachment_fields = {"form": {"description": "空白表单：单独一页打印", "$ref": "#/$defs/form_content"}}

    # -- data ------------------------------------------------------------------------------

    def data_texts(self, node, path):
        yield from self._note_texts(node.get("form"), path + ("form",))

    def _note_texts(self, data, path):
        if not isinstance(data, list):
            return
        for i, part in enumerate(data):
            if isinstance(part, dict) and "note" in part:
                value = part["note"]
                here = path + (i, "note")
                yield from data_paragraphs(value.get("text") if isinstance(value, dict) else value,
                                           here + ("text",) if isinstance(value, dict) else here)

    def check(self, rules, path, node):
        self._check_form(rules, path + ("form",), node["form"])

    def check_attachment(self, rules, path, attachment):
        self._check_form(rules, path + ("form",), attachment["form"])

    def _check_form(self, rules, path, data) -> None:
        if isinstance(data, dict):
            return
        for i, part in enumerate(data):
            here = path + (i,)
            if len(part) > 1:
                rules.error(here, f"表单的一部分只能写一种，这里写了 {'、'.join(part)}。",
                            "每部分单独一项（各以“- ”开头）：fields、choices、grid、opinion、note 各写一项，按印出的先后排列。")
                continue
            key, value = next(iter(part.items()))
            if key == "fields":
                for f, field in enumerate(value):
                    self._check_field(rules, here + ("fields", f), field)
            elif key == "opinion" and isinstance(value, dict):
                for f, field in enumerate(value.get("sign", ())):
                    self._check_field(rules, here + ("opinion", "sign", f), field)
            elif key == "grid":
                self._check_grid(rules, here + ("grid",), value)

    @staticmethod
    def _check_field(rules, path, field) -> None:
        if not isinstance(field, dict):
            return
        blank = [name for name in ("width", "after") if name in field]
        if field.get("options") and (blank or field.get("date")):
            extra = "、".join(blank + (["date"] if field.get("date") else []))
            rules.error(path, f"填写项“{field['label']}”写了勾选项 options，又写了 {extra}。",
                        "有勾选项的填写项不印空白：删除 " + extra + "；要在某个选项后留空白，写成 {text: 其他, width: 6}。")
        elif field.get("date") and "width" in field:
            rules.error(path + ("width",), f"填写项“{field['label']}”是日期（date: true），不用写 width。",
                        "日期印成 ____年__月__日；要普通空白就删除 date。", key=True)

    @staticmethod
    def _check_grid(rules, path, grid) -> None:
        columns = tuple(_column(c) for c in grid["columns"])
        depth = max(c.depth for c in columns)
        if depth > MAX_HEADER_ROWS:
            rules.error(path + ("columns",), f"表头有 {depth} 层合并，最多 {MAX_HEADER_ROWS} 层。",
                        "减少 columns 的嵌套：合并的表头格下面最多再有两层列。")
        width = sum(len(c.leaves) for c in columns)
        if isinstance(grid["rows"], list):
            for r, row in enumerate(grid["rows"]):
                spans = sum(cell.get("span", 1) if isinstance(cell, dict) else 1 for cell in row)
                if spans != width:
                    rules.error(path + ("rows", r), f"表单表格的第 {r + 1} 行有 {spans} 格，表格有 {width} 列。",
                                "每行的格数（跨列的格按 span 计）要与最下一层的列数一样多；空格写 \"\"。")

    # -- the model -------------------------------------------------------------------------

    def form(self, builder, data, path: tuple, anchor: str, title: str = "") -> Form:
        parts = []
        notes = 0
        for index, key, value in _parts(data):
            here = path + (index, key) if isinstance(data, list) else path
            if key == "fields":
                parts.append(Fields(tuple(_field(f) for f in value)))
            elif key == "choices":
                parts.append(Choices(value.get("label", ""), tuple(_option(o) for o in value["options"])))
            elif key == "grid":
                rows = value["rows"]
                listed = tuple(tuple(_cell(c) for c in row) for row in rows) if isinstance(rows, list) else ()
                parts.append(Grid(tuple(_column(c) for c in value["columns"]), 0 if listed else rows, listed))
            elif key == "opinion":
                value = value if isinstance(value, dict) else {"title": value}
                sign = tuple(_field(f) for f in value["sign"]) if "sign" in value else DEFAULT_SIGN
                parts.append(Opinion(value["title"], value.get("lines", OPINION_LINES), sign))
            else:
                notes += 1
                note = _note_data(value)
                parts.append(note_clause(note.get("label", DEFAULT_LABEL), paragraphs(note["text"]), builder.at(here),
                                         f"{anchor}-note-{notes}"))
        return Form(tuple(parts), title)

    def assemble(self, builder, node, numbering, path):
        number = builder.count("form")
        form = self.form(builder, node["form"], path + ("form",), f"form-{number}", node.get("title", ""))
        return [Clause(kind="form", number="", title=form.title, text="", children=(), location=builder.at(path),
                       anchor=f"form-{number}", block=form)]

    def assemble_attachment(self, builder, item, common):
        anchor = f"appendix-{common['ordinal']}"
        return Attachment(**common, kind=self.name,
                          content=self.form(builder, item["form"], ("attachments", common["ordinal"] - 1, "form"), anchor))

    # -- what it adds ----------------------------------------------------------------------

    @staticmethod
    def form_fingerprint(form: Form) -> dict:
        """A form of one plain grid as the first syntax had it (its approvals stay valid); any
        other form part by part."""
        if form.plain:
            return {"columns": list(form.columns), "rows": form.rows}
        return {"parts": [_part_form(part) for part in form.parts]}

    def fingerprint(self, clause, shown):
        return {"title": clause.block.title, **self.form_fingerprint(clause.block)}

    def attachment_fingerprint(self, attachment, shown):
        return {"code": attachment.code, "title": attachment.title, "form": self.form_fingerprint(attachment.content)}

    def lines(self, clause):
        return clause.block.lines()

    def nested(self, clause):
        return (part for part in clause.block.parts if isinstance(part, Clause))

    def attachment_nested(self, attachment):
        return (part for part in attachment.content.parts if isinstance(part, Clause))

    def attachment_lines(self, doc, attachment):
        form = attachment.content
        if form.plain:
            return [" | ".join(form.columns)]
        return form.lines()

    def texts(self, clause):
        yield from _texts(clause.block, clause.location)

    def attachment_texts(self, attachment):
        yield from _texts(attachment.content, attachment.location)

    def diff_items(self, clause, label):
        return [(f"{label} 表单{i}".strip(), line) for i, line in enumerate(clause.block.lines(), start=1)]

    def attachment_diff_items(self, doc, attachment, prefix):
        form = attachment.content
        if form.plain:
            return [(f"{prefix}：表单各栏", " | ".join(form.columns)), (f"{prefix}：表单行数", f"{form.rows} 行")]
        return [(f"{prefix}：表单第 {i} 行", line) for i, line in enumerate(form.lines(), start=1)]


def _part_form(part) -> list:
    if isinstance(part, Clause):
        return ["note", part.title, part.text]
    if isinstance(part, Fields):
        return ["fields", [_field_form(f) for f in part.fields]]
    if isinstance(part, Choices):
        return ["choices", part.label, [[o.text, o.width] for o in part.options]]
    if isinstance(part, Grid):
        return ["grid", [_column_form(c) for c in part.columns], part.blank_rows,
                [[[cell.text, cell.span] for cell in row] for row in part.rows]]
    return ["opinion", part.title, part.lines, [_field_form(f) for f in part.sign]]


def _field_form(field: Field) -> list:
    return [field.label, field.width, field.after, [[o.text, o.width] for o in field.options], field.date]


def _column_form(column: Column) -> list:
    return [column.title, column.width, [_column_form(c) for c in column.columns]]


def _texts(form: Form, location):
    yield form.title, location
    for part in form.parts:
        if isinstance(part, Clause):
            yield part.title, part.location
            yield part.text, part.location
            continue
        for line in part.reads():
            yield line, location


TYPE = FormType()
