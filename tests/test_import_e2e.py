"""Imported documents pass `planpress check` (warnings allowed) and their built PDF holds every
sentence of the original."""

from __future__ import annotations

import shutil

import pytest

import importdocs
from conftest import FIXTURES, REPO, run_cli
from pdfcheck import body_text
from seedtext import STRUCTURED, normalise, seed_paragraphs, sentences


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("imported")
    (root / "source").mkdir()
    for name in ("contacts.yaml", "planpress.yaml"):
        shutil.copy(REPO / "source" / name, root / "source" / name)
    shutil.copytree(REPO / "templates", root / "templates")
    assert run_cli("import", str(FIXTURES / "seed" / "H-J-YA-028.txt"), root=root).status == 0
    assert run_cli("import", str(importdocs.policy(root / "policy.docx", True)), root=root).status == 0
    return root


def test_imported_documents_pass_check(project, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("check", root=project)
    assert result.status == 0, result.stderr
    assert "检查通过：2 个文件" in result.stdout


def test_the_seed_pdf_holds_every_sentence_of_the_original(project, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("build", "--only", "pdf", "H-J-YA-028", root=project)
    assert result.status == 0, result.stderr
    text = body_text(project / "build" / "H-J-YA-028" / "H-J-YA-028_A-0.pdf")
    missing = [s for p in seed_paragraphs() if p not in STRUCTURED for s in sentences(p) if s.rstrip("：") not in text]
    assert not missing, missing


def test_the_policy_pdf_holds_every_sentence_of_the_original(project, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    result = run_cli("build", "--only", "pdf", "H-J-ZD-015", root=project)
    assert result.status == 0, result.stderr
    pdfs = sorted((project / "build" / "H-J-ZD-015").glob("*.pdf"))
    text = body_text(pdfs[0])
    expected = [t for kind, _, t in importdocs.POLICY if kind not in ("table", "sec") and not t.startswith(("附件", "表 1", "无", "H-J-"))
                and "《" not in t]
    missing = [t for t in expected if normalise(t).rstrip("：") not in text]
    assert not missing, missing
