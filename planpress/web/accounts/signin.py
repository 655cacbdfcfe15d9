"""Sign-in with a lock: N wrong passwords in a row lock the account for a while; all recorded.

The message for an unknown name and for a wrong password is the same (no one learns which names
exist), and Django's backend hashes a password for unknown names too, so the time does not tell.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..audit.chain import record
from ..audit.models import Action
from .models import Account

WRONG = "用户名或密码不对。"


def _address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def lock_message(account: Account) -> str:
    until = timezone.localtime(account.locked_until)
    return (f"这个账户因连续 {settings.PLANPRESS_LOCK_AFTER} 次密码错误已被锁定，"
            f"{until:%H:%M} 后可以再试；急用请联系系统管理员解锁。")


def sign_in(request, username: str, password: str) -> str | None:
    """Sign the person in; else the reason in Chinese (nothing about whether the name exists)."""
    username = username.strip()
    account = Account.objects.filter(username=username).first()
    now = timezone.now()
    if account is not None and account.is_locked(now):
        record(Action.SIGN_IN_FAILED, actor=username, details={"why": "locked", "address": _address(request)})
        return lock_message(account)
    user = authenticate(request, username=username, password=password)
    if user is None:
        _failed(request, username, account, now)
        account = Account.objects.filter(username=username).first()
        if account is not None and account.is_locked(now):
            return lock_message(account)
        return WRONG
    with transaction.atomic():
        Account.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None)
    login(request, user)
    record(Action.SIGN_IN, account=user, details={"address": _address(request)})
    return None


def _failed(request, username: str, account: Account | None, now: dt.datetime) -> None:
    details = {"address": _address(request)}
    if account is None:
        record(Action.SIGN_IN_FAILED, actor=username[:150], details=details | {"why": "unknown_or_wrong"})
        return
    with transaction.atomic():
        Account.objects.filter(pk=account.pk).update(failed_sign_ins=F("failed_sign_ins") + 1)
        account.refresh_from_db(fields=["failed_sign_ins"])
        locked = account.failed_sign_ins >= settings.PLANPRESS_LOCK_AFTER
        if locked:
            until = now + dt.timedelta(minutes=settings.PLANPRESS_LOCK_MINUTES)
            Account.objects.filter(pk=account.pk).update(locked_until=until, failed_sign_ins=0)
    record(Action.SIGN_IN_FAILED, actor=username, details=details | {"why": "wrong_password",
                                                                    "count": account.failed_sign_ins})
    if locked:
        record(Action.ACCOUNT_LOCKED, actor=username, details={"minutes": settings.PLANPRESS_LOCK_MINUTES})
