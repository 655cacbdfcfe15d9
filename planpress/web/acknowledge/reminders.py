"""Reminder e-mails: one to each person with overdue acknowledgements, listing them (Django's mail,
with the SMTP server of the settings)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .progress import OVERDUE, Line


def send(lines: list[Line], today: dt.date) -> tuple[int, int]:
    """(mails sent, overdue people without an e-mail address)."""
    by_person: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        if line.state == OVERDUE:
            by_person[line.staff.pk].append(line)
    messages, without = [], 0
    link = settings.PLANPRESS_PUBLIC_URL.rstrip("/") + "/read/" if settings.PLANPRESS_PUBLIC_URL else "/read/"
    for person_lines in by_person.values():
        member = person_lines[0].staff
        if not member.email:
            without += 1
            continue
        items = "\n".join(f"  · {line.item.number} {line.item.doc.title}（{line.item.version}），"
                          f"应于 {line.deadline:%Y-%m-%d} 前确认" for line in person_lines)
        body = (f"{member.name}：\n\n以下受控文件的新版本已生效，您尚未阅读确认（已逾期）：\n\n{items}\n\n"
                f"请登录内网应用阅读并确认：{link}\n\n质量管理科（本邮件由 planpress 自动发送）")
        messages.append(EmailMessage(f"【阅读确认提醒】您有 {len(person_lines)} 份文件逾期未确认", body,
                                     settings.DEFAULT_FROM_EMAIL, [member.email]))
    if messages:
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages), without
