"""Saving is safe: one commit by the signed-in person, errors at the field with nothing written,
a stale base refused with both versions shown and nothing typed lost, outside changes respected."""

from __future__ import annotations

import re
import threading

from planpress.web.audit.models import AuditRecord
from .webtools import base_of, commit_count, git, header_post, last_commit, signed_in, start_revision

DOC = "/documents/H-J-YA-028"


def _source(root) -> str:
    return (root / "source" / "H-J-YA-028.yaml").read_text("utf-8")


def _field_block(html: str, name: str) -> str:
    return html.split(f'id="field-{name}"', 1)[1].split('class="form-row', 1)[0]


def test_a_header_save_is_one_commit_by_the_editor_changing_only_that_line(web_project, account):
    editor = account("editor", name="孙晓琳")
    start_revision(signed_in(editor), web_project)
    before = _source(web_project)
    commits = commit_count(web_project)
    response = signed_in(editor).post(f"{DOC}/edit/header/", header_post(web_project, review_cycle_years="2"))
    assert response.status_code == 302
    after = _source(web_project)
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [("review_cycle_years: 3  # 定期评审周期（年）", "review_cycle_years: 2  # 定期评审周期（年）")]
    assert len(before.splitlines()) == len(after.splitlines())
    assert commit_count(web_project) == commits + 1
    commit = last_commit(web_project)
    assert commit == {"author": "孙晓琳", "email": editor.email, "subject": "修改 H-J-YA-028 表头：定期评审周期（年）"}
    assert git(web_project, "status", "--porcelain") == ""  # the work tree and index follow the commit
    record = AuditRecord.objects.filter(actor=editor.username, action="save").last()
    assert record.document == "H-J-YA-028" and record.version == "A/1"


