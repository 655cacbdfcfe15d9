"""The title and the header block (文件类别 … 修订日期) from the lines or table cells before section 1."""

from __future__ import annotations

import re

from . import values
from .frame import Frame
from .report import Report
from .stream import Figure, Place, Table

KINDS = ("预案", "制度", "办法", "规定", "流程", "规范", "细则", "方案", "职责", "标准", "指南", "须知", "程序", "规程", "要求")
NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z]+(?:-[A-Z]+)*-\d{3}(?!\d)")


def parse(entries: list, frame: Frame, report: Report, labels_written: dict | None = None
          ) -> tuple[dict, dict, list, list[tuple[Place, str]]]:
    """(fields, places of the fields, the other entries, leftover texts of the header block).

    `fields` has title, number, category, owner, publisher, effective, version, revised, pages (as
    typed); `labels_written` gets each field's label as the original wrote it. A paragraph or a
    table holding a header label is part of the header block (a value may stand in the next
    paragraph or cell); the title is the paragraph that names a kind of document (…制度, …预案), else
    the first short one. Other entries are returned in order: they are text, not header."""
    labels_written = {} if labels_written is None else labels_written
    labels = frame.labels()
    pattern = re.compile("|".join(r"\s*".join(map(re.escape, label.replace(" ", ""))) for label, _ in labels))
    field_of = {re.sub(r"\s+", "", label): field for label, field in labels}
    fields: dict = {}
    places: dict = {}
    leftovers: list[tuple[Place, str]] = []
    rest: list = []
    pending: str | None = None  # a label whose value is in the next segment (a table cell, a line)

    def segment(text: str, place: Place) -> None:
        nonlocal pending
        matches = list(pattern.finditer(text))
        if not matches:
            if pending:
                fields[pending], places[pending] = text.strip(), place
                pending = None
            else:
                leftovers.append((place, text.strip()))
            return
        before = text[:matches[0].start()].strip()
        if before:
            if pending:
                fields[pending], places[pending] = before, place
            else:
                leftovers.append((place, before))
        pending = None
        for index, match in enumerate(matches):
            field = field_of[re.sub(r"\s+", "", match.group(0))]
            labels_written.setdefault(field, match.group(0).strip())
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            value = text[match.end():end].strip().lstrip("：:").strip()
            if value:
                fields[field], places[field] = value, place
            else:
                fields.setdefault(field, "")
                places.setdefault(field, place)
                pending = field

    for entry in entries:
        if isinstance(entry, Table):
            cells = [(cell.text, Place(table=entry.place.table, row=r, column=c, part=entry.place.part, page=entry.place.page))
                     for r, row in enumerate(entry.rows, 1) for c, cell in enumerate(row, 1) if cell.text.strip() and not cell.carried]
            if not any(pattern.search(text) for text, _ in cells):
                rest.append(entry)
                pending = None
                continue
            for text, place in cells:
                segment(text, place)
            pending = None
        elif isinstance(entry, Figure):
            rest.append(entry)
        elif entry.text.strip():
            if pattern.search(entry.text) or pending:
                segment(entry.text, entry.place)
            else:
                rest.append(entry)
    number = re.sub(r"\s+", "", fields.get("number", ""))
    title = fields.pop("title", "") or ""
    if not title:
        title = _title(rest, leftovers, number, places, report)
    fields["title"] = re.sub(r"\s+", "", title) if re.search(r"[\u4e00-\u9fff]", title) else title.strip()
    kept = []
    for entry in rest:
        text = getattr(entry, "text", None)
        if text is not None and not isinstance(entry, Table) and _bare(text, number) in ("", fields["title"]):
            if _bare(text, number):
                report.note(entry.place, f"标题“{fields['title']}”在这里又出现一次，不重复导入。", texts=[text])
            continue
        kept.append(entry)
    return fields, places, kept, leftovers


STAMP = re.compile(r"^(受控|草稿|作废|受控文件|非受控)(?:\s+|$)|(?:^|\s+)(受控|草稿|作废|受控文件|非受控)$")
LETTERHEAD = re.compile(r"^[\u4e00-\u9fff（）()]{2,24}(医院|院区|卫生院|中心|研究所)$")


