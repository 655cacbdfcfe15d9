"""Staff: what waits for me, read it, confirm 我已阅读并理解 with my password.
Quality management: completion by department and campus, overdue lists, reminders, exports,
and the staff list import."""

from __future__ import annotations


from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ... import dates
from ...model import diff
from ..accounts.signin import _failed, lock_message
from ..audit.chain import record
from ..audit.models import Action
from ..documents import project, sitepage
from .. import mail
from . import directorysync, exports, progress, reminders, staffimport
from .duties import acknowledged_by, due_for, in_force
from .models import Acknowledgement, StaffMember, StaffSync


def _staff_of(user) -> StaffMember | None:
    return StaffMember.objects.filter(account=user, active=True).first()


def _due(p, member: StaffMember):
    rows = Acknowledgement.objects.filter(staff=member).values_list("number", "version", "fingerprint")
    return due_for(p, progress.person(member), acknowledged_by(rows))


def waiting_count(request) -> int:
    """How many documents wait for the signed-in person (the menu's badge); 0 for htmx fragments."""
    if request.headers.get("HX-Request"):
        return 0
    member = _staff_of(request.user)
    if member is None:
        return 0
    loaded = project.load()
    return len(_due(loaded.project, member)) if loaded.project is not None else 0


def may_oversee(user) -> bool:
    return user.has_role("controller") or user.has_role("admin")


def _require_oversee(user) -> None:
    if not may_oversee(user):
        raise PermissionDenied("只有质量管理科（文件控制员）和管理员可以查看阅读确认的统计、导入员工名单。")


