"""Drills feed revisions (issue 20 item 4), and `planpress check` reads the drill records (item 3):
a revision record cites the findings it answers (drill_findings), the citation must name a finding
that exists, and the plan's page and `planpress status` (the periodic review's listing) mark each
finding answered by its revision or still open; a broken drill record is a located Chinese error of
`planpress check`, by the same rules the application's form is refused by."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.conf import settings

from planpress.lifecycle import drills
from planpress.model.loader import check

from .acktools import TODAY, a1_project
from .webtools import signed_in

DRILL = """\
document: H-J-YA-028
date: 2026-11-20
scenarios: [fire]
campus: binhe
participants:
  - {id: D001, name: 李护士, department: 急诊科}
went_well: 疏散迅速。
findings:
  - finding: 灭火器压力不足
    action: 保卫科每月检查压力表
  - finding: 值班电话无人接听
"""


@pytest.fixture
def plan(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = a1_project(tmp_path / "project")
    folder = root / "source" / "drills" / "H-J-YA-028"
    folder.mkdir(parents=True)
    (folder / "2026-11-20-1.yaml").write_text(DRILL, "utf-8")
    previous = settings.PLANPRESS_ROOT
    settings.PLANPRESS_ROOT = root
    yield root
    settings.PLANPRESS_ROOT = previous


def cite(root, *references: str) -> int:
    """Add drill_findings to A/1's revision record; the line it is on."""
    path = root / "source" / "H-J-YA-028.yaml"
    lines = path.read_text("utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if re.match(r"\s+version: A/1\s*$", line))
    indent = lines[at][:len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}drill_findings: [{', '.join(references)}]")
    path.write_text("\n".join(lines), "utf-8")
    return at + 2


def planpress(capsys, root, *args) -> subprocess.CompletedProcess:
    """The command as staff run it, in this process (its output and exit status)."""
    from planpress import cli

    capsys.readouterr()
    status = cli.main(["--root", str(root), *args])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def test_a_revision_answers_a_finding_and_the_plan_shows_which_are_open(plan, account, capsys):
    cite(plan, "2026-11-20-1#1")
    result = check(plan)
    assert result.ok, "\n".join(map(str, result.problems))
    assert result.project.document("H-J-YA-028").revisions[-1].drill_findings == ("2026-11-20-1#1",)

    page = signed_in(account("editor", department="医务科")).get("/documents/H-J-YA-028/").content.decode()
    table = page[page.index('id="drill-findings"'):page.index("</table>", page.index('id="drill-findings"'))]
    rows = table.split("</tr>")
    first = next(r for r in rows if "灭火器压力不足" in r)
    second = next(r for r in rows if "值班电话无人接听" in r)
    assert "已由 A/1 修订回应" in first and "待修订回应" not in first
    assert "待修订回应" in second and "2026-11-20-1#2" in second

    status = planpress(capsys, plan, "status", "H-J-YA-028").stdout
    assert "演练发现的问题（2 条，1 条待修订回应" in status
    assert "2026-11-20-1#1  2026-11-20 灭火器压力不足：已由 A/1 修订回应" in status
    assert "2026-11-20-1#2  2026-11-20 值班电话无人接听：待修订回应" in status


@pytest.mark.parametrize("reference, expected", [
    ("2026-11-20-1#3", "演练记录 2026-11-20-1 只有 2 条发现，没有第 3 条"),
    ("2026-11-21-1#1", "H-J-YA-028 没有名为 2026-11-21-1 的演练记录"),
])
def test_a_citation_of_a_finding_that_does_not_exist_is_a_located_error(plan, reference, expected):
    line = cite(plan, reference)
    result = check(plan)
    found = [p for p in result.problems if p.is_error]
    assert len(found) == 1 and expected in str(found[0]), "\n".join(map(str, result.problems))
    assert str(found[0].location).endswith(f"H-J-YA-028.yaml:{line}:{found[0].location.column}")
    assert "drill_findings" in str(found[0])


def test_a_broken_drill_record_is_a_located_error_of_check(plan, capsys):
    record = plan / "source" / "drills" / "H-J-YA-028" / "2026-11-20-1.yaml"
    record.write_text(DRILL.replace("scenarios: [fire]", "scenarios: [fires]").replace("campus: binhe", "campus: moon"),
                      "utf-8")
    done = planpress(capsys, plan, "check")
    assert done.returncode == 1
    assert "2026-11-20-1.yaml:3:13: 错误:" in done.stderr and "H-J-YA-028 里没有场景“fires”" in done.stderr
    assert "您是不是要写“fire”" in done.stderr and "2026-11-20-1.yaml:4:9: 错误: 【campus】院区“moon”不在通讯录里" in done.stderr
    # the schema's rules, the same the application's form is refused by, located and in Chinese
    record.write_text(DRILL.replace("participants:\n  - {id: D001, name: 李护士, department: 急诊科}",
                                    "participants: []"), "utf-8")
    done = planpress(capsys, plan, "check", str(record))
    assert done.returncode == 1 and "2026-11-20-1.yaml:5:" in done.stderr and "Traceback" not in done.stderr


def test_an_attachment_changed_after_recording_is_an_error(plan):
    folder = plan / "source" / "drills" / "H-J-YA-028"
    (folder / "files").mkdir()
    (folder / "files" / "2026-11-20-1-1.jpg").write_bytes(b"\xff\xd8\xff replaced")
    (folder / "2026-11-20-1.yaml").write_text(
        DRILL + "attachments:\n  - {file: files/2026-11-20-1-1.jpg, title: 照片, sha256: " + "ab" * 32 + "}\n"
                "  - {file: files/missing.png, sha256: " + "cd" * 32 + "}\n", "utf-8")
    found = drills.check_files(plan, check(plan).project)
    text = "\n".join(map(str, found))
    assert "SHA-256 不符" in text and "附件 files/missing.png 不在演练记录旁" in text
