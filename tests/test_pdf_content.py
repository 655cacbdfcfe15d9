"""The PDF of H-J-YA-028 as quality management and auditors read it.

One build of the repository's real sources; every test reads that PDF, never the HTML.
"""

from __future__ import annotations

import re

import pypdf
import pypdfium2 as pdfium
import pytest

import planpress
from conftest import REPO, copy_project
from pdfcheck import body_text, build_pdf, embedded_fonts, read
from planpress.pdf.signatures import signature_cells
from seedtext import appendix_rows, duty_phones, normalise, prose_sentences


@pytest.fixture(scope="module")
def doc():
    return planpress.load(REPO).document("H-J-YA-028")


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    return build_pdf(copy_project(REPO, tmp_path_factory.mktemp("seed") / "project"))


def test_the_pdf_is_where_outputs_says(pdf, doc):
    assert pdf.name == "H-J-YA-028_A-0.pdf" and pdf.parent.name == "H-J-YA-028"
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_every_seed_sentence_is_in_the_pdf(pdf):
    text = body_text(pdf)
    missing = [s for s in prose_sentences() if s.rstrip("：") not in text]
    assert len(prose_sentences()) > 60
    assert not missing, "seed sentences missing from the PDF:\n" + "\n".join(missing)


def test_structured_lines_read_as_in_the_seed(pdf):
    text = body_text(pdf)
    for line in ["组长：分管院长", "副组长：病案室主任、医务科科长、信息科科长、保卫科科长", "成员：各科室主任",
                 "a.人员构成：", "b.人员职责：", "a)修订医院病案保护及信息安全突发事件应急处理预案；",
                 "7.1.1《医疗机构管理条例》，自1994年9月1日起施行。",
                 "7.1.3《全国卫生部门卫生应急管理工作规范（试行）》，自2007年起施行。",
                 "8.1H-J-YA-028-A.01病案保护及信息安全应急预案快速联络通信表",
                 "3定义/术语：无。", "6工作流程：无。", "5.3.1预案及响应：工作时间内"]:
        assert line in text, line


def test_clause_numbers_are_generated_without_the_seeds_gaps(pdf):
    text = body_text(pdf)
    for number in ["5.4.1", "5.4.2", "5.4.3", "5.4.4", "5.4.5", "5.4.6"]:  # the seed: 5.4.5 twice, no 5.4.4
        assert len(re.findall(re.escape(number) + r"(?![\d.])", text)) == 1, number
    assert "5.4.7" not in text
    assert [int(n) for n in re.findall(r"(?<![\d.])(\d{1,2})(?=目的|适用范围|定义/术语|权责|规程|工作流程|标准/依据|表单附件|文件修订记录|审核批准)",
                                         text)] == list(range(1, 11))


def test_the_header_table_of_page_one(pdf, doc):
    first = read(pdf)[0].body
    for label, value in [("文件类别", "全院文件-应急管理"), ("文件编号", "H-J-YA-028"), ("制定部门", "医务科"),
                         ("发布部门", "质量管理科"), ("生效日期", "2020年8月10日"), ("版本/修订", "A/0")]:
        assert normalise(label + value) in first, label
    assert first.startswith("病案保护及信息安全应急预案文件类别"), first[:60]  # title, then the table
    assert "修订日期1目的" in first  # 修订日期 is blank in a first edition


def test_total_page_count_is_the_real_page_count(pdf):
    pages = read(pdf)
    match = re.search(r"文件总页码(\d+)修订日期", pages[0].body)
    assert match, pages[0].body[:200]
    assert int(match.group(1)) == len(pages) == len(pypdf.PdfReader(pdf).pages)


def test_every_page_identifies_the_document(pdf, doc):
    pages = read(pdf)
    for number, page in enumerate(pages, start=1):
        assert page.header == "H-J-YA-028病案保护及信息安全应急预案", number
        assert f"第{number}页共{len(pages)}页" in page.footer, number
        assert "版本/修订A/0" in page.footer, number
        assert f"内容指纹{doc.short_fingerprint}" in page.footer, number