@login_required
def mine(request):
    loaded = project.load()
    member = _staff_of(request.user)
    today = dates.today()
    waiting, done = [], []
    if member is not None and loaded.project is not None:
        waiting = _due(loaded.project, member)
        done = list(Acknowledgement.objects.filter(staff=member).order_by("-at")[:10])
    return render(request, "acknowledge/mine.html", {"member": member, "waiting": waiting, "done": done,
                                                      "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def read(request, number: str):
    project.document_file(number)  # 404 unless it is in the register
    loaded = project.load()
    member = _staff_of(request.user)
    if loaded.project is None or member is None:
        raise Http404(number)
    p = loaded.project
    due = next((d for d in _due(p, member) if d.number == number), None)
    current = p.current(number)
    if current is None:
        raise Http404(number)
    problem = ""
    if request.method == "POST":
        if due is None:
            return redirect("acknowledge:mine")
        problem = _confirm(request, member, due)
        if not problem:
            return redirect("acknowledge:mine")
    changes = None
    if due is not None and due.last_version:
        old = next((d for d in p.history(number) if str(d.version) == due.last_version), None)
        if old is not None:
            changes = diff.compare(old, current)
    body = sitepage.html(p, current, dates.today(), draft=False)
    status = 422 if problem else 200
    return render(request, "acknowledge/read.html", {"doc": current, "due": due, "changes": changes, "body": body,
                                                      "problem": problem, "today": dates.today()}, status=status)


def _confirm(request, member: StaffMember, due) -> str:
    """Record the acknowledgement; else why not, in Chinese."""
    account = request.user
    if request.POST.get("understood") != "1":
        return "请勾选“我已阅读并理解”。"
    if request.POST.get("version") != due.version or request.POST.get("fingerprint") != due.fingerprint:
        return f"您阅读期间文件已更新为 {due.version}：请阅读本页显示的版本后再确认。"
    account.refresh_from_db()
    if account.is_locked():
        return lock_message(account)
    if not account.check_password(request.POST.get("password", "")[:4096]):
        _failed(request, account.username, account, timezone.now())
        account.refresh_from_db()
        return lock_message(account) if account.is_locked() else "密码不对：请输入您登录用的密码。"
    try:
        with transaction.atomic():
            entry = Acknowledgement(staff=member, account=account, number=due.number, version=due.version,
                                    fingerprint=due.fingerprint, at=timezone.now())
            entry.save()
    except IntegrityError:  # confirmed twice (two tabs): the first stands
        return ""
    record(Action.ACKNOWLEDGED, account=account, document=due.number, version=due.version,
           details={"fingerprint": due.fingerprint, "staff": member.employee_id, "name": member.name,
                    "department": member.department, "at": entry.at.isoformat()})
    return ""


def _filters(request) -> dict:
    return {"department": request.GET.get("department", "")[:100] or None,
            "campus": request.GET.get("campus", "")[:50] or None,
            "number": request.GET.get("number", "")[:100] or None}


@login_required
def quality(request):
    _require_oversee(request.user)
    loaded = project.load()
    if loaded.project is None:
        raise Http404("register")
    p = loaded.project
    today = dates.today()
    chosen = _filters(request)
    found = progress.lines(p, today, **chosen)
    campuses = {c.key: c.name for c in p.directory.campuses}
    overdue = [line for line in found if line.state == progress.OVERDUE]
    query = request.GET.urlencode()
    return render(request, "acknowledge/quality.html", {
        "by_department": progress.sums(found, lambda line: line.staff.department),
        "by_campus": progress.sums(found, lambda line: campuses.get(line.staff.campus, line.staff.campus or "（未填）")),
        "by_document": progress.sums(found, lambda line: f"{line.item.number} {line.item.version}"),
        "overdue": overdue[:500], "overdue_count": len(overdue), "today": today, "chosen": chosen, "query": query,
        "departments": sorted(set(StaffMember.objects.filter(active=True).values_list("department", flat=True))),
        "campuses": campuses, "documents": [(i.number, i.doc.title) for i in in_force(p)],
        "staff_count": StaffMember.objects.filter(active=True).count(),
        "sent": request.GET.get("sent"), "mail_off": request.GET.get("mail") == "off", "too_many": request.GET.get("too_many", "")[:12],
        "xlsx_max": exports.XLSX_MAX_ROWS,
    })


@login_required
def export(request, kind: str):
    _require_oversee(request.user)
    loaded = project.load()
    if loaded.project is None:
        raise Http404("register")
    today = dates.today()
    if kind == "xlsx":
        size = progress.count(loaded.project, **_filters(request))
        if size > exports.XLSX_MAX_ROWS:
            query = request.GET.copy()
            query["too_many"] = str(size)
            return redirect("/read/quality/?" + query.urlencode())
    found = progress.lines(loaded.project, today, **_filters(request))
    campuses = {c.key: c.name for c in loaded.project.directory.campuses}
    name = f"阅读确认-{today:%Y%m%d}"
    if kind == "csv":
        data, content_type = exports.csv_bytes(found, campuses), "text/csv; charset=utf-8"
    else:
        data = exports.xlsx_bytes(found, campuses, today)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = exports.disposition(f"{name}.{kind}")
    return response


@login_required
@require_POST
def remind(request):
    _require_oversee(request.user)
    loaded = project.load()
    if loaded.project is None:
        raise Http404("register")
    if not mail.configured():
        return redirect("/read/quality/?mail=off")
    found = progress.lines(loaded.project, dates.today(), **_filters(request))
    sent, without = reminders.send(found, dates.today())
    record(Action.REMINDERS_SENT, account=request.user, details={"sent": sent, "without_email": without})
    return redirect(f"/read/quality/?sent={sent}-{without}")


@login_required
@require_http_methods(["GET", "POST"])
def staff(request):
    _require_oversee(request.user)
    loaded = project.load()
    problems, result = [], None
    directory = loaded.project.config.staff_directory if loaded.project is not None else None
    if request.method == "POST" and "sync" in request.POST:
        if directory is None:
            problems = ["planpress.yaml 里没有 staff_directory：名单只从人事系统导出的表格导入。"]
        else:
            directorysync.run_and_record(loaded.project, request.user.username)
            return redirect("/read/staff/")
    elif request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problems = ["请选择人事系统导出的员工名单（.csv 或 .xlsx）。"]
        elif loaded.project is None:
            problems = ["source/ 里的通讯录或设置有错误，读不出院区：请编辑先改正。"]
        else:
            campuses = {c.key: c.name for c in loaded.project.directory.campuses}
            try:
                data = upload.read(staffimport.MAX_BYTES + 1)
                rows = staffimport.parse(upload.name, data, campuses)
                result = staffimport.apply(rows, dates.today())
                record(Action.STAFF_IMPORTED, account=request.user,
                       details={"file": upload.name[:200], "rows": len(rows), "added": result.added,
                                "updated": result.updated, "left": result.left,
                                "accounts_created": result.accounts_created})
            except staffimport.Refused as refused:
                problems = refused.problems
    members = StaffMember.objects.filter(active=True)
    return render(request, "acknowledge/staff.html", {
        "problems": problems, "result": result, "count": members.count(),
        "departments": members.values("department").order_by("department").distinct().count(),
        "directory": directory, "last_sync": StaffSync.objects.first() if directory else None,
    }, status=422 if problems else 200)
