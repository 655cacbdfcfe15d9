"""The signatories of an imported document are roster persons where source/people.yaml has exactly
one person of the name; any other name is written as a name, and the roster entry for it is only
proposed in the report (import never writes people.yaml: who may sign is not a guess to make); the
original's paper signatures become paper approvals (纸质签批) whose originals are marked 待核对, or,
for a version in force after the cut-over to electronic approval, are only reported."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

import importdocs
from conftest import FIXTURES, REPO, run_cli
from importcheck import load_yaml, new_project
from planpress.importer import run
from planpress.importer.signers import key_for
from planpress.sources.marks import UNKNOWN, UNKNOWN_ORIGINAL

SEED = FIXTURES / "seed" / "H-J-YA-028.txt"


@pytest.fixture
def project(tmp_path):
    return new_project(tmp_path / "project")


def policy(tmp_path, rows=None, **header):
    """The test policy (importdocs.POLICY) with other rows in its 审核批准 table."""
    content = list(importdocs.POLICY)
    if rows is not None:
        index = next(i for i, (kind, _, t) in enumerate(content) if kind == "table" and t[0][2] == "审核/批准签字")
        content[index] = ("table", "", [content[index][2][0], *rows])
    fields = {"version": "A / 1", "revised": "2023年2月15日", **header}
    return importdocs.write(tmp_path / "policy.docx", content, "H-J-ZD-015", "医疗安全不良事件报告制度", False, **fields)


def people(root):
    return load_yaml(root / "source" / "people.yaml")["people"]


@pytest.mark.parametrize("name, key", [("孙晓琳", "sun-xiaolin"), ("刘迎恩", "liu-yingen"), ("张明", "zhang-ming"),
                                       ("欧阳娜娜", "ouyang-nana"), ("单田芳", "shan-tianfang"), ("曾小贤", "zeng-xiaoxian"),
                                       ("解晓东", "xie-xiaodong"), ("吕布", "lv-bu"), ("孙 晓琳", "sun-xiaolin"),
                                       ("John Smith", "john-smith"), ("强", "qiang")])
def test_keys_are_the_pinyin_of_the_name(name, key):
    assert key_for(name) == key


def test_the_seed_names_the_hospitals_roster_persons_and_leaves_the_roster_alone(project):
    before = (project / "source" / "people.yaml").read_bytes()
    result = run_cli("import", str(SEED), root=project)
    assert result.status == 0, result.stderr
    data = load_yaml(project / "source" / "H-J-YA-028.yaml")
    # the roster has 孙晓琳's department and title; 刘迎恩's department cell is blank on the original
    assert data["signatories"] == [{"role": "主办", "person": "sun-xiaolin"},
                                   {"role": "院领导批准", "person": "liu-yingen", "department": ""}]
    assert data["approvals"] == [{"role": "主办", "paper": {"date": "2020-08-10", "original": UNKNOWN_ORIGINAL}},
                                 {"role": "院领导批准", "paper": {"date": "2020-08-10", "original": UNKNOWN_ORIGINAL}}]
    assert (project / "source" / "people.yaml").read_bytes() == before
    assert "签署人名册" not in result.stdout
    assert "H-J-YA-028.txt 第 4 页第 213 行: 待核对: 原件上“主办”孙晓琳的签字（2020-08-10）导入为纸质签批，原件存放处还不知道" in result.stdout
    assert "planpress release H-J-YA-028 --transcription --p12" in result.stdout


def test_new_signatories_are_proposed_in_the_report_and_the_roster_is_not_written(project, tmp_path):
    before = (project / "source" / "people.yaml").read_bytes()
    result = run_cli("import", str(policy(tmp_path)), root=project)
    assert result.status == 0, result.stderr
    assert (project / "source" / "people.yaml").read_bytes() == before
    assert "签署人名册没有改动；报告里建议登记 2 人（zhang-ming（张明）、li-hua（李华））" in result.stdout
    assert ("policy.docx 第 4 个表格第 3 行: 待核对: 名册里没有“审核”的签署人李华：导入按姓名写入 signatories，"
            "没有改动名册（source/people.yaml）。") in result.stdout
    assert "  li-hua:\n    name: 李华\n    department: 质量管理科\n    title: 科长\n    certificates: []" in result.stdout
    data = load_yaml(project / "source" / "H-J-ZD-015.yaml")
    assert data["signatories"] == [{"role": "主办", "department": "医务科", "title": "部门负责人", "name": "张明"},
                                   {"role": "审核", "department": "质量管理科", "title": "科长", "name": "李华"},
                                   {"role": "院领导批准", "person": "liu-yingen", "department": ""}]
    # 刘迎恩's paper approval is written; 张明's and 李华's wait for their roster entries (reported)
    assert [a["role"] for a in data["approvals"]] == ["院领导批准"]
    assert "原件上“审核”李华的签字（2023-02-25）没有写进 approvals：李华还没有登记到名册" in result.stdout
    assert "  - role: 审核\n    paper: {date: 2023-02-25, original: 原件存放处}" in result.stdout
    # the names pass check, with warnings that they cannot sign yet
    check = run_cli("check", root=project)
    assert check.status == 0, check.stderr
    assert "“主办”的签署人 张明 没有登记到名册" in check.stderr


def test_a_name_like_a_roster_key_gets_a_numbered_proposal(project, tmp_path):
    """孙晓林 is not 孙晓琳 (sun-xiaolin): the same pinyin, so the proposed key is sun-xiaolin-2."""
    rows = [["主办", "医务科", "部门负责人：孙晓林", "2023年2月20日"], ["院领导批准", "", "分管副院长：刘迎恩", "2023年2月28日"]]
    result = run(policy(tmp_path, rows), project)
    assert result.proposed_people == ["sun-xiaolin-2（孙晓林）"]
    assert "sun-xiaolin-2" not in people(project)
    assert result.data["signatories"][0] == {"role": "主办", "department": "医务科", "title": "部门负责人", "name": "孙晓林"}


def test_one_new_person_who_signs_twice_is_proposed_once(project, tmp_path):
    rows = [["主办", "医务科", "部门负责人：张明", "2023年2月20日"], ["审核", "医务科", "部门负责人：张明", "2023年2月21日"]]
    result = run(policy(tmp_path, rows), project)
    assert result.proposed_people == ["zhang-ming（张明）"]
    assert [s["name"] for s in result.data["signatories"]] == ["张明", "张明"]


def test_two_people_of_the_same_name_are_left_to_the_editor(project, tmp_path):
    roster = project / "source" / "people.yaml"
    roster.write_text(roster.read_text("utf-8") + "  liu-yingen-2:\n    name: 刘迎恩\n    department: 药剂科\n"
                      "    title: 主任\n    staff_id: \"000777\"\n    certificates: []\n", "utf-8")
    result = run(policy(tmp_path), project, write=False)
    assert result.proposed_people == ["zhang-ming（张明）", "li-hua（李华）"]  # 刘迎恩 is not proposed a third time
    assert result.data["signatories"][2] == {"role": "院领导批准", "title": "分管副院长", "name": "刘迎恩"}
    found = [f for f in result.report.of("待核对") if "名册里有 2 位“刘迎恩”" in f.message]
    assert len(found) == 1 and "liu-yingen（院办 分管副院长）、liu-yingen-2（药剂科 主任）" in found[0].message
    assert str(found[0].place) == "第 4 个表格第 4 行"
    assert "name: 刘迎恩  # 待核对：名册里有几位刘迎恩（liu-yingen、liu-yingen-2），请改成 person: 键" in result.text


def test_a_department_the_original_leaves_blank_is_left_blank(project, tmp_path, monkeypatch):
    rows = [["主办", "医务科", "部门负责人：张明", "2023年2月20日"], ["院领导批准", "", "分管副院长：王强", "2023年2月28日"]]
    result = run(policy(tmp_path, rows), project)
    assert result.data["signatories"][1] == {"role": "院领导批准", "title": "分管副院长", "name": "王强"}
    proposal = next(f for f in result.report.of("待核对") if "王强" in f.message)
    assert f"  wang-qiang:\n    name: 王强\n    department: {UNKNOWN}\n    title: 分管副院长" in proposal.hint
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    check = run_cli("check", root=project)
    assert check.status == 0, check.stderr


def test_a_flow_style_roster_is_left_alone(tmp_path):
    """The examples' roster writes each person on one line."""
    root = tmp_path / "examples"
    (root / "source").mkdir(parents=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "examples" / "source" / name, root / "source" / name)
    before = (root / "source" / "people.yaml").read_bytes()
    result = run(policy(tmp_path), root)
    assert (root / "source" / "people.yaml").read_bytes() == before
    assert result.proposed_people == ["zhang-ming（张明）", "li-hua（李华）", "liu-yingen（刘迎恩）"]


