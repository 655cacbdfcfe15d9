"""Forms as hospitals print them (issue 21, item 1), read back where a user reads them.

The procedure H-J-LC-041 of the examples has a report form with every kind of part
(fields with blanks and checkboxes, a checkbox group, a grid with a three-row merged header, three
opinion blocks with 签字 and 日期, a note), a form in the first syntax, and a form standing in a
clause; the examples' H-Z-ZD-102 has an application form. Checked: the PDF's text (pdfplumber's
lines) and the positions of the merged header cells and the signature lines (pdfplumber); the
site's printable page, printed by Chromium; the fingerprint of the first syntax; and check's
Chinese messages for forms written wrong.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from conftest import run_cli
from formsproject import CHAPTERS, FORMS, make, page_lines as lines
from pdfcheck import read
from sitetools import CHROMIUM, CHROMIUM_ARGS, serve


def pdf_of(root: Path, number: str) -> Path:
    return next((root / "build" / number).glob(f"{number}_*.pdf"))


def form_page(root: Path, number: str, heading: str) -> int:
    """The index of the page whose body starts with the attachment's heading."""
    pdf = pdf_of(root, number)
    count = len(read(pdf))
    return next(i for i in range(count) if lines(pdf, i)[1].startswith(heading))  # [0]: the running header


def words(pdf: Path, page: int) -> dict[str, dict]:
    with pdfplumber.open(pdf) as document:
        found = document.pages[page].extract_words(keep_blank_chars=False)
    return {w["text"]: w for w in found}


def test_the_form_prints_on_a_page_of_its_own_with_fields_checkboxes_and_opinions(forms_built):
    index = form_page(forms_built, FORMS, "附件1H-J-LC-041-A.01医疗安全不良事件报告单")
    found = lines(pdf_of(forms_built, FORMS), index)
    assert "文件编号H-J-LC-041表单编号H-J-LC-041-A.01版本/修订A/0" in found
    assert "院区□滨河院区□大学院区年度第页" in found
    assert "报告人科室工号申请日期年月日" in found
    assert "事件类别：□诊疗□护理□药品□医疗器械□院内感染□其他" in found
    for opinion in ("科室负责人意见：", "医务科意见：", "分管院长意见："):
        assert opinion in found
    assert found.count("签字日期年月日") == 2 and found.count("经办人签字日期年月日") == 1
    body = "".join(found)
    assert "填表说明：事件类别可多选。本单一式两份，科室和医务科各留一份。" in body
    assert body.index("院区") < body.index("处置经过") < body.index("科室负责人意见") < body.index("填表说明")


def test_merged_header_cells_stand_over_the_columns_they_span(forms_built):
    pdf = pdf_of(forms_built, FORMS)
    found = words(pdf, form_page(forms_built, FORMS, "附件1H-J-LC-041-A.01"))
    over, time_, start, end, action = (found[w] for w in ("处置经过", "时间", "开始", "结束", "处置措施"))
    number, result = found["序号"], found["处置结果"]

    def middle(word):
        return (word["x0"] + word["x1"]) / 2

    assert over["top"] < time_["top"] < start["top"]  # three header rows
    assert start["x0"] < middle(over) < action["x1"] and start["x0"] < middle(time_) < end["x1"]
    assert middle(time_) < action["x0"] and abs(middle(time_) - (middle(start) + middle(end)) / 2) < 3  # 时间 over 开始 and 结束
    for spanning in (number, result):  # a column without sub-columns spans the three rows: centred in them
        assert over["top"] < spanning["top"] < start["top"]


def test_signature_and_field_blanks_are_lines_to_write_on(forms_built):
    pdf = pdf_of(forms_built, FORMS)
    index = form_page(forms_built, FORMS, "附件1H-J-LC-041-A.01")
    with pdfplumber.open(pdf) as document:
        page = document.pages[index]
        labels = [w for w in page.extract_words() if w["text"] in ("签字", "经办人签字", "申请日期", "报告人")]
        rules = [e for e in page.edges if e["orientation"] == "h" and e["width"] > 15]
    assert len(labels) == 5
    for label in labels:  # a rule starts right after the label, on its baseline
        assert any(0 <= rule["x0"] - label["x1"] < 8 and abs(rule["top"] - label["bottom"]) < 4 for rule in rules), label


