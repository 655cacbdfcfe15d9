"""Revise, compare, start a new document, import one: the lifecycle and importer code of the
command line, with the file written through gitstore (one commit by the signed-in person)."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ... import dates
from ...lifecycle import history
from ...model.diff import AREAS, compare as compare_versions
from ...lifecycle.revise import revise as start_revision
from ...problems import SourceError
from ...render import atomic
from ...model import loader
from ..audit.chain import record
from ..audit.models import Action
from ..drafts import runner
from ..gitstore.store import Busy, Conflict, GitError, NoRepository, blob_id
from . import access, present, project


# -- revise -----------------------------------------------------------------------------------------

class ReviseForm(forms.Form):
    base = forms.RegexField(regex=r"^[0-9a-f]{40}$", widget=forms.HiddenInput)
    reason = forms.CharField(label="修订原因", max_length=500,
                             help_text="写入文件修订记录，例如：更新保卫科电话；依据 2024 年演练发现修改火灾处置步骤")
    major = forms.BooleanField(label="大改版（新版次，例如 A/3 → B/0）", required=False)


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, number: str):
    access.require_edit(request.user, number)
    path = project.document_file(number)
    doc = project.load().document(number)
    store = project.store()
    form = ReviseForm(request.POST or None, initial={"base": store.read(path)[1]})
    problems, conflict, status = [], None, 200
    if request.method == "POST" and form.is_valid():
        try:
            with store.editing(number):
                current, blob = store.read(path)
                if blob != form.cleaned_data["base"]:
                    conflict = store.conflict(path, current)
                else:
                    with project.checking():
                        result = start_revision(project.root(), number, form.cleaned_data["reason"],
                                                major=form.cleaned_data["major"],
                                                by=request.user.department or None)
                    text = path.read_bytes()
                    try:
                        saved = _commit_revision(store, path, text, current, request.user, number, result,
                                                 form.cleaned_data["reason"])
                    except (GitError, Busy, NoRepository):
                        atomic.write_bytes(path, current, like=path)  # no revision without its commit
                        raise
        except SourceError as exc:
            problems = [present.problem_dict(p, project.root()) for p in exc.problems]
            status = 422
        except (NoRepository, GitError, Busy) as exc:
            problems = [{"severity": "error", "message": f"没有开始修订：无法写入 git（{type(exc).__name__}）。", "hint": "请联系系统管理员。"}]
            status = 503
        else:
            if conflict is None:
                record(Action.REVISION_STARTED, account=request.user, document=number, version=str(result.new),
                       reason=form.cleaned_data["reason"], details={"from": str(result.old), "commit": saved.commit})
                runner.schedule(number, saved.blob, request.user.username)
                return redirect(f"/documents/{number}/edit/")
            status = 409
    elif request.method == "POST":
        status = 400
    return render(request, "documents/revise.html", {"number": number, "doc": doc, "form": form,
                                                     "problems": problems, "conflict": conflict}, status=status)


def _commit_revision(store, path, text: bytes, before: bytes, user, number, result, reason):
    """The file `revise` just wrote, committed as the person (its bytes written again: the same)."""
    return store.save(path, blob_id(text), text.decode("utf-8-sig"), (user.shown_name, user.commit_email),
                      f"开始修订 {number}：{result.old} → {result.new}\n\n修订原因：{reason}\n"
                      f"由 {user.shown_name}（{user.username}）在 planpress 内网应用中开始。\n")


# -- compare ----------------------------------------------------------------------------------------

@login_required
def compare(request, number: str):
    project.document_file(number)
    loaded = project.load()
    doc = loaded.document(number)
    if doc is None:
        raise Http404(number)
    p = loaded.project
    labels = [str(d.version) for d in present.versions(p, number)]
    last = history.last_release(p, number)
    old_label = request.GET.get("old") or (str(last.version) if last else "")
    new_label = request.GET.get("new") or history.WORKING
    old = history.resolve(p, number, old_label) if old_label else None
    new = history.resolve(p, number, new_label)
    context = {"number": number, "doc": doc, "labels": labels, "working": history.WORKING,
               "old_label": old_label, "new_label": new_label}
    if old is None or new is None:
        context["missing"] = True
        return render(request, "documents/compare.html", context, status=200 if not last else 404)
    outcome = compare_versions(old, new)
    groups = []
    for area, name in AREAS.items():
        changes = [c for c in outcome.changes if c.area == area]
        if changes:
            groups.append({"name": name, "changes": changes})
    context.update({"outcome": outcome, "groups": groups, "old": old, "new": new})
    return render(request, "documents/compare.html", context)


# -- a new document from the frame ------------------------------------------------------------------

class NewForm(forms.Form):
    number = forms.RegexField(label="文件编号", regex=r"^[A-Za-z0-9][A-Za-z0-9-]{1,60}$", max_length=60,
                              help_text="例如 H-J-YA-040；须符合本院的编号规则", error_messages={
                                  "invalid": "文件编号只能由字母、数字和“-”组成，例如 H-J-YA-040。"})
    title = forms.CharField(label="文件名称", max_length=200)
    category = forms.CharField(label="文件类别", max_length=100, initial="全院文件-应急管理")
    owner = forms.CharField(label="制定部门", max_length=100)
    publisher = forms.CharField(label="发布部门", max_length=100, initial="质量管理科")
    host = forms.ChoiceField(label="主办（部门负责人）", choices=())
    approver = forms.ChoiceField(label="院领导批准", choices=())

    def __init__(self, *args, people=(), owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].choices = self.fields["approver"].choices = list(people)
        if owners:
            self.fields["owner"] = forms.ChoiceField(label="制定部门", choices=[(o, o) for o in owners])


def new_document_text(project_model, data: dict) -> str:
    frame = project_model.config.frame
    document = CommentedMap()
    for key in ("number", "title", "category", "owner", "publisher"):
        document[key] = data[key]
    document["version"] = "A/0"
    document["effective"] = None
    document["revised"] = None
    document["review_cycle_years"] = 3
    sections = CommentedMap()
    for section in frame.written:
        if section.body == "text":
            sections[section.key] = "（待填写）"
        elif section.optional:
            sections[section.key] = CommentedSeq()
            sections[section.key].fa.set_flow_style()
        else:
            sections[section.key] = CommentedSeq(["（待填写）"])
    document["sections"] = sections
    for key in ("attachments", "revisions", "approvals"):
        document[key] = CommentedSeq()
        document[key].fa.set_flow_style()
    document["signatories"] = CommentedSeq([CommentedMap(role="主办", person=data["host"]),
                                            CommentedMap(role="院领导批准", person=data["approver"])])
    document.yaml_set_start_comment(f"{data['number']} {data['title']}：由 planpress 内网应用按本院文件框架新建。\n"
                                    "条款编号自动生成，不要手写；电话号码只写在 contacts.yaml。")
    yaml = YAML()
    yaml.width = 1_000_000
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    access.require_create(request.user)
    loaded = project.load()
    if loaded.project is None:
        return render(request, "documents/new.html", {"unavailable": True}, status=503)
    roster = loaded.project.roster
    people = [(key, f"{person.name}（{person.department} {person.title}）") for key, person in roster.people.items()] \
        if roster else []
    owners = sorted(request.user.edit_departments) if not request.user.has_role("controller") else ()
    form = NewForm(request.POST or None, people=people, owners=owners)
    problems, status = [], 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        access.require_create(request.user, data["owner"])
        number = data["number"]
        path = project.source_dir() / f"{number}.yaml"
        text = new_document_text(loaded.project, data)
        store = project.store()
        try:
            with store.editing(number):
                if path.exists() or number in loaded.numbers:
                    form.add_error("number", f"{number} 已经存在。")
                    raise _Refused
                with project.checking():
                    result = loader.check(project.root(), [path], dates.today(), overrides={path: text})
                own = [p for p in result.problems if p.is_error]
                if own:
                    problems = [present.problem_dict(p, project.root()) for p in own]
                    raise _Refused
                saved = store.save(path, blob_id(b""), text, (request.user.shown_name, request.user.commit_email),
                                   f"新建 {number} {data['title']}\n\n由 {request.user.shown_name}（{request.user.username}）"
                                   "在 planpress 内网应用中按本院文件框架新建。\n")
        except _Refused:
            status = 422
        except Conflict:
            form.add_error("number", f"{number} 刚被别人建立了。")
            status = 409
        except (NoRepository, GitError, Busy) as exc:
            problems = [{"severity": "error", "message": f"没有新建：无法写入 git（{type(exc).__name__}）。", "hint": "请联系系统管理员。"}]
            status = 503
        else:
            record(Action.DOCUMENT_CREATED, account=request.user, document=number, version="A/0",
                   details={"commit": saved.commit, "title": data["title"]})
            return redirect(f"/documents/{number}/edit/")
    elif request.method == "POST":
        status = 400
    return render(request, "documents/new.html", {"form": form, "problems": problems}, status=status)


class _Refused(Exception):
    pass


# -- import a Word / PDF / text file -----------------------------------------------------------------

ALLOWED = {".docx": "Word 文件", ".pdf": "PDF", ".txt": "文本"}


class ImportForm(forms.Form):
    file = forms.FileField(label="要导入的文件（.docx、.pdf 或 .txt）")
    number = forms.RegexField(label="文件编号（原文没有或要改用别的编号时填写）", required=False, max_length=60,
                              regex=r"^[A-Za-z0-9][A-Za-z0-9-]{1,60}$",
                              error_messages={"invalid": "文件编号只能由字母、数字和“-”组成，例如 H-J-YA-040。"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in ALLOWED:
            raise forms.ValidationError("只能导入 .docx、.pdf 或 .txt 文件（旧版 .doc 请先在 Word 里另存为 .docx）。")
        if upload.size > settings.PLANPRESS_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"文件太大（{upload.size // (1024 * 1024)} MB）；上限是 "
                                        f"{settings.PLANPRESS_MAX_UPLOAD_BYTES // (1024 * 1024)} MB。")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request):
    access.require_create(request.user)
    from ...importer import run as run_import

    form = ImportForm(request.POST or None, request.FILES or None)
    problems, report, status = [], None, 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.TemporaryDirectory(prefix="planpress-import-") as folder:
            original = Path(folder) / f"原文{suffix}"  # never the uploaded name: no user text reaches a path
            with original.open("wb") as stream:
                for chunk in upload.chunks():
                    stream.write(chunk)
            store = project.store()
            try:
                with store.editing("import"):  # the importer reads no loader state: checks go on meanwhile
                    result = run_import(original, project.root(), number=form.cleaned_data["number"] or None,
                                        write=False)
                    access.require_create(request.user, str(result.data.get("owner") or ""))
                    files = [(path, store.read(path)[1] if path != result.path else blob_id(b""), text)
                             for path, text in result.writes()]
                    with store.editing(result.number):
                        saved = store.save_files(files, (request.user.shown_name, request.user.commit_email),
                                                 f"导入 {result.number} {result.data.get('title', '')}（{ALLOWED[suffix]} {upload.name[:80]}）\n\n"
                                                 + "\n".join(result.report.lines()[:200]) + "\n")
            except SourceError as exc:
                problems = [present.problem_dict(p, project.root()) for p in exc.problems]
                status = 422
            except Conflict as conflict:
                problems = [{"severity": "error", "message": f"没有导入：{conflict.text[:0]}目标文件已经存在或刚被别人修改。",
                             "hint": "换一个文件编号，或先打开已有的文件。"}]
                status = 409
            except (NoRepository, GitError, Busy) as exc:
                problems = [{"severity": "error", "message": f"没有导入：无法写入 git（{type(exc).__name__}）。", "hint": "请联系系统管理员。"}]
                status = 503
            else:
                record(Action.DOCUMENT_IMPORTED, account=request.user, document=result.number,
                       details={"commit": saved[-1].commit, "file": upload.name[:200], "summary": result.report.summary()})
                runner.schedule(result.number, saved[-1].blob, request.user.username)
                report = {"number": result.number, "title": result.data.get("title", ""),
                          "lines": result.report.lines(), "summary": result.report.summary(),
                          "new_contacts": result.new_contacts, "proposed_people": result.proposed_people}
    elif request.method == "POST":
        status = 400
    return render(request, "documents/import.html", {"form": form, "problems": problems, "report": report},
                  status=status)
