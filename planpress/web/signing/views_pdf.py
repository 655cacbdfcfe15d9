"""PAdES in the browser: a signatory adds their signature to the released PDF (lifecycle.sign, as
`planpress sign`, with the kept key), and anyone signed in gets `planpress verify`'s verdict on an
uploaded PDF, in Chinese."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ... import outputs
from ...builders import BUILD_DIR
from ...lifecycle import history
from ...lifecycle.sign import sign as sign_pdf
from ...lifecycle.verify import MAX_PDF_BYTES, report, verify
from ...problems import SourceError
from ..audit.chain import record
from ..audit.models import Action
from ..documents import present, project
from . import keys
from .models import SigningTicket
from .views_sign import TICKET_MINUTES


def _released_row(user, number: str, role: str):
    project.document_file(number)
    p = project.load().project
    released = history.last_release(p, number) if p is not None else None
    if released is None:
        raise Http404(number)
    signatory = released.signatory(role)
    if signatory is None:
        raise Http404(role)
    if not user.person or signatory.person != user.person:
        record(Action.SIGNING_REFUSED, account=user, document=number, version=str(released.version),
               details={"role": role, "pdf": True, "named": signatory.person or signatory.name})
        raise PermissionDenied(f"“{role}”一栏的签署人是 {signatory.name}，不是您：只有本人可以在这一栏签名。")
    return released, signatory


@login_required
@require_http_methods(["GET", "POST"])
def pdf_sign(request, number: str, role: str):
    user = request.user
    doc, signatory = _released_row(user, number, role)
    kind = f"PDF:{role}"
    message, problems, status, signed = "", [], 200, None
    if request.method == "POST":
        status = 403
        token, password = request.POST.get("ticket", ""), request.POST.get("password", "")[:256]
        cutoff = timezone.now() - dt.timedelta(minutes=TICKET_MINUTES)
        if SigningTicket.objects.filter(token=token, account=user, number=number, role=kind, used__isnull=True,
                                        created__gte=cutoff).update(used=timezone.now()) != 1:
            message = "这个签名请求已经用过或已过期，没有签名。请重新输入签名密码。"
        else:
            try:
                source = keys.unlock(user, password, document=number, version=str(doc.version))
                with project.checking():
                    signed = sign_pdf(project.root(), number, source, role=role)
            except keys.Refused as exc:
                message = str(exc)
            except SourceError as exc:
                problems, status = [present.problem_dict(p, project.root()) for p in exc.problems], 422
            else:
                status = 200
                record(Action.PDF_SIGNED, account=user, document=number, version=str(doc.version),
                       details={"role": role, "page": signed.page, "file": signed.path.name})
    build = project.root() / BUILD_DIR
    target = outputs.signed_pdf_path(build, doc)
    import secrets

    ticket = SigningTicket.objects.create(token=secrets.token_urlsafe(32), account=user, number=number, role=kind,
                                          fingerprint=doc.fingerprint)
    return render(request, "signing/pdf_sign.html", {
        "doc": doc, "signatory": signatory, "ticket": ticket.token, "message": message, "problems": problems,
        "signed": signed, "download": target.relative_to(build).as_posix() if target.exists() else ""}, status=status)


class UploadForm(forms.Form):
    pdf = forms.FileField(label="PDF 文件")


@login_required
@require_http_methods(["GET", "POST"])
def verify_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    verdict, problems, ok = "", [], None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pdf"]
        if upload.size > MAX_PDF_BYTES:
            problems = [{"severity": "error", "message": "文件太大（超过 200 MB），不是 planpress 生成的 PDF。"}]
        else:
            with tempfile.TemporaryDirectory(prefix="planpress-verify-") as folder:
                path = Path(folder) / "uploaded.pdf"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                try:
                    with project.checking():
                        checks = verify(path, project.root())
                except SourceError as exc:
                    problems = [present.problem_dict(p, project.root()) for p in exc.problems]
                else:
                    shown = Path(Path(upload.name).name or "uploaded.pdf")
                    verdict = report(shown, "名册的根证书", checks)
                    ok = all(c.ok for c in checks)
    return render(request, "signing/verify.html", {"form": form, "verdict": verdict, "problems": problems, "ok": ok},
                  status=422 if problems else 200)
