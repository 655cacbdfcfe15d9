"""The corpus of Word documents of tests/corpus.py (and the PDFs LibreOffice made of five of them,
tests/fixtures/corpus/) imported the way an editor imports them: every one comes in whole (the
importer's completeness proof passes, and the built PDF holds every sentence python-docx reads in
the original, or the report lists it as left out), with the structure it has, nobody invented as
a signatory and people.yaml untouched; the project passes `check` but for what the originals lack
(a chapter–article policy's frame sections, a blank approval grid), exactly as the report said.
"""

from __future__ import annotations

import re

import pytest

import corpus
from conftest import FIXTURES, REPO
from importcheck import load_yaml, new_project
from planpress.importer import run
from planpress.importer.completeness import gaps
from planpress.importer.records import ROLE_MEANINGS
from planpress.importer.stream import Original, Place

NAMES = list(corpus.DOCUMENTS)
PDFS = sorted(p.stem for p in (FIXTURES / "corpus").glob("*.pdf"))
TODAY = "2024-09-01"
# what check refuses in the originals themselves (the import report says so too)
CHECK_ERRORS = {"H-J-ZD-071": ["“编写”没有写签署人（person）", "“审核”没有写签署人（person）", "“批准”没有写签署人（person）"]}


@pytest.fixture(scope="module")
def originals(tmp_path_factory):
    return corpus.write_all(tmp_path_factory.mktemp("originals"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory, originals):
    """All eight imported into one project like the hospital's (its roster, directory, settings)."""
    root = new_project(tmp_path_factory.mktemp("corpus") / "project")
    roster = (root / "source" / "people.yaml").read_bytes()
    results = {name: run(path, root) for name, path in originals.items()}
    return root, results, roster


def squashed(lines: list[str]) -> list[str]:
    return [re.sub(r"[\s\u3000]+", " ", line) for line in lines]


def check_structure(data: dict, expected: corpus.Expected, exact_forms: bool = True) -> None:
    """`exact_forms`: the forms' parts as written, widths of blanks too (a Word file); else their
    shape (a PDF loses the full-width spaces a blank is typed with)."""
    assert (data["number"], data["title"]) == (expected.number, expected.title)
    for key, value in expected.header.items():
        assert data[key] == value, key
    for key, lines in expected.outline.items():
        assert squashed(corpus.outline(data["sections"].get(key, []))) == squashed(corpus.cut(lines)), key
    assert [(a["code"], next(k for k in ("contacts", "form", "clauses") if k in a)) for a in data["attachments"]] == expected.attachments
    assert [(s["role"], s.get("person") or s.get("name")) for s in data["signatories"]] == expected.signatories
    assert data["review_cycle_years"] == expected.review_cycle_years
    flows = [[node["text"] for node in block["nodes"]] for section in data["sections"].values() if isinstance(section, list)
             for block in _blocks(section) if block.get("type") == "flow"]
    assert flows == expected.flows
    assert [(r["date"], r["version"]) for r in data["revisions"]] == expected.revisions
    assert data.get("frame") == expected.frame
    forms = corpus.forms_of(data)
    assert sorted(forms) == sorted(expected.forms)
    for key, form in expected.forms.items():
        if exact_forms:
            assert forms[key] == form, key
        else:
            assert corpus.form_shape(forms[key]) == corpus.form_shape(form), key


def _blocks(nodes):
    for node in nodes:
        if isinstance(node, dict):
            yield node
            yield from _blocks(node.get("clauses", []))


@pytest.mark.parametrize("name", NAMES)
def test_each_document_imports_with_its_structure(imported, name):
    root, results, _ = imported
    expected = corpus.DOCUMENTS[name][2]
    assert results[name].path == root / "source" / f"{expected.number}.yaml"
    check_structure(load_yaml(results[name].path), expected)


@pytest.mark.parametrize("name", NAMES)
def test_no_one_is_invented_and_the_roster_is_untouched(imported, name):
    root, results, roster = imported
    assert (root / "source" / "people.yaml").read_bytes() == roster
    for signatory in results[name].data["signatories"]:
        who = signatory.get("name", "")
        assert who not in ROLE_MEANINGS and not re.search(r"领导|院长|日期|签字", who), signatory
    assert all(key.split("（")[1].rstrip("）") in {"张明", "李华", "王刚", "赵敏", "陈刚"} for key in results[name].proposed_people)


def test_the_chapter_policy_is_written_in_a_chapter_article_frame(imported):
    """The project had no chapter–article frame: import adds one to planpress.yaml (marked for
    review, reported) and the document names it; the typed numbers are gone (planpress numbers)."""
    root, results, _ = imported
    result = results["chapter_policy"]
    config = load_yaml(root / "source" / "planpress.yaml")
    assert config["frames"]["制度"]["numbering"][:2] == ["第一章", "第一条"]
    assert config["frames"]["制度"]["sections"][0] == {"key": "chapters"}
    assert config["frame"] == load_yaml(REPO / "source" / "planpress.yaml")["frame"]  # the default frame untouched
    assert "待核对：planpress import 为“章—条”体例的文件加的框架（H-J-ZD-040）" in (root / "source" / "planpress.yaml").read_text("utf-8")
    assert result.new_frames == ["制度"]
    assert any("frames 下加了框架“制度”" in f.message for f in result.report.of("待核对"))
    chapters = result.data["sections"]["chapters"]
    assert [c["title"] for c in chapters] == ["总则", "组织与职责", "报告与处理", "附则"]
    assert not re.search(r"第[一二三四五六七八九十]+[章条]|（[一二三四]）", result.text.split("sections:")[1])


def test_the_chapter_policy_prints_its_chapters_and_articles(built):
    from pdfcheck import body_text
    text = body_text(built["chapter_policy"])
    order = ["第一章总则", "第一条为加强医疗安全管理", "第三条本办法所称", "第二章组织与职责", "第四条医院医疗质量",
             "（三）督促各科室", "第五条医务科负责", "第七条各级事件按下表", "第八条医务科接到报告", "第四章附则", "第十一条本办法自2024年3月1日起施行"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)


def test_the_form_comes_in_as_a_form_and_the_contacts_from_the_directory(imported):
    _, results, _ = imported
    data = results["form_plan"].data
    contacts, form = data["attachments"]
    assert contacts["contacts"] == ["security", "equipment", "laboratory"]  # the two-row header read as 电话（滨河院区）…
    assert contacts["duty"] == {"label": "节假日行政总值班电话", "contact": "admin-duty"}
    assert form["form"] == corpus.FORM_PLAN_FORM
    assert "laboratory:\n    name: 检验科" in results["form_plan"].contacts_text


def test_a_landline_and_a_mobile_in_one_cell(imported):
    _, results, _ = imported
    calls = results["grid_contacts"].data["sections"]["procedures"][0]["clauses"][0]
    assert [row[1] for row in calls["rows"]] == [{"contact": "security"}, {"contact": "equipment"}, {"contact": "admin-duty"}]
    left = [f for f in results["grid_contacts"].report.of("未能归入") if "手机" in f.message]
    assert [f.texts for f in left] == [("座机", "手机", "13800001111"), ("13912345678",)]


def test_the_project_passes_check_but_for_what_the_originals_lack(imported, monkeypatch):
    from conftest import run_cli
    root, _, _ = imported
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    result = run_cli("check", root=root)
    errors = [line for line in result.stderr.splitlines() if ": 错误: " in line]
    found = {number: [e for e in errors if f"/{number}.yaml:" in e] for number in CHECK_ERRORS}
    assert len(errors) == sum(len(v) for v in CHECK_ERRORS.values()), errors
    for number, messages in CHECK_ERRORS.items():
        assert all(any(m in e for e in found[number]) for m in messages), found[number]


@pytest.fixture(scope="module")
def built(imported, tmp_path_factory):
    """The PDFs of the documents that pass check (the other two wait for their editor)."""
    from conftest import run_cli
    root, results, _ = imported
    numbers = [r.number for r in results.values() if r.number not in CHECK_ERRORS]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        for number in CHECK_ERRORS:  # out of the way while the others build
            (root / "source" / f"{number}.yaml").rename(root / f"{number}.yaml.aside")
        try:
            result = run_cli("build", "--only", "pdf", *numbers, root=root)
        finally:
            for number in CHECK_ERRORS:
                (root / f"{number}.yaml.aside").rename(root / "source" / f"{number}.yaml")
    assert result.status == 0, result.stderr
    return {name: next((root / "build" / r.number).glob("*.pdf")) for name, r in results.items() if r.number not in CHECK_ERRORS}


@pytest.mark.parametrize("name", [n for n in NAMES if corpus.DOCUMENTS[n][2].number not in CHECK_ERRORS])
def test_the_built_pdf_holds_every_sentence_of_the_original(imported, built, originals, name):
    """Read by python-docx (not by the importer): every sentence of the body and the tables is in
    the PDF planpress builds, or the import report lists it as left out."""
    from pdfcheck import body_text
    _, results, _ = imported
    sentences = [Original(Place(), text) for text in docx_texts(originals[name])]
    assert len(sentences) > 15
    left_out = [text for _, text in results[name].report.left_out()]
    assert not gaps(sentences, body_text(built[name]), left_out)


def docx_texts(path) -> list[str]:
    """The body's paragraphs and the tables' cells as python-docx reads them (spaces kept: they
    part the pieces of a line such as 编写：张明　审核：李华)."""
    import docx
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    for table in document.tables:
        for row in table.rows:
            texts += list(dict.fromkeys(cell.text for cell in row.cells if cell.text.strip()))
    return texts


@pytest.mark.parametrize("name", PDFS)
def test_the_libreoffice_pdf_imports_to_the_same_structure(tmp_path, name):
    """No rows fused, no signer made of a header or a footnote, the header block found."""
    root = new_project(tmp_path / "project")
    result = run(FIXTURES / "corpus" / f"{name}.pdf", root, write=False)
    check_structure(result.data, corpus.DOCUMENTS[name][2], exact_forms=False)
    from planpress.sources import schema
    from planpress.sources.yamlsource import read_source
    assert not schema.validate(read_source(result.path, result.text), "document")
    assert (root / "source" / "people.yaml").read_bytes() == (REPO / "source" / "people.yaml").read_bytes()
