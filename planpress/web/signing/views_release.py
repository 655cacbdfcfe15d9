"""发布 in the browser: the document controller signs the release with the kept key, through
lifecycle.release — the same checks, archive and trusted timestamp as `planpress release` — and the
archive and the working copy are committed together with the controller as author."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from ...lifecycle.release import release as release_version
from ..accounts.models import Role
from ..audit.chain import record
from ..audit.models import Action
from ..documents import project
from . import keys, notify, outputs
from .committing import signed_and_committed
from .models import OutputBuild
from .views_sign import _ticket, use_ticket

ROLE = "发布"


def _require_controller(user):
    if not user.has_role(Role.CONTROLLER):
        raise PermissionDenied("只有文件控制员可以发布。")


@login_required
@require_http_methods(["GET", "POST"])
def release(request, number: str):
    user = request.user
    _require_controller(user)
    project.document_file(number)
    doc = project.load().document(number)
    if doc is None:
        raise Http404(number)
    message, problems, status = "", [], 200
    if request.method == "POST":
        status = 400
        if request.POST.get("confirm") != "yes":
            message, status = "请确认生效日期。", 400
        elif request.POST.get("ticket") and request.POST.get("password"):
            outcome = _release(request, doc, request.POST["ticket"], request.POST["password"][:256])
            if isinstance(outcome, str):
                message, status = outcome, 403
            elif isinstance(outcome, list):
                problems, status = outcome, 422
            else:
                return redirect(f"/signing/{number}/release/?released={doc.version}")
        doc = project.load().document(number)
    rows = [{"signatory": s, "approval": doc.approved_by(s.role)} for s in doc.signatories]
    return render(request, "signing/release.html", {
        "doc": doc, "rows": rows, "ticket": _ticket(user, doc, ROLE).token, "message": message, "problems": problems,
        "key": keys.current_key(user), "build": OutputBuild.objects.first()}, status=status)


@login_required
def build_status(request):
    """The progress fragment the release page polls (htmx) until the outputs are made."""
    return render(request, "signing/_build.html", {"build": OutputBuild.objects.first()})


def _release(request, doc, token: str, password: str):
    user, number = request.user, doc.number
    ticket = use_ticket(user, token, doc, ROLE)
    if ticket is None:
        return "这个发布请求已经用过或已过期（例如重复提交），没有发布。请在本页重新输入签名密码。"
    if ticket.fingerprint != doc.fingerprint:
        return "文件在您打开本页之后被修改了，没有发布：请重新打开本页核对。"
    try:
        source = keys.unlock(user, password, document=number, version=str(doc.version))
    except keys.Refused as exc:
        return str(exc)
    path = project.document_file(number)
    result = {}

    def work():
        with project.checking():
            result["released"] = release_version(project.root(), number, source)
        return [result["released"].snapshot, path]

    saved, refusal = signed_and_committed(
        number, [path], work, user,
        f"发布：{number} {doc.version}（生效日期 {doc.effective:%Y-%m-%d}）\n\n"
        f"{user.shown_name}（{user.username}）在 planpress 内网应用中用本人的签名密钥签署发布；内容指纹 {doc.fingerprint}。\n",
        "发布")
    if refusal is not None:
        return refusal
    released = result["released"]
    record(Action.RELEASED, account=user, document=number, version=str(doc.version),
           details={"archive": project.store().repository.relative(released.snapshot), "commit": saved[0].commit,
                    "effective": f"{doc.effective:%Y-%m-%d}", "fingerprint": doc.fingerprint})
    notify.announce(number)  # the release no longer waits
    outputs.schedule(f"发布 {number} {doc.version}（{user.shown_name}）")
    return None