def test_the_first_form_syntax_is_a_form_of_one_grid_with_the_same_fingerprint(tmp_path):
    from planpress import load

    root = make(tmp_path / "project")
    path = root / "source" / f"{FORMS}.yaml"
    before = load(root).document(FORMS)
    old = "    form:\n      columns: [日期, 科室, 事件, 报告人]\n      rows: 10\n"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, "    form:\n      - grid: {columns: [日期, 科室, 事件, 报告人], rows: 10}\n"), "utf-8")
    assert load(root).document(FORMS).fingerprint == before.fingerprint
    path.write_text(text.replace(old, "    form:\n      - grid: {columns: [日期, 科室, {title: 事件, width: 20}, 报告人], rows: 10}\n"),
                    "utf-8")
    assert load(root).document(FORMS).fingerprint != before.fingerprint


def test_a_form_in_a_clause_stays_with_its_lead_in(forms_built):
    pdf = pdf_of(forms_built, FORMS)
    pages = ["".join(lines(pdf, i)) for i in range(len(read(pdf)))]
    lead = next(i for i, page in enumerate(pages) if "登记内容如下：" in page)
    body = pages[lead]
    assert body.index("登记内容如下：") < body.index("电话报告登记") < body.index("接报后30分钟内由医务科科长复核")


def test_the_form_is_a_printable_page_of_the_site(forms_built, tmp_path):
    site = forms_built / "site"
    document = (site / FORMS / "index.html").read_text("utf-8")
    assert 'href="H-J-LC-041-A.01/"' in document  # 打印本表
    printable = (site / FORMS / "H-J-LC-041-A.01" / "index.html").read_text("utf-8")
    assert '<th colspan="3">处置经过</th>' in printable and '<th rowspan="3">序号</th>' in printable
    assert "□滨河院区" in printable and "科室负责人意见：" in printable and "填表说明：" in printable
    assert (site / CHAPTERS / "H-Z-ZD-102-A.01" / "index.html").is_file()

    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(base + f"{FORMS}/H-J-LC-041-A.01/")
        assert page.locator(".md-header").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".md-header").is_visible() and not page.locator(".md-footer").is_visible()
        assert not page.get_by_text("用浏览器的打印").is_visible()  # the page's own note is not printed
        grid = page.locator("table.pp-form-grid")
        assert grid.is_visible()
        printed = page.pdf(format="A4")
        browser.close()
    out = tmp_path / "printed-form.pdf"
    out.write_bytes(printed)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "医疗安全不良事件报告单" in text and "□滨河院区" in text and "受控文件示例" not in text


@pytest.mark.parametrize("old,new,expected,at", [
    ("      - choices:\n", "      - fields: [甲]\n        grid: {columns: [乙], rows: 1}\n      - choices:\n",
     ("表单的一部分只能写一种，这里写了 fields、grid",), "- fields: [甲]"),
    ("          - {label: 院区, options: [滨河院区, 大学院区]}", "          - {label: 院区, options: [滨河院区, 大学院区], width: 4}",
     ("填写项“院区”写了勾选项 options，又写了 width",), "{label: 院区, options"),
    ("                      - [{text: 接报后 30 分钟内由医务科科长复核, span: 4}]",
     "                      - [{text: 接报后 30 分钟内由医务科科长复核, span: 3}]",
     ("表单表格的第 2 行有 3 格，表格有 4 列",), "span: 3}]"),
    ("                  columns: [{title: 开始, width: 4}, {title: 结束, width: 4}]",
     "                  columns: [{title: 开始, columns: [{title: 时, columns: [分]}]}, {title: 结束, width: 4}]",
     ("表头有 5 层合并，最多 3 层",), "            - {title: 序号, width: 3}"),
    ("      - choices:\n          label: 事件类别", "      - choises:\n          label: 事件类别",
     ("不认识的字段“choises”", "您是不是要写“choices”"), "- choises:"),
    ("          rows: 4\n", "          rows: 0\n", ("数值 0 超出范围", "应在 1 到 40 之间"), "rows: 0"),
])
def test_a_form_written_wrong_is_told_in_chinese_at_its_line(tmp_path, old, new, expected, at):
    root = make(tmp_path / "project")
    path = root / "source" / f"{FORMS}.yaml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    result = run_cli("check", root=root)
    assert result.status == 1 and "Traceback" not in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, result.stderr
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), start=1) if at in text)
    assert f"{FORMS}.yaml:{line}:" in result.stderr, result.stderr
