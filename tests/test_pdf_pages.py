"""Tables and pages that read well (issue 21, item 3), as a reader of the PDF sees them: columns as
wide as their content needs (or as declared), a table never parted from the sentence that leads
into it, the approval table never split across pages, a reference's verb and a year-only date as
written, and a watermark that leaves every sentence of the text layer whole."""

from __future__ import annotations

import subprocess

import pdfplumber
import pytest
from ruamel.yaml import YAML

import planpress
from conftest import FIXTURES, copy_project
from pdfcheck import marks_per_page
from planpress.model import State
from planpress.pdf import render

DOC = "H-J-YA-901"


@pytest.fixture
def small(tmp_path):
    return copy_project(FIXTURES / "project", tmp_path / "project")


def edited(root, change) -> None:
    """The fixture's document with `change(data)` applied (written back as YAML)."""
    yaml = YAML()
    path = root / "source" / f"{DOC}.yaml"
    data = yaml.load(path.read_text("utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def pdf_of(root, tmp_path, name: str = "doc.pdf"):
    project = planpress.load(root)
    pdf = tmp_path / name
    pdf.write_bytes(render.pdf_bytes(project, project.documents[0]))
    return pdf


def test_a_reference_keeps_its_verb_and_a_year_alone(small, tmp_path):
    def change(data):
        data["sections"]["references"] = [{"type": "references", "items": [
            {"title": "医疗废物管理条例", "code": "国务院令第380号", "effective": "2003-06-16", "verb": "实施"},
            {"title": "病历书写基本规范", "effective": "2010", "verb": "执行"},
            {"title": "医疗机构管理条例", "effective": "1994-09-01"}]}]
    edited(small, change)
    text = subprocess.run(["pdftotext", str(pdf_of(small, tmp_path)), "-"], capture_output=True, text=True).stdout
    flat = "".join(text.split())
    assert "《医疗废物管理条例》（国务院令第380号），自2003年6月16日起实施。" in flat
    assert "《病历书写基本规范》，自2010年起执行。" in flat
    assert "《医疗机构管理条例》，自1994年9月1日起施行。" in flat  # 施行 unless written


def _columns(pdf, header: str) -> list[float]:
    """The widths of the columns of the table whose first row starts with `header`."""
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            for table in page.find_tables():
                if (table.extract()[0][0] or "").replace("\n", "") == header:
                    return [cell[2] - cell[0] for cell in table.rows[0].cells]
    raise AssertionError(f"no table starting with {header}")


def test_columns_are_as_wide_as_their_content_needs_or_as_declared(small, tmp_path):
    rows = [["一级", "核心业务系统全院中断，或者预计中断超过三十分钟，影响全院诊疗", "10 分钟", "行政总值班、信息科科长、分管副院长"],
            ["二级", "一个院区或者多个科室的业务中断", "20 分钟", "信息科值班人员"]]

    def change(data):
        data["sections"]["procedures"][1]["clauses"] = [
            {"type": "table", "title": "故障分级", "columns": ["级别", "判定标准", "到场时限", "报告对象"], "rows": rows},
            {"type": "table", "title": "声明宽度", "columns": ["甲", "乙", "丙"], "widths": [1, 2, 1],
             "rows": [["一", "二", "三"]]}]
    edited(small, change)
    pdf = pdf_of(small, tmp_path)
    with pdfplumber.open(pdf) as document:
        cells = [table.extract() for page in document.pages for table in page.find_tables()
                 if (table.extract()[0][0] or "").replace("\n", "") == "级别"][0]
    assert [row[0] for row in cells] == ["级别", "一级", "二级"]  # the short column is never broken
    assert all("\n" not in (row[2] or "") for row in cells)    # nor 10 分钟
    level, rule, time, who = _columns(pdf, "级别")
    assert rule > 2.5 * level and who > 2 * time
    first, second, third = _columns(pdf, "甲")
    assert abs(second / first - 2) < 0.05 and abs(third / first - 1) < 0.05


def _lead_and_table_pages(pdf, lead: str, first_cell: str) -> tuple[int, int]:
    with pdfplumber.open(pdf) as document:
        pages = ["".join((page.extract_text() or "").split()) for page in document.pages]
    return (next(i for i, text in enumerate(pages) if lead in text), next(i for i, text in enumerate(pages) if first_cell in text))


def test_a_table_is_never_parted_from_its_lead_in_sentence(small, tmp_path):
    """Twelve lead-in sentences each followed by a table, with one to five lines of filler before
    each (without the rule, the eleventh lead-in ends page 2 and its table starts page 3): each
    lead-in is on the page where its table starts."""
    def change(data):
        clauses = []
        for n in range(12):
            clauses += [f"说明文字第{n}段：" + "按规定执行相关的应急处置措施。" * (1 + n % 5),
                        {"text": f"引导句{n}按下表执行："},
                        {"type": "table", "columns": ["项目", "内容"], "rows": [[f"首格{n}", "第一行"], ["次格", "第二行"]]}]
        data["sections"]["procedures"][2]["clauses"] = clauses
    edited(small, change)
    pdf = pdf_of(small, tmp_path)
    for n in range(12):
        lead, table = _lead_and_table_pages(pdf, f"引导句{n}按下表执行", f"首格{n}")
        assert lead == table, n


@pytest.mark.parametrize("filler", [4, 10])
def test_the_approval_table_is_never_split_across_pages(small, tmp_path, filler):
    """Six signatories (without the rule, these fillers split their table over two pages)."""
    def change(data):
        data["sections"]["procedures"][3]["clauses"] = ["报告内容应当完整、准确，不得迟报、漏报、瞒报。"] * filler
        data["signatories"] += [{"role": f"审核{i}", "name": f"审核人{i}", "title": "科长"} for i in range(1, 5)]
    edited(small, change)
    pdf = pdf_of(small, tmp_path, f"doc-{filler}.pdf")
    with pdfplumber.open(pdf) as document:
        pages = ["".join((page.extract_text() or "").split()) for page in document.pages]
    holding = {i for i, text in enumerate(pages) for name in ("部门负责人：", "分管副院长：", "审核人1", "审核人4") if name in text}
    assert len(holding) == 1, holding


def test_the_watermark_leaves_every_sentence_of_the_text_layer_whole(small, tmp_path):
    edited(small, lambda data: data.__setitem__("approvals", data["approvals"][:1]))  # one approval missing
    project = planpress.load(small)
    draft = project.documents[0]
    assert draft.state is State.DRAFT  # approvals missing: 草稿 on every page
    pdf = pdf_of(small, tmp_path)
    assert marks_per_page(pdf) == [{"草稿"}] * len(marks_per_page(pdf))  # drawn on every page
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "草" not in text and "稿" not in text
    flat = "".join(text.split())
    for clause in draft.walk():
        for paragraph in clause.paragraphs:
            assert "".join(paragraph.split()) in flat, paragraph
