"""Tables and pages that read well (issue 21, item 3), checked on the built PDFs and cards.

The layout variants of tests/formsproject.py are twelve plans identical but for their filler:
six move a table (after its lead-in sentence) down the page a line at a time, six move their
six-row approval table down three lines at a time, so that some of them would put a page break
between the lead-in and its table, or inside the approval table, if the layout let it.
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pdfplumber

from formsproject import ARTICLES, FORMS, LEAD_IN, VARIANTS
from pdfcheck import FOOTER_MM, HEADER_MM, MM, read, watermarks



def pdf_of(root: Path, number: str) -> Path:
    return next((root / "build" / number).glob(f"{number}_*.pdf"))


def pdftotext_bodies(pdf: Path) -> str:
    """pdftotext's text of each page's body (running header and footer cropped), pages joined, no
    whitespace: what a reader gets copying the text out."""
    with pdfplumber.open(pdf) as document:
        sizes = [(page.width, page.height) for page in document.pages]
    bodies = []
    for number, (width, height) in enumerate(sizes, start=1):
        top, bottom = HEADER_MM * MM, height - FOOTER_MM * MM
        out = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-x", "0", "-y", str(int(top)),
                              "-W", str(int(width)), "-H", str(int(bottom - top)), str(pdf), "-"],
                             capture_output=True, text=True, check=True).stdout
        bodies.append(out)
    return re.sub(r"\s+", "", "".join(bodies))


def test_the_watermark_leaves_every_sentence_whole_in_the_text_layer(forms_built):
    from planpress import load

    project = load(forms_built)
    for number in ("H-Z-ZD-101", FORMS):
        pdf = pdf_of(forms_built, number)
        assert all(marks == {"草稿"} for marks in watermarks(pdf))  # drawn on every page
        text = pdftotext_bodies(pdf)
        assert "草稿" not in text and "稿" not in text
        prose = [paragraph for clause in project.document(number).walk() for paragraph in clause.paragraphs]
        sentences = [s for paragraph in prose for s in re.split(r"(?<=[。；：])", re.sub(r"\s+", "", paragraph))
                     if len(s) >= 12]
        assert len(sentences) > 10
        missing = [s for s in sentences if s not in text]
        assert not missing, missing[:5]


def test_a_table_never_parts_from_its_lead_in(forms_built):
    for index in range(VARIANTS):
        pages = read(pdf_of(forms_built, f"H-J-LC-{60 + index:03d}"))
        lead = next(i for i, page in enumerate(pages) if LEAD_IN in page.body)
        body = pages[lead].body
        assert "表1到场时限级别到场时限一级10分钟" in body[body.index(LEAD_IN):], index


def test_the_approval_table_is_never_split_across_pages(forms_built):
    for index in range(VARIANTS):
        pages = read(pdf_of(forms_built, f"H-J-LC-{70 + index:03d}"))
        holding = [i for i, page in enumerate(pages) if any(name in page.body for name in ("周敏", "吴涛"))]
        assert len(holding) == 1, index
        body = pages[holding[0]].body
        assert "审核批准部门" in body and body.index("科长：周敏") < body.index("吴涛"), index


def test_columns_are_balanced_from_their_content(forms_built):
    """H-J-YA-031's grading table: short columns keep their words on one line (WeasyPrint's own
    layout squeezed 级别 to one character and broke 到场时限 in two); a declared width holds."""
    pdf = pdf_of(forms_built, "H-J-YA-031")
    index = next(i for i, page in enumerate(read(pdf)) if "表1信息系统故障分级" in page.body)
    with pdfplumber.open(pdf) as document:
        words = [w["text"] for w in document.pages[index].extract_words()]
    for word in ("级别", "到场时限", "一级", "二级", "三级"):
        assert word in words, word
    pdf = pdf_of(forms_built, FORMS)
    index = next(i for i, page in enumerate(read(pdf)) if "表1不良事件分级与处理时限" in page.body)
    with pdfplumber.open(pdf) as document:
        chars = document.pages[index].chars
    level = next(c for c in chars if c["text"] == "Ⅰ")  # the first cells of the two columns, left aligned
    criterion = min((c for c in chars if c["text"] == "造" and abs(c["top"] - level["top"]) < 12), key=lambda c: c["x0"])
    assert 3 * 10.5 < criterion["x0"] - level["x0"] < 18 * MM  # 级别 has its 3 characters' room, and no more


def test_a_reference_keeps_its_verb_and_its_date_as_given(forms_built):
    text = read(pdf_of(forms_built, FORMS))
    body = "".join(page.body for page in text)
    assert "《医疗质量安全事件报告暂行规定》（卫医管发〔2011〕4号），自2011年4月1日起实施。" in body
    assert "《医疗质量安全核心制度要点》，自2018年4月起施行。" in body
    assert "《全国医疗安全不良事件报告系统使用规范》，自2017年起施行。" in body


def test_a_card_title_never_leaves_one_character_alone_on_a_line(forms_built):
    card = forms_built / "build" / ARTICLES / "cards" / f"{ARTICLES}_A-0_archive-water_binhe.pdf"
    with pdfplumber.open(card) as pdf:
        chars = [c for c in pdf.pages[0].chars if c["size"] > 45]  # the 54 pt title
    lines = defaultdict(str)
    for char in chars:
        lines[round(char["top"])] += char["text"]
    assert "".join(lines.values()) == "病案库房突发性漏水" and len(lines) == 2
    assert all(len(line) >= 2 for line in lines.values()), dict(lines)
