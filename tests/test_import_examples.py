"""Word versions of the example documents (examples/source/, the shapes of the hospital's other
documents), written by the tests (tests/yamldocx.py): each imports to the example's clause tree,
review fields aside, passes `check` in a project made from examples/ (its own contacts.yaml and
planpress.yaml), and its built PDF holds every sentence of the Word file.

The policy H-Z-ZD-101 (four clause levels, a 14-row table, nested lists) is written with Word's
automatic numbering; the plan H-J-YA-031 (six subsections, two teams, a grading table with contact
cells and a full-width row, four scenarios, a flowchart drawn with shapes and connectors, a contact
appendix, a blank form, three approval roles) with numbers typed by hand."""

from __future__ import annotations

import pytest

import yamldocx
from conftest import REPO, copy_project, run_cli
from importcheck import load_yaml, without_review, word_sentences
from pdfcheck import body_text, build_pdf
from planpress.importer import run

EXAMPLES = REPO / "examples"
WORD_VERSIONS = [("H-Z-ZD-101", True), ("H-J-YA-031", False)]
IDS = ["policy-automatic-numbering", "plan-typed-numbers"]


def word_file(number: str, automatic: bool, folder):
    return yamldocx.write(EXAMPLES / "source" / f"{number}.yaml", EXAMPLES / "source" / "contacts.yaml",
                          folder / f"{number}.docx", automatic)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Each Word version imported into its own copy of examples/ (the example itself removed)."""
    out = {}
    for number, automatic in WORD_VERSIONS:
        root = copy_project(EXAMPLES, tmp_path_factory.mktemp(number) / "examples")
        (root / "source" / f"{number}.yaml").unlink()
        path = word_file(number, automatic, root)
        result = run_cli("import", str(path), root=root)
        assert result.status == 0, result.stderr
        out[number] = (root, path, result)
    return out


@pytest.mark.parametrize("number, automatic", WORD_VERSIONS, ids=IDS)
def test_the_word_version_imports_to_the_examples_tree(imported, number, automatic):
    root, _, result = imported[number]
    written = load_yaml(root / "source" / f"{number}.yaml")
    assert without_review(written) == without_review(load_yaml(EXAMPLES / "source" / f"{number}.yaml"))
    assert "原文缺陷 0 处，未能归入 0 处" in result.stdout


@pytest.mark.parametrize("number, automatic", WORD_VERSIONS, ids=IDS)
def test_the_imported_word_version_passes_check_and_its_pdf_holds_every_sentence(imported, monkeypatch, number, automatic):
    root, path, _ = imported[number]
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-01-01")
    checked = run_cli("check", root=root)
    assert checked.status == 0, checked.stderr
    assert f"检查通过：{len(list((EXAMPLES / 'source').glob('H-*.yaml')))} 个文件" in checked.stdout
    text = body_text(build_pdf(root, number))
    sentences = word_sentences(path)
    assert len(sentences) > 100
    missing = [s for s in sentences if s.rstrip("：") not in text]
    assert not missing, missing


@pytest.mark.parametrize("number", ["H-J-YA-031", "H-J-YA-035", "H-Z-ZD-101"])
@pytest.mark.parametrize("automatic", [False, True], ids=["typed", "automatic"])
def test_every_example_round_trips_through_word_either_way(tmp_path, number, automatic):
    project = tmp_path / "project"
    (project / "source").mkdir(parents=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        (project / "source" / name).write_bytes((EXAMPLES / "source" / name).read_bytes())
    result = run(word_file(number, automatic, tmp_path), project, write=False)
    assert without_review(result.data) == without_review(load_yaml(EXAMPLES / "source" / f"{number}.yaml"))


def test_the_plans_new_scenarios_get_card_styles_for_review(imported):
    root, _, result = imported["H-J-YA-031"]
    config = (root / "source" / "planpress.yaml").read_text("utf-8")
    original = (EXAMPLES / "source" / "planpress.yaml").read_text("utf-8")
    added = [line for line in config.splitlines() if line not in original.splitlines()]
    keys = [line.split(":")[0].strip() for line in added]
    data = load_yaml(root / "source" / "H-J-YA-031.yaml")
    scenario_keys = [node["key"] for node in data["sections"]["procedures"][3]["clauses"]]
    styled = load_yaml(EXAMPLES / "source" / "planpress.yaml")["cards"]["styles"]
    assert keys == [k for k in scenario_keys if k not in styled]
    assert all("# 待核对：planpress import 建议的样式" in line for line in added)
    assert "卡片样式" in result.stdout and "标为“待核对”" in result.stdout
