"""Word files: typed and automatic numbering give the same tree; tables with merged cells; a blank
form; the revision record and approvals; a plan's scenarios and its contact appendix."""

from __future__ import annotations

import shutil

import pytest

import importdocs
from conftest import REPO, run_cli
from importcheck import load_yaml
from planpress.importer import run
from planpress.importer.numbering import format_value
from planpress.sources.marks import UNKNOWN_ORIGINAL


@pytest.fixture
def project(tmp_path):
    (tmp_path / "source").mkdir()
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, tmp_path / "source" / name)
    return tmp_path


@pytest.mark.parametrize("automatic", [False, True], ids=["typed", "automatic"])
def test_a_policy_imports_to_its_clause_tree(tmp_path, project, automatic):
    path = importdocs.policy(tmp_path / "policy.docx", automatic)
    result = run(path, project, write=False)
    data = load_yaml_text(result.text)
    assert data["number"] == "H-J-ZD-015" and data["title"] == "医疗安全不良事件报告制度"
    assert (data["category"], data["owner"], data["publisher"], data["version"], data["effective"], data["revised"]) == \
        ("全院文件-医疗管理", "医务科", "质量管理科", "A/1", "2023-03-01", "2023-02-15")
    sections = data["sections"]
    assert sections["purpose"] == "规范医疗安全（不良）事件的报告和处理，及时发现和消除安全隐患，保障患者安全。"
    assert sections["definitions"] == ["医疗安全（不良）事件：在诊疗活动中发生的、可能影响患者诊疗结果或增加患者痛苦和负担的事件。",
                                       {"label": "近似错误", "text": "错误在到达患者之前被发现并纠正的事件。"}]
    assert sections["responsibilities"] == ["医务科负责不良事件的受理、调查和分析；", "各科室负责及时报告本科室发生的不良事件。"]
    assert sections["procedures"] == importdocs.POLICY_PROCEDURES
    assert sections["workflow"] == []
    assert sections["references"] == [{"type": "references", "items": [
        {"title": "医疗质量管理办法", "code": "国家卫生和计划生育委员会令第10号", "effective": "2016-11-01"},
        {"title": "医疗质量安全核心制度要点", "effective": "2018-04-18"}]}]
    assert data["attachments"] == [{"code": "A.01", "title": "医疗安全不良事件报告表",
                                    "form": {"columns": ["报告日期", "科室", "事件经过", "报告人"], "rows": 8}}]
    assert data["revisions"] == [{"date": "2023-02-15", "version": "A/1", "description": "调整报告时限", "by": "医务科"}]
    # 刘迎恩 is in the hospital's roster (his department cell is blank on the original); 张明 and 李华
    # are not: they are written by name, and their roster entries are only proposed in the report
    assert data["signatories"] == [{"role": "主办", "department": "医务科", "title": "部门负责人", "name": "张明"},
                                   {"role": "审核", "department": "质量管理科", "title": "科长", "name": "李华"},
                                   {"role": "院领导批准", "person": "liu-yingen", "department": ""}]
    # a paper approval counts only for a roster person: 张明's and 李华's wait (reported with their dates)
    assert data["approvals"] == [{"role": "院领导批准", "paper": {"date": "2023-02-28", "original": UNKNOWN_ORIGINAL}}]
    assert any("原件上“审核”李华的签字（2023-02-25）没有写进 approvals" in f.message for f in result.report.of("待核对"))
    assert result.proposed_people == ["zhang-ming（张明）", "li-hua（李华）"]
    assert result.writes()[-1][0] == result.path and all(p.name != "people.yaml" for p, _ in result.writes())
    proposal = next(f for f in result.report.findings if "李华" in f.message and f.kind == "待核对")
    assert "li-hua:\n    name: 李华\n    department: 质量管理科\n    title: 科长" in proposal.hint
    assert "纸质签批" in result.text
    assert not result.report.of("原文缺陷") and not result.report.of("未能归入")


