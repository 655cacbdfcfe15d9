"""Word documents of the hospital's kinds, written by the tests (no binary fixtures): a policy
(制度) with typed or automatic numbering, and a plan (预案) with a decision table, scenarios, a
contact appendix and running header/footer fields."""

from __future__ import annotations

import re
from pathlib import Path

from docxmaker import Maker, level, numbering

# (kind, typed number, text): sec/c2/c3/c4 = decimal levels, a/a) = list levels, p = plain, table
POLICY = [
    ("sec", "1", "目的"), ("p", "", "规范医疗安全（不良）事件的报告和处理，及时发现和消除安全隐患，保障患者安全。"),
    ("sec", "2", "适用范围"), ("p", "", "全院各临床、医技科室和职能部门。"),
    ("sec", "3", "定义/术语"),
    ("c2", "3.1", "医疗安全（不良）事件：在诊疗活动中发生的、可能影响患者诊疗结果或增加患者痛苦和负担的事件。"),
    ("c2", "3.2", "近似错误：错误在到达患者之前被发现并纠正的事件。"),
    ("sec", "4", "权责"), ("c2", "4.1", "医务科负责不良事件的受理、调查和分析；"), ("c2", "4.2", "各科室负责及时报告本科室发生的不良事件。"),
    ("sec", "5", "规程"),
    ("c2", "5.1", "报告原则"),
    ("c3", "5.1.1", "主动报告：鼓励员工主动报告，报告不与个人奖惩挂钩。"),
    ("c3", "5.1.2", "非惩罚性：对主动报告的个人和科室不予处罚。"),
    ("c2", "5.2", "报告程序"),
    ("c3", "5.2.1", "发生不良事件后，当事人应立即采取补救措施，防止损害扩大。"),
    ("c3", "5.2.2", "当事人或科室负责人按分级规定的时限向医务科报告，并填写《医疗安全不良事件报告表》。"),
    ("c3", "5.2.3", "医务科接到报告后："),
    ("c4", "5.2.3.1", "核实事件经过，必要时到现场调查；"),
    ("c4", "5.2.3.2", "组织相关科室进行根本原因分析，提出整改措施。"),
    ("c2", "5.3", "分级与报告时限"),
    ("p", "", "表 1 不良事件分级与报告时限"),
    ("table", "", [["级别", "定义", "报告时限"], ["Ⅰ级", "警讯事件：造成患者死亡或永久性功能丧失", "立即电话报告，24 小时内书面报告"],
                   ["Ⅱ级", "不良后果事件", "24 小时内"], ["Ⅲ级", "未造成后果事件", "72 小时内"],
                   ["备注", "Ⅰ级、Ⅱ级事件须同时报告分管院长", ""]]),
    ("c2", "5.4", "整改与反馈"),
    ("p", "", "医务科每季度汇总分析不良事件，反馈至各科室："),
    ("a", "a.", "汇总本季度事件的类别和分级；"), ("a", "b.", "分析共性原因："),
    ("a)", "a)", "制度与流程方面的原因；"), ("a)", "b)", "人员培训方面的原因；"),
    ("a", "c.", "提出改进措施并跟踪落实。"),
    ("sec", "6", "工作流程"), ("p", "", "无。"),
    ("sec", "7", "标准/依据"),
    ("c2", "7.1", "《医疗质量管理办法》（国家卫生和计划生育委员会令第10号），自2016年11月1日起施行。"),
    ("c2", "7.2", "《医疗质量安全核心制度要点》，自2018年4月18日起施行。"),
    ("sec", "8", "表单附件"), ("c2", "8.1", "H-J-ZD-015-A.01 医疗安全不良事件报告表"),
    ("sec", "9", "文件修订记录"),
    ("table", "", [["修订日期", "修订后版本", "更改的内容描述", "修订部门"], ["2023年2月15日", "A/1", "调整报告时限", "医务科"]]),
    ("sec", "10", "审核批准"),
    ("table", "", [["部门", "", "审核/批准签字", "签署日期"], ["主办", "医务科", "部门负责人：张明", "2023年2月20日"],
                   ["审核", "质量管理科", "科长：李华", "2023年2月25日"], ["院领导批准", "", "分管副院长：刘迎恩", "2023年2月28日"]]),
    ("p", "", "附件 1 H-J-ZD-015-A.01 医疗安全不良事件报告表"),
    ("table", "", [["报告日期", "科室", "事件经过", "报告人"]] + [["", "", "", ""]] * 8),
]

