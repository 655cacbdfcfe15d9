"""Forms of the original read into the form block's parts (planpress/importer/forms.py): each line
as fields, checkboxes, an opinion or a note only when those parts print every letter of it; an
attachment that is all form parts as `form:`, one with other text as clauses holding a `type: form`
block where the form stands; a table of content stays a table. (The corpus, tests/corpus.py,
imports whole forms of each shape from Word and from LibreOffice PDFs.)"""

from __future__ import annotations

import pytest

from corpus import Maker, header_table, sign_table
from importcheck import load_yaml, new_project
from planpress.importer import run
from planpress.importer.data import plain
from planpress.importer.forms import is_form_line, line_part, table_parts
from planpress.importer.stream import Cell, Place, Table


@pytest.mark.parametrize("line, part", [
    ("院区：□滨河院区　□大学院区　　年度：________　　第　　页",
     {"fields": [{"label": "院区", "options": ["滨河院区", "大学院区"]}, {"label": "年度", "width": 4},
                 {"label": "第", "width": 2, "after": "页"}]}),
    ("申请人：____________　工号：________　申请日期：____年__月__日", {"fields": ["申请人", {"label": "工号", "width": 4}, "申请日期"]}),
    ("年龄：____岁　性别：□男 □女", {"fields": [{"label": "年龄", "width": 2, "after": "岁"}, {"label": "性别", "options": ["男", "女"]}]}),
    ("姓　　名：________　　借阅时间：____年__月__日", {"fields": [{"label": "姓名", "width": 4}, {"label": "借阅时间", "date": True}]}),
    ("填报日期：________", {"fields": [{"label": "填报日期", "width": 4}]}),  # a plain blank after a label ending 日期
    ("借阅目的：□医疗 □教学 □其他______", {"choices": {"label": "借阅目的", "options": ["医疗", "教学", {"text": "其他", "width": 3}]}}),
    ("□门诊　□住院", {"choices": {"options": ["门诊", "住院"]}}),
    ("科室意见：__________　签字：________　日期：____年__月__日", {"opinion": "科室意见"}),
    ("病案室意见：______ 经办人签字：______ 日期：____年__月__日",
     {"opinion": {"title": "病案室意见", "sign": [{"label": "经办人签字", "width": 3}, "日期"]}}),
    # room to sign, then the date as written (its blanks kept as full-width spaces); ____年 is a date's year
    ("科主任签字：　　　　　　年　　月　　日", {"fields": [{"label": "科主任签字", "after": "年　　月　　日"}]}),
    ("负责人签名：          年   月   日", {"fields": [{"label": "负责人签名", "width": 5, "after": "年　　月　　日"}]}),
    ("签字：________年____月____日", {"fields": [{"label": "签字", "date": True}]}),
    ("签字日期：　　　　年　　月　　日", {"fields": ["签字日期"]}),
    ("患者姓名：\u2002\u2002\u2002\u2002\u2002　床号：\u2002\u2002\u2002\u2002\u2002",  # Word's text form fields
     {"fields": [{"label": "患者姓名", "width": 4}, {"label": "床号", "width": 3}]}),
])
def test_a_line_of_a_form_is_read_into_its_part(line, part):
    assert plain(line_part(line)) == part
    assert is_form_line(line)


@pytest.mark.parametrize("line", [
    "本表一式两份，科室、医务科各存一份。",   # a sentence: no form part prints it
    "备注　　年度：___",                      # words parted by spaces are no label
    "编号：H-J-YA-060-A.02",                 # a printed value is no blank to fill in
    "□医疗 另附说明",                        # a word after the checkboxes
])
def test_a_line_that_is_not_all_form_is_not_taken(line):
    assert line_part(line) is None
    assert not is_form_line(line)


def test_a_lead_in_ending_with_a_colon_is_not_a_field():
    assert not is_form_line("填写复印登记：")  # the end of a sentence a PDF broke, not a field with its blank
    assert is_form_line("联系电话：　　　　")
    assert is_form_line("科主任审核意见：")  # an opinion's title alone: room to write and the signature line follow


def test_an_opinion_over_rows_and_a_line_of_fields_under_a_grid_are_their_parts():
    rows = [[Cell("序号"), Cell("姓名"), Cell("科室")], [Cell(""), Cell(""), Cell("")], [Cell(""), Cell(""), Cell("")],
            [Cell("科室意见：", 3)], [Cell("", 3)], [Cell("签字：　　　　日期：　　年　　月　　日", 3)],
            [Cell("填表人：________　填表日期：____年__月__日", 3)]]
    assert plain(table_parts(Table(rows, Place()))) == [
        {"grid": {"columns": ["序号", "姓名", "科室"], "rows": 2}}, {"opinion": {"title": "科室意见", "lines": 1}},
        {"fields": [{"label": "填表人", "width": 4}, "填表日期"]}]
    rows = [[Cell("序号"), Cell("姓名"), Cell("科室")], [Cell(""), Cell(""), Cell("")],
            [Cell("科室负责人意见"), Cell("", 2)], [Cell("签字：________　日期：____年__月__日", 3)]]
    assert plain(table_parts(Table(rows, Place())))[1:] == [{"opinion": "科室负责人意见"}]


def test_label_cells_with_a_date_or_checkboxes_are_fields_above_the_grid():
    rows = [[Cell("借用科室"), Cell(""), Cell("借用人"), Cell("")],
            [Cell("借用日期"), Cell("　　年　　月　　日"), Cell("预计归还"), Cell("　　年　　月　　日")],
            [Cell("紧急程度"), Cell("☐普通　☐紧急"), Cell("联系电话"), Cell("")],
            [Cell("设备名称"), Cell("型号"), Cell("数量"), Cell("备注")], [Cell(""), Cell(""), Cell(""), Cell("")]]
    assert plain(table_parts(Table(rows, Place()))) == [
        {"fields": ["借用科室", "借用人"]}, {"fields": ["借用日期", {"label": "预计归还", "date": True}]},
        {"fields": [{"label": "紧急程度", "options": ["普通", "紧急"]}, "联系电话"]},
        {"grid": {"columns": ["设备名称", "型号", "数量", "备注"], "rows": 1}}]


