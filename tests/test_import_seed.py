"""The seed text (tests/fixtures/seed/H-J-YA-028.txt) imports to H-J-YA-028 in format v2."""

from __future__ import annotations

import shutil
import time

import pytest

from conftest import FIXTURES, REPO, run_cli
from importcheck import V2_SEED, load_yaml, without_review
from planpress.importer import run

SEED = FIXTURES / "seed" / "H-J-YA-028.txt"


@pytest.fixture
def empty_project(tmp_path):
    """A project with the hospital's directory, roster and settings but no documents."""
    (tmp_path / "source").mkdir()
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, tmp_path / "source" / name)
    return tmp_path


@pytest.fixture
def seed(empty_project):
    return run(SEED, empty_project, write=False)


def test_seed_imports_to_the_v2_document_review_fields_aside(seed):
    assert without_review(seed.data) == without_review(load_yaml(V2_SEED))


def test_written_yaml_reads_back_as_the_same_data(empty_project):
    status = run_cli("import", str(SEED), root=empty_project)
    assert status.status == 0, status.stderr
    written = load_yaml(empty_project / "source" / "H-J-YA-028.yaml")
    assert without_review(written) == without_review(load_yaml(V2_SEED))
    assert "已导入" in status.stdout


def test_scenarios_and_their_proposals_are_marked_for_review(empty_project):
    run_cli("import", str(SEED), root=empty_project)
    text = (empty_project / "source" / "H-J-YA-028.yaml").read_text("utf-8")
    data = load_yaml(empty_project / "source" / "H-J-YA-028.yaml")
    measures = data["sections"]["procedures"][4]
    assert [s["title"] for s in measures["clauses"]] == ["火灾", "突发漏水", "盗窃案件", "停电", "办公设备及病案管理软件安全"]
    assert [s["key"] for s in measures["clauses"]] == ["fire", "water-leak", "theft", "power-outage", "equipment-software"]
    fire, leak, theft, outage, equipment = measures["clauses"]
    assert fire["steps"][0]["call"] == ["fire-alarm"] and fire["steps"][0]["mentions"] == {"119": "fire-alarm"}
    assert theft["steps"][0]["mentions"] == {"医院保卫处": "security", "110": "police"}
    assert outage["steps"][0]["mentions"] == {"总务处": "general-affairs"}
    assert equipment["steps"][0]["mentions"] == {"信息中心": "it"}
    assert fire["steps"][2]["actor"] == "现场指挥员" and theft["steps"][0]["actor"] == "发现人"
    assert all("card" not in step for s in measures["clauses"] for step in s["steps"])  # never invented
    steps = sum(len(s["steps"]) for s in measures["clauses"])
    assert text.count("actor:") == steps and text.count("# 待核对：导入从正文推测的执行人") + text.count("# 待核对：原文没有写明由谁来做") == steps
    assert text.count('call: [') == text.count("# 待核对：正文提到、通讯录里有电话的科室")
    assert 'mentions: {"119": fire-alarm}' in text  # a number as a key is quoted


def test_report_names_the_defects_where_they_are(seed):
    lines = seed.report.lines()
    assert "H-J-YA-028.txt 第 2 页第 97 行: 原文缺陷: 缺少条款编号 5.4.4：5.4.5 前面一条是 5.4.3。" in lines[1]
    assert any(l.startswith("H-J-YA-028.txt 第 2 页第 101 行: 原文缺陷: 条款编号 5.4.5 重复：第 2 页第 97 行 已经有一条 5.4.5。") for l in lines)
    assert any(l.startswith("H-J-YA-028.txt 第 1 页第 6 行: 原文缺陷: 文件总页码写的是 4，原文实际有 5 页。") for l in lines)
    names = [l for l in lines if "同一个单位有几种叫法" in l]
    assert any("“总务处”（第 3 页第 178 行）" in l and "“总务科”（第 5 页第 226 行）" in l for l in names)
    assert any("“保卫科”" in l and "“医院保卫处”（第 3 页第 158 行）" in l for l in names)
    assert any("“信息科”" in l and "“信息中心”（第 3 页第 182 行）" in l for l in names)
    assert not seed.report.of("未能归入")


def test_the_directory_is_not_touched_when_every_department_is_known(empty_project):
    before = (empty_project / "source" / "contacts.yaml").read_bytes()
    result = run_cli("import", str(SEED), root=empty_project)
    assert result.status == 0
    assert (empty_project / "source" / "contacts.yaml").read_bytes() == before
    assert "新增" not in result.stdout


def test_an_existing_document_is_not_overwritten(empty_project):
    target = empty_project / "source" / "H-J-YA-028.yaml"
    target.write_text("number: H-J-YA-028\n", "utf-8")
    result = run_cli("import", str(SEED), root=empty_project)
    assert result.status == 1
    assert "已经存在，导入没有覆盖它" in result.stderr and "--force" in result.stderr
    assert target.read_text("utf-8") == "number: H-J-YA-028\n"
    assert run_cli("import", str(SEED), "--force", root=empty_project).status == 0
    assert "sections:" in target.read_text("utf-8")


def test_out_and_number_options(empty_project, tmp_path):
    out = tmp_path / "elsewhere.yaml"
    result = run_cli("import", str(SEED), "--out", str(out), "--number", "H-J-YA-099", root=empty_project)
    assert result.status == 0, result.stderr
    assert load_yaml(out)["number"] == "H-J-YA-099"
    assert not (empty_project / "source" / "H-J-YA-099.yaml").exists()


def test_the_header_says_where_the_document_came_from(empty_project):
    run_cli("import", str(SEED), root=empty_project)
    head = (empty_project / "source" / "H-J-YA-028.yaml").read_text("utf-8").splitlines()[:6]
    assert any("由 planpress import 从 H-J-YA-028.txt（文本，SHA-256" in line for line in head)


def test_importing_the_seed_is_fast_in_process(empty_project):
    started = time.perf_counter()
    run(SEED, empty_project, write=False)
    assert time.perf_counter() - started < 0.5


def test_the_seed_as_a_word_file_in_its_defective_numbering(empty_project, tmp_path):
    """The hospital's Word file of H-J-YA-028, numbers typed by hand: 5.4.1 … 5.4.3, then 5.4.5 twice."""
    import docx
    import importdocs
    path = importdocs.seed(tmp_path / "H-J-YA-028.docx")
    typed = [p.text for p in docx.Document(str(path)).paragraphs]
    numbers = [t.split()[0] for t in typed if t.startswith("5.4.")]
    assert numbers == ["5.4.1", "5.4.2", "5.4.3", "5.4.5", "5.4.5", "5.4.6"]  # the defect is in the file
    first, second = [i for i, t in enumerate(typed, 1) if t.startswith("5.4.5")]
    result = run(path, empty_project, write=False)
    assert without_review(result.data) == without_review(load_yaml(V2_SEED))
    lines = result.report.lines()
    assert f"H-J-YA-028.docx 第 {first} 段: 原文缺陷: 缺少条款编号 5.4.4：5.4.5 前面一条是 5.4.3。" in lines[0]
    assert any(line.startswith(f"H-J-YA-028.docx 第 {second} 段: 原文缺陷: 条款编号 5.4.5 重复：第 {first} 段 已经有一条 5.4.5。")
               for line in lines)
    assert not result.report.of("未能归入")
