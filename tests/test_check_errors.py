"""Broken inputs: each gives a Chinese message at the right file:line:column, exit 1, no traceback.

Every case edits one thing in a copy of the fixture project. The expected location is where the
`at` marker stands in the edited file, found by searching the text, independently of the YAML
parser the implementation uses.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from conftest import run_cli

DOC = "source/H-J-YA-901.yaml"
CONTACTS = "source/contacts.yaml"
CONFIG = "source/planpress.yaml"


@dataclasses.dataclass
class Case:
    id: str
    file: str
    old: str
    new: str
    at: str | None  # marker whose position is the expected line:column; None → line 1, column 1
    expect: tuple[str, ...]  # fragments of the message, all required
    field: str = ""
    occurrence: int = 1  # which occurrence of the marker


CASES = [
    Case("yaml-syntax", DOC, "category: 全院文件-应急管理", "category: 全院文件: 应急管理", ": 应急管理",
         ("冒号",)),
    Case("unclosed-bracket", DOC, "members: [分管院长]", "members: [分管院长", None, ("括号",)),
    Case("tab-indent", DOC, "\n    - title: 预警信息", "\n\t- title: 预警信息", "\t- title", ("制表符", "Tab")),
    Case("duplicate-key", DOC, "owner: 医务科\n", "owner: 医务科\nowner: 总务科\n", "owner: 总务科",
         ("重复", "第 5 行"), field="owner"),
    Case("wrong-type-integer", DOC, "review_cycle_years: 3", "review_cycle_years: 三年", "三年", ("整数",),
         field="review_cycle_years"),
    Case("wrong-type-list", DOC, "responsibilities:\n    - 医务科负责解释。", "responsibilities: 医务科负责解释。",
         "医务科负责解释。", ("列表",), field="sections.responsibilities"),
    Case("missing-required", DOC, "publisher: 质量管理科\n", "", "number:", ("缺少必填字段", "publisher", "发布部门")),
    Case("unknown-field", DOC, "revisions: []", "revison: []", "revison", ("不认识的字段", "revison", "revisions"),
         field="revison"),
    Case("impossible-date", DOC, "effective: 2024-03-01", "effective: 2024-02-30", "2024-02-30",
         ("2024-02-30", "不存在"), field="effective"),
    Case("date-format", DOC, "effective: 1994-09-01", "effective: 1994/9/1", "1994/9/1", ("日期格式",)),
    Case("unknown-contact", DOC, "call: [facilities]", "call: [facilties]", "facilties",
         ("通讯录里没有", "facilties", "facilities"), field="sections.procedures[5].clauses[1].steps[1].call[1]"),
    Case("contact-missing-campus", DOC, "call: [fire-alarm, security]", "call: [fire-alarm, north-only]",
         "north-only", ("北院区库房", "南院区没有电话号码")),
    Case("typed-clause-number", DOC, "- 及时报告。", "- 5.4.5 及时报告。", "5.4.5", ("手写了条款编号", "5.4.5")),
    Case("mention-not-in-text", DOC, "mentions: {后勤维修人员: facilities}", "mentions: {总务处: facilities}",
         "总务处", ("正文里没有",)),
    Case("mention-number-mismatch", DOC, "立即拨打“119”报警。", "立即拨打“120”报警。\n", None,
         ("正文里没有“119”",), ),
    Case("card-with-number", DOC, "card: 立即通知后勤维修人员。", "card: 立即拨打5550102通知后勤维修人员。",
         "立即拨打5550102", ("号码", "5550102")),
    Case("paper-after-effective", DOC, "  - role: 主办\n    statement:",
         "  - role: 院领导批准\n    paper: {date: 2024-03-05, original: 质量管理科}\n  - role: 主办\n    statement:",
         "2024-03-05", ("纸质签批日期 2024-03-05 晚于生效日期 2024-03-01",), field="approvals[1].paper.date"),
    Case("approval-unknown-role", DOC, "role: 院领导批准\n    statement", "role: 院长批准\n    statement", "院长批准",
         ("审批角色", "院长批准")),
    Case("signatory-not-in-roster", DOC, "person: wang-yi", "person: wang-yl", "wang-yl",
         ("名册里没有“wang-yl”", "wang-yi"), field="signatories[1].person"),
    Case("signatory-name-not-the-rosters", DOC, "person: wang-yi\n", "person: wang-yi\n    name: 王二\n", "王二",
         ("在名册里叫“王一”", "王二"), field="signatories[1].name"),
    Case("signatory-meaning-unclear", DOC, "role: 主办\n    person", "role: 会签\n    person", "会签",
         ("看不出这一栏签名的含义", "meaning"), field="signatories[1].role"),
    Case("version-without-record", DOC, "version: A/0", "version: A/1", "A/1", ("修订记录是空的",)),
    Case("version-format", DOC, "version: A/0", "version: A0", "A0", ("版本/修订", "A/0")),
    Case("number-form", DOC, "number: H-J-YA-901", "number: HJYA901", "HJYA901", ("编号格式",)),
    Case("number-file-name", DOC, "number: H-J-YA-901", "number: H-J-YA-902", "H-J-YA-902", ("文件名",)),
    Case("posting-unknown-scenario", DOC, "cards: [leak, fire, contacts]", "cards: [leak, fier, contacts]", "fier",
         ("没有叫“fier”的卡片", "fire")),
    Case("posting-unknown-campus", DOC, "campus: north", "campus: nort", "nort", ("院区“nort”不存在", "north")),
    Case("phone-unquoted", CONTACTS, 'north: "5550101"', "north: 5550101", "5550101", ("没有加引号",)),
    Case("phone-and-phones", CONTACTS, 'phone: "119"', 'phone: "119"\n    phones: {north: "119"}', "name: 火警",
         ("只能写其中一个",), occurrence=1),
    Case("contact-unknown-campus", CONTACTS, 'north: "5550101"', 'nrth: "5550101"', "nrth", ("不在 campuses 里",)),
    Case("qr-base-url", CONFIG, "base_url: http://test.hospital.local/docs/", "base_url: ftp://test.hospital.local/",
         "ftp://", ("网址",)),
    Case("card-paper", CONFIG, "paper: A4", "paper: A3", "A3", ("A4", "A5")),
]


def _expected_location(text: str, case: Case) -> tuple[int, int]:
    if case.at is None:
        return (0, 0)
    index = -1
    for _ in range(case.occurrence):
        index = text.index(case.at, index + 1)
    if case.at.startswith(": "):
        pass  # the parser points at the colon itself
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    if case.at.startswith("\t"):
        column = 1
    return line, column


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_input_reports_chinese_message_at_location(project: Path, case: Case):
    path = project / case.file
    original = path.read_text("utf-8")
    assert case.old in original, f"fixture changed: {case.old!r} not found"
    edited = original.replace(case.old, case.new, 1)
    path.write_text(edited, "utf-8")

    result = run_cli("check", root=project)

    assert result.status == 1, result.stderr
    assert "Traceback" not in result.stderr
    relevant = [line for line in result.stderr.splitlines() if "错误" in line and Path(case.file).name in line]
    assert relevant, result.stderr
    line, column = _expected_location(edited, case)
    wanted = f"{Path(case.file).name}:{line}:{column}:" if line else None
    matching = [m for m in relevant if all(fragment in result.stderr for fragment in case.expect)
                and (wanted is None or wanted in m)]
    assert matching, f"expected {wanted} with {case.expect}\n{result.stderr}"
    if case.field:
        assert any(f"【{case.field}】" in m for m in matching), result.stderr
    assert "怎么改：" in result.stderr


def test_empty_file(project: Path):
    (project / DOC).write_text("# 只有注释\n", "utf-8")
    result = run_cli("check", root=project)
    assert result.status == 1
    assert "H-J-YA-901.yaml:1:1: 错误: 文件是空的" in result.stderr


def test_file_not_utf8(project: Path):
    path = project / DOC
    text = path.read_text("utf-8")
    path.write_bytes(text.encode("gbk"))
    result = run_cli("check", root=project)
    assert result.status == 1
    first_chinese_line = next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())
    assert f"H-J-YA-901.yaml:{first_chinese_line}:" in result.stderr
    assert "不是 UTF-8 编码" in result.stderr and "另存为" in result.stderr


def test_number_used_by_another_file(project: Path):
    other = project / "drafts" / "H-J-YA-901.yaml"
    other.parent.mkdir()
    other.write_text((project / DOC).read_text("utf-8"), "utf-8")
    result = run_cli("check", str(other), root=project)
    assert result.status == 1
    line = next(i for i, l in enumerate(other.read_text("utf-8").splitlines(), 1) if l.startswith("number:"))
    assert f"drafts/H-J-YA-901.yaml:{line}:9: 错误: 【number】文件编号“H-J-YA-901”已被" in result.stderr
    assert "source/H-J-YA-901.yaml" in result.stderr


def test_five_megabyte_file(project: Path):
    path = project / DOC
    path.write_text(path.read_text("utf-8") + "# " + "很长的注释" * (5 * 1024 * 1024 // 15) + "\n", "utf-8")
    assert path.stat().st_size > 5 * 1024 * 1024
    result = run_cli("check", root=project)
    assert result.status == 1
    assert "文件太大" in result.stderr and "MB" in result.stderr


def test_missing_source_folder(tmp_path: Path):
    result = run_cli("check", root=tmp_path)
    assert result.status == 1
    assert "找不到 source/ 文件夹" in result.stderr


def test_missing_path_argument(project: Path):
    result = run_cli("check", "source/nope.yaml", root=project)
    assert result.status == 1
    assert "找不到这个文件" in result.stderr


def test_errors_in_several_files_are_all_reported(project: Path):
    doc = project / DOC
    doc.write_text(doc.read_text("utf-8").replace("effective: 2024-03-01", "effective: 2024-02-30"), "utf-8")
    contacts = project / CONTACTS
    contacts.write_text(contacts.read_text("utf-8").replace('north: "5550101"', "north: 5550101"), "utf-8")
    result = run_cli("check", root=project)
    assert result.status == 1
    assert "contacts.yaml" in result.stderr and "H-J-YA-901.yaml" in result.stderr
    assert "检查未通过" in result.stderr


def test_random_edits_never_crash(project: Path):
    """Whatever an editor's slip does to the file, the answer is a message, never an internal error."""
    path = project / DOC
    original = path.read_text("utf-8")
    rng = random.Random(20261125)
    snippets = [":", "-", " ", "\t", "'", '"', "[", "]", "{", "}", "\n", "#", "&a", "*a", "!!int", "2020-13-01",
                "null", "~", "<<: {}", "？", "：", "？？", "\u3000"]
    for _ in range(150):
        position = rng.randrange(len(original))
        edited = original[:position] + rng.choice(snippets) + original[position + rng.randrange(0, 3):]
        path.write_text(edited, "utf-8")
        result = run_cli("check", root=project)
        assert result.status in (0, 1), f"status {result.status} for edit at {position}:\n{result.stderr}"
        assert "内部错误" not in result.stderr and "Traceback" not in result.stderr
