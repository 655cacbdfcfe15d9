"""Block types live in one place each, and every output draws every one of them.

The `note` block (注/说明) was added through its three files only (model/blocks/note.py,
templates/pdf/blocks/note.html, site/blocks/note.py); here it is written into a copy of the
policy example under its table and under a clause, and read back where a user reads: the PDF's
text and type size, the site page and its search index, the plain text, `planpress diff`, the
fingerprint, and the messages for a note written wrong.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pdfplumber
import pytest

from conftest import REPO, run_cli
from pdfcheck import body_text
from test_examples import POLICY, TODAY, copy_examples

from planpress.model import blocks
from planpress.site import searchindex

TABLE_NOTE = "时限以自然日计，节假日不顺延。"
CLAUSE_NOTE = "病区指定专人负责送交，不得由患者或家属转交。"
AFTER_TABLE = """            - [死亡病例讨论记录, 患者死亡后一周内, 科主任或副主任医师以上人员]
"""
UNDER_CLAUSE = "          text: 患者出院后，病区应在 3 个工作日内将完整的病历送交病案室；死亡病例在 7 个工作日内送交。\n"


def add_notes(root: Path) -> Path:
    path = root / "source" / f"{POLICY}.yaml"
    text = path.read_text("utf-8")
    assert AFTER_TABLE in text and UNDER_CLAUSE in text
    text = text.replace(AFTER_TABLE, AFTER_TABLE + f"        - type: note\n          text: {TABLE_NOTE}\n")
    text = text.replace(UNDER_CLAUSE, UNDER_CLAUSE + "          clauses:\n            - type: note\n"
                        f"              label: 说明\n              text: [{CLAUSE_NOTE}, 第二段说明。]\n")
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_examples(tmp_path_factory.mktemp("notes") / "examples")
    add_notes(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        result = run_cli("build", "--only", "pdf,site", root=root)
    assert result.status == 0, result.stderr
    return root


def pdf_of(root: Path) -> Path:
    return next((root / "build" / POLICY).glob(f"{POLICY}_*.pdf"))


def test_every_block_type_has_a_renderer_in_the_pdf_and_on_the_site():
    for name, block_type in blocks.types().items():
        template = REPO / "templates" / "pdf" / "blocks" / f"{name}.html"
        site = importlib.import_module(f"planpress.site.blocks.{name}") \
            if (REPO / "planpress" / "site" / "blocks" / f"{name}.py").exists() else None
        if block_type.node_kinds():
            assert "macro render(" in template.read_text("utf-8"), name
            assert hasattr(site, "render"), name
        if "attachment" in block_type.places:
            assert "macro attachment(" in template.read_text("utf-8"), name
            assert hasattr(site, "attachment"), name


def test_the_note_prints_under_its_table_and_under_its_clause(built):
    text = body_text(pdf_of(built))
    assert f"注：{TABLE_NOTE}" in text
    assert text.index("死亡病例讨论记录") < text.index(f"注：{TABLE_NOTE}") < text.index("5.4病历的归档")
    assert f"说明：{CLAUSE_NOTE}第二段说明。" in text
    assert text.index("5.4.1回收") < text.index(f"说明：{CLAUSE_NOTE}") < text.index("5.4.2")
    assert "5.3.1" not in text  # a note takes no clause number: 5.3 has its table and note only


def test_the_note_is_in_a_smaller_type_than_the_text(built):
    with pdfplumber.open(pdf_of(built)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    text = "".join(c["text"] for c in chars)
    note = text.index("时限以自然日计")
    body = text.index("各类记录的完成时限如下表")
    assert chars[note]["size"] < chars[body]["size"] - 1


def test_the_note_on_the_site_page_and_in_search(built):
    page = (built / "site" / POLICY / "index.html").read_text("utf-8")
    assert f"<small>注：{TABLE_NOTE}</small>" in page
    assert 'id="note-1"' in page and 'id="note-2"' in page
    entries = searchindex.read(built / "site")
    assert any(TABLE_NOTE in entry["text"].replace("\u200b", "") for entry in entries)  # jieba marks word breaks


def test_the_note_in_plain_text_diff_and_fingerprint(tmp_path):
    from planpress import load
    from planpress.model.diff import compare
    from planpress.model.plaintext import document_text

    root = copy_examples(tmp_path / "examples")
    before = load(root).document(POLICY)
    add_notes(root)
    after = load(root).document(POLICY)
    assert f"注：{TABLE_NOTE}" in document_text(after)
    assert after.fingerprint != before.fingerprint
    added = [c for c in compare(before, after).changes if c.kind == "added"]
    assert [c.new_text for c in added] == [TABLE_NOTE, f"{CLAUSE_NOTE}\n第二段说明。"]
    path = root / "source" / f"{POLICY}.yaml"
    path.write_text(path.read_text("utf-8").replace(TABLE_NOTE, "时限以工作日计。"), "utf-8")
    assert load(root).document(POLICY).fingerprint not in (before.fingerprint, after.fingerprint)


@pytest.mark.parametrize("old,new,expected,at", [
    ("          text: " + TABLE_NOTE, "          txet: " + TABLE_NOTE, ("不认识的字段“txet”", "您是不是要写“text”"), "txet:"),
    ("          text: " + TABLE_NOTE, "          label: 注", ("缺少必填字段“text”",), "- type: note"),
    ("          text: " + TABLE_NOTE, "          text: 5.3.2 " + TABLE_NOTE, ("正文开头手写了条款编号“5.3.2”",), "text: 5.3.2"),
])
def test_a_note_written_wrong_is_told_in_chinese_at_its_line(tmp_path, old, new, expected, at):
    root = copy_examples(tmp_path / "examples")
    path = add_notes(root)
    path.write_text(path.read_text("utf-8").replace(old, new, 1), "utf-8")
    result = run_cli("check", root=root)
    assert result.status == 1 and "Traceback" not in result.stderr
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), start=1) if at in text)
    for fragment in expected:
        assert fragment in result.stderr
    assert f"{POLICY}.yaml:{line}:" in result.stderr