def test_automatic_numbers_are_computed_not_read(tmp_path):
    """python-docx gives the text without Word's number: the resolver must supply it."""
    import docx
    path = importdocs.policy(tmp_path / "auto.docx", automatic=True)
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    assert "报告原则" in texts and not any(t.startswith("5.1") for t in texts)
    from planpress.importer import docx as reader
    numbers = [(p.number, p.text) for p in reader.read(path).items if getattr(p, "number", None)]
    assert ("5.2.3.2", "组织相关科室进行根本原因分析，提出整改措施。") in numbers
    assert ("10", "审核批准") in numbers and ("b)", "人员培训方面的原因；") in numbers
    assert ("c.", "提出改进措施并跟踪落实。") in numbers


@pytest.mark.parametrize("value, fmt, shown", [(3, "lowerLetter", "c"), (28, "lowerLetter", "bb"), (2, "upperLetter", "B"),
                                               (12, "chineseCounting", "十二"), (21, "chineseCounting", "二十一"),
                                               (3, "decimalEnclosedCircle", "③"), (4, "lowerRoman", "iv"),
                                               (2, "ideographTraditional", "乙"), (7, "decimalZero", "07")])
def test_number_formats(value, fmt, shown):
    assert format_value(value, fmt) == shown


def test_restart_and_start_override(tmp_path):
    from docxmaker import Maker, level, numbering
    maker = Maker()
    maker.set_numbering(numbering({0: [level(0, "chineseCounting", "（%1）"), level(1, "decimal", "%2）")]},
                                  {1: (0, {}), 2: (0, {0: 5})}))
    for text, num, ilvl in [("甲", 1, 0), ("子", 1, 1), ("丑", 1, 1), ("乙", 1, 0), ("寅", 1, 1), ("戊", 2, 0)]:
        maker.p(text, num=num, ilvl=ilvl)
    from planpress.importer import docx as reader
    stream = reader.read(maker.save(tmp_path / "restart.docx"))
    assert [(p.number, p.text) for p in stream.items] == [("（一）", "甲"), ("1）", "子"), ("2）", "丑"), ("（二）", "乙"),
                                                         ("1）", "寅"), ("（五）", "戊")]