def test_a_mistake_is_shown_at_its_field_and_nothing_is_written(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    before, commits = _source(web_project), commit_count(web_project)
    response = client.post(f"{DOC}/edit/header/", header_post(web_project, review_cycle_years="30",
                                                              effective="2020-02-30"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "超出范围" in _field_block(html, "review_cycle_years")
    assert "2020-02-30" in _field_block(html, "effective")  # what was typed stays in the form
    assert "不存在" in _field_block(html, "effective") or "不对" in _field_block(html, "effective")
    assert 'value="30"' in _field_block(html, "review_cycle_years")
    assert _source(web_project) == before and commit_count(web_project) == commits


def test_a_stale_base_is_refused_with_both_versions_and_nothing_lost(web_project, account):
    first, second = account("editor", name="王一"), account("editor", name="李二")
    start_revision(signed_in(first), web_project)
    stale = header_post(web_project, title="病案保护及信息安全应急预案（李二的标题）")
    assert signed_in(first).post(f"{DOC}/edit/header/",
                                 header_post(web_project, title="病案保护及信息安全应急预案（王一的标题）")).status_code == 302
    response = signed_in(second).post(f"{DOC}/edit/header/", stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "在您编辑期间被别人改过了" in html and "王一" in html
    title = _field_block(html, "title")
    assert "李二的标题" in title  # the editor's own text, still in the form
    assert "别人的版本" in title and "王一的标题" in title  # the other version beside it
    assert "王一的标题" in _source(web_project)
    # Saving again from the refusal page (its base is now the latest) keeps the editor's text.
    again = re.search(r'name="base" value="([0-9a-f]{40})"', html).group(1)
    assert again == base_of(web_project)
    assert signed_in(second).post(f"{DOC}/edit/header/", stale | {"base": again}).status_code == 302
    assert "李二的标题" in _source(web_project)
    assert AuditRecord.objects.filter(actor=second.username, action="save_conflict").exists()


def test_a_change_committed_with_git_is_picked_up_and_never_overwritten(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    base = base_of(web_project)
    path = web_project / "source" / "H-J-YA-028.yaml"
    path.write_text(_source(web_project).replace("title: 病案保护及信息安全应急预案", "title: 病案保护应急预案（git）"), "utf-8")
    git(web_project, "commit", "-qam", "outside edit")
    assert "病案保护应急预案（git）" in client.get(f"{DOC}/edit/").content.decode()  # no stale cache
    response = client.post(f"{DOC}/edit/header/", header_post(web_project, base=base, review_cycle_years="2"))
    assert response.status_code == 409
    assert "外部编辑" in response.content.decode()
    assert "病案保护应急预案（git）" in _source(web_project)


def test_the_expert_tab_shows_check_errors_and_keeps_the_text(web_project, account):
    client = signed_in(account("editor"))
    before = _source(web_project)
    typed = before.replace("owner: 医务科", "owner： 医务科")  # a full-width colon
    response = client.post(f"{DOC}/edit/yaml/", {"base": base_of(web_project), "text": typed})
    assert response.status_code == 422
    html = response.content.decode()
    # the checker's message: the colon named, at its own line (12), not where the parser noticed
    assert "冒号是全角的" in html and "H-J-YA-028.yaml:12:6" in html
    assert "owner： 医务科" in html  # the text typed, still in the editor
    assert _source(web_project) == before
    check = client.post(f"{DOC}/check/", {"text": typed}).json()
    assert check["problems"][0]["line"] == 12 and check["problems"][0]["severity"] == "error"
    assert client.post(f"{DOC}/check/", {"text": before}).json()["summary"].startswith("检查：0 个错误")


def test_an_expert_save_commits_the_text_as_typed_with_crlf_undone(web_project, account):
    client = signed_in(account("editor", name="孙晓琳"))
    start_revision(client, web_project)
    text = _source(web_project).replace("review_cycle_years: 3", "review_cycle_years: 2").replace("\n", "\r\n")
    assert client.post(f"{DOC}/edit/yaml/", {"base": base_of(web_project), "text": text}).status_code == 302
    assert b"\r\n" not in (web_project / "source" / "H-J-YA-028.yaml").read_bytes()
    assert last_commit(web_project)["subject"] == "修改 H-J-YA-028（专家模式：YAML）"


def test_concurrent_saves_of_one_document_lose_nothing(web_project, account):
    editors = [account("editor", name=f"并发{i}") for i in range(4)]
    start_revision(signed_in(editors[0]), web_project)
    base = base_of(web_project)
    statuses = []

    def save(i):
        data = header_post(web_project, base=base, title=f"并发标题{i}")
        statuses.append(signed_in(editors[i]).post(f"{DOC}/edit/header/", data).status_code)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 409, 409, 409]  # one saved, the others shown both versions


def test_revise_starts_the_next_version_as_one_commit(web_project, account):
    editor = account("editor", name="孙晓琳")
    client = signed_in(editor)
    page = client.get(f"{DOC}/revise/").content.decode()
    base = re.search(r'name="base" value="([0-9a-f]{40})"', page).group(1)
    assert client.post(f"{DOC}/revise/", {"base": base, "reason": ""}).status_code == 400
    response = client.post(f"{DOC}/revise/", {"base": base, "reason": "更新保卫科电话"})
    assert response.status_code == 302 and response["Location"] == f"{DOC}/edit/"
    assert "version: A/1" in _source(web_project)
    assert last_commit(web_project)["subject"] == "开始修订 H-J-YA-028：A/0 → A/1"
    assert last_commit(web_project)["author"] == "孙晓琳"
    record = AuditRecord.objects.filter(action="revision_started", actor=editor.username).last()
    assert record.reason == "更新保卫科电话" and record.version == "A/1"
    again = client.post(f"{DOC}/revise/", {"base": base_of(web_project), "reason": "再修订一次"})
    assert again.status_code == 422 and "已经在修订中" in again.content.decode()
    # The comparison screen: the revision record row and the header changes, words marked.
    text = _source(web_project).replace("由医务科负责制定、修订和解释", "由医务科负责制定和解释")
    assert client.post(f"{DOC}/edit/yaml/", {"base": base_of(web_project), "text": text}).status_code == 302
    compared = client.get(f"{DOC}/compare/").content.decode()
    assert "<del>、修订</del>" in compared or "<del>" in compared
    assert "修改" in compared and "A/0" in compared and "A/1" in compared


def test_a_new_document_from_the_frame(web_project, account):
    client = signed_in(account("editor", name="孙晓琳"))
    data = {"number": "H-J-YA-040", "title": "停水应急预案", "category": "全院文件-应急管理", "owner": "医务科",
            "publisher": "质量管理科", "host": "sun-xiaolin", "approver": "liu-yingen"}
    response = client.post("/documents/new/", data)
    assert response.status_code == 302 and response["Location"] == "/documents/H-J-YA-040/edit/"
    created = (web_project / "source" / "H-J-YA-040.yaml").read_text("utf-8")
    assert "title: 停水应急预案" in created and "person: sun-xiaolin" in created
    assert last_commit(web_project)["subject"] == "新建 H-J-YA-040 停水应急预案"
    assert "H-J-YA-040" in client.get("/documents/").content.decode()
    assert client.post("/documents/new/", data).status_code == 422  # it exists now
    for bad in ("../etc", "H J", "H-J-YA-040/../x", ""):
        assert client.post("/documents/new/", data | {"number": bad}).status_code == 400
    assert client.post("/documents/new/", data | {"number": "H-J-YA-041", "owner": "总务科"}).status_code == 400


def test_an_expert_save_on_a_stale_base_shows_both_texts_side_by_side(web_project, account):
    first, second = signed_in(account("editor", name="王一")), signed_in(account("editor", name="李二"))
    start_revision(first, web_project)
    base, before = base_of(web_project), _source(web_project)
    assert first.post(f"{DOC}/edit/yaml/", {"base": base, "text": before.replace("review_cycle_years: 3",
                                                                               "review_cycle_years: 2")}).status_code == 302
    mine = before.replace("title: 病案保护及信息安全应急预案", "title: 病案保护及信息安全应急预案（李二）")
    response = second.post(f"{DOC}/edit/yaml/", {"base": base, "text": mine})
    assert response.status_code == 409
    html = response.content.decode()
    assert "两个版本对照" in html and "王一" in html
    rows = html.split("<tbody>", 2)[1].split("</tbody>")[0]
    assert "review_cycle_years: 2" in rows and "review_cycle_years: 3" in rows  # theirs and mine, side by side
    editor_text = html.split('id="yaml-text"')[1].split("</textarea>")[0]
    assert "病案保护及信息安全应急预案（李二）" in editor_text  # the text typed, in the editor
    assert "review_cycle_years: 2" in editor_text  # and theirs, merged: different lines
    assert "合并后的全文" in html
    assert "review_cycle_years: 2" in _source(web_project)


def test_an_expert_conflict_on_the_same_line_keeps_the_editors_text(web_project, account):
    first, second = signed_in(account("editor", name="王一")), signed_in(account("editor", name="李二"))
    start_revision(first, web_project)
    base, before = base_of(web_project), _source(web_project)
    theirs = before.replace("review_cycle_years: 3", "review_cycle_years: 2")
    assert first.post(f"{DOC}/edit/yaml/", {"base": base, "text": theirs}).status_code == 302
    mine = before.replace("review_cycle_years: 3", "review_cycle_years: 4")
    html = second.post(f"{DOC}/edit/yaml/", {"base": base, "text": mine}).content.decode()
    editor_text = html.split('id="yaml-text"')[1].split("</textarea>")[0]
    assert "review_cycle_years: 4" in editor_text and "<<<<<<<" not in editor_text
    assert "有些行两人都改了" in html


def test_after_a_save_only_that_document_is_checked_again_and_the_register_is_as_if_loaded_whole(web_project, account):
    from planpress.incremental import register
    from planpress.web.documents import project

    client = signed_in(account("editor"))
    start_revision(client, web_project)
    project.load()
    assert client.post(f"{DOC}/edit/header/", header_post(web_project, title="病案保护应急预案（新）")).status_code == 302
    spliced = project.load()
    whole = register.load(web_project, cache=False)
    assert spliced.document("H-J-YA-028").title == "病案保护应急预案（新）"
    assert [d.fingerprint for d in spliced.project.documents] == [d.fingerprint for d in whole.project.documents]
    assert [(d.number, str(d.version), d.state) for d in spliced.project.archive] == \
           [(d.number, str(d.version), d.state) for d in whole.project.archive]
    # A mistake committed outside: the document is broken in the register, as in a whole load.
    path = web_project / "source" / "H-J-YA-028.yaml"
    path.write_text(_source(web_project).replace("review_cycle_years: 3", "review_cycle_years: 30"), "utf-8")
    broken = project.load()
    assert "H-J-YA-028" in broken.broken and broken.document("H-J-YA-028") is None
    assert set(broken.broken) == set(register.load(web_project, cache=False).broken)
    assert "有错误" in client.get("/documents/").content.decode()


def test_without_git_nothing_is_saved_and_the_page_says_why(tmp_path, account):
    import shutil

    from django.test import override_settings

    from planpress.web.documents import project

    from .webtools import REPO

    root = tmp_path / "no-git"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "templates", root / "templates")
    before = (root / "source" / "H-J-YA-028.yaml").read_bytes()
    with override_settings(PLANPRESS_ROOT=root):
        project._stores.clear()
        client = signed_in(account("editor"))
        response = client.post(f"{DOC}/revise/", {"base": base_of(root), "reason": "更新电话"})
        assert response.status_code == 503 and "git" in response.content.decode()
        assert (root / "source" / "H-J-YA-028.yaml").read_bytes() == before  # the revision is undone


def test_a_conflict_on_different_fields_is_merged_field_by_field(web_project, account):
    first, second = signed_in(account("editor", name="王一")), signed_in(account("editor", name="李二"))
    start_revision(first, web_project)
    opened = header_post(web_project)  # both open the form now
    assert first.post(f"{DOC}/edit/header/", opened | {"title": "病案保护应急预案（王一）"}).status_code == 302
    response = second.post(f"{DOC}/edit/header/", opened | {"review_cycle_years": "2"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "已换成别人的版本：文件名称" in html
    assert 'value="病案保护应急预案（王一）"' in _field_block(html, "title")  # only they changed it: theirs
    assert 'value="2"' in _field_block(html, "review_cycle_years")  # only I changed it: mine
    assert "别人的版本" not in _field_block(html, "title")
    again = re.search(r'name="base" value="([0-9a-f]{40})"', html).group(1)
    merged = opened | {"title": "病案保护应急预案（王一）", "review_cycle_years": "2", "base": again}
    assert second.post(f"{DOC}/edit/header/", merged).status_code == 302
    text = _source(web_project)
    assert "title: 病案保护应急预案（王一）" in text and "review_cycle_years: 2" in text
