"""The title and the header block (文件类别 … 修订日期) from the lines or table cells before section 1."""

from __future__ import annotations

import re

from . import values
from .frame import Frame
from .report import Report
from .stream import Figure, Place, Table

KINDS = ("预案", "制度", "办法", "规定", "流程", "规范", "细则", "方案", "职责", "标准", "指南", "须知", "程序", "规程", "要求")
NUMBER = re.compile(r"\b[A-Z]+(?:-[A-Z]+)*-\d{3}\b")


def parse(entries: list, frame: Frame, report: Report) -> tuple[dict, dict, list[tuple[Place, str]]]:
    """(fields, places of the fields, leftover texts). `fields` has title, number, category, owner,
    publisher, effective, version, revised, pages (as typed)."""
    segments: list[tuple[str, Place]] = []  # one per line, paragraph or table cell
    for entry in entries:
        if isinstance(entry, Table):
            for r, row in enumerate(entry.rows, 1):
                for c, cell in enumerate(row, 1):
                    if cell.text.strip():
                        segments.append((cell.text, Place(table=entry.place.table, row=r, column=c)))
        elif isinstance(entry, Figure):
            segments.extend((text, entry.place) for text in entry.texts())
        elif entry.text.strip():
            segments.append((entry.text, entry.place))
    labels = frame.labels()
    pattern = re.compile("|".join(r"\s*".join(map(re.escape, label.replace(" ", ""))) for label, _ in labels))
    field_of = {re.sub(r"\s+", "", label): field for label, field in labels}
    fields: dict = {}
    places: dict = {}
    leftovers: list[tuple[Place, str]] = []
    pending: str | None = None  # a label whose value is in the next segment (a table cell)
    for text, place in segments:
        position = 0
        matches = list(pattern.finditer(text))
        if not matches:
            if pending:
                fields[pending], places[pending] = text.strip(), place
                pending = None
            else:
                leftovers.append((place, text.strip()))
            continue
        before = text[:matches[0].start()].strip()
        if before:
            if pending:
                fields[pending], places[pending] = before, place
            else:
                leftovers.append((place, before))
        pending = None
        for index, match in enumerate(matches):
            field = field_of[re.sub(r"\s+", "", match.group(0))]
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            value = text[match.end():end].strip().lstrip("：:").strip()
            if value:
                fields[field], places[field] = value, place
            else:
                fields.setdefault(field, "")
                places.setdefault(field, place)
                pending = field
            position = end
    del position
    # status stamps of a planpress PDF (受控, 草稿, 作废) are not text; a title may carry the number
    for index, (place, text) in enumerate(leftovers):
        stamp = re.match(r"^(受控|草稿|作废)(?:\s+|$)", text)
        if stamp:
            report.note(place, f"状态标记“{stamp.group(1)}”不导入：状态由 planpress 判断。")
            leftovers[index] = (place, text[stamp.end():].strip())
    leftovers[:] = [(place, text) for place, text in leftovers if text]
    number = re.sub(r"\s+", "", fields.get("number", ""))
    if number:
        leftovers[:] = [(place, re.sub(rf"^{re.escape(number)}\s*", "", text)) for place, text in leftovers]
        leftovers[:] = [(place, text) for place, text in leftovers if text]
    # the title: a leftover naming a kind of document, else the first leftover
    title = fields.pop("title", "") or ""
    if not title and leftovers:
        chosen = next((pair for pair in leftovers if pair[1].endswith(KINDS)), leftovers[0])
        title = chosen[1]
        places["title"] = chosen[0]
        leftovers.remove(chosen)
    fields["title"] = re.sub(r"\s+", "", title) if re.search(r"[\u4e00-\u9fff]", title) else title.strip()
    for pair in list(leftovers):
        if re.sub(r"\s+", "", pair[1]) == fields["title"]:
            report.note(pair[0], f"标题“{fields['title']}”在这里又出现一次，不重复导入。")
            leftovers.remove(pair)
    return fields, places, leftovers


def clean(fields: dict, places: dict, report: Report, pages: int | None) -> dict:
    """Typed header values into format-v2 values; what is malformed is reported."""
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
                          "导入先写成 A/0，请按实际版本改正。")
    for key, name in (("effective", "生效日期"), ("revised", "修订日期")):
        raw = fields.get(key, "")
        if not raw or values.BLANK_DATE.match(raw):
            continue
        iso = values.date(raw)
        if iso:
            out[key] = iso
        else:
            report.defect(places.get(key), f"{name}“{raw}”不是一个真实的日期。", "导入留空，请填写正确的日期（YYYY-MM-DD）。")
    typed = fields.get("pages", "")
    if typed:
        if pages and typed.strip().isdigit() and int(typed) != pages:
            report.defect(places.get("pages"), f"文件总页码写的是 {typed.strip()}，原文实际有 {pages} 页。",
                          "planpress 不保存这个数字：PDF 上的总页码按实际页数自动生成。")
        else:
            report.note(places.get("pages"), f"文件总页码（{typed.strip()}）不导入：PDF 上的总页码按实际页数自动生成。")
    return out
