"""The checker's messages for the slips an editor makes (issue 18, item 7), as `planpress check`
prints them: a full-width colon named as such at its own line, every tab line in one run, an edit
of contacts.yaml reported against contacts.yaml with the documents it affects, and a number led by
0 never read as something else."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli

DOC = "source/H-J-YA-028.yaml"


def _edit(root: Path, name: str, old: str, new: str, count: int = 1) -> str:
    path = root / name
    text = path.read_text("utf-8")
    assert old in text, old
    edited = text.replace(old, new, count)
    path.write_text(edited, "utf-8")
    return edited


def _line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    index = -1
    for _ in range(occurrence):
        index = text.index(fragment, index + 1)
    return text.count("\n", 0, index) + 1


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": 错误: " in line]


def test_a_full_width_colon_after_a_key_is_named_at_its_own_line(repo_copy):
    edited = _edit(repo_copy, DOC, "              actor: 现场人员\n              card: 安排人员",
                   "              actor： 现场人员\n              card: 安排人员")
    line = _line_of(edited, "actor： 现场人员")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    errors = _errors(result.stderr)
    assert len(errors) == 1, result.stderr
    assert f"H-J-YA-028.yaml:{line}:20: 错误: " in errors[0]  # the colon itself, not the line after
    assert "全角" in errors[0] and "“actor”" in errors[0]
    assert "把“actor：”改成“actor: ”" in result.stderr
    assert "could not find" not in result.stderr  # the parser's English is not the message


def test_a_full_width_colon_the_parser_takes_as_text_is_not_accepted(repo_copy):
    """`- text： 本预案…` parses (a clause whose text is "text： 本预案…"): still refused."""
    edited = _edit(repo_copy, DOC, "    - 本预案由医务科", "    - text： 本预案由医务科")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    line = _line_of(edited, "text： 本预案")
    assert f"H-J-YA-028.yaml:{line}:7: 错误: 【sections.responsibilities[2]】“text”后面的冒号是全角的“：”" \
        in result.stderr
    # Where the parser refuses the line, the colon is named all the same, at the colon.
    edited = _edit(repo_copy, DOC, "    - title: 预警信息", "    - title： 预警信息")
    result = run_cli("check", root=repo_copy)
    assert f"H-J-YA-028.yaml:{_line_of(edited, 'title： 预警信息')}:12: 错误: “title”后面的冒号是全角的“：”" \
        in result.stderr


def test_other_full_width_punctuation_in_syntax(repo_copy):
    edited = _edit(repo_copy, DOC, "call: [security, police]", "call: [security， police]")
    edited = _edit(repo_copy, DOC, "call: [it]", "call: ［it］")
    edited = _edit(repo_copy, DOC, 'mentions: {"119": fire-alarm}', 'mentions: {"119"： fire-alarm}')
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    text = (repo_copy / DOC).read_text("utf-8")
    assert f"H-J-YA-028.yaml:{_line_of(text, 'mentions: {')}:" in result.stderr  # the parser refuses this one
    assert "花括号里的冒号是全角的“：”" in result.stderr
    result_without = run_cli("check", root=repo_copy)
    assert result_without.status == 1
    # With the mapping put right, the two the parser accepts are reported, each at its line.
    _edit(repo_copy, DOC, 'mentions: {"119"： fire-alarm}', 'mentions: {"119": fire-alarm}')
    result = run_cli("check", root=repo_copy)
    text = (repo_copy / DOC).read_text("utf-8")
    assert f":{_line_of(text, 'call: [security， police]')}:" in result.stderr
    assert "键之间用了全角逗号" in result.stderr
    assert f":{_line_of(text, 'call: ［it］')}:" in result.stderr
    assert "括号是全角的“［］”" in result.stderr


def test_a_full_width_dash_and_full_width_spaces(repo_copy):
    edited = _edit(repo_copy, DOC, "    - 本预案由医务科", "    － 本预案由医务科")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    assert f"H-J-YA-028.yaml:{_line_of(edited, '－ 本预案')}:5: 错误: 列表项前面的短横是全角的“－”" in result.stderr
    _edit(repo_copy, DOC, "    － 本预案由医务科", "    - 本预案由医务科")
    edited = _edit(repo_copy, DOC, "\ncategory: ", "\n\u3000category: ")
    result = run_cli("check", root=repo_copy)
    assert f"H-J-YA-028.yaml:{_line_of(edited, chr(0x3000) + 'category')}:1: 错误: " in result.stderr
    assert "全角空格" in result.stderr


def test_every_tab_indented_line_is_reported_in_one_run(repo_copy):
    text = (repo_copy / DOC).read_text("utf-8")
    lines = text.split("\n")
    tabbed = [i for i, line in enumerate(lines) if line.startswith("            - text: ")][:3]
    assert len(tabbed) == 3
    for i in tabbed:
        lines[i] = "\t" + lines[i][2:]
    (repo_copy / DOC).write_text("\n".join(lines), "utf-8")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    errors = _errors(result.stderr)
    assert [f"H-J-YA-028.yaml:{i + 1}:1: 错误: 这一行的缩进里有制表符（Tab）。" in e for i, e in zip(tabbed, errors)] \
        == [True] * 3, result.stderr
    assert len(errors) == 3, result.stderr


def test_a_real_mistake_after_the_tabs_is_reported_in_the_same_run(repo_copy):
    text = (repo_copy / DOC).read_text("utf-8")
    text = text.replace("    - title: 预警信息", "\t- title: 预警信息").replace("members: [分管院长]", "members: [分管院长")
    (repo_copy / DOC).write_text(text, "utf-8")
    result = run_cli("check", root=repo_copy)
    errors = _errors(result.stderr)
    assert any("制表符" in e for e in errors) and any("括号" in e for e in errors), result.stderr


def test_an_unquoted_number_led_by_zero_is_refused(repo_copy):
    edited = _edit(repo_copy, "source/contacts.yaml", 'binhe: "3216165"', "binhe: 03216165")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    line = _line_of(edited, "binhe: 03216165")
    assert f"contacts.yaml:{line}:14: 错误: 【contacts.medical-affairs.phones.binhe】以 0 开头的数字“03216165”没有加引号" \
        in result.stderr
    assert '"03216165"' in result.stderr
    # Nor in a document, nor as an octal or a float.
    _edit(repo_copy, "source/contacts.yaml", "binhe: 03216165", 'binhe: "3216165"')
    _edit(repo_copy, DOC, "review_cycle_years: 3", "review_cycle_years: 03")
    result = run_cli("check", root=repo_copy)
    assert "以 0 开头的数字“03”" in result.stderr and "【review_cycle_years】" in result.stderr
    _edit(repo_copy, DOC, "review_cycle_years: 03", "review_cycle_years: 0o3")
    assert "以 0 开头的数字“0o3”" in run_cli("check", root=repo_copy).stderr


def test_an_edit_of_contacts_yaml_is_reported_there_naming_the_documents(repo_copy):
    before = run_cli("check", root=repo_copy)
    assert before.status == 0, before.stderr
    edited = _edit(repo_copy, "source/contacts.yaml", 'binhe: "3216565"', 'binhe: "3216566"')
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    errors = _errors(result.stderr)
    assert len(errors) == 1, result.stderr  # one change, one error
    line = _line_of(edited, 'binhe: "3216566"')
    assert f"source/contacts.yaml:{line}:14: 错误: 【contacts.security.phones.binhe】" in errors[0]
    assert "由 3216565 改为 3216566" in errors[0]
    assert "H-J-YA-028 A/0（病案保护及信息安全应急预案，应急处置卡：盗窃案件、应急联络电话）" in errors[0]
    lines = result.stderr.splitlines()
    hint = lines[lines.index(errors[0]) + 1]
    assert "planpress revise H-J-YA-028" in hint
    assert "转录" not in hint and "签署" not in hint  # no "have quality management re-sign"
    assert not [line for line in lines if "H-J-YA-028.yaml" in line and ": 错误: " in line]


def test_after_a_revision_the_same_edit_is_accepted(repo_copy):
    """The fix the message gives works: revise, then change the number."""
    result = run_cli("revise", "H-J-YA-028", "--reason", "更新保卫科电话", root=repo_copy)
    assert result.status == 0, result.stderr
    _edit(repo_copy, "source/contacts.yaml", 'binhe: "3216565"', 'binhe: "3216566"')
    result = run_cli("check", root=repo_copy)
    assert result.status == 0, result.stderr


def test_a_renamed_entry_and_the_duty_phone(repo_copy):
    _edit(repo_copy, "source/contacts.yaml", "name: 保卫科", "name: 安保科")
    _edit(repo_copy, "source/contacts.yaml", 'daxue: "3212868"', 'daxue: "3212869"')
    result = run_cli("check", root=repo_copy)
    errors = _errors(result.stderr)
    assert len(errors) == 2, result.stderr
    assert any("【contacts.security.name】" in e and "名称由“保卫科”改为“安保科”" in e for e in errors)
    every_card = "应急处置卡：火灾、突发漏水、盗窃案件、停电、办公设备及病案管理软件安全、应急联络电话"
    assert any("【contacts.admin-duty.phones.daxue】" in e and "号码（大学院区）由 3212868 改为 3212869" in e
               and every_card in e for e in errors), errors
    assert all(re.search(r"contacts\.yaml:\d+:\d+: 错误", e) for e in errors)
