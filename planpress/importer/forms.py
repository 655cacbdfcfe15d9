"""Blank forms of the original (登记表, 申请单) into the parts of planpress's form block
(model/blocks/form.py, docs/manual/02-writing.md “表单”):

- a line of fields with blanks (申请人：______　科室：______), checkboxes in a field (院区：□滨河院区
  □大学院区), a date (____年__月__日), 第　页 → `fields`; a line of one checkbox group (借阅目的：□医疗
  □教学 □其他____) → `choices`;
- a table: its header (one row, or two with a heading merged over several columns) and its empty
  rows (or the rows it prints, 序号 1 2 3 …) → `grid`; rows above the grid that are label | blank
  cells, or a line of fields across the table → `fields`; rows under it that are an opinion or a
  note → those parts;
- 科室意见：____ 签字：____ 日期：____年__月__日, or 科室意见： over blank lines over 签字：　日期：
  → `opinion` (its signature fields as written);
- 填表说明：… (说明, 注, 备注, 注意事项) and the lines after it → `note`.

Only what prints back exactly is taken: each line's parts must print every letter and digit of the
line and nothing else (dates' 年月日 aside), else the line is not a form line. Widths are read off
the blanks: an underscore is half a character, a full-width space one.
"""

from __future__ import annotations

import dataclasses
import math
import re

from .completeness import normal
from .data import Map, Seq
from .stream import Cell, FormBlock, Para, Table

SP = " \t\u3000\u00a0\u2002\u2003"  # Word writes a text form field's blank as en spaces
BL = "_＿"
BOXES = "□☐☑☒■▢"
UNITS = ("小时", "分钟", "个月", "岁", "天", "元", "人", "次", "份", "页", "张", "床", "例", "名", "周", "号")
DEFAULT_WIDTH = 6
SIGN_SIGNATURE = ("签字", "签名", "签章", "盖章")
SIGN_WORDS = ("签字", "签名", "签章", "盖章", "日期", "负责人", "经办人", "审核人", "时间")
OPINION_WORDS = ("意见", "审核意见", "审批意见", "批示", "结论")
NOTE = re.compile(r"^(?P<label>填表说明|填写说明|说明|注意事项|注|备注)\s*[：:]\s*(?P<text>.*)$")
ORDINAL = re.compile(rf"(?P<label>第|共)(?P<blank>[{SP}{BL}]*)(?P<after>页|张|份|次|联)(?![\u4e00-\u9fff])")
OPTION = re.compile(rf"[{BOXES}][{SP}]*(?P<text>[^{SP}{BOXES}{BL}]+?)(?P<blank>[{BL}][{BL}{SP}]*?)?(?=[{SP}]|[{BOXES}]|$)")
LABEL = re.compile(rf"(?P<label>[^{SP}{BL}{BOXES}：:][^{BL}{BOXES}：:]{{0,15}}?)[{SP}]*[：:]")
LABEL_BLANK = re.compile(rf"(?P<label>[^{SP}{BL}{BOXES}：:]{{1,12}}?)[{SP}]*(?=[{BL}])")
DATE = re.compile(rf"[{SP}{BL}]*年[{SP}{BL}]*月[{SP}{BL}]*日")
BLANK = re.compile(rf"[{SP}{BL}]*")
MAX_ROWS = 40


@dataclasses.dataclass
class Field:
    label: str
    width: int | None = None   # None: no blank in the original to measure
    after: str = ""
    options: list = dataclasses.field(default_factory=list)  # (text, width) pairs
    date: bool = False

    def prints(self) -> str:
        return self.label + "".join(text for text, _ in self.options) + ("年月日" if self.date else "") + self.after

    def data(self):
        """The field as the form block writes it: a label alone when the rest is its default."""
        out = Map(label=self.label)
        if self.options:
            out["options"] = Seq(text if not width else Map(text=text, width=width) for text, width in self.options)
            return out
        dated = self.label.endswith("日期")
        if self.date and not dated:
            out["date"] = True
        elif not self.date and self.width not in (None, DEFAULT_WIDTH):
            out["width"] = self.width
        elif not self.date and dated:
            out["width"] = self.width or DEFAULT_WIDTH  # a plain blank after a label ending 日期
        if self.after:
            out["after"] = self.after
        return self.label if list(out) == ["label"] else out


