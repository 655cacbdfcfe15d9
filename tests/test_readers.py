"""Who must read a document: `readers` in a document or per category in planpress.yaml, the
acknowledgement settings, and a revision marked minor (issue 20 item 1), as `planpress check`
reports them and as the model carries them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planpress.model import Readers, loader

REPO = Path(__file__).resolve().parents[1]
DOC = "source/H-J-YA-028.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "source", tmp_path / "source")
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text("utf-8")
    assert old in text
    (root / path).write_text(text.replace(old, new, 1), "utf-8")


def errors(root: Path) -> list:
    return [p for p in loader.check(root).problems if p.is_error]


def test_the_category_names_everyone_and_the_settings_are_read(project):
    p = loader.load(project)
    doc = p.document("H-J-YA-028")
    assert doc.readers is None
    assert p.readers(doc) == Readers(everyone=True)
    assert (p.config.acknowledgement_days, p.config.minor_asks_again, p.config.drill_interval_months) == (14, False, 12)


def test_a_document_names_its_own_readers_which_win_over_the_category(project):
    edit(project, DOC, "# readers: {departments: [病案室, 信息科]}", "readers: {departments: [病案室, 信息科], campuses: [binhe]}")
    p = loader.load(project)
    readers = p.readers(p.document("H-J-YA-028"))
    assert readers.departments == {"病案室", "信息科"} and readers.campuses == {"binhe"}
    assert readers.concerns("病案室", "护士", "binhe")
    assert not readers.concerns("病案室", "护士", "daxue")  # both kinds must match
    assert not readers.concerns("急诊科", "护士", "binhe")


def test_an_unknown_campus_is_refused_at_its_place_with_a_suggestion(project):
    edit(project, DOC, "# readers: {departments: [病案室, 信息科]}", "readers: {campuses: [binhee]}")
    [problem] = errors(project)
    assert problem.location.file.name == "H-J-YA-028.yaml" and problem.location.line == 19
    assert "院区“binhee”不在通讯录" in problem.message and "binhe" in problem.hint


def test_a_role_written_as_text_is_refused_in_chinese(project):
    edit(project, DOC, "# readers: {departments: [病案室, 信息科]}", "readers: {roles: 护士}")
    [problem] = errors(project)
    assert problem.field == "readers.roles" and "应填列表" in problem.message


def test_empty_readers_and_unknown_kinds_are_refused(project):
    edit(project, DOC, "# readers: {departments: [病案室, 信息科]}", "readers: {nurses: true}")
    [problem] = errors(project)
    assert problem.location.line == 19 and "nurses" in problem.message + problem.hint


def test_a_category_with_an_unknown_campus_is_refused_in_planpress_yaml(project):
    edit(project, "source/planpress.yaml", "全院文件-应急管理: {everyone: true}", "全院文件-应急管理: {campuses: [xx]}")
    [problem] = errors(project)
    assert problem.location.file.name == "planpress.yaml" and "院区“xx”" in problem.message


def test_settings_out_of_range_are_refused(project):
    edit(project, "source/planpress.yaml", "due_days: 14", "due_days: 0")
    [problem] = errors(project)
    assert problem.field == "acknowledgements.due_days"


def test_minor_in_the_revision_record_reaches_the_model_and_leaves_the_fingerprint(project):
    def load():
        return loader.load(project, lifecycle=False).document("H-J-YA-028")

    edit(project, DOC, "revised:      ", "revised: 2020-08-10")
    edit(project, DOC, "revisions: []", "revisions:\n  - {date: 2020-08-10, version: A/0, description: 首次发布, minor: true}")
    marked = load()
    assert marked.revisions[-1].minor
    edit(project, DOC, "minor: true", "minor: false")
    unmarked = load()
    assert not unmarked.revisions[-1].minor
    assert marked.fingerprint == unmarked.fingerprint  # marking minor is not a change of the content