def test_without_a_roster_the_signatories_are_imported_by_name(tmp_path):
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    for name in ("contacts.yaml", "planpress.yaml"):
        shutil.copy(REPO / "source" / name, root / "source" / name)
    result = run(SEED, root)
    assert not (root / "source" / "people.yaml").exists()
    assert [s["name"] for s in result.data["signatories"]] == ["孙晓琳", "刘迎恩"]
    [finding] = result.report.of("未能归入")
    assert "项目里没有签署人名册 source/people.yaml：签署人 “主办”孙晓琳、“院领导批准”刘迎恩 按姓名导入" in finding.message


def test_after_the_cut_over_a_signature_on_paper_is_only_reported(project, tmp_path, monkeypatch):
    """A version in force from 2027 (planpress.yaml: electronic approval from 2026-12-01) signed on
    paper: its approvals must be electronic, so import writes none and says so."""
    rows = [["主办", "医务科", "部门负责人：张明", "2027年2月20日"]]
    path = policy(tmp_path, rows, effective="2027年3月1日")
    result = run_cli("import", str(path), root=project)
    assert result.status == 0, result.stderr
    data = load_yaml(project / "source" / "H-J-ZD-015.yaml")
    assert data["approvals"] == [] and data["signatories"] == [{"role": "主办", "department": "医务科", "title": "部门负责人", "name": "张明"}]
    assert ("待核对: 原件上“主办”张明的签字（2027-02-20）没有导入为审批：这一版的生效日期 2027-03-01 不早于电子签批的启用日期 "
            "2026-12-01，纸质签字不能作为审批。") in result.stdout
    assert "planpress approve H-J-ZD-015 --role 主办 --p12" in result.stdout
    monkeypatch.setenv("PLANPRESS_TODAY", "2027-01-01")
    check = run_cli("check", root=project)
    assert check.status == 0, check.stderr