def test_word_checkbox_symbols_are_written_as_characters_the_fonts_have(tmp_path):
    maker = Maker()
    _plan(maker, "H-J-LC-092")
    maker.p("报修科室：__________　　紧急程度：☐普通　☐紧急")
    maker.table([["设备名称", "外观", "功能"], ["", "☐正常　☐异常", "☑正常　☒异常"], ["", "", ""]])
    root = new_project(tmp_path / "project")
    result = run(maker.save(tmp_path / "报修.docx"), root)
    assert not set("☐☑☒") & set(result.text)
    form = load_yaml(result.path)["attachments"][0]["form"]
    assert form[1]["grid"]["rows"] == [["", "□正常　□异常", "■正常　■异常"], ["", "", ""]]
    [finding] = [f for f in result.report.findings if "符号字体" in f.message]
    assert "“☐”改成“□”（2 处）、“☑”改成“■”（1 处）" in finding.message  # the options are drawn by the form block


def test_legacy_form_fields_of_word_keep_their_checkboxes(tmp_path):
    """Word's legacy form fields (窗体域) show no text for a checkbox: each is read as □ (☑ when
    ticked, written ■), so a line of them is a choices part, not words without their boxes."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    from planpress.importer.docx import paragraph_text

    def checkbox(paragraph, ticked):
        begin = (f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="C"/><w:checkBox><w:sizeAuto/>'
                 f'<w:default w:val="{int(ticked)}"/></w:checkBox></w:ffData></w:fldChar></w:r>')
        for xml in (begin, f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>',
                    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'):
            paragraph._p.append(parse_xml(xml))

    maker = Maker()
    _plan(maker, "H-J-LC-093")
    paragraph = maker.p("会诊类型：")
    for text, ticked in (("普通会诊　", False), ("急会诊", False)):
        checkbox(paragraph, ticked)
        paragraph.add_run(text)
    ticked = maker.p("")
    checkbox(ticked, True)
    ticked.add_run("已告知")
    maker.table([["会诊科室", "会诊目的"], ["", ""], ["", ""]])
    root = new_project(tmp_path / "project")
    result = run(maker.save(tmp_path / "会诊.docx"), root)
    form = load_yaml(result.path)["attachments"][0]["form"]
    assert form[0] == {"choices": {"label": "会诊类型", "options": ["普通会诊", "急会诊"]}}
    assert paragraph_text(ticked._p) == "☑已告知"
    assert form[1] == {"choices": {"options": ["已告知"]}}


def _plan(maker: Maker, number: str) -> None:
    maker.p("信息设备报修流程")
    header_table(maker, number, "全院文件-医疗管理", "信息科", "2024年6月1日")
    for text in ("1 目的", "规范信息设备的报修。", "2 适用范围", "全院各科室。", "3 定义/术语", "无。", "4 权责", "4.1 信息科负责维修。",
                 "5 规程", "5.1 科室填写报修单，信息科接单后维修。", "6 工作流程", "无。", "7 标准/依据",
                 "7.1 《医疗机构管理条例》（国务院令第149号），自1994年9月1日起施行。", "8 表单附件", "8.1 {n}-A.01 信息设备报修单",
                 "9 文件修订记录", "无。", "10 审核批准"):
        maker.p(text.replace("{n}", number))
    sign_table(maker, [["主办", "信息科", "科长：赵敏", "2024年5月20日"], ["院领导批准", "", "分管副院长：刘迎恩", "2024年5月28日"]])
    maker.p(f"附件 1 {number}-A.01 信息设备报修单")


def test_a_form_with_a_line_no_part_holds_comes_in_as_clauses_around_a_form_block(tmp_path):
    maker = Maker()
    _plan(maker, "H-J-LC-090")
    maker.p("（本单一式两联，第一联科室留存，第二联交信息科）")
    maker.p("报修科室：__________　　报修人：________　　报修日期：____年__月__日")
    maker.table([["设备名称", "故障现象", "维修结果"], ["", "", ""], ["", "", ""]])
    maker.p("信息科意见：__________　　签字：________　　日期：____年__月__日")
    root = new_project(tmp_path / "project")
    result = run(maker.save(tmp_path / "报修.docx"), root)
    attachment = load_yaml(result.path)["attachments"][0]
    assert attachment["clauses"] == [
        "（本单一式两联，第一联科室留存，第二联交信息科）",
        {"type": "form", "form": [{"fields": [{"label": "报修科室", "width": 5}, {"label": "报修人", "width": 4}, "报修日期"]},
                                  {"grid": {"columns": ["设备名称", "故障现象", "维修结果"], "rows": 2}}, {"opinion": "信息科意见"}]}]
    [finding] = [f for f in result.report.of("未能归入") if "附件 1" in f.message]
    assert "本单一式两联" in finding.message


def test_a_table_of_content_in_an_attachment_stays_a_table(tmp_path):
    maker = Maker()
    _plan(maker, "H-J-LC-091")
    maker.table([["设备", "报修电话", "备注"], ["电脑", "8001", ""], ["打印机", "8002", "先自查纸张"], ["网络", "8003", ""]])
    root = new_project(tmp_path / "project")
    result = run(maker.save(tmp_path / "报修.docx"), root)
    attachment = load_yaml(result.path)["attachments"][0]
    assert "form" not in attachment
    assert attachment["clauses"][0]["type"] == "table"
