"""Broken input in the general format: every new block, the frame, campuses and signatories.

Each case edits a copy of the examples as an editor might get it wrong, and asserts what the
editor sees: a Chinese message at the right line, naming the field, with how to fix it; exit
status 1; no traceback; and the outputs built before left exactly as they were.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from conftest import run_cli
from test_examples import TODAY, build_examples


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    file: str
    old: str
    new: str
    expected: tuple[str, ...]  # fragments of the messages, all of which must appear
    at: str = ""  # text of the line the (first) message must point to
    field: str = ""  # the field the message must name
    absent: tuple[str, ...] = ()  # fragments that must not appear


PLAN, POLICY, SINGLE, SETTINGS = "H-J-YA-031.yaml", "H-Z-ZD-101.yaml", "H-J-YA-035.yaml", "planpress.yaml"

CASES = [
    Case("every-unknown-key-of-a-clause", POLICY, "        - title: 入院记录\n          text:",
         "        - titel: 入院记录\n          txt:", ("不认识的字段“titel”", "不认识的字段“txt”", "您是不是要写“title”", "您是不是要写“text”"),
         at="titel: 入院记录", field="sections.procedures[2].clauses[1].titel"),
    Case("far-names-get-no-guess", POLICY, "        - title: 入院记录\n", "        - heading: 入院记录\n",
         ("不认识的字段“heading”", "可用的字段：title、label"), absent=("您是不是要写",)),
    Case("type-mismatch-names-the-key", POLICY, "        - title: 入院记录\n", "        - title: [入院, 记录]\n",
         ("这里应填文字",), at="title: [入院, 记录]", field="sections.procedures[2].clauses[1].title"),
    Case("unknown-block-type", POLICY, "        - type: table\n", "        - type: tabel\n",
         ("“tabel”不在可选值里", "您是不是要写“table”"), at="type: tabel"),
    Case("table-row-of-the-wrong-width", POLICY, "            - [转科记录, 转出或转入后 24 小时内, 转出、转入科室医师]",
         "            - [转科记录, 转出或转入后 24 小时内]", ("第 7 行有 2 格，表头有 3 列",), at="- [转科记录",
         field="sections.procedures[3].clauses[1].rows[7]"),
    Case("table-contact-cell-unknown", PLAN, "{contact: it-oncall}]", "{contact: it-on-call}]",
         ("通讯录里没有“it-on-call”", "您是不是要写“it-oncall”"), at="{contact: it-on-call}"),
    Case("table-cell-both-text-and-contact", PLAN, "{contact: admin-duty}]", "{contact: admin-duty, text: 值班}]",
         ("contact 和 text 只能写一个",)),
    Case("flow-unknown-target", SINGLE, "branches: {是: doctor, 否: rescue}", "branches: {是: docter, 否: rescue}",
         ("流程图里没有键为“docter”的节点", "您是不是要写“doctor”"), at="branches: {是: docter"),
    Case("flow-duplicate-key", SINGLE, "{key: doctor, text: 通知急诊科医师到场}", "{key: rescue, text: 通知急诊科医师到场}",
         ("节点的键“rescue”与第 5 个节点重复",), at="{key: rescue, text: 维保人员"),
    Case("flow-node-nobody-reaches", SINGLE, "{key: notify, text: 通知维保单位、总务科、保卫科}",
         "{key: notify, text: 通知维保单位、总务科、保卫科, next: rescue}",
         ("没有任何箭头指向它",)),  # a warning: with an error beside it the build stops
    Case("section-key-misspelt", POLICY, "  procedures:\n", "  procedure:\n",
         ("“procedure”不是要在这里填写的节", "您是不是要写“procedures”", "缺少第 5 节“规程”"), at="procedure:"),
    Case("generated-section-written", POLICY, "  workflow: 无\n", "  workflow: 无\n  forms: []\n",
         ("“forms”不是要在这里填写的节", "由 attachments（附件） 自动生成"), at="forms: []"),
    Case("text-section-with-clauses", SINGLE, "  scope: 大学院区门诊楼",
         "  scope:\n    - title: 范围\n      text: 大学院区门诊楼", ("第 2 节“适用范围”只写段落文字",)),
    Case("clause-section-as-a-string", SINGLE, "  responsibilities:\n    - 总务科负责本预案",
         "  responsibilities: 总务科负责本预案", ("第 4 节“权责”应写成条款的列表",)),
    Case("unknown-campus", SINGLE, "\ncampuses: [daxue]", "\ncampuses: [daxu]",
         ("院区“daxu”不在通讯录的 campuses 里", "您是不是要写“daxue”"), at="campuses: [daxu]", field="campuses[1]"),
    Case("posting-outside-the-document-campuses", SINGLE, "  - {location: 门诊楼电梯机房, campus: daxue",
         "  - {location: 门诊楼电梯机房, campus: binhe", ("本文件只适用于大学院区，不能张贴到滨河院区",)),
    Case("contact-missing-at-the-document-campus", SINGLE, "\ncampuses: [daxue]", "\ncampuses: [binhe, daxue]",
         ("“电梯维保单位”（elevator-maintenance）在滨河院区没有电话号码", "用 campuses 写明它适用的院区")),
    Case("attachment-of-two-kinds", PLAN, "    title: 信息系统故障登记表\n    form:",
         "    title: 信息系统故障登记表\n    contacts: [it]\n    form:", ("“contacts”、“form”、“clauses”只能写其中一个",)),
    Case("list-four-levels-deep", POLICY, "                - 特殊检查、特殊治疗知情同意书。",
         "                - text: 特殊检查、特殊治疗知情同意书。\n                  items: [{text: 第三层, items: [第四层]}]",
         ("字母列表最多三层",)),
    Case("step-without-actor", SINGLE, "              actor: 保卫科\n", "", ("这一步没有写谁来做（actor）",)),
    Case("card-true", SINGLE, "              card: false", "              card: true",
         ("这里应填文字，或者 false", "card: false"), at="card: true"),
    Case("scenario-key-twice", PLAN, "          key: ransomware", "          key: network-outage",
         ("场景的键“network-outage”与", "重复"), at="key: network-outage\n          title: 病毒"),
    Case("signatory-role-twice", PLAN, "  - {role: 审核, person: qian-hong", "  - {role: 主办, person: qian-hong",
         ("审批角色“主办”重复了",)),
    Case("frame-section-key-twice", SETTINGS, "    - {key: workflow,         title: 工作流程,     optional: true}",
         "    - {key: scope,            title: 工作流程,     optional: true}", ("节的键“scope”与第 2 节重复",)),
    Case("frame-header-rows-of-different-widths", SETTINGS,
         "    - [{label: 文件类别, field: category, span: 3}, {label: 文件编号, field: number}]",
         "    - [{label: 文件类别, field: category, span: 2}, {label: 文件编号, field: number}]",
         ("表头第 2 行占 6 格，第 1 行占 5 格",)),
]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_examples(tmp_path_factory.mktemp("blocks") / "examples", only="pdf")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_input_is_reported_where_it_is(built, tmp_path, case):
    root = tmp_path / "examples"
    shutil.copytree(built, root, symlinks=True)
    path = root / "source" / case.file
    text = path.read_text("utf-8")
    assert case.old in text, f"the example moved: update the case {case.name}"
    edited = text.replace(case.old, case.new, 1)
    path.write_text(edited, "utf-8")
    before = _snapshot(root / "build")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        check = run_cli("check", root=root)
        build = run_cli("build", "--only", "pdf", root=root)
    messages = check.stderr
    assert "Traceback" not in messages + build.stderr and "内部错误" not in messages + build.stderr
    for fragment in case.expected:
        assert fragment in messages, f"{fragment!r} not in:\n{messages}"
    for fragment in case.absent:
        assert fragment not in messages, messages
    if case.name == "flow-node-nobody-reaches":  # a warning only: the document still builds
        assert check.status == 0 and build.status == 0, messages
        return
    assert check.status == 1 and build.status == 1, messages
    assert "怎么改：" in messages
    if case.at:
        line = edited[:edited.index(case.at.lstrip("\n"))].count("\n") + 1
        assert f"{case.file}:{line}:" in messages, f"not located at line {line}:\n{messages}"
    if case.field:
        assert f"【{case.field}】" in messages, messages
    assert _snapshot(root / "build") == before  # nothing half-written, nothing replaced
