"""Imported documents pass `planpress check` (warnings allowed), and after the first day an editor
and the document controller spend on them their built PDF holds every sentence of the original,
the paper signatures' dates included.

The first day: import (the signatories in the roster become roster persons, and the 审核批准 rows
they signed paper approvals whose originals are marked 待核对; for a signatory the roster lacks the
report proposes an entry, and people.yaml is left alone) → the roster's keeper adds the proposed
people, the editor imports again with --force → the editor writes where the signed originals are
kept → the document controller (周敏, a release signer with a test certificate:
tests/signing_support.py) signs the transcription with `planpress release DOC --transcription` →
build. Until the transcription a paper approval does not count and the PDF
prints no date for it. The originals' effective dates (2020, 2023, 2024) are before the cut-over
to electronic approval (2026-12-01 in planpress.yaml), so the transcription is allowed."""

from __future__ import annotations

import re
import shutil

import pytest

import importdocs
from conftest import FIXTURES, REPO, run_cli
from importcheck import load_yaml, new_project
from pdfcheck import body_text
from seedtext import SEED, STRUCTURED, normalise, seed_paragraphs, sentences
from signing_support import install_roster, keys

ARCHIVE_PLACE = "质量管理科档案室 受控文件签批原件 第 3 盒"


def add_proposed_people(root, stdout: str) -> None:
    """The roster's keeper adds the entries the import report proposed (as proposed)."""
    snippets = re.findall(r"建议写法：\n((?:  .+\n?)+)", stdout)
    roster = root / "source" / "people.yaml"
    roster.write_text(roster.read_text("utf-8") + "".join(s if s.endswith("\n") else s + "\n" for s in snippets), "utf-8")


def first_day(root, number: str) -> None:
    """What follows the import: the editor writes where the originals are kept, the document
    controller signs the transcription."""
    from planpress.sources.marks import UNKNOWN_ORIGINAL
    install_roster(root, ("zhou-min", "wang-wu"))  # the document controller and a transcription witness
    path = root / "source" / f"{number}.yaml"
    text = path.read_text("utf-8")
    refused = run_cli("release", number, "--p12", str(keys().p12["zhou-min"]), "--transcription", root=root)
    assert refused.status == 1 and "还有待核对的签批记录，没有转录" in refused.stderr and "原件存放处" in refused.stderr
    assert not (root / "source" / "archive" / number).exists()
    path.write_text(text.replace(UNKNOWN_ORIGINAL, ARCHIVE_PLACE), "utf-8")
    released = run_cli("release", number, "--p12", str(keys().p12["zhou-min"]), "--transcription", root=root)
    assert released.status == 0, released.stderr
    assert f"已签署 {number} " in released.stdout and "的转录" in released.stdout and "还须第二人核对" in released.stdout
    witnessed = run_cli("release", number, "--p12", str(keys().p12["wang-wu"]), "--transcription", root=root)
    assert witnessed.status == 0, witnessed.stderr  # issue 17: a transcription takes two people
    assert f"已核对签署 {number} " in witnessed.stdout and "的转录：王五" in witnessed.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = new_project(tmp_path_factory.mktemp("imported"))
    assert run_cli("import", str(FIXTURES / "seed" / "H-J-YA-028.txt"), root=root).status == 0
    policy = importdocs.policy(root / "policy.docx", True)
    first = run_cli("import", str(policy), root=root)
    assert first.status == 0 and (root / "source" / "people.yaml").read_bytes() == (REPO / "source" / "people.yaml").read_bytes()
    add_proposed_people(root, first.stdout)
    again = run_cli("import", str(policy), "--force", root=root)
    assert again.status == 0 and "建议登记" not in again.stdout, again.stdout
    return root


