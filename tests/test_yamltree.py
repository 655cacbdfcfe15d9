"""Edits inside a working copy's tree (lifecycle/yamltree.py): what is not edited stays byte for
byte, comments travel with the item they are written above, new content is written as a person
writes these files."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from planpress.lifecycle import yamltree
from planpress.lifecycle.yamledit import Edit
from planpress.sources.yamlsource import read_source

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "source" / "H-J-YA-028.yaml"
PROCEDURES = ("sections", "procedures")


@pytest.fixture
def edit(tmp_path) -> Edit:
    path = tmp_path / "H-J-YA-028.yaml"
    path.write_bytes(SEED.read_bytes())
    return Edit(path)


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_an_unchanged_put_changes_nothing(edit):
    node = yamltree.plain(yamltree.get(edit.data, (*PROCEDURES, 4, "clauses", 0)))
    yamltree.put(edit.data, (*PROCEDURES, 4, "clauses", 0), node)
    assert edit.text() == SEED.read_text("utf-8")


def test_a_changed_step_changes_only_its_lines(edit):
    path = (*PROCEDURES, 4, "clauses", 2)  # 盗窃案件
    node = yamltree.plain(yamltree.get(edit.data, path))
    node["steps"][0]["call"] = ["security"]
    node["steps"][1]["card"] = "保护好现场，等待公安人员勘察。"
    node["steps"].append({"text": "事后写出书面报告。", "actor": "科室负责人"})
    yamltree.put(edit.data, path, node)
    removed, added = changed_lines(SEED.read_text("utf-8"), edit.text())
    assert removed == ["              call: [security, police]",
                       "              card: 保护好现场，任何人不得触摸、移动任何东西，等待公安人员勘察。"]
    assert added == ["              call: [security]", "              card: 保护好现场，等待公安人员勘察。",
                     "            - text: 事后写出书面报告。", "              actor: 科室负责人"]
    read_source(edit.path, edit.text())  # still a valid YAML file


def test_moving_a_clause_keeps_its_comments_and_leaves_the_others(edit):
    before = SEED.read_text("utf-8")
    new_path = yamltree.move(edit.data, (*PROCEDURES, 3), PROCEDURES, 1)  # 5.4 before 5.2
    assert new_path == (*PROCEDURES, 1)
    after = edit.text()
    assert sorted(after.splitlines()) == sorted(before.splitlines())  # every line kept, none rewritten
    titles = [line.strip() for line in after.splitlines() if line.startswith("    - title: ")]
    assert titles[:4] == ["- title: 组织体系                # 5.1", "- title: 报告与信息发布          # 5.4",
                          "- title: 预警信息                # 5.2", "- title: 预案程序                # 5.3"]
    # The comment block written above 5.5 is still right above it.
    lines = after.splitlines()
    at = lines.index("    - title: 突发事件应急措施        # 5.5")
    assert lines[at - 1].startswith("    #   card ")


def test_moving_into_a_later_sibling_gives_the_new_path(edit):
    new_path = yamltree.move(edit.data, (*PROCEDURES, 1), (*PROCEDURES, 2, "clauses"), 1)  # 5.2 under 5.3
    assert new_path == (*PROCEDURES, 1, "clauses", 1)
    assert yamltree.get(edit.data, new_path)["title"] == "预警信息"


def test_moving_into_itself_is_refused(edit):
    with pytest.raises(yamltree.PathError):
        yamltree.move(edit.data, (*PROCEDURES, 1), (*PROCEDURES, 1, "clauses"), 0)


def test_removing_and_inserting_back_restores_the_file(edit):
    sequence = yamltree.get(edit.data, PROCEDURES)
    removed = yamltree.remove(sequence, 4)  # 5.5, with the comment block above it
    assert "# 5.5 突发事件应急措施" in removed.above.value
    assert "# 5.5 突发事件应急措施" not in edit.text()
    assert "# 6 工作流程" in edit.text()  # the block below it stays
    yamltree.insert(sequence, 4, removed.value, removed.above)
    assert edit.text() == SEED.read_text("utf-8")


def test_new_content_is_written_as_a_person_writes_it(edit):
    sequence = yamltree.get(edit.data, PROCEDURES)
    yamltree.insert(sequence, 5, yamltree.build({
        "type": "table", "title": "联系人", "columns": ["科室", "电话"],
        "rows": [["保卫科", {"contact": "security"}], [{"text": "合计", "span": 2}]]}))
    yamltree.insert(sequence, 6, yamltree.build({"type": "references", "items": [
        {"title": "医疗机构管理条例", "effective": "1994-09-01"}]}))
    yamltree.insert(sequence, 7, yamltree.build({"text": "第一段\n第二段", "mentions": {"保卫科": "security"}}))
    text = edit.text()
    assert "      columns: [科室, 电话]\n" in text
    assert "        - [保卫科, {contact: security}]\n" in text
    assert "        - [{text: 合计, span: 2}]\n" in text
    assert "          effective: 1994-09-01\n" in text  # a date, not a quoted string
    assert "    - text: |-\n        第一段\n        第二段\n" in text
    assert "      mentions: {保卫科: security}\n" in text
    data = read_source(edit.path, text).data
    assert data["sections"]["procedures"][5]["rows"][1] == [{"text": "合计", "span": 2}]
    assert data["sections"]["procedures"][7]["text"] == "第一段\n第二段"


def test_a_changed_text_keeps_its_quotes(edit):
    path = ("sections", "references", 0, "items", 2, "effective")
    assert yamltree.plain(yamltree.get(edit.data, path)) == "2007"
    yamltree.put(edit.data, path, "2008")
    assert 'effective: "2008"      # 只知道年份' in edit.text()


def test_a_key_taken_out_leaves_the_comments_below_it_in_place():
    """The last key of a mapping carries the comment block of what follows; taking the key out
    keeps that block (its own end-of-line comment goes with it)."""
    import io

    from ruamel.yaml import YAML

    text = ("people:\n  - role: 主办\n    person: a    # 原来的人\n    title: 主任\n\n"
            "# 审批：下面是签名\napprovals: []\n")
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    data = yaml.load(text)
    yamltree.put(data, ("people", 0), {"role": "主办", "person": "a"})
    out = io.StringIO()
    yaml.dump(data, out)
    assert out.getvalue() == "people:\n  - role: 主办\n    person: a    # 原来的人\n\n# 审批：下面是签名\napprovals: []\n"
