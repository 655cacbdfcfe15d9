"""E-mail to the people a signature waits for, whenever it becomes due: on 提交审批 (everyone still
to sign), then after each change once the version is submitted: a signature made (the release
becomes due for the document controllers once every row counts), a saved edit (an approval made
stale is due again), a send-back (nothing is due until the next submission). Each person is told
once per due row (DueNotice). The hospital's SMTP server, settings.PLANPRESS_SMTP_HOST; without it
nothing is sent and the page says so."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone

from ..mail import configured
from . import waiting
from .models import DueNotice, SendBack, Submission

RELEASE = "发布"  # the document controller's row: the release of a fully approved version


def submit(doc, user, base_url: str) -> tuple[list[str], list[str]]:
    """提交审批 (again after a send-back): everyone due now is told, told before or not."""
    Submission.objects.create(number=doc.number, version=str(doc.version), by=user, base_url=base_url)
    _open(doc).update(closed=timezone.now())
    return announce(doc.number)


def announce(number: str) -> tuple[list[str], list[str]]:
    """Tell those now due who have not been told yet; close what no longer waits.
    (usernames told, usernames not told: no address or no mail server). Nothing before submission."""
    from ..documents import project

    doc = project.load().document(number)
    if doc is None:
        return [], []
    submission = _in_review(doc)
    due = due_now(doc) if submission is not None else []
    rows = {(account.pk, role) for account, role, _ in due}
    told = set()
    for notice in _open(doc):
        if (notice.account_id, notice.role) in rows:
            told.add((notice.account_id, notice.role))
        else:
            DueNotice.objects.filter(pk=notice.pk).update(closed=timezone.now())
    news = [row for row in due if (row[0].pk, row[1]) not in told]
    if not news:
        return [], []
    sent, failed = signature_due(doc, news, submission.base_url)
    DueNotice.objects.bulk_create([DueNotice(account=account, number=doc.number, version=str(doc.version), role=role,
                                             sent=account.username in sent) for account, role, _ in news])
    return sent, failed


def due_now(doc) -> list[tuple[object, str, str]]:
    """(account, role, meaning) for each active account a signature of `doc` waits for now."""
    from ..accounts.models import Account, Role

    if doc.is_released or waiting.sent_back(doc) is not None:
        return []
    due = []
    for signatory in doc.signatories:
        if signatory.person and not doc.approved_by(signatory.role):
            due += [(a, signatory.role, signatory.meaning)
                    for a in Account.objects.filter(person=signatory.person, is_active=True).order_by("pk")]
    if doc.is_approved:
        due += [(a, RELEASE, RELEASE) for a in Account.objects.filter(
            is_active=True, role_grants__role=Role.CONTROLLER).distinct().order_by("pk")]
    return due


def _in_review(doc) -> Submission | None:
    """The version's last submission, unless it was sent back since."""
    submission = Submission.objects.filter(number=doc.number, version=str(doc.version)).first()
    if submission is None:
        return None
    later = SendBack.objects.filter(number=doc.number, version=str(doc.version), at__gt=submission.at).exists()
    return None if later else submission


def _open(doc):
    return DueNotice.objects.filter(number=doc.number, version=str(doc.version), closed__isnull=True)


def signature_due(doc, waiting_accounts, base_url: str) -> tuple[list[str], list[str]]:
    """(sent to, failed): one message per account with an e-mail address."""
    sent, failed = [], []
    if not configured():
        return sent, [a.username for a, _, _ in waiting_accounts]
    for account, role, meaning in waiting_accounts:
        if not account.email:
            failed.append(account.username)
            continue
        if role == RELEASE:
            subject = f"【待发布】{doc.number} {doc.title} {doc.version}"
            what = "的全部签署人都已签署，等待您发布"
            link, go = f"{base_url}/signing/{doc.number}/release/", "核对和发布"
        else:
            subject = f"【待签署】{doc.number} {doc.title} {doc.version}"
            what = f" 等待您以“{meaning}”签署（{role}）"
            link, go = f"{base_url}/signing/{doc.number}/review/", "审阅和签署"
        body = (f"{account.shown_name}：\n\n{doc.number}《{doc.title}》{doc.version}{what}。"
                f"\n生效日期：{doc.effective:%Y-%m-%d}\n\n{go}：{link}\n\n—— planpress 受控文件（这是自动发送的邮件）\n")
        try:
            send_mail(subject, body, None, [account.email])
            sent.append(account.username)
        except OSError:
            failed.append(account.username)
    return sent, failed