def blank_width(blank: str) -> int | None:
    """A blank's width in characters (None when there is none): an underscore or a space is half
    a character, a full-width one whole; the spaces around a drawn line part it from the next
    field and do not count."""
    if any(ch in BL for ch in blank):
        blank = blank.strip(SP)
    if not blank:
        return None
    half = sum(1 for ch in blank if ch in "_ \t\u00a0\u2002")
    full = sum(1 for ch in blank if ch in "＿\u3000\u2003")
    return max(1, min(40, full + math.ceil(half / 2)))


def _options(text: str) -> tuple[list, int]:
    """The checkboxes at the start of `text`: [(option, blank width)], and where they end."""
    found, at = [], 0
    while True:
        skip = len(text[at:]) - len(text[at:].lstrip(SP))
        match = OPTION.match(text, at + skip)
        if not match:
            return found, at
        option = match.group("text").rstrip("：:")
        found.append((option, blank_width(match.group("blank") or "") or 0))
        at = match.end()


def _label(match) -> str | None:
    """A label as written, its letter spacing taken out (姓　　名 → 姓名); None when the spaces part
    words (备注　　年度 is no label)."""
    chunks = match.group("label").split()
    if len(chunks) > 1 and any(len(c) > 1 for c in chunks):
        return None
    return "".join(chunks)


def fields_of(line: str) -> list[Field] | None:
    """The fields of a line; None when something on it is not a field."""
    fields: list[Field] = []
    text, at = line.lstrip(SP).rstrip("\r\n"), 0
    while at < len(text):
        at += len(text[at:]) - len(text[at:].lstrip(SP))
        if at >= len(text):
            break
        ordinal = ORDINAL.match(text, at)
        if ordinal:
            fields.append(Field(ordinal.group("label"), blank_width(ordinal.group("blank")) or 2, ordinal.group("after")))
            at = ordinal.end()
            continue
        options, end = _options(text[at:])
        if options:
            fields.append(Field("", options=options))
            at += end
            continue
        match = LABEL.match(text, at) or LABEL_BLANK.match(text, at)
        label = _label(match) if match else None
        if not label:
            return None
        at = match.end()
        options, end = _options(text[at:])
        date = DATE.match(text, at)
        signed = _signed_then_dated(label, date)
        if options:
            fields.append(Field(label, options=options))
            at += end
        elif signed is not None:
            fields.append(signed)
            at = date.end()
        elif date:
            fields.append(Field(label, date=True))
            at = date.end()
        else:
            blank = BLANK.match(text, at).group(0)
            at += len(blank)
            after = next((u for u in UNITS if text.startswith(u, at) and blank and
                          (at + len(u) == len(text) or text[at + len(u)] in SP)), "")
            at += len(after)
            fields.append(Field(label, blank_width(blank), after))
    return fields or None


def _signed_then_dated(label: str, date) -> Field | None:
    """科主任签字：______　年　月　日 (or the date on the line under it): room to sign, then the date
    written after it as the original has it; not a date with its year blank (申请日期：____年__月__日)."""
    if date is None or not any(word in label for word in SIGN_SIGNATURE) or label.endswith(("日期", "时间")):
        return None
    room, _, rest = date.group(0).partition("年")
    width = blank_width(room)
    if width is None or width < 2 or room.endswith(tuple(BL)):  # ____年: the year's blank
        return None
    blanks = re.sub(f"[{SP}{BL}]+", lambda m: "\u3000" * (blank_width(m.group(0)) or 1), rest.rstrip(SP))
    return Field(label, width, "年" + blanks)  # the date's blanks as full-width spaces: HTML keeps them


def _prints(fields: list[Field]) -> str:
    return "".join(f.prints() for f in fields)


def _reads(line: str, printed: str) -> bool:
    return normal(line) == normal(printed)


