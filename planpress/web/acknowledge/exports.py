"""Exports for an accreditation survey: one row per person and document version, CSV (UTF-8 with
a BOM, so Excel reads the Chinese) and Excel (openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

from django.utils import timezone

from .progress import Line

# An Excel file of more rows takes openpyxl minutes (600,000 rows: ~75 s of CPU, bench/ack_load.py):
# beyond this, the page asks to filter, or to take the CSV (which Excel opens too).
XLSX_MAX_ROWS = 100_000
HEADER = ["工号", "姓名", "部门", "岗位", "院区", "文件编号", "文件名称", "版本", "生效日期", "截止日期", "状态", "确认时间"]


class _Rows:
    """Rows of the export; what repeats (a person's cells, a document's, a date's text) is made once."""

    def __init__(self, campuses: dict[str, str]):
        self.campuses = campuses
        self.people: dict[int, list] = {}
        self.items: dict[str, list] = {}
        self.days: dict[dt.date, str] = {}
        self.zone = timezone.get_current_timezone()

    def __call__(self, line: Line) -> list:
        staff, item = line.staff, line.item
        person = self.people.get(staff.pk)
        if person is None:
            person = self.people[staff.pk] = [_safe(v) for v in (
                staff.employee_id, staff.name, staff.department, staff.role,
                self.campuses.get(staff.campus, staff.campus))]
        document = self.items.get(item.number)
        if document is None:
            document = self.items[item.number] = [_safe(v) for v in (
                item.number, item.doc.title, item.version, item.doc.effective.isoformat())]
        deadline = self.days.get(line.deadline) or self.days.setdefault(line.deadline, line.deadline.isoformat())
        at = line.at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M:%S") if line.at else ""
        return [*person, *document, deadline, line.state, at]


def _safe(value):
    """A cell a spreadsheet must not run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(lines: list[Line], campuses: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    row = _Rows(campuses)
    writer.writerows(row(line) for line in lines)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(lines: list[Line], campuses: dict[str, str], today: dt.date) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("阅读确认")
    sheet.append([f"阅读确认记录（导出于 {today:%Y-%m-%d}）"])
    sheet.append(HEADER)
    row = _Rows(campuses)
    for line in lines:
        sheet.append(row(line))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def disposition(name: str) -> str:
    return f"attachment; filename=\"export.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
