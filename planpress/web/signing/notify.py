"""E-mail to the signatories when a version is submitted for their signature (the hospital's SMTP
server, settings.PLANPRESS_SMTP_HOST; without it nothing is sent and the page says so)."""

from __future__ import annotations

from django.core.mail import send_mail

from ..mail import configured



def signature_due(doc, waiting_accounts, base_url: str) -> tuple[list[str], list[str]]:
    """(sent to, failed): one message per account with an e-mail address."""
    sent, failed = [], []
    if not configured():
        return sent, [a.username for a, _, _ in waiting_accounts]
    for account, role, meaning in waiting_accounts:
        if not account.email:
            failed.append(account.username)
            continue
        link = f"{base_url}/signing/{doc.number}/review/"
        body = (f"{account.shown_name}：\n\n{doc.number}《{doc.title}》{doc.version} 等待您以“{meaning}”签署（{role}）。"
                f"\n生效日期：{doc.effective:%Y-%m-%d}\n\n审阅和签署：{link}\n\n—— planpress 受控文件（这是自动发送的邮件）\n")
        try:
            send_mail(f"【待签署】{doc.number} {doc.title} {doc.version}", body, None, [account.email])
            sent.append(account.username)
        except OSError:
            failed.append(account.username)
    return sent, failed