POLICY_PROCEDURES = [
    {"title": "报告原则", "clauses": [{"label": "主动报告", "text": "鼓励员工主动报告，报告不与个人奖惩挂钩。"},
                                  {"label": "非惩罚性", "text": "对主动报告的个人和科室不予处罚。"}]},
    {"title": "报告程序", "clauses": [
        "发生不良事件后，当事人应立即采取补救措施，防止损害扩大。",
        "当事人或科室负责人按分级规定的时限向医务科报告，并填写《医疗安全不良事件报告表》。",
        {"text": "医务科接到报告后：", "clauses": ["核实事件经过，必要时到现场调查；", "组织相关科室进行根本原因分析，提出整改措施。"]}]},
    {"title": "分级与报告时限", "clauses": [{"type": "table", "title": "不良事件分级与报告时限", "columns": ["级别", "定义", "报告时限"],
                                         "rows": [["Ⅰ级", "警讯事件：造成患者死亡或永久性功能丧失", "立即电话报告，24 小时内书面报告"],
                                                  ["Ⅱ级", "不良后果事件", "24 小时内"], ["Ⅲ级", "未造成后果事件", "72 小时内"],
                                                  ["备注", {"text": "Ⅰ级、Ⅱ级事件须同时报告分管院长", "span": 2}]]}]},
    {"title": "整改与反馈", "text": "医务科每季度汇总分析不良事件，反馈至各科室：",
     "items": ["汇总本季度事件的类别和分级；", {"text": "分析共性原因：", "items": ["制度与流程方面的原因；", "人员培训方面的原因；"]},
               "提出改进措施并跟踪落实。"]},
]

LEVELS = {"sec": (1, 0), "c2": (1, 1), "c3": (1, 2), "c4": (1, 3), "a": (2, 0), "a)": (2, 1)}


def auto_numbering() -> str:
    decimal = [level(0, "decimal", "%1", style="Heading1"), level(1, "decimal", "%1.%2"), level(2, "decimal", "%1.%2.%3"),
               level(3, "decimal", "%1.%2.%3.%4")]
    lists = [level(0, "lowerLetter", "%1."), level(1, "lowerLetter", "%2)"), level(2, "decimalEnclosedCircle", "%3")]
    return numbering({0: decimal, 1: lists}, {1: (0, {}), 2: (1, {}), 3: (1, {0: 1})})


def write(path: Path, content, number: str, title: str, automatic: bool, merge_last_row: bool = True, **header) -> Path:
    maker = Maker()
    if automatic:
        maker.set_numbering(auto_numbering())
        maker.style_numbering("Heading 1", 1, 0)  # sections: style-linked numbering (pStyle → numPr)
    maker.header_block(number, title, **header)
    lists_started = 0
    for kind, typed, text in content:
        if kind == "table":
            merges = [(len(text) - 1, 1, 2)] if merge_last_row and text[-1][0] == "备注" else []
            maker.table(text, merge=merges)
        elif kind == "p" or not automatic:
            if automatic or kind == "p":
                maker.p(text)
            else:
                maker.p(f"{typed} {text}" if kind in ("sec", "c2", "c3", "c4") else f"{typed}{text}")
        elif kind == "sec":
            maker.p(text, style="Heading 1")
        else:
            num, ilvl = LEVELS[kind]
            if kind == "a" and typed == "a.":
                lists_started += 1
            maker.p(text, num=num if lists_started <= 1 or kind not in ("a", "a)") else 3, ilvl=ilvl)
    return maker.save(path)


def policy(path: Path, automatic: bool) -> Path:
    return write(path, POLICY, "H-J-ZD-015", "医疗安全不良事件报告制度", automatic, version="A / 1", revised="2023年2月15日")


