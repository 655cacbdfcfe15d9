"""Chapter–article documents (issue 21, item 2): frames per category or per document, numbering
styles per level, article numbers running through the whole document.

H-Z-ZD-102 (examples) takes the 制度 frame by its category: 第一章 / 第一条 / （一） / 1.;
H-Z-ZD-103 (tests/fixtures/forms/) names the 制度-条 frame (articles only) and has an emergency
scenario, so its card cites 第四条. Checked where a reader looks: the PDF's text, the card, the
site's headings and anchors, `planpress diff`, the fingerprint, and check's messages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest

from conftest import REPO, run_cli
from formsproject import ARTICLES, CHAPTERS, body_text, make


def pdf_of(root: Path, number: str) -> Path:
    return next((root / "build" / number).glob(f"{number}_*.pdf"))


def test_chapters_and_articles_print_with_articles_running_through_the_document(forms_built):
    text = body_text(pdf_of(forms_built, CHAPTERS))
    order = ["第一章总则", "第一条为规范病案的借阅", "第三条病案室负责", "第二章借阅", "第四条下列人员",
             "（一）本院医务人员", "（三）医保、质控人员", "1.医保或质控部门的书面通知", "第七条借阅人不得",
             "第三章复印", "第八条", "第四章附则", "第十一条本制度由医务科负责解释"]
    positions = [text.index(piece) for piece in order]
    assert positions == sorted(positions)
    assert "5.1" not in text and "第1条" not in text
    assert "附件附件1H-Z-ZD-102-A.01病案借阅申请单文件修订记录" in text  # unnumbered sections of the frame


def test_a_chapter_heading_stands_centred(forms_built):
    with pdfplumber.open(pdf_of(forms_built, CHAPTERS)) as pdf:
        page = pdf.pages[0]
        words = {w["text"]: w for w in page.extract_words()}
    chapter = words["第一章"]
    left, right = chapter["x0"] - 25 * 72 / 25.4, page.width - 20 * 72 / 25.4 - words["总则"]["x1"]
    assert abs(left - right) < 15  # centred in the text width (25 mm and 20 mm margins)


def test_a_frame_named_by_the_document_numbers_articles_only(forms_built):
    text = body_text(pdf_of(forms_built, ARTICLES))
    for piece in ("第一条为保障病案库房", "第二条病案库房实行专人管理", "（一）库房的防火", "1.每日两次记录温度",
                  "第三条出入管理", "（一）非库房管理人员", "第四条病案库房突发性漏水", "第五条本规定自发布之日起施行"):
        assert piece in text, piece
    assert "第一章" not in text


def test_the_card_cites_the_article(forms_built):
    card = forms_built / "build" / ARTICLES / "cards" / f"{ARTICLES}_A-0_archive-water_binhe.pdf"
    with pdfplumber.open(card) as pdf:
        text = "".join(pdf.pages[0].extract_text().split())
    assert f"{ARTICLES}《病案库房安全管理规定》第四条" in text
    scenario = (forms_built / "site" / ARTICLES / "archive-water" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./#article-4">第四条</a>', scenario)


def test_the_site_has_chapter_headings_and_article_anchors(forms_built):
    page = (forms_built / "site" / CHAPTERS / "index.html").read_text("utf-8")
    assert re.search(r'<h2 id="chapter-2">第二章 借阅', page)
    assert re.search(r'<h6 class="pp-clause" id="article-4"><strong>第四条</strong> 下列人员', page)
    assert 'id="article-4-3-1"' in page  # 1. under （三） of 第四条
    assert "无标题" not in page and 'id="chapters"' not in page  # the untitled section has no heading


def test_inserting_an_article_renumbers_the_rest_and_diff_names_only_the_new_one(tmp_path):
    from planpress import load
    from planpress.model.diff import compare

    root = make(tmp_path / "project")
    before = load(root).document(CHAPTERS)
    path = root / "source" / f"{CHAPTERS}.yaml"
    text = path.read_text("utf-8")
    anchor = "        - 本制度适用于全院各临床、医技科室及职能部门借阅、复印归档病案。\n"
    path.write_text(text.replace(anchor, anchor + "        - 病案是医疗机构的重要档案，任何人不得擅自查阅。\n"), "utf-8")
    after = load(root).document(CHAPTERS)
    changes = compare(before, after).changes
    clauses = [c for c in changes if c.area == "clause"]
    assert [(c.kind, c.label, c.new_text) for c in clauses] == [("added", "第三条", "病案是医疗机构的重要档案，任何人不得擅自查阅。")]
    assert after.clause("第十二条").text == "本制度由医务科负责解释，自发布之日起施行。"
    assert after.fingerprint != before.fingerprint


def test_the_frame_is_chosen_by_category_or_by_the_document_and_its_styles_are_in_the_fingerprint(tmp_path):
    from planpress import load

    root = make(tmp_path / "project")
    project = load(root)
    policy, plan = project.document(CHAPTERS), project.document("H-J-YA-031")
    assert policy.frame.name == "制度" and project.document(ARTICLES).frame.name == "制度-条"
    assert plan.frame.name == ""
    settings = root / "source" / "planpress.yaml"
    text = settings.read_text("utf-8")
    assert "    item_numbering: [（一）, 1., （1）]" in text
    settings.write_text(text.replace("    item_numbering: [（一）, 1., （1）]", "    item_numbering: [一、, 1., （1）]"), "utf-8")
    changed = load(root)
    assert changed.document(CHAPTERS).fingerprint != policy.fingerprint  # its numbers changed
    assert changed.document("H-J-YA-031").fingerprint == plan.fingerprint
    # the document names the default frame's sections instead: no longer chosen by its category
    path = root / "source" / f"{CHAPTERS}.yaml"
    path.write_text(path.read_text("utf-8").replace("category: 全院文件-管理制度", "category: 全院文件-医疗管理"), "utf-8")
    result = run_cli("check", root=root)
    assert result.status == 1 and "“chapters”不是要在这里填写的节" in result.stderr


@pytest.mark.parametrize("where,old,new,expected", [
    (ARTICLES, "frame: 制度-条", "frame: 制度条", ("planpress.yaml 里没有叫“制度条”的框架", "您是不是要写“制度-条”")),
    ("planpress.yaml", "numbering: [第一条, （一）, 1.]", "numbering: [第一条, 甲、, 1.]", ("不认识编号样式“甲、”",)),
    (ARTICLES, "        - 库房钥匙由专人保管，不得转借。\n",
     "        - title: 钥匙\n          clauses:\n            - title: 保管\n              clauses: [库房钥匙由专人保管，不得转借。]\n",
     ("这一条在第 4 层，框架“制度-条”只规定了 3 层条款的编号（第一条 → （一） → 1.）",)),
    (ARTICLES, "          items: [每日两次记录温度, 每日两次记录湿度]",
     "          items: [每日两次记录温度, {text: 每日两次记录湿度, items: [上午, 下午]}]",
     ("列表最多 2 层（（一） → 1.），框架“制度-条”只规定了这几层的编号",)),
    ("planpress.yaml", "  制度-条:\n", "  制度二:\n    categories: [全院文件-管理制度]\n    sections: [{key: chapters}]\n  制度-条:\n",
     ("文件类别“全院文件-管理制度”已经由框架“制度二”选用",)),
])
def test_a_frame_written_wrong_is_told_in_chinese(tmp_path, where, old, new, expected):
    root = make(tmp_path / "project")
    path = root / "source" / (where if where.endswith(".yaml") else f"{where}.yaml")
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    result = run_cli("check", root=root)
    assert result.status == 1 and "Traceback" not in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, result.stderr
    assert f"{path.name}:" in result.stderr


def test_the_seed_keeps_its_numbers_anchors_and_fingerprint():
    """The default frame: the seed's clause numbers and anchors as before styles existed, and its
    fingerprint the one its A/0 archive was released with."""
    from planpress import load

    project = load(REPO)
    doc = project.document("H-J-YA-028")
    assert doc.is_released and doc.fingerprint == project.history("H-J-YA-028")[0].release.fingerprint
    numbered = [(c.number, c.anchor) for c in doc.walk() if c.number][:12]
    assert numbered[:4] == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]
    assert ("4.1", "4-1") in numbered and doc.clause("5.5.2").anchor == "5-5-2"
    assert doc.scenario("water-leak").citation == "第 5.5.2 条"
