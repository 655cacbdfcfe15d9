"""The loaded model: generated numbers, resolved contacts, immutability, the fingerprint."""

from __future__ import annotations

import dataclasses
import re

import pytest

import planpress
from conftest import REPO


@pytest.fixture(scope="module")
def doc():
    return planpress.load(REPO).document("H-J-YA-028")


def numbers(clause):
    return [c.number for c in clause.children]


def test_reporting_clauses_are_numbered_without_gaps_or_repeats(doc):
    # The hand-made original has 5.4.1, 5.4.2, 5.4.3, 5.4.5, 5.4.5, 5.4.6.
    assert numbers(doc.clause("5.4")) == ["5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.5", "5.4.6"]


def test_every_number_is_unique_and_follows_its_parent(doc):
    seen = set()
    for top in doc.clauses:
        for clause in top.walk():
            if clause.kind in ("section", "clause", "reference"):
                assert clause.number not in seen
                seen.add(clause.number)
            for index, child in enumerate(clause.children):
                if child.kind in ("clause", "reference"):
                    assert child.number == f"{clause.number}.{index + 1}"
                elif child.kind == "letter":
                    assert child.number == "abcdefghij"[index] + "."
                elif child.kind == "subletter":
                    assert child.number == "abcdefghij"[index] + ")"
    assert [c.heading for c in doc.clauses] == [
        "1 目的", "2 适用范围", "3 定义/术语", "4 权责", "5 规程", "6 工作流程", "7 标准/依据", "8 表单附件",
        "9 文件修订记录", "10 审核批准"]


def test_seed_list_styles(doc):
    group = doc.clause("5.1.1")
    assert [c.heading for c in group.children] == ["a.人员构成", "b.人员职责"]
    assert numbers(group.children[1]) == ["a)", "b)", "c)", "d)", "e)"]
    assert [f"{c.title}：{c.text}" for c in group.children[0].children] == [
        "组长：分管院长", "副组长：病案室主任、医务科科长、信息科科长、保卫科科长", "成员：各科室主任"]


def test_anchors_are_stable_and_unique(doc):
    anchors = [c.anchor for top in doc.clauses for c in top.walk()]
    assert len(anchors) == len(set(anchors))
    assert all(re.fullmatch(r"[0-9a-z-]+", a) for a in anchors)
    assert doc.clause("5.5.2").anchor == "5-5-2"
    assert doc.scenario("water-leak").anchor == "5-5-2"


def test_scenarios_resolve_calls_per_campus(doc):
    assert [s.key for s in doc.scenarios] == ["fire", "water-leak", "theft", "power-outage", "equipment-software"]
    theft = doc.scenario("theft")
    assert [c.name for c in theft.calls] == ["保卫科", "公安报警"]
    assert [c.phone_at("binhe") for c in theft.calls] == ["3216565", "110"]
    assert [c.phone_at("daxue") for c in theft.calls] == ["3212755", "110"]
    power = doc.scenario("power-outage")
    assert power.steps[0].mentions[0].wording == "总务处"
    assert power.steps[0].mentions[0].contact.name == "总务科"


def test_appendix_is_a_selection_of_directory_rows(doc):
    appendix = doc.attachments[0]
    assert appendix.code == "H-J-YA-028-A.01"
    assert [c.name for c in appendix.content.contacts] == ["医务科", "门诊部", "保卫科", "总务科", "病案室", "设备科", "信息科"]
    assert appendix.content.duty.contact.phone_at("binhe") == "3216116"


def test_review_due_is_three_years_after_effective(doc):
    assert str(doc.effective) == "2020-08-10"
    assert str(doc.review_due) == "2023-08-10"


def test_model_is_immutable(doc):
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "改名"
    with pytest.raises(TypeError):
        doc.attachments[0].content.contacts[0].phones["binhe"] = "0"


# The shipped plan is released: editing it in place is an error of `check` (tests/test_lifecycle.py),
# so these load it without the lifecycle rules to look at the fingerprint alone.

def test_fingerprint_ignores_formatting_and_comments(repo_copy):
    before = planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint
    path = repo_copy / "source" / "H-J-YA-028.yaml"
    text = path.read_text("utf-8")
    reformatted = "# 新增的注释\n" + text.replace("title: 病案保护及信息安全应急预案", "title:   '病案保护及信息安全应急预案'  # 注释", 1)
    reformatted = reformatted.replace("members: [分管院长]", "members:\n                - 分管院长")
    path.write_text(reformatted, "utf-8")
    assert planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint == before


@pytest.mark.parametrize("file,old,new", [
    ("H-J-YA-028.yaml", "保护未受损的病案、资料；", "保护未受损的病案、档案；"),
    ("contacts.yaml", '"3216565"', '"3216566"'),
    ("H-J-YA-028.yaml", "card: 转移现场重要资料", "card: 立即转移现场重要资料"),
])
def test_fingerprint_changes_with_what_a_reader_sees(repo_copy, file, old, new):
    before = planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint
    path = repo_copy / "source" / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    assert planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint != before


def test_fingerprint_ignores_approvals(repo_copy):
    before = planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint
    path = repo_copy / "source" / "H-J-YA-028.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("    date: 2020-08-10\n", "    date: 2020-08-09\n", 1), "utf-8")
    assert planpress.load(repo_copy, lifecycle=False).document("H-J-YA-028").fingerprint == before