def line_part(line: str) -> Map | None:
    """The form part a line is (fields, choices, an opinion on one line), or None."""
    fields = fields_of(line)
    if fields is None or not _reads(line, _prints(fields)):
        return None
    if len(fields) == 1 and fields[0].options:
        choices = Map(label=fields[0].label) if fields[0].label else Map()
        choices["options"] = Seq(text if not width else Map(text=text, width=width) for text, width in fields[0].options)
        return Map(choices=choices)
    if any(not f.label for f in fields):  # checkboxes without a label among fields: no form part holds them
        return None
    opinion = _opinion(fields)
    if opinion is not None:
        return opinion
    return Map(fields=Seq(f.data() for f in fields))


def _is_title(field: Field) -> bool:
    return field.label.endswith(OPINION_WORDS) and not field.options and not field.date


def _is_sign(field: Field) -> bool:
    return any(word in field.label for word in SIGN_WORDS) and not field.options


def _opinion(fields: list[Field], lines: int | None = None) -> Map | None:
    """科室意见：____ 签字：____ 日期：____年__月__日 → an opinion part (its signature fields as
    written); None when the first field is no opinion's title or the others no signature."""
    if len(fields) < 2 or not _is_title(fields[0]) or not all(_is_sign(f) for f in fields[1:]):
        return None
    sign = [f.data() for f in fields[1:]]
    value = Map(title=fields[0].label)
    if lines and lines != 2:  # blank lines under the title, when the original has them (a Word file drops empty paragraphs)
        value["lines"] = max(0, min(10, lines))
    if [f.label for f in fields[1:]] != ["签字", "日期"] or not fields[2].date:
        value["sign"] = Seq(sign)  # else the default: 签字 ________ 日期 ____年__月__日
    return Map(opinion=value if list(value) != ["title"] else value["title"])


def sign_line(line: str) -> list[Field] | None:
    """签字：______　日期：____年__月__日 alone on a line (the foot of an opinion over it)."""
    fields = fields_of(line)
    if fields and all(f.label and _is_sign(f) for f in fields) and _reads(line, _prints(fields)):
        return fields
    return None


def opinion_title(line: str) -> Field | None:
    """科室负责人意见： alone on its line (room to write and the signature lines follow)."""
    fields = fields_of(line)
    if fields and len(fields) == 1 and _is_title(fields[0]) and _reads(line, _prints(fields)):
        return fields[0]
    return None


# -- the grid -------------------------------------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _unique(row: list[Cell]) -> list[Cell]:
    return [c for c in row if not c.carried]


def _row_fields(row: list[Cell], width: int) -> list[Field] | None:
    """A table row that is fields: label | blank cells (姓名 | | 科室 | ), or one cell across the
    table holding a line of fields."""
    cells = _unique(row)
    if len(cells) == 1 and cells[0].span == width and "\n" not in cells[0].text.strip():
        fields = fields_of(cells[0].text)
        return fields if fields and all(f.label for f in fields) and _reads(cells[0].text, _prints(fields)) else None
    if len(cells) < 2 or len(cells) % 2:
        return None
    out = []
    for label, value in zip(cells[::2], cells[1::2]):
        name = _squash(label.text).rstrip("：:")
        if not name or len(name) > 12 or re.search(r"[，。；]", name) or name.endswith(OPINION_WORDS):
            return None
        written = value.text.strip(SP + BL)
        options, end = _options(written)
        if options and end >= len(written.rstrip(SP)):
            out.append(Field(name, options=options))
        elif DATE.fullmatch(value.text.strip(SP)):  # 借用日期 | 　　年　　月　　日
            out.append(Field(name, date=True))
        elif not written:
            out.append(Field(name))
        else:
            return None
    return out


