"""A PDF whose inputs have not changed is kept, not rendered again; any change renders it again.

What counts as "rendered" is a PDF laid out by the engine (`render.render_job`, one job per PDF),
counted here: the jobs run in this process (`pool.IN_PROCESS`) so that the count sees them.
"""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, REPO, copy_project, run_cli
from pdfcheck import build_pdfs, edit
from planpress.pdf import freshness, render
from planpress.render import pool

DOC = "H-J-YA-901"


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The HTML of every page the PDF engine is asked to render."""
    calls: list[str] = []
    original = render.render_job

    def counting(job):
        calls.append(job.html)
        return original(job)

    monkeypatch.setattr(render, "render_job", counting)
    monkeypatch.setattr(pool, "IN_PROCESS", True)
    return calls


@pytest.fixture
def small(tmp_path):
    return copy_project(FIXTURES / "project", tmp_path / "project")


def test_an_unchanged_pdf_is_kept_as_it_is(small, renders):
    (pdf,) = build_pdfs(small)
    before = pdf.stat()
    assert len(renders) == 1
    (again,) = build_pdfs(small)  # still reported: it is there and current
    assert again == pdf and len(renders) == 1
    after = pdf.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


@pytest.mark.parametrize("change", ["source", "template", "contacts"])
def test_any_change_of_what_it_shows_or_how_renders_it_again(small, renders, change):
    (pdf,) = build_pdfs(small)
    before = pdf.read_bytes()
    if change == "source":
        edit(small / "source" / f"{DOC}.yaml", "purpose: 保护库房资料。", "purpose: 保护库房资料和电子病历。")
    elif change == "template":
        edit(small / "templates" / "pdf" / "document.css", ".header-table th { background: #f2f2f2; }",
             ".header-table th { background: #e8e8e8; }")
    else:  # 保卫科, 北院区: the approvals now approve other content, so it prints as a draft too
        edit(small / "source" / "contacts.yaml", '"5550101"', '"5550109"')
    build_pdfs(small)
    assert len(renders) == 2
    assert pdf.read_bytes() != before


def test_a_pdf_changed_or_removed_in_build_is_rendered_again(small, renders):
    (pdf,) = build_pdfs(small)
    good = pdf.read_bytes()
    pdf.write_bytes(good[:-100])  # damaged by hand
    build_pdfs(small)
    assert len(renders) == 2 and pdf.read_bytes() == good
    pdf.unlink()
    build_pdfs(small)
    assert len(renders) == 3 and pdf.read_bytes() == good


def test_a_damaged_record_only_costs_a_render(small, renders):
    build_pdfs(small)
    (small / freshness.MANIFEST).write_text("{ not json", "utf-8")
    (pdf,) = build_pdfs(small)
    assert len(renders) == 2 and pdf.is_file()
    recorded = json.loads((small / freshness.MANIFEST).read_text("utf-8"))
    assert [key for key in recorded if key != freshness.DOCUMENTS] == [f"build/{DOC}/{DOC}_A-0.pdf"]
    assert recorded[freshness.DOCUMENTS][DOC]["pdfs"] == [f"build/{DOC}/{DOC}_A-0.pdf"]


def test_while_a_revision_is_edited_only_its_draft_is_rendered_again(tmp_path, renders, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    root = copy_project(REPO, tmp_path / "repo")
    assert run_cli("revise", "H-J-YA-028", "--reason", "年度评审", root=root).status == 0
    a0, a1 = build_pdfs(root)
    assert len(renders) == 2
    frozen = a0.stat().st_mtime_ns
    edit(root / "source" / "H-J-YA-028.yaml", "保护未受损的病案、资料；", "保护未受损的病案、资料和电子病历；")
    assert build_pdfs(root) == [a0, a1]
    assert len(renders) == 3 and "保护未受损的病案、资料和电子病历" in renders[-1]  # the draft, A/1
    assert a0.stat().st_mtime_ns == frozen  # A/0 as it was
