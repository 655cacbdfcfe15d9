"""The generated sections: 8 表单附件 (the list of attachments), 9 文件修订记录 (revisions) and
10 审核批准 (signatories and their paper approvals), from table rows or, in a text file, from lines
split at their spaces."""

from __future__ import annotations

import dataclasses
import re

from . import values
from .data import Map, Seq
from .rejoin import DATE_SPACES, tidy
from .report import Report
from .stream import Figure, Place, Table

DEPARTMENT = re.compile(r"(科|处|部|室|中心|办公室|办|委员会)$")
UNSIGNED = re.compile(r"^(未签署|未签字|未签|待签署|待签)$")
ATTACHMENT = re.compile(r"^(?:[A-Z]+(?:-[A-Z]+)*-\d{3}-)?(?P<code>[A-Z]\.?\d{1,2})\s*[：:、.]?\s*(?P<title>.+)$")


def rows_of(entries: list) -> list[tuple[list[str], Place]]:
    """Rows of cells: a table's rows, or a text line split at its spaces."""
    rows = []
    for entry in entries:
        if isinstance(entry, Table):
            for r, row in enumerate(entry.rows, 1):
                rows.append(([tidy(c.text) for c in row], Place(page=entry.place.page, table=entry.place.table, row=r)))
        elif isinstance(entry, Figure):
            rows.extend(([text], entry.place) for text in entry.texts())
        else:
            line = DATE_SPACES.sub(lambda m: f"{m.group(1)}年{m.group(2)}月{m.group(3)}日", tidy(entry.text))
            line = re.sub(r"([A-Z])\s*/\s*(\d)", r"\1/\2", line)
            rows.append((line.split(), entry.place))
    return rows


def revisions(entries: list, owner: str | None, report: Report) -> Seq:
    out = Seq()
    columns: dict[str, int] | None = None
    for cells, place in rows_of(entries):
        if not any(cells):
            continue
        if columns is None and not any(values.date(c) for c in cells) and any(re.search(r"日期|版本|内容", c) for c in cells):
            columns = {}
            for index, cell in enumerate(cells):
                for field, pattern in (("date", "日期"), ("version", "版本"), ("description", "内容|描述|说明|原因"), ("by", "部门|修订人|编制")):
                    if re.search(pattern, cell) and field not in columns:
                        columns[field] = index
            continue
        date = next((values.date(c) for c in cells if values.date(c)), None)
        version = next((values.version(c) for c in cells if values.version(c)), None)
        if columns and len(cells) == len(columns):
            description = cells[columns["description"]] if "description" in columns else ""
            by = cells[columns["by"]] if "by" in columns else None
        else:
            rest = [c for c in cells if not values.date(c) and not values.version(c)]
            by = rest.pop() if len(rest) > 1 and DEPARTMENT.search(rest[-1]) else None
            description = "".join(rest)
        if not (date and version):
            report.unplaced(place, f"修订记录这一行读不出日期和版本：“{' '.join(cells)}”。",
                            "导入没有收录这一行；请在 revisions 里按 {date, version, description, by} 补上。")
            continue
        row = Map(date=date, version=version, description=description or "（原文未写）", by=by or owner or "")
        if not by:
            row.note("by", "待核对：原文没有写修订部门，导入暂填制定部门")
        out.append(row)
    return out


@dataclasses.dataclass
class Signature:
    """One row of the original's 审核批准 table: who signs in what role, and the date they signed
    on paper (None when the row is not signed)."""

    role: str
    name: str
    department: str | None = None
    title: str | None = None
    date: str | None = None
    place: Place | None = None


def write_signing(data: Map, signatures: list[Signature]) -> None:
    """The only place that knows how the document keeps its signing: `signatories` in order and a
    paper approval (name and date, no fingerprint) for each row signed on paper. (When approvals
    become digital signatures by roster persons, this is what changes.)"""
    signatories, signed = Seq(), Seq()
    for signature in signatures:
        person = Map(role=signature.role)
        if signature.department:
            person["department"] = signature.department
        if signature.title:
            person["title"] = signature.title
        person["name"] = signature.name
        if not signature.name:
            person.note("name", "导入：原文没有姓名，请补上")
        signatories.append(person)
        if signature.date and signature.name:
            signed.append(Map(role=signature.role, name=signature.name, date=signature.date))
            signed.note(len(signed) - 1, "纸质签批：原件上的签字和日期（没有内容指纹）")
    data["signatories"] = signatories
    data["approvals"] = signed


def signatures(entries: list, report: Report) -> list[Signature]:
    """The rows of 10 审核批准 (a table, or lines of a text file)."""
    found: list[Signature] = []
    for cells, place in rows_of(entries):
        cells = [c for c in cells if c and not UNSIGNED.match(c)]  # a draft planpress PDF prints 未签署
        if not cells:
            continue
        if not any(values.date(c) for c in cells) and any(re.search(r"签字|签署|签名|审核/批准", c) for c in cells):
            continue  # the header row
        date = next((values.date(c) for c in cells if values.date(c)), None)
        rest = [c for c in cells if not values.date(c) and not values.BLANK_DATE.match(c)]
        if not rest:
            continue
        role, rest = rest[0], rest[1:]
        signature = next((c for c in rest if re.search(r"[：:]", c)), None)
        department = title = name = None
        if signature is not None:
            position = rest.index(signature)
            title, _, name = re.split(r"([：:])", signature, maxsplit=1)
            title, name = title.strip(), name.strip()
            others = rest[:position] + rest[position + 1:]
            if others:
                department = "".join(others)
        elif len(rest) >= 3:
            department, title, name = rest[0], rest[1], "".join(rest[2:])
        elif len(rest) == 2:
            if DEPARTMENT.search(rest[0]):
                department, name = rest
            else:
                title, name = rest
        elif len(rest) == 1:
            name = rest[0]
        if not name:
            report.unplaced(place, f"审核批准“{role}”这一行没有签署人姓名。",
                            "导入把这一行收为签署人但没有姓名：请在 signatories 里补上 name。")
        found.append(Signature(role, name or "", department or None, title or None, date, place))
    return found


def attachment_list(paragraphs: list, report: Report) -> list[tuple[str, str, Place]]:
    """8 表单附件: (code, title, place) for each listed attachment ("8.1 H-J-YA-028-A.01 快速联络通信表")."""
    from . import numbers
    found = []
    for paragraph in paragraphs:
        _, text = numbers.split(paragraph.text)
        text = text.strip()
        if not text or text in ("无", "无。"):
            continue
        match = ATTACHMENT.match(text)
        if match:
            code = match.group("code")
            if "." not in code:
                code = f"{code[0]}.{code[1:].zfill(2)}"
            found.append((code, match.group("title").strip(), paragraph.place))
        else:
            found.append(("", re.sub(r"^附件\s*[0-9一二三四五六七八九十]*\s*[：:、.]?\s*", "", text), paragraph.place))
    return found