def _row_opinion(row: list[Cell], width: int) -> Map | None:
    """A row under the grid that is an opinion (科室意见：… 签字：… 日期：… in one cell across the
    table, or 科室意见 | 签字：　日期：) or a note (填表说明：… across the table)."""
    cells = _unique(row)
    lines = [line for cell in cells for line in cell.text.split("\n")]
    texts = [line for line in lines if line.strip()]
    if not texts:
        return None
    if len(cells) == 1 and cells[0].span == width and (note := NOTE.match(texts[0].strip())):
        return _note(note.group("label"), [note.group("text")] + texts[1:])
    first = fields_of(texts[0])
    if first is None and _squash(texts[0]).endswith(OPINION_WORDS) and len(_squash(texts[0])) <= 16:
        first = [Field(_squash(texts[0]))]  # 科室意见 in a cell of its own, without a colon
    if first and _is_title(first[0]) and _reads(texts[0], _prints(first)):
        sign = first[1:] + [f for text in texts[1:] for f in (sign_line(text) or [Field("\x00")])]
        blank = sum(1 for line in lines if not line.strip())
        if sign and all(_is_sign(f) for f in sign):
            return _opinion([first[0], *sign], blank or None)
    return None


def _split_opinion(rows: list[list[Cell]], width: int) -> tuple[Map | None, int]:
    """科室意见： in a row, maybe empty rows to write in, 签字：　日期： in the row under them: one
    opinion, and how many rows it takes."""
    sign = [line for c in _unique(rows[-1]) for line in c.text.split("\n") if line.strip()]
    fields = [f for line in sign for f in (sign_line(line) or [Field("\x00")])]
    if not sign or not all(_is_sign(f) for f in fields):
        return None, 0
    at = len(rows) - 2
    while at >= 0 and all(not c.text.strip() for c in rows[at]):
        at -= 1
    if at < 0:
        return None, 0
    texts = [line for c in _unique(rows[at]) for line in c.text.split("\n") if line.strip()]
    title = opinion_title(texts[0]) if len(texts) == 1 else None
    if title is None and len(texts) == 1 and _squash(texts[0]).endswith(OPINION_WORDS) and len(_squash(texts[0])) <= 16:
        title = Field(_squash(texts[0]))
    if title is None:
        return None, 0
    return _opinion([title, *fields], len(rows) - 2 - at or None), len(rows) - at


def _note(label: str, texts: list[str]) -> Map:
    texts = [t.strip() for t in texts if t.strip()]
    value = Map(text=texts[0] if len(texts) == 1 else Seq(texts))
    if label != "注":
        value = Map(label=label, **value)
    return Map(note=value if list(value) != ["text"] else value["text"])


def header_depth(rows: list[list[Cell]]) -> int:
    """2 when the first row has a heading over several columns and the second row names them
    (a column without such a heading spans both rows), else 1."""
    if len(rows) < 2 or not any(c.span > 1 for c in rows[0]):
        return 1
    top = [(c, n) for c in rows[0] for n in range(c.span)]
    below = [c for c in rows[1] for _ in range(c.span)]
    if len(top) != len(below):
        return 1
    for (cell, _), under in zip(top, below):
        if cell.span > 1 and (not under.text.strip() or under.carried):
            return 1
        if cell.span == 1 and under.text.strip() and not under.carried:
            return 1
    return 2


def _columns(rows: list[list[Cell]], depth: int) -> Seq | None:
    if depth == 1:
        if any(c.span > 1 for c in rows[0]):
            return None  # a merged heading over no named columns: the grid cannot say it
        titles = [_squash(c.text) for c in rows[0]]
        return Seq(titles) if all(titles) else None
    out, column = Seq(), 0
    below = [c for c in rows[1] for _ in range(c.span)]
    for cell in rows[0]:
        title = _squash(cell.text)
        if not title:
            return None
        if cell.span > 1:
            subs = [_squash(c.text) for c in below[column:column + cell.span]]
            if not all(subs):
                return None
            out.append(Map(title=title, columns=Seq(subs)))
        else:
            out.append(title)
        column += cell.span
    return out


