"""Creating and changing accounts: one implementation for `planpress admin` and the admin pages.

Each change is recorded in the audit trail, with who made it (an account, or the operating-system
user who ran the command).
"""

from __future__ import annotations

import getpass
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from ..audit.chain import record
from ..audit.models import Action
from .models import ROLE_BY_NAME, Account, DocumentGrant, Role, RoleGrant


class AccountError(Exception):
    """A refusal in Chinese (the command prints it, the page shows it)."""


def command_actor() -> str:
    try:
        return f"命令行:{getpass.getuser()}"
    except Exception:  # no user name in this environment
        return "命令行"


def temporary_password() -> str:
    """Easy to read aloud or copy, hard to guess; replaced at the first sign-in."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def role_value(name: str) -> str:
    value = ROLE_BY_NAME.get(name.strip())
    if value is None:
        raise AccountError(f"不认识的角色“{name}”。可选：{'、'.join(label for _, label in Role.choices)}。")
    return value


def _check_password(password: str, account: Account) -> None:
    try:
        validate_password(password, account)
    except ValidationError as exc:
        raise AccountError("密码不符合要求：" + "；".join(exc.messages)) from None


def create_account(username: str, *, name: str = "", department: str = "", email: str = "", person: str = "",
                   roles: list[tuple[str, str]] = (), password: str | None = None, superuser: bool = False,
                   actor: str | None = None, by=None) -> tuple[Account, str]:
    """The new account and its first password (to hand over; it must be changed at first sign-in)."""
    username = username.strip()
    if not username or len(username) > 150:
        raise AccountError("用户名不能为空，最长 150 个字符。")
    if Account.objects.filter(username=username).exists():
        raise AccountError(f"用户名 {username} 已经存在。")
    account = Account(username=username, display_name=name.strip(), department=department.strip(),
                      email=email.strip(), person=person.strip(), is_superuser=superuser, is_staff=superuser)
    first = password or temporary_password()
    if password:
        _check_password(password, account)
    account.set_password(first)
    with transaction.atomic():
        account.save()
        for role, role_department in roles:
            _grant(account, role_value(role), role_department)
    record(Action.ACCOUNT_CREATED, account=by, actor=actor or command_actor(),
           details={"username": username, "name": account.display_name, "department": account.department,
                    "person": account.person, "roles": [list(r) for r in roles], "superuser": superuser})
    return account, first


def _grant(account: Account, role: str, department: str) -> RoleGrant:
    department = department.strip()
    if role == Role.EDITOR and not department:
        raise AccountError("编辑角色须指定部门（可以编辑哪个制定部门的文件），例如 --department 医务科。")
    if role != Role.EDITOR:
        department = ""
    grant, _ = RoleGrant.objects.get_or_create(account=account, role=role, department=department)
    if role == Role.ADMIN and not account.is_staff:
        account.is_staff = True  # may open the Django admin pages
        account.save(update_fields=["is_staff"])
    return grant


def account_named(username: str) -> Account:
    account = Account.objects.filter(username=username.strip()).first()
    if account is None:
        raise AccountError(f"没有用户名为 {username} 的账户。")
    return account


def set_role(username: str, role: str, department: str = "", *, remove: bool = False,
             actor: str | None = None, by=None) -> Account:
    account = account_named(username)
    value = role_value(role)
    if remove:
        query = RoleGrant.objects.filter(account=account, role=value)
        if value == Role.EDITOR and department:
            query = query.filter(department=department.strip())
        removed = list(query.values_list("department", flat=True))
        if not removed:
            raise AccountError(f"{username} 没有这个角色。")
        RoleGrant.objects.filter(pk__in=query.values("pk")).delete()
        record(Action.ROLE_REVOKED, account=by, actor=actor or command_actor(),
               details={"username": username, "role": value, "departments": removed})
    else:
        _grant(account, value, department)
        record(Action.ROLE_GRANTED, account=by, actor=actor or command_actor(),
               details={"username": username, "role": value, "department": department.strip()})
    return account


def grant_document(username: str, number: str, *, remove: bool = False, actor: str | None = None, by=None) -> None:
    account = account_named(username)
    if remove:
        DocumentGrant.objects.filter(account=account, number=number).delete()
        record(Action.ROLE_REVOKED, account=by, actor=actor or command_actor(), document=number,
               details={"username": username, "role": "document"})
    else:
        DocumentGrant.objects.get_or_create(account=account, number=number)
        record(Action.ROLE_GRANTED, account=by, actor=actor or command_actor(), document=number,
               details={"username": username, "role": "document"})


def reset_password(username: str, password: str | None = None, *, actor: str | None = None, by=None) -> str:
    account = account_named(username)
    first = password or temporary_password()
    if password:
        _check_password(password, account)
    account.set_password(first)
    account.must_change_password = True
    account.failed_sign_ins = 0
    account.locked_until = None
    account.save()
    record(Action.ACCOUNT_CHANGED, account=by, actor=actor or command_actor(),
           details={"username": username, "change": "password_reset"})
    return first


def unlock(username: str, *, actor: str | None = None, by=None) -> None:
    account = account_named(username)
    Account.objects.filter(pk=account.pk).update(failed_sign_ins=0, locked_until=None)
    record(Action.ACCOUNT_CHANGED, account=by, actor=actor or command_actor(),
           details={"username": username, "change": "unlocked"})


def update_account(username: str, *, actor: str | None = None, by=None, **fields) -> Account:
    account = account_named(username)
    allowed = {"display_name", "department", "email", "person", "is_active"}
    changed = {k: v for k, v in fields.items() if k in allowed and v is not None}
    for key, value in changed.items():
        setattr(account, key, value.strip() if isinstance(value, str) else value)
    account.save()
    record(Action.ACCOUNT_CHANGED, account=by, actor=actor or command_actor(),
           details={"username": username, "fields": changed})
    return account
