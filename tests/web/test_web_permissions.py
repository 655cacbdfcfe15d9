"""Every permission is enforced on the server: a reader typing an edit URL gets a 403 in Chinese."""

from __future__ import annotations

import pytest
from django.test import Client

from planpress.web.audit.models import AuditRecord
from .webtools import base_of, commit_count, header_post, signed_in

EDIT_PAGES = ("/documents/H-J-YA-028/edit/", "/documents/H-J-YA-028/edit/?tab=yaml", "/documents/H-J-YA-028/revise/")


def test_signed_out_visitors_are_sent_to_sign_in(web_project):
    for page in ("/", "/documents/", "/documents/H-J-YA-028/", *EDIT_PAGES, "/audit/"):
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("roles", [(), (("editor", "总务科"),), ("signer",), ("controller",)])
def test_who_may_not_edit_gets_403_in_chinese_on_every_edit_url(web_project, account, roles):
    client = signed_in(account(*roles))
    assert client.get("/documents/H-J-YA-028/").status_code == 200  # everyone may read
    for page in EDIT_PAGES:
        response = client.get(page)
        assert response.status_code == 403
        assert "没有编辑 H-J-YA-028 的权限" in response.content.decode()
    commits = commit_count(web_project)
    posts = {"/documents/H-J-YA-028/edit/header/": header_post(web_project, title="被改掉的标题"),
             "/documents/H-J-YA-028/edit/yaml/": {"base": base_of(web_project), "text": "number: x\n"},
             "/documents/H-J-YA-028/revise/": {"base": base_of(web_project), "reason": "越权修订"},
             "/documents/H-J-YA-028/check/": {"text": "number: x\n"},
             "/documents/H-J-YA-028/presence/": {}}
    for page, data in posts.items():
        assert client.post(page, data).status_code == 403
    assert commit_count(web_project) == commits
    assert "被改掉的标题" not in (web_project / "source" / "H-J-YA-028.yaml").read_text("utf-8")


def test_editor_of_the_owner_department_and_granted_accounts_may_edit(web_project, account):
    from planpress.web.accounts import manage

    assert signed_in(account("editor")).get(EDIT_PAGES[0]).status_code == 200
    other = account(("editor", "总务科"))
    manage.grant_document(other.username, "H-J-YA-028", actor="测试")
    assert signed_in(other).get(EDIT_PAGES[0]).status_code == 200


def test_new_and_import_need_an_editor_or_the_document_controller(web_project, account):
    reader = signed_in(account())
    for page in ("/documents/new/", "/documents/import/"):
        assert reader.get(page).status_code == 403
        assert signed_in(account("editor")).get(page).status_code == 200


def test_audit_trail_is_for_the_document_controller_and_administrators(web_project, account):
    assert signed_in(account("editor")).get("/audit/").status_code == 403
    assert signed_in(account("controller")).get("/audit/").status_code == 200
    assert signed_in(account("admin")).get("/audit/").status_code == 200


def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(web_project, account):
    client = signed_in(account("editor"), csrf=True)
    response = client.post("/documents/H-J-YA-028/edit/header/", header_post(web_project, title="跨站请求"))
    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
    assert "跨站请求" not in (web_project / "source" / "H-J-YA-028.yaml").read_text("utf-8")


def test_unknown_documents_and_paths_are_404_in_chinese(web_project, account):
    client = signed_in(account("editor"))
    for page in ("/documents/H-J-YA-999/", "/documents/contacts/edit/", "/documents/..%2Fetc/",
                 "/documents/H-J-YA-028/files/../../../etc/passwd", "/documents/H-J-YA-028/files/%2e%2e/source",
                 "/documents/H-J-YA-028/files/x.yaml"):
        response = client.get(page)
        assert response.status_code == 404, page
        assert "找不到页面" in response.content.decode()


def test_security_headers(web_project, account):
    response = signed_in(account()).get("/documents/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()  # no inline script anywhere


def test_role_changes_are_audited(web_project, account):
    from planpress.web.accounts import manage

    user = account()
    manage.set_role(user.username, "文件控制员", actor="测试")
    manage.set_role(user.username, "文件控制员", remove=True, actor="测试")
    actions = list(AuditRecord.objects.filter(details__contains=user.username).values_list("action", flat=True))
    assert actions[-2:] == ["role_granted", "role_revoked"]


def test_the_admin_pages_use_the_applications_sign_in_and_roles(web_project, account):
    response = Client().get("/django-admin/login/?next=/django-admin/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert signed_in(account("editor")).get("/django-admin/").status_code == 302  # not staff: sent to sign in
    assert signed_in(account("admin")).get("/django-admin/").status_code == 200


def test_the_dashboard_lists_what_each_person_may_work_on_and_no_one_elses(web_project, account):
    """工作台 is made once per set of rights (documents/views.py): an editor of another department,
    asking right after, must not be shown the first editor's drafts."""
    from .webtools import start_revision

    owner = signed_in(account(("editor", "医务科")))
    start_revision(owner, web_project)
    page = owner.get("/").content.decode()
    drafts = page.split("我的草稿", 1)[1].split("等待我签署", 1)[0]
    assert "H-J-YA-028" in drafts and 'href="/documents/H-J-YA-028/edit/"' in drafts
    other = signed_in(account(("editor", "总务科"))).get("/").content.decode()
    assert "H-J-YA-028" not in other.split("我的草稿", 1)[1].split("等待我签署", 1)[0]
    assert "没有正在编辑的文件" in other
    assert "H-J-YA-028" in owner.get("/").content.decode().split("我的草稿", 1)[1].split("等待我签署", 1)[0]
