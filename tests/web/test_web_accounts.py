"""Signing in: a first password must be replaced, wrong passwords lock the account, all recorded."""

from __future__ import annotations

from django.test import Client, override_settings

from planpress.web.accounts import manage
from planpress.web.accounts.models import Account
from planpress.web.audit.models import AuditRecord
from .webtools import PASSWORD


def _sign_in(client: Client, username: str, password: str):
    return client.post("/accounts/sign-in/", {"username": username, "password": password})


def test_first_sign_in_forces_a_new_password(web_project):
    account, first = manage.create_account("first-sign-in", name="周敏", department="质量管理科",
                                           roles=[("文件控制员", "")], actor="测试")
    client = Client()
    assert _sign_in(client, "first-sign-in", first).status_code == 302
    for page in ("/", "/documents/", "/documents/H-J-YA-028/"):  # everything leads to the password page first
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    refused = client.post("/accounts/password/", {"old_password": first, "new_password1": "12345678901",
                                                  "new_password2": "12345678901"})
    assert refused.status_code == 422
    assert "全都是数字" in refused.content.decode() or "数字" in refused.content.decode()
    changed = client.post("/accounts/password/", {"old_password": first, "new_password1": PASSWORD,
                                                  "new_password2": PASSWORD})
    assert changed.status_code == 302
    assert client.get("/documents/").status_code == 200
    account.refresh_from_db()
    assert not account.must_change_password
    assert account.password.startswith("argon2")
    actions = list(AuditRecord.objects.filter(actor="first-sign-in").values_list("action", flat=True))
    assert actions[-2:] == ["sign_in", "password_changed"]


@override_settings(PLANPRESS_LOCK_AFTER=3)
def test_wrong_passwords_lock_the_account_and_are_recorded(web_project, account):
    user = account("editor")
    client = Client()
    for _ in range(2):
        response = _sign_in(client, user.username, "wrong-password")
        assert response.status_code == 401
        assert "用户名或密码不对" in response.content.decode()
    locked = _sign_in(client, user.username, "wrong-password")
    assert "已被锁定" in locked.content.decode()
    # Locked: even the right password is refused, and the attempt is recorded.
    assert "已被锁定" in _sign_in(client, user.username, PASSWORD).content.decode()
    assert client.get("/documents/").status_code == 302
    actions = list(AuditRecord.objects.filter(actor=user.username).values_list("action", flat=True))
    assert actions.count("sign_in_failed") == 4 and "account_locked" in actions
    manage.unlock(user.username, actor="测试")
    assert _sign_in(client, user.username, PASSWORD).status_code == 302
    assert client.get("/documents/").status_code == 200


def test_unknown_names_get_the_same_answer_as_wrong_passwords(web_project):
    response = _sign_in(Client(), "nobody-here", "whatever-password")
    assert response.status_code == 401
    assert "用户名或密码不对" in response.content.decode()
    assert AuditRecord.objects.filter(actor="nobody-here", action="sign_in_failed").exists()


def test_sign_out_ends_the_session(web_project, account):
    user = account("editor")
    client = Client()
    _sign_in(client, user.username, PASSWORD)
    assert client.get("/documents/").status_code == 200
    client.post("/accounts/sign-out/")
    assert client.get("/documents/").status_code == 302


def test_admin_command_creates_accounts_and_roles(web_project, capsys):
    from planpress import cli

    assert cli.main(["--root", str(web_project), "admin", "create-user", "wangyi-admin", "--name", "王一",
                     "--department", "医务科", "--role", "编辑", "--role", "签署人", "--person", "sun-xiaolin"]) == 0
    printed = capsys.readouterr().out
    assert "临时密码：" in printed and "编辑（医务科）" in printed
    created = Account.objects.get(username="wangyi-admin")
    assert created.may_edit("H-J-YA-028", "医务科") and not created.may_edit("X", "总务科")
    assert created.must_change_password
    assert cli.main(["--root", str(web_project), "admin", "set-role", "wangyi-admin", "编辑", "--department",
                     "总务科"]) == 0
    assert Account.objects.get(username="wangyi-admin").may_edit("X", "总务科")
    assert cli.main(["--root", str(web_project), "admin", "set-role", "wangyi-admin", "院长"]) == 1
    assert "不认识的角色" in capsys.readouterr().err
    assert cli.main(["--root", str(web_project), "admin", "create-user", "wangyi-admin"]) == 1
    assert "已经存在" in capsys.readouterr().err
    actions = list(AuditRecord.objects.filter(details__contains="wangyi-admin").values_list("action", flat=True))
    assert actions[:2] == ["account_created", "role_granted"]