def _bare(text: str, number: str) -> str:
    """A paragraph without the document number and status stamp in it, spaces squashed."""
    text = text.strip()
    if number:
        text = text.replace(number, " ")
    text = STAMP.sub(" ", text.strip()).strip()
    text = STAMP.sub(" ", text).strip()
    return re.sub(r"\s+", "", text) if re.search(r"[\u4e00-\u9fff]", text) else text


def _title(rest: list, leftovers: list, number: str, places: dict, report: Report) -> str:
    """The title among the paragraphs of the header zone (removed from `rest`), else among the
    header table's leftover cells; stamps (受控) and letterheads before it are reported."""
    candidates = []
    for entry in rest:
        if isinstance(entry, (Table, Figure)) or getattr(entry, "number", None):
            break
        text = entry.text.strip()
        if re.search(r"[。；;]$", text) or len(text) > 60:
            break
        candidates.append(entry)
    def named(text):
        return _bare(text, number).endswith(KINDS)
    chosen = next((e for e in candidates if named(e.text)), None)
    if chosen is None:
        chosen = next((e for e in candidates if _bare(e.text, number) and not LETTERHEAD.match(_bare(e.text, number))
                       and re.search(r"[\u4e00-\u9fff]", e.text)), None)
    if chosen is not None:
        for entry in candidates[:candidates.index(chosen)]:
            bare = _bare(entry.text, number)
            if not bare or LETTERHEAD.match(bare):
                what = "医院名称" if bare else "状态标记"
                report.note(entry.place, f"{what}“{entry.text.strip()}”不导入：planpress 的页眉和状态由它自己生成。", texts=[entry.text])
                rest.remove(entry)
        stamp = STAMP.search(chosen.text.strip())
        if stamp:
            report.note(chosen.place, f"状态标记“{(stamp.group(1) or stamp.group(2))}”不导入：状态由 planpress 判断。",
                        texts=[stamp.group(1) or stamp.group(2)])
        rest.remove(chosen)
        places["title"] = chosen.place
        return _bare(chosen.text, number)
    for pair in leftovers:
        bare = _bare(pair[1], number)
        if bare.endswith(KINDS) or (bare and not LETTERHEAD.match(bare) and len(bare) <= 40):
            leftovers.remove(pair)
            places["title"] = pair[0]
            stamp = STAMP.search(pair[1].strip())
            if stamp:
                report.note(pair[0], f"状态标记“{(stamp.group(1) or stamp.group(2))}”不导入：状态由 planpress 判断。",
                            texts=[stamp.group(1) or stamp.group(2)])
            return bare
    return ""


def clean(fields: dict, places: dict, report: Report, pages: int | None, written: dict | None = None) -> dict:
    """Typed header values into format-v2 values; what is malformed or not kept is reported (with
    the label as `written` in the original)."""
    written = written or {}
    out: dict = {}
    for key in ("category", "owner", "publisher"):
        if fields.get(key):
            out[key] = re.sub(r"\s+", "", fields[key])
    number = re.sub(r"\s+", "", fields.get("number", ""))
    if number:
        out["number"] = number
    if fields.get("version"):
        version = values.version(fields["version"])
        if version:
            out["version"] = version
        else:
            report.defect(places.get("version"), f"版本/修订写的是“{fields['version']}”，不是“A/0”这样的格式。",
                          "导入先写成 A/0，请按实际版本改正。", texts=[fields["version"]])
    for key, name in (("effective", "生效日期"), ("revised", "修订日期")):
        raw = fields.get(key, "")
        if not raw or values.BLANK_DATE.match(raw):
            continue
        iso = values.date(raw)
        if iso:
            out[key] = iso
        else:
            report.defect(places.get(key), f"{name}“{raw}”不是一个真实的日期。", "导入留空，请填写正确的日期（YYYY-MM-DD）。",
                          texts=[raw])
    typed = fields.get("pages", "")
    label = written.get("pages", "文件总页码")
    if typed:
        if pages and typed.strip().isdigit() and int(typed) != pages:
            report.defect(places.get("pages"), f"{label}写的是 {typed.strip()}，原文实际有 {pages} 页。",
                          "planpress 不保存这个数字：PDF 上的总页码按实际页数自动生成。", texts=[label, typed])
        else:
            report.note(places.get("pages"), f"{label}（{typed.strip()}）不导入：PDF 上的总页码按实际页数自动生成。", texts=[label, typed])
    elif "pages" in fields:
        report.note(places.get("pages"), f"{label}不导入：PDF 上的总页码按实际页数自动生成。", texts=[label])
    return out
