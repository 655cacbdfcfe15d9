"""The review screen: what changed since the last release (model/diff.py, as `planpress diff`), the
draft PDF and cards, comments on a clause answered by the editor, and 退回 with a reason."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...lifecycle import history
from ...model.diff import AREAS, compare
from ..accounts.models import Role
from ..audit.chain import record
from ..audit.models import Action
from ..documents import access, present, project
from ..drafts import runner
from ..drafts.build import output_dir
from ..drafts.models import DraftBuild
from . import notify, waiting
from .models import Comment, SendBack


class CommentForm(forms.Form):
    clause = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)
    text = forms.CharField(label="意见", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label="答复", max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
    resolved = forms.BooleanField(label="已解决", required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label="退回原因", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


def _open_version(number: str):
    project.document_file(number)
    loaded = project.load()
    doc = loaded.document(number)
    if doc is None:
        raise Http404(number)
    return loaded.project, doc


def _is_reviewer(user, doc) -> bool:
    """A signatory of this version, or the document controller."""
    return bool(user.person and any(s.person == user.person for s in doc.signatories)) or user.has_role(Role.CONTROLLER)


def _require_review(user, doc):
    if not (_is_reviewer(user, doc) or access.may_edit(user, doc.number)):
        raise PermissionDenied("只有这个版本的签署人、它的编辑和文件控制员可以审阅。")


@login_required
def review(request, number: str):
    p, doc = _open_version(number)
    user = request.user
    _require_review(user, doc)
    last = history.last_release(p, number)
    groups = []
    outcome = compare(last, doc) if last is not None else None
    comments = list(Comment.objects.filter(number=number, version=str(doc.version)).select_related("author"))
    if outcome is not None:
        for area, name in AREAS.items():
            changes = [{"change": c, "comments": [m for m in comments if m.clause == c.label]}
                       for c in outcome.changes if c.area == area]
            if changes:
                groups.append({"name": name, "changes": changes})
    shown = {g["change"].label for group in groups for g in group["changes"]}
    drafts = None if doc.is_released else output_dir(Path(settings.STATE_DIR))
    outputs = present.outputs_of(p, doc, drafts)
    job = DraftBuild.objects.filter(number=number).order_by("-pk").first()
    if drafts is not None and not outputs and (job is None or job.state == DraftBuild.State.DONE):
        job = runner.schedule(number, by=user.username)  # the editor's drafts builder, as after a save
    mine = [w for w in waiting.for_signatory(p, user.person) if w.doc.number == number]
    return render(request, "signing/review.html", {
        "doc": doc, "last": last, "outcome": outcome, "groups": groups,
        "general": [m for m in comments if m.clause not in shown], "comment_form": CommentForm(),
        "answer_form": AnswerForm(), "send_back_form": SendBackForm(), "may_edit": access.may_edit(user, number),
        "reviewer": _is_reviewer(user, doc), "sent_back": waiting.sent_back(doc),
        "send_backs": SendBack.objects.filter(number=number, version=str(doc.version)),
        "outputs": outputs, "files": "draft" if drafts else "files", "job": job,
        "cards": present.card_previews(p, doc, drafts), "mine": mine})


@login_required
@require_POST
def comment(request, number: str):
    p, doc = _open_version(number)
    if not _is_reviewer(request.user, doc):
        raise PermissionDenied("只有这个版本的签署人和文件控制员可以提审阅意见。")
    form = CommentForm(request.POST)
    if not form.is_valid():
        return render(request, "signing/refused.html", {"message": "意见不能为空，最多 4000 字。"}, status=400)
    made = Comment.objects.create(number=number, version=str(doc.version), clause=form.cleaned_data["clause"],
                                  text=form.cleaned_data["text"], author=request.user)
    record(Action.COMMENTED, account=request.user, document=number, version=str(doc.version),
           details={"comment": made.pk, "clause": made.clause, "text": made.text})
    return redirect(f"/signing/{number}/review/#comment-{made.pk}")


@login_required
@require_POST
def answer(request, number: str, pk: int):
    p, doc = _open_version(number)
    access.require_edit(request.user, number)
    made = get_object_or_404(Comment, pk=pk, number=number)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "signing/refused.html", {"message": "答复不能为空，最多 4000 字。"}, status=400)
    Comment.objects.filter(pk=pk).update(answer=form.cleaned_data["answer"], answered_by=request.user,
                                         resolved=form.cleaned_data["resolved"])
    record(Action.COMMENT_ANSWERED, account=request.user, document=number, version=made.version,
           details={"comment": pk, "answer": form.cleaned_data["answer"], "resolved": form.cleaned_data["resolved"]})
    return redirect(f"/signing/{number}/review/#comment-{pk}")


@login_required
@require_POST
def send_back(request, number: str):
    p, doc = _open_version(number)
    if not _is_reviewer(request.user, doc):
        raise PermissionDenied("只有这个版本的签署人和文件控制员可以退回。")
    if doc.is_released:
        return render(request, "signing/refused.html", {"message": f"{number} {doc.version} 已经发布，不能退回。"}, status=409)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        return render(request, "signing/refused.html", {"message": "请写明退回原因。"}, status=400)
    SendBack.objects.create(number=number, version=str(doc.version), fingerprint=doc.fingerprint,
                            reason=form.cleaned_data["reason"], by=request.user)
    record(Action.SENT_BACK, account=request.user, document=number, version=str(doc.version),
           reason=form.cleaned_data["reason"], details={"fingerprint": doc.fingerprint})
    notify.announce(number)  # nothing waits until it is submitted again
    return redirect(f"/signing/{number}/review/")


@login_required
@require_POST
def submit(request, number: str):
    """The editor submits the version for signatures: each signatory still to sign gets an e-mail."""
    p, doc = _open_version(number)
    access.require_edit(request.user, number)
    if doc.is_released or doc.effective is None:
        return render(request, "signing/refused.html", {
            "message": f"{number} {doc.version} 已经发布，不用提交。" if doc.is_released
            else f"{number} {doc.version} 还没有填写生效日期：签署人签署的内容包括生效日期，请先在表头填写。"}, status=409)
    sent, failed = notify.submit(doc, request.user, request.build_absolute_uri("/").rstrip("/"))
    record(Action.SUBMITTED, account=request.user, document=number, version=str(doc.version),
           details={"fingerprint": doc.fingerprint, "notified": sent, "not_notified": failed})
    return redirect(f"/signing/{number}/review/?submitted={len(sent)}&unsent={len(failed)}")
