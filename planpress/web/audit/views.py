from __future__ import annotations

import csv
import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from ..accounts.models import Role
from .chain import record, verify
from .models import Action, AuditRecord


def _require_auditor(user):
    if not (user.has_role(Role.CONTROLLER) or user.has_role(Role.ADMIN)):
        raise PermissionDenied("审计记录只有文件控制员和管理员可以查看。")


def _filtered(request):
    records = AuditRecord.objects.order_by("-seq")
    action = request.GET.get("action", "")
    if action in Action.values:
        records = records.filter(action=action)
    document = request.GET.get("document", "").strip()[:100]
    if document:
        records = records.filter(document=document)
    actor = request.GET.get("actor", "").strip()[:150]
    if actor:
        records = records.filter(actor=actor)
    return records, action, document, actor


@login_required
def trail(request):
    _require_auditor(request.user)
    records, action, document, actor = _filtered(request)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    checked = None
    if request.GET.get("verify") == "1":
        count, breaks = verify()
        checked = {"count": count, "breaks": breaks}
    return render(request, "audit/trail.html", {"page": page, "actions": Action.choices, "action": action,
                                                "document": document, "actor": actor, "checked": checked})


CSV_COLUMNS = ("序号", "时间（服务器，UTC）", "账户", "姓名", "操作", "文件", "版本", "原因", "详情", "上一条的摘要", "摘要")


def _rows(request, kind: str):
    _require_auditor(request.user)
    records, action, document, actor = _filtered(request)
    record(Action.AUDIT_EXPORTED, account=request.user,
           details={"format": kind, "action": action, "document": document, "actor": actor})
    for entry in records.order_by("seq").iterator(chunk_size=2000):
        yield [entry.seq, entry.at.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S"), _cell(entry.actor),
               _cell(entry.actor_name), entry.get_action_display(), _cell(entry.document), _cell(entry.version),
               _cell(entry.reason), _cell(entry.details), entry.previous, entry.digest]


@login_required
def export_csv(request):
    """The records the filters select, oldest first, as CSV (UTF-8 with BOM: Excel opens it in Chinese)."""
    rows = _rows(request, "csv")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="planpress-audit.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)
    return response


@login_required
def export_xlsx(request):
    """The same records as an Excel workbook (openpyxl; every cell a value, never a formula)."""
    import io

    from openpyxl import Workbook

    rows = _rows(request, "xlsx")
    book = Workbook(write_only=True)
    sheet = book.create_sheet("审计记录")
    sheet.append(list(CSV_COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="planpress-audit.xlsx"'
    return response


def _cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
