"""Clause-level comparison: numbers are generated, so an insertion renumbers without "changing" anything."""

from __future__ import annotations

import dataclasses

import planpress
from conftest import REPO
from planpress.model.diff import char_diff, compare
from planpress.lifecycle.present import diff_text

DOC = "H-J-YA-028"
WARN_1 = "在应急的情况下，保护病历优先，采取最有效行动消除对病案资料的威胁；"
WARN_2 = "保护未受损的病案、资料；"
WARN_3 = "积极抢救已受损的病案、资料，尽可能恢复病案材料的原貌。"


def edited(repo_copy, *replacements):
    path = repo_copy / "source" / f"{DOC}.yaml"
    text = path.read_text("utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    return planpress.load(repo_copy, lifecycle=False).document(DOC)


def test_added_removed_changed_and_moved(repo_copy):
    before = planpress.load(REPO).document(DOC)
    after = edited(
        repo_copy,
        (f"        - {WARN_1}\n        - {WARN_2}\n        - {WARN_3}\n",  # 5.2.1 moves after 5.2.3, a new 5.2.2 appears
         f"        - 保护未受损的病案、档案；\n        - 发现险情立即报告科室领导。\n        - {WARN_3}\n        - {WARN_1}\n"),
        ("        - 提高警惕，强化病案保护及信息安全意识，始终把保护病案及信息安全突发事件预防作为病案室的中心环节和主要任务。\n", ""),
    )
    result = compare(before, after)
    clauses = [(c.kind, c.old_label, c.new_label) for c in result.changes if c.area == "clause"]
    assert ("moved", "5.2.1", "5.2.4") in clauses
    assert ("changed", "5.2.2", "5.2.1") in clauses
    assert ("added", None, "5.2.2") in clauses
    assert ("removed", "5.4.1", None) in clauses
    # 5.2.3 and 5.4.2…5.4.6 were only renumbered or untouched: not reported
    assert len(clauses) == 4, clauses
    changed = next(c for c in result.changes if c.kind == "changed" and c.area == "clause")
    assert [(s.op, s.text) for s in changed.segments] == [
        ("equal", "保护未受损的病案、"), ("delete", "资料"), ("insert", "档案"), ("equal", "；")]
    text = diff_text(result)
    assert "移动 5.2.1 → 5.2.4" in text and "新增 5.2.2\n    {+发现险情立即报告科室领导。+}" in text
    assert "删除 5.4.1\n    [-提高警惕" in text
    assert "修改 5.2.1（原 5.2.2）\n    保护未受损的病案、[-资料-]{+档案+}；" in text
    assert result.proposed_record == "修改 5.2.1（原 5.2.2）；新增 5.2.2；调整 5.2.1 → 5.2.4；删除 5.4.1。"


def test_same_version_has_no_changes():
    doc = planpress.load(REPO).document(DOC)
    result = compare(doc, doc)
    assert result.changes == () and result.proposed_record == ""
    assert "两个版本的内容相同" in diff_text(result)


def test_numbers_are_diffed_whole_and_chinese_by_character():
    assert [(s.op, s.text) for s in char_diff("滨河院区 3216565", "滨河院区 3216566")] == [
        ("equal", "滨河院区 "), ("delete", "3216565"), ("insert", "3216566")]
    assert [(s.op, s.text) for s in char_diff("通知总务处维修", "通知总务科维修")] == [
        ("equal", "通知总务"), ("delete", "处"), ("insert", "科"), ("equal", "维修")]


def test_what_governs_the_document_is_compared_too(repo_copy):
    """An approver swapped, the review cycle stretched, a campus dropped: all are in the fingerprint,
    so a reviewer of the revision must see them, not only the text."""
    # 王五 is in the test roster (conftest.copy_project), signing nothing of H-J-YA-028.
    before = planpress.load(repo_copy, lifecycle=False).document(DOC)
    after = edited(repo_copy, ("    person: liu-yingen\n", "    person: wang-wu\n"),
                   ("review_cycle_years: 3", "review_cycle_years: 5"))
    campus = before.campuses[0]
    after = dataclasses.replace(after, campuses=(campus,))  # (its postings at the other campus aside)
    header = {c.label: (c.kind, c.old_text, c.new_text) for c in compare(before, after).changes if c.area == "header"}
    assert header["审核批准：院领导批准"] == ("changed", "分管副院长 刘迎恩（批准）", "分管副院长 王五（批准）")
    assert header["评审周期"] == ("changed", "3 年", "5 年")
    assert header["适用院区"][2] == campus.name and header["适用院区"][1].startswith(f"{campus.name}、")
    result = compare(before, after)
    assert "审核批准：院领导批准" in result.proposed_record and "评审周期" in result.proposed_record
    assert "修改 审核批准：院领导批准\n    [-分管副院长 刘迎恩（批准）-] → {+分管副院长 王五（批准）+}" in diff_text(result)
