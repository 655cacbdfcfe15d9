"""Exports for an accreditation survey: one row per person and document version, CSV (UTF-8 with
a BOM, so Excel reads the Chinese) and Excel (openpyxl)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from urllib.parse import quote

from django.utils import timezone

from .progress import Line

HEADER = ["工号", "姓名", "部门", "岗位", "院区", "文件编号", "文件名称", "版本", "生效日期", "截止日期", "状态", "确认时间"]


def _row(line: Line, campuses: dict[str, str]) -> list:
    at = timezone.localtime(line.at).strftime("%Y-%m-%d %H:%M:%S") if line.at else ""
    return [line.staff.employee_id, line.staff.name, line.staff.department, line.staff.role,
            campuses.get(line.staff.campus, line.staff.campus), line.item.number, line.item.doc.title, line.item.version,
            line.item.doc.effective.isoformat(), line.deadline.isoformat(), line.state, at]


def _safe(value):
    """A cell a spreadsheet must not run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_bytes(lines: list[Line], campuses: dict[str, str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for line in lines:
        writer.writerow([_safe(v) for v in _row(line, campuses)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(lines: list[Line], campuses: dict[str, str], today: dt.date) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("阅读确认")
    sheet.append([f"阅读确认记录（导出于 {today:%Y-%m-%d}）"])
    sheet.append(HEADER)
    for line in lines:
        sheet.append([_safe(v) for v in _row(line, campuses)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def disposition(name: str) -> str:
    return f"attachment; filename=\"export.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