PLAN = [
    ("sec", "1", "目的"), ("p", "", "保障信息系统发生故障时诊疗工作不中断。"),
    ("sec", "2", "适用范围"), ("p", "", "全院信息系统。"),
    ("sec", "3", "定义/术语"), ("p", "", "无。"),
    ("sec", "4", "权责"), ("c2", "4.1", "信息科负责本预案的制定和解释。"),
    ("sec", "5", "规程"),
    ("c2", "5.1", "组织机构与职责"),
    ("c3", "5.1.1", "成立信息系统故障应急领导小组。"),
    ("a", "a.", "人员构成："), ("p", "", "组长：分管副院长"), ("p", "", "成员：信息科科长、医务科科长、护理部主任"),
    ("a", "b.", "人员职责："), ("a)", "a)", "决定启动和终止应急响应；"), ("a)", "b)", "协调各部门的应急处置工作。"),
    ("c2", "5.2", "故障分级"),
    ("p", "", "表 1 故障分级与响应"),
    ("table", "", [["级别", "判定标准", "响应"], ["一级", "全院 HIS 系统中断", "立即启动应急领导小组"],
                   ["二级", "单个系统中断超过 30 分钟", "信息科处置并报告医务科"], ["备注", "停机超过 4 小时按一级处理", ""]]),
    ("c2", "5.3", "应急处置措施"),
    ("c3", "5.3.1", "网络中断"),
    ("a", "a.", "发现人员应立即电话报告信息科，说明故障范围。"),
    ("a", "b.", "信息科值班人员接报后 10 分钟内到达现场排查。"),
    ("c3", "5.3.2", "停电：各科室发现停电后立即通知总务科，并启用应急照明。"),
    ("sec", "6", "工作流程"), ("p", "", "无。"),
    ("sec", "7", "标准/依据"),
    ("c2", "7.1", "GB/T 29639-2020 生产经营单位生产安全事故应急预案编制导则"),
    ("sec", "8", "表单附件"), ("c2", "8.1", "H-J-YA-031-A.01 信息系统故障应急联络表"),
    ("sec", "9", "文件修订记录"), ("table", "", [["修订日期", "修订后版本", "更改的内容描述"], ["", "", ""]]),
    ("sec", "10", "审核批准"),
    ("table", "", [["部门", "", "审核/批准签字", "签署日期"], ["主办", "信息科", "部门负责人：周强", "2024年1月5日"],
                   ["院领导批准", "", "分管副院长：刘迎恩", "2024年1月8日"]]),
    ("p", "", "附件 1 H-J-YA-031-A.01 信息系统故障应急联络表"),
    ("table", "", [["科  室", "电话（滨河院区）", "电话（大学院区）"], ["信息科", "3216192", "3212852"],
                   ["护理部", "3216100", "3212700"], ["保卫科", "3216566", "3212755"]]),
    ("p", "", "备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。"),
]


def plan(path: Path, automatic: bool = True) -> Path:
    maker_path = write(path, PLAN, "H-J-YA-031", "信息系统故障应急预案", automatic, category="全院文件-应急管理",
                       owner="信息科", effective="2024年1月10日", pages="2")
    import docx
    document = docx.Document(str(maker_path))
    section = document.sections[0]
    section.header.paragraphs[0].text = "H-J-YA-031 信息系统故障应急预案 受控"
    footer = section.footer.paragraphs[0]
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    footer.text = "第 "
    footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    footer.add_run(" 页")
    document.save(str(path))
    return path


def seed_word_paragraphs() -> list[str]:
    """The body of the seed (1 目的 … 8 表单附件) as the paragraphs of the Word file it was printed
    from: its typed clause numbers kept, with their defects (5.4.4 missing, 5.4.5 twice); the line
    breaks of the extracted text rejoined (a paragraph ends at a heading, a roster line or 。；：)."""
    from seedtext import CLAUSE_START, SEED, normalise
    body = SEED[SEED.index("1 目的"):SEED.index("9 文件修订记录")]
    out: list[str] = []
    closed = True
    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            continue
        numbered = CLAUSE_START.match(line)
        if numbered or closed:
            out.append(line)
        else:
            out[-1] += line
        rest = CLAUSE_START.sub("", line)
        heading = bool(numbered) and len(normalise(rest)) <= 12 and not re.search(r"[，。；]", rest)
        roster = bool(re.fullmatch(r"[^，。；：]{1,6}：[^，。；]+", normalise(line)))
        closed = heading or roster or line.endswith(("。", "；", "："))
    return out


def seed(path: Path) -> Path:
    """H-J-YA-028 as a Word file in the seed's defective typed numbering: title, header table,
    the body paragraphs, the revision and approval tables, the contact appendix."""
    from seedtext import appendix_rows
    maker = Maker()
    maker.header_block("H-J-YA-028", "病案保护及信息安全应急预案", category="全院文件-应急管理", owner="医务科",
                       publisher="质量管理科", effective="2020年 8月 10日", version="A / 0", pages="4", revised="年  月   日")
    for text in seed_word_paragraphs():
        maker.p(text)
    maker.p("9 文件修订记录")
    maker.table([["修订日期", "修订后版本", "更改的内容描述"]])
    maker.p("10 审核批准")
    maker.table([["部    门", "", "审核/批准签字", "签署日期"], ["主  办", "医务科", "部门负责人：孙晓琳", "2020年 8月 10日"],
                 ["院领导批准", "", "分管副院长：刘迎恩", "2020年 8月 10日"]], merge=[(0, 0, 1)])
    maker.p("附件 1 H-J-YA-028-A.01病案保护及信息安全应急预案快速联络通信表")
    maker.table([["科  室", "电话（滨河院区）", "电话（大学院区）"]] + [list(row) for row in appendix_rows()])
    maker.p("备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。")
    maker.header_footer("H-J-YA-028 病案保护及信息安全应急预案")
    return maker.save(path)
