"""The reading pages: 工作台, 文件登记表, a document, and the document as staff read it."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from ... import dates
from ...builders import BUILD_DIR
from ...problems import SourceError
from ...render.paths import under
from ..drafts.build import output_dir
from ..drafts.models import DraftBuild
from . import access, present, project, sitepage
from .models import others_editing


@login_required
def dashboard(request):
    loaded = project.load()
    user = request.user
    today = dates.today()
    # The same for everyone with the same rights, for this state of the files: made (and rendered) once.
    key = ("dashboard", frozenset(user.edit_departments), frozenset(user.granted_documents),
           user.has_role("controller"), user.person)
    lists = loaded.memo(key, lambda: render_to_string("documents/dashboard_lists.html",
                                                      dict(zip(("mine", "overdue", "waiting", "broken"),
                                                               _dashboard_lists(loaded, user, today)))))
    return render(request, "documents/dashboard.html", {
        "lists": lists,
        "shared_problem": loaded.project is None, "problems": [present.problem_dict(p, project.root())
                                                               for p in loaded.register.problems if p.is_error][:20],
    })


def _dashboard_lists(loaded, user, today):
    mine, overdue, waiting, broken = [], [], [], []
    if loaded.project is not None:
        p = loaded.project
        rows = {r.number: r for r in loaded.rows()}
        for doc in p.documents:
            editable = user.may_edit(doc.number, doc.owner)
            if editable and not doc.is_released:
                mine.append(rows.get(doc.number) or present.row(p, doc, today))
            if (editable or user.has_role("controller")) and rows.get(doc.number) and rows[doc.number].overdue:
                overdue.append(rows[doc.number])
        if user.person:
            waiting = [(doc, role) for doc, role in present.waiting_for(p, user.person)]
    for number in loaded.broken:
        if access.may_edit(user, number):
            broken.append(number)
    return mine, overdue, waiting, broken


@login_required
def register(request):
    loaded = project.load()
    query = request.GET.get("q", "").strip()[:100]
    category = request.GET.get("category", "")[:100]
    owner = request.GET.get("owner", "")[:100]
    state = request.GET.get("state", "")[:10]
    only_overdue = request.GET.get("overdue") == "1"
    rows = loaded.rows()
    context = {"q": query, "category": category, "owner": owner, "state": state, "only_overdue": only_overdue,
               "categories": sorted({r.category for r in rows if r.category}),
               "owners": sorted({r.owner for r in rows if r.owner}), "states": ["草稿", "已批准", "已生效", "已作废", "有错误"]}
    # The table is the same for everyone who asks the same of the same register and staff list: made once.
    from ..acknowledge.progress import register_rates, stamp

    rows = register_rates(loaded, rows)
    key = ("register", query, category, owner, state, only_overdue, stamp())
    table = loaded.memo(key, lambda: render_to_string("documents/register_rows.html", {
        "rows": [r for r in rows if r.matches(query) and (not category or r.category == category)
                 and (not owner or r.owner == owner) and (not state or r.state == state)
                 and (not only_overdue or r.overdue)],
        "total": len(rows)}))
    if request.headers.get("HX-Request"):
        return HttpResponse(table)
    return render(request, "documents/register.html", context | {"table": table})


@login_required
def detail(request, number: str):
    path = project.document_file(number)
    loaded = project.load()
    doc = loaded.document(number)
    context = {"number": number, "may_edit": access.may_edit(request.user, number),
               "others": others_editing(request.user, number), "today": dates.today()}
    if doc is None:
        context["problems"] = [present.problem_dict(p, project.root()) for p in loaded.broken.get(number, ())]
        return render(request, "documents/broken.html", context, status=200)
    p = loaded.project
    staff = p.for_staff(number)
    drafts = None if doc.is_released else output_dir(Path(settings.STATE_DIR))
    context.update({
        "doc": doc, "staff": staff, "revision_open": not doc.is_released and bool(p.history(number)),
        "versions": present.versions(p, number), "outputs": present.outputs_of(p, doc, drafts),
        "staff_outputs": present.outputs_of(p, staff) if staff.version != doc.version else [],
        "cards": present.card_previews(p, doc, drafts), "released": bool(p.history(number)),
        "files": "draft" if drafts else "files",
        "commits": _commits(path), "job": DraftBuild.objects.filter(number=number).order_by("-pk").first(),
    })
    return render(request, "documents/detail.html", context)


def _commits(path: Path):
    try:
        repository = project.store().repository
        return repository.history(repository.relative(path), limit=10)
    except Exception:  # no git here: the page goes without its history
        return []


@login_required
def site_page(request, number: str):
    project.document_file(number)
    loaded = project.load()
    doc = loaded.document(number)
    if doc is None:
        raise Http404(number)
    draft = request.GET.get("draft") == "1"
    shown = doc if draft else loaded.project.for_staff(number)
    body = sitepage.html(loaded.project, shown, dates.today(), draft=draft)
    return render(request, "documents/site_page.html", {"doc": shown, "number": number, "draft": draft, "body": body})


@login_required
def draft_file(request, number: str, name: str):
    """A draft output of the working copy (drafts/build.py)."""
    return output_file(request, number, name, folder=output_dir(Path(settings.STATE_DIR)))


@login_required
def output_file(request, number: str, name: str, folder: Path | None = None):
    """A file of build/<number>/ (PDF, card, preview): regular files inside that folder only."""
    project.document_file(number)
    folder = (folder or project.root() / BUILD_DIR).resolve()
    try:
        target = under(folder, number, *name.split("/"))
    except SourceError:  # "..", an empty part, a name that is not a plain file name
        raise Http404(name) from None
    resolved = target.resolve()
    if not resolved.is_relative_to(folder / number) or not resolved.is_file() or target.is_symlink():
        raise Http404(name)
    kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
    if kind not in ("application/pdf", "image/png", "image/svg+xml"):
        raise Http404(name)
    response = FileResponse(resolved.open("rb"), content_type=kind)
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{resolved.name}"
    response["Cache-Control"] = "private, no-cache"
    return response