def _grid(rows: list[list[Cell]], width: int) -> Map | None:
    """A grid part: its header and its empty rows (or the rows it prints)."""
    depth = header_depth(rows)
    columns = _columns(rows, depth)
    if columns is None:
        return None
    body = rows[depth:]
    if all(not c.text.strip() for row in body for c in row):
        count = len(body)
        if not count:
            return None
        grid = Map(columns=columns, rows=max(1, min(MAX_ROWS, count)))
        if count > MAX_ROWS:
            grid.capped = count
            grid.note("rows", f"导入：原文有 {count} 个空行，表单最多 {MAX_ROWS} 行")
        return Map(grid=grid)
    listed = Seq()
    for row in body:
        cells = Seq()
        for cell in row:
            text = "" if cell.carried else cell.text.strip()
            cells.append(text if cell.span == 1 else Map(text=text, span=cell.span))
        covered = sum(c.span for c in row)
        cells.extend([""] * (width - covered))
        listed.append(cells)
    cells = [c for row in body for c in row if not c.carried]
    if sum(1 for c in cells if not c.text.strip()) * 2 < len(cells):
        return None  # mostly written: a table of content, not a form's grid to fill in
    return Map(grid=Map(columns=columns, rows=listed))


def table_parts(table: Table) -> list[Map] | None:
    """A table of a form: fields rows on top, the grid, opinion and note rows under it."""
    width = table.width()
    rows = list(table.rows)
    parts: list[Map] = []
    while rows and (fields := _row_fields(rows[0], width)) is not None:
        parts.append(Map(fields=Seq(f.data() for f in fields)))
        rows.pop(0)
    tail: list[Map] = []
    while rows:
        found = _row_opinion(rows[-1], width)
        if found is None and len(rows) >= 2:
            found, used = _split_opinion(rows, width)
            if found is not None:
                del rows[-used:-1]
        if found is None and len(_unique(rows[-1])) == 1:  # 填表人：____ 日期：____ across the table
            fields = _row_fields(rows[-1], width)
            found = Map(fields=Seq(f.data() for f in fields)) if fields else None
        if found is None:
            break
        tail.insert(0, found)
        rows.pop()
    if rows:
        grid = _grid(rows, width)
        if grid is None:
            return None
        parts.append(grid)
    return parts + tail if parts + tail else None


def is_grid(table: Table) -> bool:
    """A table with rows to fill in (a form's grid), not one of content."""
    parts = table_parts(table)
    return parts is not None and any("grid" in p for p in parts)


# -- a form of paragraphs and tables ------------------------------------------------------------------

def parts_of(entries: list) -> tuple[Seq, list[str]] | None:
    """The parts of a form written as `entries` (paragraphs and tables in order), and the texts
    they hold; None when an entry is not a form part."""
    parts: list = []   # Map parts; a note being read is [label, its texts]
    texts: list[str] = []
    note: list | None = None
    title: tuple[Field, int] | None = None  # an opinion's title line, and the blank lines under it
    for entry in _joined(entries):
        if isinstance(entry, Table):
            found = table_parts(entry)
            if found is None:
                return None
            if title is not None:
                parts.append(Map(fields=Seq([title[0].data()])))
                title = None
            parts.extend(found)
            texts += [c.text for row in entry.rows for c in row if c.text.strip() and not c.carried]
            note = None
            continue
        text = _line(entry.text)
        if not text.strip():
            if title is not None:
                title = (title[0], title[1] + 1)
            continue
        texts.append(text)
        if title is not None:
            sign = sign_line(text)
            if sign is not None:
                parts.append(_opinion([title[0], *sign], title[1]))
                title = None
                continue
            parts.append(Map(fields=Seq([title[0].data()])))  # 科室意见：with its blank, no signature under it
            title = None
        if (head := opinion_title(text)) is not None:
            title = (head, 0)
            note = None
            continue
        if (match := _note_start(text)) is not None:
            note = [match.group("label"), [match.group("text")] if match.group("text").strip() else []]
            parts.append(note)
            continue
        found = line_part(text)
        if found is not None:
            parts.append(found)
            note = None
        elif note is not None:
            note[1].append(text)
        else:
            return None
    if title is not None:
        parts.append(Map(fields=Seq([title[0].data()])))
    if any(isinstance(p, list) and not p[1] for p in parts):
        return None  # 填表说明： with nothing under it
    out = Seq(_note(*p) if isinstance(p, list) else p for p in parts)
    return (out, texts) if out else None


