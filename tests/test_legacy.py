"""Documents in the first format (v1): archives read as approved, working copies migrated.

H-J-YA-028 A/0 was released in v1; its v1 archive is kept in tests/fixtures/legacy/ (the
repository's archive was carried over to the current format with its approvals on paper, see
tests/test_approvals.py). What a reader sees must not change because the format did.
"""

from __future__ import annotations

import shutil

import pytest

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from planpress.lifecycle import archive
from planpress.model import assemble
from planpress.model.plaintext import clause_line, document_text
from planpress.sources import legacy, schema
from planpress.sources.yamlsource import read_source

DOC = "H-J-YA-028"
LEGACY = FIXTURES / "legacy"


def _reader_lines(doc) -> list[str]:
    """Every clause and appendix line: what a reader sees, without the approvals table."""
    lines = [clause_line(c) for top in doc.clauses for c in top.walk()]
    return lines + document_text(doc).split("附件 1", 1)[1].splitlines()


def test_a_v1_archive_reads_as_the_current_working_copy_does():
    source = read_source(LEGACY / "H-J-YA-028-A-0-v1.yaml")
    document = archive.part(source, "document")
    assert legacy.is_v1(document.data) and not schema.validate(document, "document-v1")
    project = planpress.load(REPO)
    upgraded = assemble.document_from(legacy.upgrade(document), project.directory, project.config.frame)
    working = project.document(DOC)
    assert _reader_lines(upgraded) == _reader_lines(working)
    assert [s.number for s in upgraded.scenarios] == ["5.5.1", "5.5.2", "5.5.3", "5.5.4", "5.5.5"]
    assert [(s.role, s.department) for s in upgraded.signatories] == [("主办", "医务科"), ("院领导批准", "")]


def test_upgrade_keeps_the_places_of_the_original():
    path = LEGACY / "H-J-YA-028-A-0-v1.yaml"
    document = archive.part(read_source(path), "document")
    upgraded = legacy.upgrade(document)
    text = path.read_text("utf-8").splitlines()
    where = upgraded.at(("sections", "procedures", 4, "clauses", 1, "steps", 0, "text"))
    assert where.file == path and "工作人员发现漏水事件后" in text[where.line - 1]


@pytest.fixture
def v1_project(project):
    shutil.copy(LEGACY / "H-J-YA-901-v1.yaml", project / "source" / "H-J-YA-901.yaml")
    return project


def test_a_v1_working_copy_is_refused_with_the_way_out(v1_project):
    result = run_cli("check", root=v1_project)
    assert result.status == 1
    assert "旧格式" in result.stderr and "planpress migrate H-J-YA-901" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_keeps_what_a_reader_sees(v1_project, tmp_path):
    result = run_cli("migrate", root=v1_project)
    assert result.status == 0, result.stderr
    migrated = planpress.load(v1_project, lifecycle=False).document("H-J-YA-901")
    current = planpress.load(copy_project(FIXTURES / "project", tmp_path / "current"),
                             lifecycle=False).document("H-J-YA-901")
    assert _reader_lines(migrated) == _reader_lines(current)
    text = (v1_project / "source" / "H-J-YA-901.yaml").read_text("utf-8")
    assert "sections:" in text and "organization:" not in text
    assert "effective: 2024-03-01" in text  # dates written as dates, not quoted text


def test_migrate_leaves_a_current_file_alone(repo_copy):
    before = (repo_copy / "source" / f"{DOC}.yaml").read_bytes()
    result = run_cli("migrate", DOC, root=repo_copy)
    assert result.status == 1 and "已经是现在的格式" in result.stderr
    assert (repo_copy / "source" / f"{DOC}.yaml").read_bytes() == before
