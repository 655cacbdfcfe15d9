"""Hostile input is normal input: each refusal is clear, in Chinese, and changes nothing."""

from __future__ import annotations

import io

from django.test import override_settings

from planpress.sources import limits
from .webtools import base_of, commit_count, git, signed_in, start_revision

DOC = "/documents/H-J-YA-028"


def _source(root) -> str:
    return (root / "source" / "H-J-YA-028.yaml").read_text("utf-8")


def _refused_unchanged(root, commits, before):
    assert commit_count(root) == commits
    assert _source(root) == before


def test_yaml_the_checker_refuses_is_refused_by_the_page(web_project, account):
    client = signed_in(account("editor"))
    start_revision(client, web_project)
    before, commits = _source(web_project), commit_count(web_project)
    cases = {
        "control character": before.replace("title: 病案保护及信息安全应急预案", "title: 病案保护\x1b[31m预案"),
        "tabs": before.replace("  purpose:", "\tpurpose:"),
        "depth": before + "x: " + "[" * 200 + "]" * 200 + "\n",
        "alias bomb": before + "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
            f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)),
        "not a mapping": "- 一\n- 二\n",
        "bidi override": before.replace("title: 病案保护及信息安全应急预案", "title: 病案\u202e保护"),
    }
    for name, text in cases.items():
        response = client.post(f"{DOC}/edit/yaml/", {"base": base_of(web_project), "text": text})
        assert response.status_code == 422, name
        assert "错误" in response.content.decode(), name
        _refused_unchanged(web_project, commits, before)


def test_oversized_posts_are_refused(web_project, account):
    client = signed_in(account("editor"))
    before, commits = _source(web_project), commit_count(web_project)
    big = "# " + "很" * (limits.MAX_BYTES // 3 + 10) + "\n"
    response = client.post(f"{DOC}/edit/yaml/", {"base": base_of(web_project), "text": big})
    assert response.status_code in (400, 413)
    assert "没有保存" in response.content.decode() or "请求无效" in response.content.decode()
    assert client.post(f"{DOC}/check/", {"text": big}).status_code == 400
    _refused_unchanged(web_project, commits, before)


def test_a_forged_base_is_refused(web_project, account):
    client = signed_in(account("editor"))
    before, commits = _source(web_project), commit_count(web_project)
    for base in ("../../etc/passwd", "0" * 40, "; rm -rf /", ""):
        response = client.post(f"{DOC}/edit/yaml/", {"base": base, "text": before.replace("3", "2", 1)})
        assert response.status_code in (400, 409), base
    _refused_unchanged(web_project, commits, before)


def test_a_commit_message_cannot_carry_shell_or_git_options(web_project, account):
    client = signed_in(account("editor", name="--author=evil <x@y>; rm -rf ~"))
    start_revision(client, web_project)
    author = git(web_project, "log", "-1", "--format=%an|%ae").strip()
    assert author.startswith("--author=evil") and author.endswith("rm -rf ~|" + author.split("|")[1])  # git drops <>
    assert "@hospital.example" in author
    assert (web_project / "source").is_dir()


def test_uploads_are_typed_and_size_limited(web_project, account):
    client = signed_in(account("editor"))
    commits = commit_count(web_project)
    for name, data, expected in (("plan.exe", b"MZ\x90\x00", "只能导入"), ("plan.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100, ".docx"),
                                 ("../../source/contacts.yaml", b"x", "只能导入"), ("empty.txt", b"", "空")):
        upload = io.BytesIO(data)
        upload.name = name
        response = client.post("/documents/import/", {"file": upload})
        assert response.status_code in (400, 422), name
        assert expected in response.content.decode(), name
    with override_settings(PLANPRESS_MAX_UPLOAD_BYTES=1000):
        upload = io.BytesIO(b"x" * 2000)
        upload.name = "big.txt"
        response = client.post("/documents/import/", {"file": upload})
        assert response.status_code == 400 and "文件太大" in response.content.decode()
    assert commit_count(web_project) == commits


def test_an_import_by_upload_is_one_commit_and_shows_its_report(web_project, account):
    from .webtools import REPO

    editor = account("editor", name="孙晓琳")
    client = signed_in(editor)
    (web_project / "source" / "H-J-YA-028.yaml").unlink()  # the seed comes back by import, under its own number
    git(web_project, "commit", "-qam", "remove the seed")
    upload = io.BytesIO((REPO / "tests" / "fixtures" / "seed" / "H-J-YA-028.txt").read_bytes())
    upload.name = "病案保护预案.txt"
    response = client.post("/documents/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200, html[:3000]
    assert "已导入 H-J-YA-028" in html and "导入报告" in html
    assert "5.4.5" in html  # the original's defect the report names
    assert (web_project / "source" / "H-J-YA-028.yaml").exists()
    subject = git(web_project, "log", "-1", "--format=%an %s").strip()
    assert subject.startswith("孙晓琳 导入 H-J-YA-028")
    assert git(web_project, "status", "--porcelain", "source") == ""
