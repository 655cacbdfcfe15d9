"""My signing key (enrol, export, revoke) and the certificate administrator's requests."""

from __future__ import annotations

from cryptography import x509
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ...problems import SourceError
from ...trust import certs
from ..accounts.models import Role
from ..audit.chain import record
from ..audit.models import Action
from ..gitstore.store import Busy, Conflict, GitError, NoRepository
from . import authority, keys
from .forms import EnrolForm, IssueForm, PasswordForm, RevokeForm
from .models import KeyState, SigningKey


@login_required
@require_http_methods(["GET", "POST"])
def my_key(request):
    user = request.user
    form = EnrolForm(request.POST or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        problems = keys.check_password_strength(user, form.cleaned_data["password"])
        if not problems:
            try:
                keys.enrol(user, form.cleaned_data["password"])
                return redirect("/signing/key/")
            except keys.Refused as exc:
                problems = [str(exc)]
    row = keys.current_key(user)
    return render(request, "signing/key.html", {
        "key": row, "form": form, "problems": problems, "export": PasswordForm(), "revoke": RevokeForm(),
        "subject": _subject(row), "tries": keys.tries_allowed()}, status=422 if problems else 200)


def _subject(row):
    if row is None:
        return ""
    pem = row.certificate_pem or row.request_pem
    obj = (certs.load_certificates(pem.encode("ascii"))[0] if row.certificate_pem
           else x509.load_pem_x509_csr(pem.encode("ascii")))
    return certs.common_name(obj.subject)


@login_required
@require_POST
def export(request):
    form = PasswordForm(request.POST)
    if form.is_valid():
        try:
            data = keys.export_p12(request.user, form.cleaned_data["password"])
        except keys.Refused as exc:
            return render(request, "signing/refused.html", {"message": str(exc)}, status=403)
        response = HttpResponse(data, content_type="application/x-pkcs12")
        response["Content-Disposition"] = f'attachment; filename="{request.user.person or "signing"}.p12"'
        response["Cache-Control"] = "no-store"
        return response
    return redirect("/signing/key/")


@login_required
@require_POST
def revoke_mine(request):
    form = RevokeForm(request.POST)
    row = keys.current_key(request.user)
    if row is None or not form.is_valid():
        return redirect("/signing/key/")
    if not request.user.check_password(form.cleaned_data["password"]):
        return render(request, "signing/refused.html", {"message": "登录密码不对，没有停用。"}, status=403)
    return _revoke(request, row, form.cleaned_data["reason"])


def _revoke(request, row, reason):
    try:
        keys.revoke(row, request.user, reason)
    except (SourceError, Conflict, GitError, Busy, NoRepository) as exc:
        return render(request, "signing/refused.html", {"message": f"名册没有写入，没有停用（{type(exc).__name__}）：请稍后再试。"},
                      status=503)
    return redirect(request.POST.get("back") if request.POST.get("back") == "/signing/certificates/" else "/signing/key/")


def _require_administrator(user):
    if not user.has_role(Role.ADMIN):
        raise PermissionDenied("只有证书管理员（管理员）可以签发证书。")


@login_required
def requests(request):
    _require_administrator(request.user)
    rows = SigningKey.objects.select_related("account").order_by("-created")
    return render(request, "signing/requests.html", {
        "rows": [(r, _subject(r)) for r in rows], "form": IssueForm(), "configured": authority.configured()})


@login_required
@require_POST
def issue(request, pk: int):
    _require_administrator(request.user)
    row = get_object_or_404(SigningKey, pk=pk, state=KeyState.REQUESTED)
    form = IssueForm(request.POST)
    message = ""
    if row.account_id == request.user.pk:  # two people: nobody certifies their own key
        message = "不能为自己的申请签发证书：请另一位证书管理员签发。"
    elif form.is_valid():
        try:
            if form.cleaned_data["certificate"].strip():
                certificate = authority.accept_certificate(form.cleaned_data["certificate"].encode("utf-8"),
                                                           row.request_pem.encode("ascii"))
            elif authority.configured():
                certificate = authority.issue(row.request_pem.encode("ascii"), form.cleaned_data["passphrase"])
            else:
                raise authority.IssueError("这台服务器没有配置医院 CA（PLANPRESS_CA_CERT、PLANPRESS_CA_KEY）：请粘贴外部 CA 签发的证书。")
            keys.install_certificate(row, certificate, request.user)
            return redirect("/signing/certificates/")
        except authority.IssueError as exc:
            message = str(exc)
        except (SourceError, Conflict, GitError, Busy, NoRepository) as exc:
            message = f"名册没有写入，没有签发（{type(exc).__name__}）：请稍后再试。"
    return render(request, "signing/refused.html", {"message": message or "表单不完整。"}, status=422)


@login_required
@require_POST
def unlock(request, pk: int):
    _require_administrator(request.user)
    row = get_object_or_404(SigningKey, pk=pk)
    SigningKey.objects.filter(pk=pk).update(locked=False, failed_tries=0)
    record(Action.SIGNING_UNLOCKED, account=request.user, details={"person": row.person, "key": row.pk})
    return redirect("/signing/certificates/")


@login_required
@require_POST
def revoke_any(request, pk: int):
    _require_administrator(request.user)
    row = get_object_or_404(SigningKey, pk=pk)
    reason = request.POST.get("reason", "").strip()[:300] or "证书管理员停用"
    return _revoke(request, row, reason)