def test_a_plan_with_a_decision_table_scenarios_and_a_contact_appendix(tmp_path, project):
    path = importdocs.plan(tmp_path / "plan.docx")
    before = (project / "source" / "contacts.yaml").read_text("utf-8")
    result = run_cli("import", str(path), root=project)
    assert result.status == 0, result.stderr
    data = load_yaml(project / "source" / "H-J-YA-031.yaml")
    procedures = data["sections"]["procedures"]
    assert procedures[0] == {"title": "组织机构与职责", "clauses": [{
        "type": "group", "text": "成立信息系统故障应急领导小组。",
        "composition": [{"role": "组长", "members": ["分管副院长"]}, {"role": "成员", "members": ["信息科科长", "医务科科长", "护理部主任"]}],
        "duties": ["决定启动和终止应急响应；", "协调各部门的应急处置工作。"]}]}
    assert procedures[1]["clauses"][0]["rows"][-1] == ["备注", {"text": "停机超过 4 小时按一级处理", "span": 2}]
    network, outage = procedures[2]["clauses"]
    assert network["type"] == "scenario" and network["title"] == "网络中断" and network["key"] == "network-outage"
    assert [s["text"] for s in network["steps"]] == ["发现人员应立即电话报告信息科，说明故障范围。", "信息科值班人员接报后 10 分钟内到达现场排查。"]
    assert network["steps"][0]["actor"] == "发现人员" and network["steps"][0]["call"] == ["it"]
    assert outage["title"] == "停电" and outage["steps"][0]["mentions"] == {"总务科": "general-affairs"}
    assert data["sections"]["references"] == [{"type": "references", "items": [
        {"title": "生产经营单位生产安全事故应急预案编制导则", "code": "GB/T 29639-2020"}]}]
    attachment = data["attachments"][0]
    assert attachment["code"] == "A.01" and attachment["contacts"] == ["it", "nursing", "security"]
    assert attachment["duty"] == {"label": "节假日行政总值班电话", "contact": "admin-duty"}
    # the new department is appended to the directory for review; no existing number changed
    after = (project / "source" / "contacts.yaml").read_text("utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert "# 待核对：由 planpress import 从 plan.docx" in after
    directory = load_yaml(project / "source" / "contacts.yaml")
    assert directory["contacts"]["nursing"] == {"name": "护理部", "phones": {"binhe": "3216100", "daxue": "3212700"}}
    assert directory["contacts"]["security"]["phones"]["binhe"] == "3216565"
    out = result.stdout
    assert "号码冲突：“保卫科”滨河院区的电话原文是 3216566，通讯录（source/contacts.yaml:28 security）是 3216565。" in out
    assert "plan.docx 第 5 个表格第 4 行: 原文缺陷: 号码冲突" in out  # the appendix table is the document's 5th
    assert "通讯录里没有“护理部”：导入新增条目 nursing" in out
    assert data["title"] == "信息系统故障应急预案"  # the page header holds number, title and 受控: not content
    assert "plan.docx 页眉: 说明: 原文页眉、页脚的文字（H-J-YA-031 信息系统故障应急预案 受控；第 1 页）不作为正文导入" in out


def load_yaml_text(text: str):
    from ruamel.yaml import YAML
    from importcheck import _dates
    return _dates(YAML(typ="safe").load(text))


def test_vertically_merged_cells_carry_their_text_down(tmp_path, project):
    """A table block has no row spans: a cell merged over rows (w:vMerge) reads in every row it covers."""
    from docxmaker import Maker
    maker = Maker()
    maker.header_block("H-J-ZD-030", "信息系统故障分级制度")
    for text in ("1 目的", "规范故障分级。", "2 适用范围", "全院信息系统。", "4 权责", "4.1 信息科负责分级。", "5 规程", "5.1 故障分级"):
        maker.p(text)
    table = maker.table([["级别", "判定标准", "响应"], ["一级", "全院系统中断", "立即报告"], ["", "数据泄露", "立即报告"],
                         ["二级", "单个科室中断", "30 分钟内"]])
    table.cell(1, 0).merge(table.cell(2, 0))
    for text in ("7 标准/依据", "7.1 《医疗质量管理办法》，自2016年11月1日起施行。"):
        maker.p(text)
    result = run(maker.save(tmp_path / "merged.docx"), project, write=False)
    data = load_yaml_text(result.text)
    block = data["sections"]["procedures"][0]["clauses"][0]
    assert block["columns"] == ["级别", "判定标准", "响应"]
    assert block["rows"] == [["一级", "全院系统中断", "立即报告"], ["一级", "数据泄露", "立即报告"], ["二级", "单个科室中断", "30 分钟内"]]
    assert "# 导入：第 1 列在原文里与上一行纵向合并，文字重复写在这一行" in result.text
    found = [f for f in result.report.findings if "纵向合并" in f.message]
    assert len(found) == 1 and found[0].kind == "待核对" and "第 3 行第 1 列" in found[0].message
    assert str(found[0].place) == "第 2 个表格"


def test_table_cells_with_a_department_and_its_numbers_become_contact_references(tmp_path, project):
    from docxmaker import Maker
    maker = Maker()
    maker.header_block("H-J-ZD-031", "信息系统报修制度")
    for text in ("1 目的", "规范报修。", "2 适用范围", "全院。", "4 权责", "4.1 信息科负责。", "5 规程", "5.1 报修电话"):
        maker.p(text)
    maker.table([["事项", "联系"], ["系统故障", "信息科 滨河院区 3216192 / 大学院区 3212852"],
                 ["门禁", "保卫科（滨河院区 3216566，大学院区 3212755）"], ["网络", "网络中心 3216300"],
                 ["外线", "拨打 3216000 转人工"], ["计费", "收费员 3216111"]])
    maker.p("7 标准/依据")
    maker.p("7.1 《医疗质量管理办法》，自2016年11月1日起施行。")
    result = run(maker.save(tmp_path / "cells.docx"), project, write=False)
    rows = load_yaml_text(result.text)["sections"]["procedures"][0]["clauses"][0]["rows"]
    assert [row[1] for row in rows] == [{"contact": "it"}, {"contact": "security"}, {"contact": "wang-luo"},
                                        "拨打 3216000 转人工", "收费员 3216111"]
    messages = [f.message for f in result.report.findings]
    assert any("号码冲突：表格里“保卫科”滨河院区的电话原文是 3216566" in m for m in messages)  # the directory's number stays
    assert any("表格里的“网络中心”通讯录里没有：导入新增条目 wang-luo" in m for m in messages)
    assert any("“收费员”不像通讯录里的科室或单位，导入按原文保留" in m for m in messages)
    assert result.new_contacts == ["wang-luo"] and "网络中心" in result.contacts_text


def _drawing_doc(tmp_path, parts: list[str], name: str):
    """A framed document whose section 6 is a Word drawing (a group of the given shapes)."""
    from docx.oxml import parse_xml
    from docxmaker import Maker
    from yamldocx import EMU, WPS
    maker = Maker()
    maker.header_block("H-J-LC-040", "报修流程")
    for text in ("1 目的", "规范报修。", "2 适用范围", "全院。", "4 权责", "4.1 信息科负责。", "5 规程", "5.1 按流程报修。", "6 工作流程"):
        maker.p(text)
    size = 500 * EMU
    group = (f'<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{size}" cy="{size}"/><a:chOff x="0" y="0"/>'
             f'<a:chExt cx="{size}" cy="{size}"/></a:xfrm></wpg:grpSpPr>{"".join(parts)}</wpg:wgp>')
    run_xml = (f'<w:r {WPS}><w:drawing><wp:inline><wp:extent cx="{size}" cy="{size}"/><wp:docPr id="1" name="图"/><a:graphic>'
               f'<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">{group}</a:graphicData>'
               f'</a:graphic></wp:inline></w:drawing></w:r>')
    maker.document.add_paragraph()._p.append(parse_xml(run_xml))
    for text in ("7 标准/依据", "7.1 《医疗质量管理办法》，自2016年11月1日起施行。"):
        maker.p(text)
    return maker.save(tmp_path / name)


def _arrow(shape_id: int, x1: float, y1: float, x2: float, y2: float) -> str:
    """A line with an arrowhead at its end, joined to no shape (drawn by hand)."""
    from yamldocx import EMU
    flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    return (f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Line"/><wps:cNvSpPr/><wps:spPr><a:xfrm{flip}>'
            f'<a:off x="{round(min(x1, x2) * EMU)}" y="{round(min(y1, y2) * EMU)}"/>'
            f'<a:ext cx="{round(abs(x2 - x1) * EMU)}" cy="{round(abs(y2 - y1) * EMU)}"/></a:xfrm>'
            f'<a:prstGeom prst="line"><a:avLst/></a:prstGeom><a:ln><a:tailEnd type="triangle"/></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>')


def test_a_word_flowchart_with_hand_drawn_arrows(tmp_path, project):
    from yamldocx import _shape
    parts = [_shape(2, 100, 0, 150, 36, "flowChartTerminator", "发现故障"), _shape(3, 100, 80, 150, 36, "flowChartDecision", "能否自行处理？"),
             _shape(4, 0, 180, 150, 36, "flowChartProcess", "自行处理并登记"), _shape(5, 250, 180, 150, 36, "flowChartProcess", "电话报修信息科"),
             _arrow(6, 175, 36, 175, 80), _arrow(7, 150, 116, 75, 180), _arrow(8, 200, 116, 325, 180),
             _shape(9, 90, 140, 20, 16, "rect", "能", line=False), _shape(10, 262, 140, 20, 16, "rect", "否", line=False)]
    result = run(_drawing_doc(tmp_path, parts, "arrows.docx"), project, write=False)
    (flow,) = load_yaml_text(result.text)["sections"]["workflow"]
    assert flow == {"type": "flow", "nodes": [{"text": "发现故障"}, {"text": "能否自行处理？", "branches": {"能": "n3", "否": "n4"}},
                                              {"key": "n3", "text": "自行处理并登记", "next": []}, {"key": "n4", "text": "电话报修信息科"}]}
    assert [f.message for f in result.report.of("未能归入")] == ["原文没有审核批准（签署人）。"]  # the test file has no section 10


def test_a_drawing_that_is_not_a_flowchart_keeps_its_text(tmp_path, project):
    from yamldocx import _shape
    result = run(_drawing_doc(tmp_path, [_shape(2, 0, 0, 200, 40, "rect", "报修电话见附件联络表")], "box.docx"), project, write=False)
    data = load_yaml_text(result.text)
    assert data["sections"]["workflow"] == ["报修电话见附件联络表"]
    assert any("原文这里有图形" in f.message and f.kind == "未能归入" for f in result.report.findings)