@pytest.fixture(scope="module")
def transcribed(project, tmp_path_factory):
    root = tmp_path_factory.mktemp("first-day") / "project"
    shutil.copytree(project, root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", "2024-01-01")
        for number in ("H-J-YA-028", "H-J-ZD-015"):
            first_day(root, number)
    return root


def test_imported_documents_pass_check(project, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("check", root=project)
    assert result.status == 0, result.stderr
    assert "检查通过：2 个文件" in result.stdout
    assert "纸质签批还没有写明原件存放在哪里" in result.stderr and "要由文件控制员核对原件、签署转录发布后才算数" in result.stderr


def test_the_roster_holds_what_its_keeper_added(project):
    before = (REPO / "source" / "people.yaml").read_text("utf-8").splitlines()
    after = (project / "source" / "people.yaml").read_text("utf-8").splitlines()
    assert after[:len(before)] == before
    added = "\n".join(after[len(before):])
    assert "zhang-ming:" in added and "li-hua:" in added
    data = load_yaml(project / "source" / "H-J-ZD-015.yaml")
    assert [s.get("person") for s in data["signatories"]] == ["zhang-ming", "li-hua", "liu-yingen"]


def test_before_the_transcription_the_pdf_prints_no_signing_date(project, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("build", "--only", "pdf", "H-J-YA-028", root=project)
    assert result.status == 0, result.stderr
    text = body_text(project / "build" / "H-J-YA-028" / "H-J-YA-028_A-0.pdf")
    assert "部门负责人：孙晓琳" in text and "2020年8月10日纸质签批" not in text and "未签署" in text


def test_the_seed_pdf_holds_every_sentence_of_the_original(transcribed, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("build", "--only", "pdf", "H-J-YA-028", root=transcribed)
    assert result.status == 0, result.stderr
    text = body_text(transcribed / "build" / "H-J-YA-028" / "H-J-YA-028_A-0.pdf")
    missing = [s for p in seed_paragraphs() if p not in STRUCTURED for s in sentences(p) if s.rstrip("：") not in text]
    assert not missing, missing
    # 10 审核批准 as the original prints it, each date marked as the paper signature it was
    approvals = SEED[SEED.index("10 审核批准"):SEED.index("附件 1")].splitlines()
    rows = [normalise(line) for line in approvals if re.search(r"\d{4}年", line)]
    assert rows == ["主办医务科部门负责人：孙晓琳2020年8月10日", "院领导批准分管副院长：刘迎恩2020年8月10日"]
    assert all(f"{row}纸质签批" in text for row in rows), text[text.rfind("审核批准"):][:200]


def test_the_policy_pdf_holds_every_sentence_of_the_original(transcribed, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("build", "--only", "pdf", "H-J-ZD-015", root=transcribed)
    assert result.status == 0, result.stderr
    pdfs = sorted((transcribed / "build" / "H-J-ZD-015").glob("*.pdf"))
    text = body_text(pdfs[0])
    expected = [t for kind, _, t in importdocs.POLICY if kind not in ("table", "sec") and not t.startswith(("附件", "表 1", "无", "H-J-"))
                and "《" not in t]
    missing = [t for t in expected if normalise(t).rstrip("：") not in text]
    assert not missing, missing
    approvals = next(t for kind, _, t in importdocs.POLICY if kind == "table" and t[0][2] == "审核/批准签字")
    for role, department, signature, day in approvals[1:]:
        assert f"{role}{department}{signature}{normalise(day)}纸质签批" in text


def test_after_the_transcription_the_project_passes_check(transcribed, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("check", root=transcribed)
    assert result.status == 0, result.stderr
    assert "纸质签批还没有写明原件存放在哪里" not in result.stderr and "签署转录发布后才算数" not in result.stderr
    status = run_cli("status", "H-J-ZD-015", root=transcribed)
    assert "李华：纸质签批 2023-02-25" in status.stdout, status.stdout


def test_the_imported_plan_passes_check_and_its_pdf_holds_every_sentence(tmp_path, monkeypatch):
    from importcheck import word_sentences
    from pdfcheck import build_pdf
    root = new_project(tmp_path / "plan-project")
    path = importdocs.plan(tmp_path / "plan.docx")
    first = run_cli("import", str(path), root=root)
    assert first.status == 0 and "zhou-qiang（周强）" in first.stdout
    add_proposed_people(root, first.stdout)
    assert run_cli("import", str(path), "--force", root=root).status == 0
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-02-01")
    checked = run_cli("check", root=root)
    assert checked.status == 0, checked.stderr
    assert "检查通过：1 个文件" in checked.stdout
    first_day(root, "H-J-YA-031")
    text = body_text(build_pdf(root, "H-J-YA-031"))
    # the original's numbers for 保卫科 (3216566) differ from the directory's: the PDF prints the
    # directory's, as the import report said
    expected = [s for s in word_sentences(path) if s not in ("3216566",)]
    missing = [s for s in expected if s.rstrip("：") not in text]
    # a standard cited as "GB/T 29639-2020 名称" prints as "《名称》（GB/T 29639-2020）": both parts are there
    standard = re.compile(r"^((?:GB|WS|YY)[A-Z/]*\d+(?:\.\d+)?-\d{4})(.+)$")
    missing = [s for s in missing if not ((m := standard.match(s)) and f"《{m.group(2)}》（{m.group(1)}）" in text)]
    assert not missing, missing
    assert "部门负责人：周强2024年1月5日纸质签批" in text and "分管副院长：刘迎恩2024年1月8日纸质签批" in text