def test_the_appendix_is_on_a_page_of_its_own_with_every_phone_number(pdf):
    pages = read(pdf)
    appendix = pages[-1].body
    assert appendix.startswith("附件1H-J-YA-028-A.01病案保护及信息安全应急预案快速联络通信表"), appendix[:80]
    assert "科室电话（滨河院区）电话（大学院区）" in appendix
    rows = appendix_rows()
    assert len(rows) == 7
    for name, binhe, daxue in rows:
        assert f"{name}{binhe}{daxue}" in appendix, name
    assert "备注：节假日行政总值班电话：滨河院区3216116，大学院区3212868。" in appendix
    assert all(phone in appendix for phone in duty_phones())
    assert not any("附件1" in page.body for page in pages[:-1])


def test_revision_record_and_approvals_tables(pdf):
    text = body_text(pdf)
    assert "9文件修订记录修订日期修订后版本更改的内容描述10审核批准" in text  # header row, no rows yet
    assert "部门审核/批准签字签署日期" in text
    assert "主办医务科部门负责人：孙晓琳2020年8月10日" in text
    assert "院领导批准分管副院长：刘迎恩2020年8月10日" in text


def test_each_approval_row_has_an_empty_signature_cell(pdf, doc):
    cells = signature_cells(pdf)
    assert [cell.index for cell in cells] == [1, 2]  # one per signatory, in their order
    document = pdfium.PdfDocument(pdf)
    try:
        for cell, signatory in zip(cells, doc.signatories):
            left, bottom, right, top = cell.box
            assert right - left > 90 and top - bottom > 40  # room for a stamp: at least 32 × 14 mm
            text = document[cell.page].get_textpage()
            assert normalise(text.get_text_bounded(left + 1, bottom + 1, right - 1, top - 1)) == ""
            row = normalise(text.get_text_bounded(0, bottom + 1, left, top - 1))
            assert signatory.role in row and signatory.name in row
    finally:
        document.close()


def test_effective_version_is_marked_controlled_on_page_one_only(pdf, doc):
    assert doc.state is planpress.model.State.EFFECTIVE
    pages = read(pdf)
    assert "受控" in pages[0].body
    assert not any("受控" in page.all for page in pages[1:])
    assert not any("草稿" in page.all or "作废" in page.all for page in pages)


def test_metadata(pdf, doc):
    reader = pypdf.PdfReader(pdf)
    info = reader.metadata
    assert info.title == "病案保护及信息安全应急预案"
    assert info.author == "医务科"  # 制定部门
    assert "H-J-YA-028" in info.subject and "版本/修订 A / 0" in info.subject
    keywords = [k.strip() for k in info["/Keywords"].split(",")]
    assert "H-J-YA-028" in keywords and "全院文件-应急管理" in keywords
    assert f"内容指纹 {doc.short_fingerprint}" in keywords
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert "/CreationDate" not in info and "/ModDate" not in info  # no build time in the bytes


def test_tagged_for_screen_readers(pdf):
    root = pypdf.PdfReader(pdf).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    tree = root["/StructTreeRoot"].get_object()
    kinds = set()

    def walk(element, depth=0):
        element = element.get_object()
        if isinstance(element, dict) and "/S" in element:
            kinds.add(element["/S"])
        children = element.get("/K", []) if isinstance(element, dict) else []
        for child in children if isinstance(children, list) else [children]:
            if depth < 12 and hasattr(child, "get_object") and isinstance(child.get_object(), dict):
                walk(child, depth + 1)

    walk(tree)
    assert {"/H1", "/H2", "/H3", "/P", "/Table", "/TR", "/TD"} <= kinds


def test_fonts_are_embedded_subset_and_small(pdf):
    fonts = embedded_fonts(pdf)
    names = sorted(f.name.partition("+")[2] for f in fonts)
    assert names == ["Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"]  # the configured body and heading fonts
    for font in fonts:
        assert font.subset, font.name
        assert font.size < 200_000, font  # a few hundred glyphs, not the 65 000-glyph font
    assert pdf.stat().st_size < 300_000
