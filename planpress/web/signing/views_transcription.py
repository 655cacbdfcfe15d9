"""转录 in the browser: a version approved on paper before electronic approval started is
transcribed by the document controller (a release signer, meaning 转录) and checked by a second
person (a transcription witness, 核对), each with their kept key, through lifecycle.release with
transcription=True: the same checks, archive and signatures as `planpress release --transcription
[--version V]`. Signing again the transcription of an archived version (the hospital's own CA
replacing the demonstration CA) reads the archive, whatever state the working copy is in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ...lifecycle.release import open_for_transcription, release as release_version
from ...problems import SourceError
from ..audit.chain import record
from ..audit.models import Action
from ..documents import present, project
from . import keys, waiting
from .committing import signed_and_committed
from .views_sign import _ticket, use_ticket

ROLE = "转录"


def _workspace(number: str):
    project.document_file(number)  # 404 unless the number is in the register
    return open_for_transcription(project.root(), number)


def _may_transcribe(user, ws) -> tuple[bool, bool]:
    """(a release signer, a transcription witness) of the roster: the two people of a transcription."""
    roster = ws.project.roster
    person = user.person or ""
    return roster.may_release(person), roster.may_witness(person)


@login_required
@require_http_methods(["GET", "POST"])
def transcription(request, number: str):
    user = request.user
    try:
        ws = _workspace(number)
    except SourceError as exc:
        return render(request, "signing/transcription.html", {
            "number": number, "problems": [present.problem_dict(p, project.root()) for p in exc.problems]}, status=422)
    releaser, witness = _may_transcribe(user, ws)
    if not (releaser or witness):
        raise PermissionDenied("转录由名册里的发布人（文件控制员）签署、转录核对人核对；您不是其中之一。")
    versions = waiting.transcriptions(ws.project, ws.doc, working=not ws.stand_in)
    message, problems, status = "", [], 200
    if request.method == "POST":
        chosen = next((v for v in versions if v["value"] == request.POST.get("version", "")), None)
        if chosen is None:
            message, status = "请选择要转录的版本。", 400
        elif request.POST.get("confirm") != "yes":
            message, status = "请确认已对照纸质原件核对。", 400
        else:
            outcome = _transcribe(request, ws.doc, chosen, request.POST.get("ticket", ""),
                                  request.POST.get("password", "")[:256])
            if outcome is None:
                return redirect(f"/signing/{number}/transcription/?signed={chosen['doc'].version}")
            if isinstance(outcome, list):
                problems, status = outcome, 422
            else:
                message, status = outcome, 403
        ws = _workspace(number)
        versions = waiting.transcriptions(ws.project, ws.doc, working=not ws.stand_in)
    return render(request, "signing/transcription.html", {
        "number": number, "doc": ws.doc, "versions": versions, "releaser": releaser, "witness": witness,
        "stand_in": bool(ws.stand_in), "ticket": _ticket(user, ws.doc, ROLE).token, "message": message,
        "problems": problems, "key": keys.current_key(user)}, status=status)


def _transcribe(request, working, chosen: dict, token: str, password: str):
    """None when signed; else a refusal (str) or the lifecycle's problems (list)."""
    user, number, doc = request.user, working.number, chosen["doc"]
    if use_ticket(user, token, working, ROLE) is None:
        return "这个签署请求已经用过或已过期（例如重复提交），没有签名。请在本页重新输入签名密码。"
    try:
        source = keys.unlock(user, password, document=number, version=str(doc.version))
    except keys.Refused as exc:
        return str(exc)
    path = project.document_file(number)
    result = {}

    def work():
        before = path.read_bytes()
        with project.checking():
            result["done"] = release_version(project.root(), number, source, transcription=True,
                                             version=chosen["value"] or None)
        return [result["done"].snapshot] + ([path] if path.read_bytes() != before else [])

    archive = project.store().repository.relative
    before = [path] + ([doc.release.path] if chosen["value"] else [])  # an archive signed again is put back on failure
    saved, refusal = signed_and_committed(
        number, before, work, user,
        f"{chosen['needs'] or '转录'}：{number} {doc.version}（纸质签批的版本）\n\n"
        f"{user.shown_name}（{user.username}）在 planpress 内网应用中用本人的签名密钥签署；对照纸质原件核对。\n", "签名")
    if refusal is not None:
        return refusal
    done = result["done"]
    record(Action.RELEASED, account=user, document=number, version=str(doc.version),
           details={"transcription": done.statement.meaning.value, "archive": archive(done.snapshot),
                    "commit": saved[0].commit, "signed_again": done.resigned, "witness": done.witnessed,
                    "waiting_for_witness": done.waiting_for_witness})
    return None