def test_a_paper_date_after_the_effective_date_is_a_defect_of_the_original(project, tmp_path):
    rows = [["主办", "医务科", "部门负责人：张明", "2023年3月5日"]]
    result = run(policy(tmp_path, rows), project, write=False)
    assert any("签字日期 2023-03-05 晚于生效日期 2023-03-01" in f.message for f in result.report.of("原文缺陷"))


def test_nothing_is_written_when_a_shared_file_changed_during_the_import(project, tmp_path):
    from planpress.importer import write_all
    from planpress.problems import SourceError
    result = run(importdocs.plan(tmp_path / "plan.docx"), project, write=False)  # adds a department to contacts.yaml
    assert [path.name for path, _ in result.writes()] == ["contacts.yaml", "planpress.yaml", "H-J-YA-031.yaml"]
    read = {path: path.read_bytes() if path.exists() else None for path, _ in result.writes()}
    directory = project / "source" / "contacts.yaml"
    directory.write_text(directory.read_text("utf-8") + "# 别人刚保存的修改\n", "utf-8")
    edited = {p.name: p.read_bytes() for p in (project / "source").iterdir() if p.is_file()}
    with pytest.raises(SourceError) as raised:
        write_all(result.writes(), read)
    assert "contacts.yaml 在导入期间被修改了" in str(raised.value.problems[0].message)
    assert {p.name: p.read_bytes() for p in (project / "source").iterdir() if p.is_file()} == edited


def test_an_unreadable_roster_stops_the_import_in_chinese(project):
    (project / "source" / "people.yaml").write_text("people: [\n", "utf-8")
    result = run_cli("import", str(SEED), root=project)
    assert result.status == 1 and "签署人名册 source/people.yaml 读不出来" in result.stderr
    assert not (project / "source" / "H-J-YA-028.yaml").exists()


