"""Hostile text through the lifecycle (issue 11): what reaches a reviewer's terminal, and a release
frozen before planpress refused what it could not print.

- `diff`, `status`, problems and every other message neutralise escape codes and bidirectional
  overrides (shown as \\u001b, \\u202e), so an inserted clause cannot be hidden from the reviewer.
- A version released with an emoji and an escape code (by a planpress that did not refuse them)
  stops nothing for good: `check` names the problem, the fix goes through revise → approve →
  release, and once the clean version is in force every build succeeds, the old version's PDF left
  out with a warning.
- `revise` rewrites the file with its own line endings, byte order mark, mode and owner.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import run_cli
from signing_support import keys
from hostile import DOC, edit, line_of, refused, tree
from planpress import terminal
from planpress.model.diff import Change, DocumentDiff, Segment
from planpress.lifecycle.present import diff_text
from planpress.render import checkfonts
from planpress.sources import hygiene

TODAY = "2026-11-25"
ESC = "\x1b"


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)


def ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    output = result.stdout + result.stderr
    assert result.status == 0, output
    assert "Traceback" not in output and not terminal.CONTROLS.search(output), repr(output)
    return output


def release_as_an_old_planpress_would(root: Path, monkeypatch) -> None:
    """Approve and release the fixture plan without the checks that refuse control characters and
    characters the fonts lack: the state a repository was left in before issue 11."""
    with monkeypatch.context() as old:
        old.setattr(hygiene, "check", lambda *args: [])
        old.setattr(checkfonts, "check", lambda *args: [])
        ok("approve", DOC, "--role", "主办", "--p12", str(keys().p12["wang-yi"]), root=root)
        ok("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["li-er"]), root=root)
        ok("release", DOC, "--p12", str(keys().p12["qian-qi"]), root=root)


def test_a_release_frozen_with_an_emoji_and_an_escape_code_blocks_nothing_for_good(project: Path, today, monkeypatch):
    plan = project / "source" / f"{DOC}.yaml"
    edit(plan, "title: 库房漏水应急预案", 'title: "库房漏水\\e[2K应急预案😀"')
    release_as_an_old_planpress_would(project, monkeypatch)
    archive = project / "source" / "archive" / DOC / "A-0.yaml"
    assert 'title: "库房漏水\\e[2K应急预案😀"' in archive.read_text("utf-8")

    # The working copy still holds them: a clear error at its line, none of its outputs written.
    # (The site may be made: one broken document never stops the others, and the register marks it.)
    before = {k: v for k, v in tree(project).items() if not k.startswith("site")}
    refused(run_cli("build", root=project), f"{DOC}.yaml:{line_of(plan, 'title:')}:", "U+001B（ESC")
    assert {k: v for k, v in tree(project).items() if not k.startswith("site")} == before

    # The editor removes them and revises; the archive keeps them, reported as warnings only.
    edit(plan, 'title: "库房漏水\\e[2K应急预案😀"', "title: 库房漏水应急预案")
    ok("revise", DOC, "--reason", "删除标题里的特殊字符", root=project)
    warned = ok("check", root=project)
    assert "A-0.yaml" in warned and "警告" in warned and "U+001B" in warned and "“😀”" in warned
    edit(plan, "effective:", f"effective: {TODAY}  #")
    ok("approve", DOC, "--role", "主办", "--p12", str(keys().p12["wang-yi"]), root=project)
    ok("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["li-er"]), root=project)
    ok("release", DOC, "--p12", str(keys().p12["qian-qi"]), root=project)

    built = ok("build", root=project)
    assert "H-J-YA-901 A/0 是已发布的版本" in built and "不生成这一版的 PDF" in built
    assert (project / "build" / DOC / f"{DOC}_A-1.pdf").is_file()
    assert not (project / "build" / DOC / f"{DOC}_A-0.pdf").exists()
    assert (project / "site" / "index.html").is_file()

    # The reviewer's views of the old version show the escape code, never obey it.
    shown = ok("diff", DOC, "A/0", "A/1", root=project)
    assert "\\u001b[2K" in shown and "[-" in shown
    assert "A/0  已作废" in ok("status", DOC, root=project)
    data = json.loads(ok("diff", DOC, "A/0", "A/1", "--json", root=project))  # exact: the escape decodes back
    assert data["changes"][0]["old_text"] == f"库房漏水{ESC}[2K应急预案😀"


def test_diff_refuses_a_working_copy_with_escape_codes(repo_copy: Path, today):
    plan = repo_copy / "source" / "H-J-YA-028.yaml"
    ok("revise", "H-J-YA-028", "--reason", "测试", root=repo_copy)
    edit(plan, "title: 病案保护及信息安全应急预案", 'title: "病案保护\\e[8m（隐藏）\\e[0m及信息安全应急预案"')
    before = tree(repo_copy)
    refused(run_cli("diff", "H-J-YA-028", root=repo_copy), f"H-J-YA-028.yaml:{line_of(plan, 'title:')}:",
            "【title】", "U+001B（ESC")
    assert tree(repo_copy) == before


def test_diff_text_shows_escape_codes_and_bidi_overrides_as_visible_escapes():
    hidden = f"{ESC}[8m新增的条款{ESC}[0m"
    result = DocumentDiff(
        number="H-J-YA-901", title=f"标题{ESC}]0;x\a", old_version="A/0", new_version="A/1",
        old_state="已生效", new_state="草稿",
        changes=(Change("added", "clause", None, "5.1", None, hidden),
                 Change("changed", "clause", "5.2", "5.2", "甲", "乙\u202e",
                        segments=(Segment("equal", "正文\r"), Segment("insert", "\u202e倒过来")))),
        notes=(f"核对卡片{ESC}[8m",))
    for colour in (False, True):
        text = diff_text(result, colour=colour)
        shown = text.replace("\033[31m", "").replace("\033[32m", "").replace("\033[1m", "").replace("\033[0m", "")
        assert not terminal.CONTROLS.search(shown), repr(text)
        assert "\\u001b[8m新增的条款\\u001b[0m" in shown and "\\u202e倒过来" in shown and "正文\\u000d" in shown


def test_every_message_is_neutralised_even_a_file_name(project: Path):
    (project / "source" / f"{ESC}[2K{ESC}[1A.yaml").write_text("number: x\n", "utf-8")
    result = run_cli("check", root=project)
    output = refused(result)
    assert "\\u001b[2K\\u001b[1A.yaml" in output


def test_json_output_stays_exact_through_the_guard(capsys):
    with terminal.guarded():
        print(json.dumps({"text": f"甲\u202e乙{ESC}[8m"}, ensure_ascii=False))
    printed = capsys.readouterr().out
    assert not terminal.CONTROLS.search(printed)
    assert json.loads(printed) == {"text": f"甲\u202e乙{ESC}[8m"}


def test_revise_keeps_line_endings_bom_mode_and_owner(repo_copy: Path, today):
    plan = repo_copy / "source" / "H-J-YA-028.yaml"
    plan.write_bytes(b"\xef\xbb\xbf" + plan.read_bytes().replace(b"\n", b"\r\n"))
    os.chmod(plan, 0o640)
    os.chown(plan, 1234, 2345)
    ok("check", root=repo_copy)
    ok("revise", "H-J-YA-028", "--reason", "测试换行符", root=repo_copy)
    data = plan.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\n") == data.count(b"\r\n") > 100
    assert "A/1" in data.decode("utf-8-sig")
    info = plan.stat()
    assert stat.S_IMODE(info.st_mode) == 0o640 and (info.st_uid, info.st_gid) == (1234, 2345)
