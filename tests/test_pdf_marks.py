"""What the state of a version prints: 草稿 across every page, 作废 across every page, 受控 on page 1."""

from __future__ import annotations

import dataclasses

import pytest

import planpress
from conftest import FIXTURES, copy_project, run_cli
from signing_support import keys
from pdfcheck import build_pdf, marks_per_page, read
from planpress.model import State
from planpress.pdf import render


@pytest.fixture
def small(tmp_path):
    return copy_project(FIXTURES / "project", tmp_path / "project")


def test_effective_version_carries_the_controlled_mark_on_page_one(small, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-03-01")
    released = run_cli("release", "H-J-YA-901", "--p12", str(keys().p12["qian-qi"]), root=small)
    assert released.status == 0, released.stderr
    assert planpress.load(small).documents[0].state is State.EFFECTIVE
    marks = marks_per_page(build_pdf(small))
    assert len(marks) >= 2
    assert marks == [{"受控"}] + [set()] * (len(marks) - 1)


def test_a_missing_approval_makes_every_page_a_draft(small):
    path = small / "source" / "H-J-YA-901.yaml"
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("  - role: 院领导批准\n    statement:")] + "postings:" + text.split("postings:", 1)[1],
                    "utf-8")
    assert planpress.load(small).documents[0].state is State.DRAFT
    marks = marks_per_page(build_pdf(small))
    assert len(marks) >= 2
    assert marks == [{"草稿"}] * len(marks)
    assert "院领导批准分管副院长：李二未签署" in "".join(page.body for page in read(small / "build" / "H-J-YA-901" / "H-J-YA-901_A-0.pdf"))


def test_a_superseded_version_is_marked_obsolete_on_every_page(small, tmp_path):
    project = planpress.load(small)
    old = dataclasses.replace(project.documents[0], superseded=True)
    assert old.state is State.SUPERSEDED
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(render.pdf_bytes(project, old))
    marks = marks_per_page(pdf)
    assert marks == [{"作废"}] * len(marks)


def test_an_approved_version_not_yet_released_carries_no_mark(small, tmp_path):
    project = planpress.load(small)
    assert project.documents[0].state is State.APPROVED
    pdf = tmp_path / "approved.pdf"
    pdf.write_bytes(render.pdf_bytes(project, project.documents[0]))
    marks = marks_per_page(pdf)
    assert marks == [set()] * len(marks)