def test_pypinyin_is_loaded_only_to_propose_a_person(project, tmp_path):
    """The seed's signatories are in the roster: the whole import runs without pypinyin."""
    code = ("import sys; from pathlib import Path; from planpress.importer import run; "
            "run(Path(sys.argv[1]), Path(sys.argv[2]), write=False); print('pypinyin' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYPINYIN")}
    loaded = subprocess.run([sys.executable, "-c", code, str(SEED), str(project)], capture_output=True, text=True, env=env)
    assert loaded.stdout.strip() == "False", loaded.stderr
    adding = subprocess.run([sys.executable, "-c", code, str(policy(tmp_path)), str(project)], capture_output=True, text=True, env=env)
    assert adding.stdout.strip() == "True", adding.stderr
    assert "PYPINYIN_NO_PHRASES" not in os.environ


def test_a_transcription_waits_for_the_proposed_people_to_be_in_the_roster(project, tmp_path, monkeypatch):
    """The document controller's transcription freezes the signatories' roster entries: not while a
    signatory is only a name. The roster's keeper adds the proposed entries (completing what the
    original did not say), the editor imports again with --force (the signatories become roster
    persons, their paper approvals are written), writes where the originals are kept; then the
    transcription goes through."""
    from signing_support import install_roster, keys
    rows = [["主办", "医务科", "部门负责人：张明", "2023年2月20日"], ["院领导批准", "", "分管副院长：王强", "2023年2月28日"]]
    result = run(policy(tmp_path, rows), project)
    install_roster(project, ("zhou-min",))
    document = project / "source" / "H-J-ZD-015.yaml"
    document.write_text(document.read_text("utf-8").replace(UNKNOWN_ORIGINAL, "质量管理科档案室 2023 年第 1 盒"), "utf-8")
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    refused = run_cli("release", "H-J-ZD-015", "--transcription", "--p12", str(keys().p12["zhou-min"]), root=project)
    assert refused.status == 1, refused.stdout
    snippets = [f.hint.split("建议写法：\n", 1)[1] for f in result.report.of("待核对") if "建议写法" in f.hint]
    roster = project / "source" / "people.yaml"
    roster.write_text(roster.read_text("utf-8") + "\n".join(snippets).replace(f"department: {UNKNOWN}", "department: 院办") + "\n", "utf-8")
    again = run(policy(tmp_path, rows), project, force=True)
    assert again.data["signatories"] == [{"role": "主办", "person": "zhang-ming"}, {"role": "院领导批准", "person": "wang-qiang", "department": ""}]
    assert [a["role"] for a in again.data["approvals"]] == ["主办", "院领导批准"]
    document.write_text(document.read_text("utf-8").replace(UNKNOWN_ORIGINAL, "质量管理科档案室 2023 年第 1 盒"), "utf-8")
    released = run_cli("release", "H-J-ZD-015", "--transcription", "--p12", str(keys().p12["zhou-min"]), root=project)
    assert released.status == 0, released.stderr


def test_an_archive_that_says_its_original_is_unknown_is_an_error(repo_copy):
    """Only an edit by hand can put 待核对 into a released version (the transcription refuses it)."""
    snapshot = repo_copy / "source" / "archive" / "H-J-YA-028" / "A-0.yaml"
    text = snapshot.read_text("utf-8")
    assert text.count("质量管理科文件柜（受控文件签批原件）") == 2
    snapshot.write_text(text.replace("质量管理科文件柜（受控文件签批原件）", UNKNOWN_ORIGINAL, 1), "utf-8")
    check = run_cli("check", root=repo_copy)
    assert check.status == 1 and "发布的版本里“主办”的纸质签批没有写明原件存放在哪里。" in check.stderr


@pytest.mark.parametrize("name, key", [
    ("保卫科", "security"), ("急诊科", "emergency"),          # a common department: its English word
    ("网络中心", "wang-luo"), ("电梯维保单位", "dian-ti-wei-bao-dan-wei"),  # else pinyin, without 中心/科/处…
    ("120急救", "contact-120-ji-jiu"), ("IT Helpdesk", "it-helpdesk"), ("　", "contact"),
])
def test_a_new_contact_gets_a_key_an_editor_can_read(tmp_path, name: str, key: str):
    from planpress.importer.contacts import Directory

    directory = Directory.load(tmp_path)  # no contacts.yaml: every key is free
    assert directory.add(name, {"binhe": "3216000"}, None).key == key
    assert directory.add(name, {"binhe": "3216001"}, None).key == f"{key}-2"  # a key taken: numbered
