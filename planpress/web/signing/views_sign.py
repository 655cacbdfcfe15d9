"""待我签署 and the sign screen: the approval `planpress approve` writes, made with the kept key."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ...lifecycle.approve import approve
from ..accounts.models import Role
from ..audit.chain import record
from ..audit.models import Action
from ... import dates
from ..documents import access, project
from . import keys, notify, waiting
from .committing import signed_and_committed
from .forms import SignForm
from .models import SigningTicket

TICKET_MINUTES = 30


@login_required
def inbox(request):
    user = request.user
    loaded = project.load()
    p = loaded.project
    context = {"mine": waiting.for_signatory(p, user.person), "person": user.person,
               "released": waiting.released_rows(p, user.person),
               "key": keys.current_key(user), "transcriptions": waiting.transcriptions_due(p, user.person)}
    if user.has_role(Role.CONTROLLER):
        context["ready"] = waiting.ready_for_release(p)
        context["overdue"] = waiting.reviews_overdue(p, dates.today())
    if user.is_editor:
        context["editing"] = [d for d in waiting.open_documents(p) if access.may_edit(user, d.number)]
    return render(request, "signing/inbox.html", context)


def _row(user, number: str, role: str):
    """(document, signatory) for the sign screen, refused unless `user` is the person the row names."""
    project.document_file(number)  # 404 unless the number is in the register
    doc = project.load().document(number)
    if doc is None:
        raise Http404(number)
    signatory = doc.signatory(role)
    if signatory is None:
        raise Http404(role)
    if not user.person or signatory.person != user.person:
        record(Action.SIGNING_REFUSED, account=user, document=number, version=str(doc.version),
               details={"role": role, "named": signatory.person or signatory.name, "account_person": user.person})
        raise PermissionDenied(f"“{role}”一栏的签署人是 {signatory.name}，不是您：只有本人可以签署。")
    return doc, signatory


def _ticket(user, doc, role) -> SigningTicket:
    return SigningTicket.objects.create(token=secrets.token_urlsafe(32), account=user, number=doc.number, role=role,
                                        fingerprint=doc.fingerprint)


def use_ticket(user, token: str, doc, role: str) -> SigningTicket | None:
    """The ticket of this page, marked used; None (recorded) when used, expired or not this person's."""
    cutoff = timezone.now() - dt.timedelta(minutes=TICKET_MINUTES)
    used = SigningTicket.objects.filter(token=token, account=user, number=doc.number, role=role, used__isnull=True,
                                        created__gte=cutoff).update(used=timezone.now())
    if used != 1:
        record(Action.SIGNING_REFUSED, account=user, document=doc.number, version=str(doc.version),
               details={"role": role, "why": "ticket used, expired or not this person's"})
        return None
    return SigningTicket.objects.get(token=token)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, number: str, role: str):
    user = request.user
    doc, signatory = _row(user, number, role)
    form = SignForm(request.POST or None)
    message, problems, status = "", [], 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            outcome = _sign(request, doc, signatory, form.cleaned_data["ticket"], form.cleaned_data["password"])
            if isinstance(outcome, str):
                message, status = outcome, 403
            elif isinstance(outcome, list):
                problems, status = outcome, 422
            else:
                return redirect(f"/signing/?signed={number}")
        doc = project.load().document(number)
    person = project.load().project.roster.person(signatory.person)
    ticket = _ticket(user, doc, role)
    return render(request, "signing/sign.html", {
        "doc": doc, "signatory": signatory, "person": person, "ticket": ticket.token, "form": SignForm(),
        "message": message, "problems": problems, "approved": doc.approved_by(role),
        "sent_back": waiting.sent_back(doc), "key": keys.current_key(user)}, status=status)


def _sign(request, doc, signatory, token: str, password: str):
    """None when signed; else a refusal (str) or the check's problems (list)."""
    user, number, role = request.user, doc.number, signatory.role
    ticket = use_ticket(user, token, doc, role)
    if ticket is None:
        return "这个签署请求已经用过或已过期（例如重复提交、后退后再提交），没有签名。请在本页重新输入签名密码。"
    if waiting.sent_back(doc) is not None:
        return "这个版本已被退回给编辑修改，不能签署。"
    try:
        source = keys.unlock(user, password, document=number, version=str(doc.version))
    except keys.Refused as exc:
        return str(exc)
    path = project.document_file(number)

    def work():
        with project.checking():
            approve(project.root(), number, role, source, fingerprint=ticket.fingerprint)
        return [path]

    saved, refusal = signed_and_committed(
        number, [path], work, user,
        f"{signatory.meaning or '审批'}：{number} {doc.version} {role}\n\n"
        f"{user.shown_name}（{user.username}）在 planpress 内网应用中用本人的签名密钥签署；内容指纹 {ticket.fingerprint}。\n",
        "签名")
    if refusal is not None:
        return refusal
    after = project.load().document(number)
    record(Action.APPROVED, account=user, document=number, version=str(doc.version),
           details={"role": role, "meaning": signatory.meaning, "person": signatory.person,
                    "fingerprint": ticket.fingerprint, "commit": saved[0].commit,
                    "counts": bool(after and after.approved_by(role))})
    notify.announce(number)  # once every row counts, the release is due
    return None
