"""Documents in the first format (v1): archives read as approved, working copies migrated.

H-J-YA-028 A/0 was released in v1 (source/archive/H-J-YA-028/A-0.yaml). Its fingerprint, its
approvals and what its PDF shows must not change because the format did.
"""

from __future__ import annotations

import io

import pytest
from ruamel.yaml import YAML

import planpress
from conftest import REPO, run_cli
from planpress.model.plaintext import document_text
from planpress.sources import legacy

DOC = "H-J-YA-028"
A0 = REPO / "source" / "archive" / DOC / "A-0.yaml"
A0_FINGERPRINT = "ec98354d95da10103ade668ce471d86cb944b768c15f7fb509e54b69a1df064f"


def v1_document() -> dict:
    return YAML(typ="safe").load(A0.read_text("utf-8"))["document"]


def test_the_a0_archive_is_v1_and_keeps_its_fingerprint():
    assert legacy.is_v1(v1_document())
    project = planpress.load(REPO)
    archived = project.history(DOC)[0]
    assert archived.fingerprint == A0_FINGERPRINT == archived.release.fingerprint
    assert all(a.fingerprint == A0_FINGERPRINT for a in archived.approvals)


def test_the_v1_archive_reads_as_the_v2_working_copy_does():
    project = planpress.load(REPO)
    archived, working = project.history(DOC)[0], project.document(DOC)
    assert document_text(archived) == document_text(working)
    assert [s.number for s in archived.scenarios] == ["5.5.1", "5.5.2", "5.5.3", "5.5.4", "5.5.5"]
    assert [(s.role, s.department) for s in archived.signatories] == [("主办", "医务科"), ("院领导批准", "")]


def _write_v1_working_copy(root):
    stream = io.StringIO()
    YAML().dump(v1_document(), stream)
    (root / "source" / f"{DOC}.yaml").write_text(stream.getvalue(), "utf-8")


def test_a_v1_working_copy_is_refused_with_the_way_out(repo_copy):
    _write_v1_working_copy(repo_copy)
    result = run_cli("check", root=repo_copy)
    assert result.status == 1
    assert "旧格式" in result.stderr and f"planpress migrate {DOC}" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_keeps_the_content_the_fingerprint_and_the_approvals(repo_copy):
    _write_v1_working_copy(repo_copy)
    result = run_cli("migrate", root=repo_copy)
    assert result.status == 0, result.stderr
    assert "内容和指纹不变" in result.stdout
    project = planpress.load(repo_copy)
    doc = project.document(DOC)
    assert doc.fingerprint == A0_FINGERPRINT and doc.is_released
    assert document_text(doc) == document_text(planpress.load(REPO).document(DOC))
    migrated = (repo_copy / "source" / f"{DOC}.yaml").read_text("utf-8")
    assert "sections:" in migrated and "organization:" not in migrated
    assert "effective: 2020-08-10" in migrated  # dates written as dates, not quoted text


def test_migrate_leaves_a_current_file_alone(repo_copy):
    before = (repo_copy / "source" / f"{DOC}.yaml").read_bytes()
    result = run_cli("migrate", DOC, root=repo_copy)
    assert result.status == 1 and "已经是现在的格式" in result.stderr
    assert (repo_copy / "source" / f"{DOC}.yaml").read_bytes() == before


@pytest.mark.parametrize("field", ["organization", "scenarios"])
def test_a_broken_v1_archive_is_reported_in_the_archive(repo_copy, field):
    path = repo_copy / "source" / "archive" / DOC / "A-0.yaml"
    text = path.read_text("utf-8")
    broken = text.replace(f"  {field}:\n    title:", f"  {field}:\n    titel:", 1)
    assert broken != text
    path.write_text(broken, "utf-8")
    result = run_cli("check", root=repo_copy)
    assert result.status == 1 and "Traceback" not in result.stderr
    assert "A-0.yaml" in result.stderr and "不认识的字段“titel”" in result.stderr
