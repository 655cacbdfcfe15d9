"""Drills of a plan: record one (editors of the plan's department, quality management), read
them, their attachments."""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ... import dates
from ...lifecycle import drills
from ..audit.chain import record as audit
from ..audit.models import Action
from ..documents import access, project
from ..gitstore.store import Busy, GitError, NoRepository
from . import record
from .record import FINDING_ROWS, Refused, Upload


def may_record(user, number: str) -> bool:
    return access.may_edit(user, number) or user.has_role("controller") or user.has_role("admin")


def _plan(number: str):
    project.document_file(number)  # 404 unless it is in the register
    loaded = project.load()
    doc = loaded.document(number)
    if doc is None or loaded.project is None:
        raise Http404(number)
    return loaded.project, loaded.project.for_staff(number)


@login_required
@require_http_methods(["GET", "POST"])
def new(request, number: str):
    p, doc = _plan(number)
    if not may_record(request.user, number):
        raise PermissionDenied(f"记录 {number} 的演练须是制定部门（{doc.owner}）的编辑或质量管理科。")
    if not doc.scenarios:
        raise Http404("没有场景的文件不记录演练")
    problems, status = {}, 200
    if request.method == "POST":
        uploads = [Upload(f.name, f.read(record.settings.PLANPRESS_DRILL_ATTACHMENT_BYTES + 1))
                   for f in request.FILES.getlist("attachments")]
        try:
            data, files = record.build(p, doc, request.POST, uploads)
            key = record.save(request.user, doc, data, files)
        except Refused as refused:
            problems, status = refused.problems, 422
        except (NoRepository, Busy, GitError) as exc:
            problems, status = {"": f"没有保存（写入 git 时出错，文件保持原样）：{exc}"}, 503
        else:
            audit(Action.DRILL_RECORDED, account=request.user, document=number, version=str(doc.version),
                  details={"drill": key, "scenarios": data["scenarios"], "campus": data["campus"],
                           "participants": len(data["participants"]), "attachments": len(files)})
            return redirect(f"/drills/{number}/{key}/")
    return render(request, "drills/new.html", {
        "doc": doc, "problems": problems, "post": request.POST, "today": dates.today(),
        "rows": [(n, request.POST.get(f"finding_{n}", ""), request.POST.get(f"action_{n}", ""))
                 for n in range(1, FINDING_ROWS + 1)],
        "chosen": request.POST.getlist("scenarios"),
    }, status=status)


@login_required
def detail(request, number: str, key: str):
    p, doc = _plan(number)
    found, _ = drills.load(project.root(), p, number)
    drill = next((d for d in found if d.key == key), None)
    if drill is None:
        raise Http404(key)
    titles = {s.key: s.title for s in doc.scenarios}
    working = next((d for d in p.documents if d.number == number), doc)
    states = [f for f in drills.findings_of(working, [drill])]
    campuses = {c.key: c.name for c in p.directory.campuses}
    return render(request, "drills/detail.html", {"doc": doc, "drill": drill, "campus": campuses.get(drill.campus),
                                                   "scenarios": [titles.get(k, k) for k in drill.scenarios],
                                                   "findings": states})


@login_required
def attachment(request, number: str, name: str):
    project.document_file(number)
    folder = (drills.folder(project.root(), number) / "files").resolve()
    if "/" in name or name.startswith(".") or not name:
        raise Http404(name)
    target = folder / name
    if target.is_symlink() or not target.is_file() or target.resolve().parent != folder:
        raise Http404(name)
    kind = mimetypes.guess_type(name)[0]
    if kind not in ("image/jpeg", "image/png", "application/pdf"):
        raise Http404(name)
    return FileResponse(target.open("rb"), content_type=kind)


def panel(number: str) -> dict | None:
    """The last drill of each scenario, for the plan's page (templatetags/drills.py)."""
    loaded = project.load()
    if loaded.project is None or loaded.document(number) is None:
        return None
    p = loaded.project
    doc = p.for_staff(number)
    if not doc.scenarios:
        return None
    found, problems = drills.load(project.root(), p, number)
    months = p.config.drill_interval_months
    campuses = {c.key: c.name for c in p.directory.campuses}
    working = next((d for d in p.documents if d.number == number), doc)  # revisions in progress answer too
    return {"number": number, "rows": drills.by_scenario(doc, found, dates.today(), months), "months": months,
            "campuses": campuses, "recent": list(reversed(found))[:5], "problems": problems,
            "findings": drills.findings_of(working, found)}