def _line(text: str) -> str:
    """A line as a form reads it: the spaces at its end may be the blank of its last field."""
    return text.lstrip(SP).rstrip("\r\n")


def _note_start(text: str):
    """填表说明：… (or 说明, 注, 注意事项; 备注 only with words after it: 备注：____ is a field)."""
    match = NOTE.match(text)
    if match is None or (match.group("label") == "备注" and not match.group("text").strip(SP + BL)):
        return None
    return match


def _joined(entries: list) -> list:
    """A PDF may break a line of fields (填报日期：____ / 年__月__日): a line that is no form line
    but makes one with the line before it is that line's end."""
    out: list = []
    for entry in entries:
        if (isinstance(entry, Para) and out and isinstance(out[-1], Para) and entry.text.strip()
                and line_part(entry.text) is None and NOTE.match(entry.text.strip()) is None
                and line_part(out[-1].text + entry.text) is not None):
            out[-1] = Para(out[-1].text + entry.text, out[-1].place, full=entry.full)
            continue
        out.append(entry)
    return out


def form_data(parts: Seq):
    """The form as the attachment (or block) writes it: one plain grid in the first syntax
    ({columns, rows}), anything else as its parts."""
    if len(parts) == 1 and "grid" in parts[0]:
        grid = parts[0]["grid"]
        if isinstance(grid["rows"], int) and all(isinstance(c, str) for c in grid["columns"]) and len(grid["columns"]) <= 12:
            return Map(columns=grid["columns"], rows=grid["rows"])
    return parts


def is_form_line(text: str) -> bool:
    """A line only a form has: fields with blanks or checkboxes, an opinion, a signature line."""
    if not text.strip():
        return False
    text = _line(text)
    part = line_part(text)
    if part is not None:
        if "opinion" in part or "choices" in part:
            return True
        fields = fields_of(text)
        if len(fields) >= 2 or any(f.width is not None or f.options or f.date or f.after for f in fields):
            return True
    return opinion_title(text) is not None or sign_line(text) is not None  # 科室意见： alone, room to write under it


def describe(parts) -> str:
    names = {"fields": "填写项", "choices": "勾选项", "grid": "表格", "opinion": "意见栏", "note": "说明"}
    if isinstance(parts, dict):
        return "表格"
    return "、".join(dict.fromkeys(names[next(iter(p))] for p in parts))


def form_block(entries: list, parts: Seq, texts: list[str]) -> FormBlock:
    return FormBlock(parts, texts, entries[0].place)


def forms_in(entries: list) -> list:
    """The entries with each form standing in running text made a FormBlock: a table with rows to
    fill in and the form lines next to it (fields and checkboxes above it; opinions, signature
    lines and a 填表说明 under it), or a table that holds such lines itself. A blank table alone
    stays a table."""
    entries = _joined(entries)
    out: list = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        parts = table_parts(entry) if isinstance(entry, Table) else None
        if parts is None or not any("grid" in p for p in parts):
            out.append(entry)
            index += 1
            continue
        start = index
        while start > 0 and len(out) > 0 and out[-1] is entries[start - 1] and isinstance(entries[start - 1], Para) \
                and not entries[start - 1].number and is_form_line(entries[start - 1].text) \
                and not (start > 1 and isinstance(entries[start - 2], Para) and entries[start - 2].full):  # a line's continuation
            start -= 1
            out.pop()
        end = index + 1
        while end < len(entries) and isinstance(entries[end], Para) and not entries[end].number and (
                is_form_line(entries[end].text) or _form_note(entries, end)):
            end += 1
        found = parts_of(entries[start:end]) if (start < index or end > index + 1 or len(parts) > 1) else None
        if found is None:
            out.extend(entries[start:index + 1])
            index += 1
            continue
        out.append(form_block(entries[start:end], *found))
        index = end
    return out


def _form_note(entries: list, at: int) -> bool:
    """填表说明：… right under a form (and its continuation lines are not taken: a note of one line)."""
    match = NOTE.match(entries[at].text.strip())
    return bool(match) and match.group("label") in ("填表说明", "填写说明") and bool(match.group("text").strip())
