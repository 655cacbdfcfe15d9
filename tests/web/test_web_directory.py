"""通讯录 in the application: the table of entries × campuses, what each entry is shown in, and a
changed number saved through the same checks as `planpress check`."""

from __future__ import annotations

import re

from .formdata import as_post, form_fields
from .webtools import commit_count, last_commit, signed_in, start_revision


def _contacts(root) -> str:
    return (root / "source" / "contacts.yaml").read_text("utf-8")


def test_the_directory_lists_what_shows_each_entry(web_project, account):
    client = signed_in(account())  # every account may read it
    html = client.get("/directory/").content.decode()
    row = re.search(r'<tr data-entry="security".*?</tr>', html, re.S).group(0)
    assert 'value="3216565"' in row and 'value="3212755"' in row
    assert "H-J-YA-028" in row and "5.5.3 盗窃案件" in row and "附件 1" in row
    assert "卡片：盗窃案件、应急联络电话" in row
    assert "已发布：要改号码，须先" in row  # A/0 is released
    assert "disabled" in row  # a reader sees it, cannot change it
    assert client.post("/directory/", {"base": "0" * 40}).status_code == 403


def test_a_number_shown_by_a_released_version_needs_a_revision_first(web_project, account):
    client = signed_in(account("editor"))
    before, commits = _contacts(web_project), commit_count(web_project)
    fields = form_fields(client.get("/directory/").content.decode(), "directory-form")
    response = client.post("/directory/", as_post(fields, **{"c.security.phones.binhe": "3216566"}))
    assert response.status_code == 422
    html = response.content.decode()
    row = re.search(r'<tr class="row-problems">.*?</tr>', html, re.S).group(0)
    assert "由 3216565 改为 3216566" in row and "planpress revise H-J-YA-028" in row
    assert 'value="3216566"' in html  # what was typed stays
    assert _contacts(web_project) == before and commit_count(web_project) == commits


def test_after_the_revision_the_number_is_saved_and_the_documents_listed(web_project, account):
    client = signed_in(account("editor", name="孙晓琳"))
    start_revision(client, web_project)
    before = _contacts(web_project)
    fields = form_fields(client.get("/directory/").content.decode(), "directory-form")
    response = client.post("/directory/", as_post(fields, **{"c.security.phones.binhe": "3216566"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    text = _contacts(web_project)
    assert text == before.replace('binhe: "3216565"', 'binhe: "3216566"')  # that line, nothing else
    commit = last_commit(web_project)
    assert commit["author"] == "孙晓琳" and commit["subject"] == "修改通讯录：保卫科"
    page = client.get(response["Location"]).content.decode()
    assert "“保卫科”显示在：H-J-YA-028 A/1" in page and "卡片：盗窃案件、应急联络电话" in page


def test_an_unquoted_zero_led_number_is_never_written_as_something_else(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    fields = form_fields(client.get("/directory/").content.decode(), "directory-form")
    response = client.post("/directory/", as_post(fields, **{"c.outpatient.phones.daxue": "08114013"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert 'daxue: "08114013"' in _contacts(web_project)  # quoted: read back as the same text


def test_a_new_entry(web_project, account):
    client = signed_in(account("editor"))
    fields = form_fields(client.get("/directory/").content.decode(), "directory-form")
    response = client.post("/directory/", as_post(fields, **{"new.key": "blood-bank", "new.name": "输血科",
                                                               "new.phones.binhe": "3216190",
                                                               "new.phones.daxue": "3212790"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert '  blood-bank:\n    name: 输血科\n    phones:\n      binhe: "3216190"\n      daxue: "3212790"\n' \
        in _contacts(web_project)
    response = client.post("/directory/", as_post(form_fields(client.get("/directory/").content.decode(),
                                                              "directory-form"), **{"new.key": "Bad Key", "new.name": "x"}))
    assert response.status_code == 422
