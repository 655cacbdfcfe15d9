"""A corpus of Word documents of the shapes a hospital's controlled documents take, written by the
tests (python-docx and the OOXML python-docx has no API for), each with the structure it must
import to. tests/test_import_corpus.py imports every one (and the PDFs LibreOffice made of some,
tests/fixtures/corpus/, made by tests/make_corpus_pdfs.py), checks the completeness proof, runs
`check` and builds it, and compares the structure.

The shapes (issue 21):
- chapter_policy: a policy in chapter–article style (第一章 总则 / 第一条 … （一）（二）, article numbers
  running through the document), the header block as label–value lines, a table inside a chapter
  followed by a note, the review cycle in the text (每两年评审一次), an approval grid across
  (编写 | 审核 | 批准 over names and dates);
- heading_flow: Word heading styles with automatic multilevel numbering, body lists with their own
  multilevel numbering (a. → 1) → ①), the header block in Word's page header, a revision record at
  the top, a flowchart written as arrow text, page numbers in the footer;
- bare_start: a text that starts at “1 目的”: no title, no header (number and title from the file's
  name), approvals as a line (编写：… 审核：… 批准：…);
- form_plan: a plan whose section starts with a table followed by a paragraph, an attachment that
  starts with a table and a note, a contact appendix with a two-row header, a real form (fields
  with blanks, checkboxes, a grid with a two-row header and empty rows, opinion and signature lines,
  填表说明), a flowchart drawn as a Word table of boxes and arrows;
- grid_contacts: an approval grid of role–name pairs right under the header, contact cells with a
  landline and a mobile (座机 / 手机), a two-row table header, several revisions, a review cycle;
- drawing_notes: a flowchart of floating shapes (not grouped), a text box, a footnote;
- gbt_plan: a plan per GB/T 29639 (several teams, a grading table, six kinds of measures, a table
  of contents), a contact appendix with a note under it;
- list_sop: sections and clauses numbered by a multilevel list (not heading styles), items （1）,
  a table nested in a cell, an endnote, a blank approval grid (no names: nobody invented).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docxmaker import Maker as PlainMaker, level, numbering

W = nsdecls("w")


class Maker(PlainMaker):
    """Tables ruled as the hospital's documents draw them (Word's “Table Grid”)."""

    def table(self, rows, merge=(), style: str | None = "Table Grid"):
        return super().table(rows, merge, style)


@dataclasses.dataclass
class Expected:
    """What the import must find: header values, the structure of the sections as an outline
    (planpress.importer's data, see `outline`), the attachments' kinds, the signatories as
    (role, name) with no one invented, the review cycle, the flowcharts' boxes."""

    number: str
    title: str
    header: dict
    outline: dict
    attachments: list = dataclasses.field(default_factory=list)  # (code, kind)
    signatories: list = dataclasses.field(default_factory=list)  # (role, name or person key)
    review_cycle_years: int = 3
    flows: list = dataclasses.field(default_factory=list)        # [box texts] per flowchart
    revisions: list = dataclasses.field(default_factory=list)    # (date, version)
    frame: str | None = None                                     # the named frame it is written in
    forms: dict = dataclasses.field(default_factory=dict)        # attachment code or section → its form's parts


WIDTH = 12  # characters of a title or text an outline line shows


def outline(nodes, depth: int = 0) -> list[str]:
    """A section's clause tree as lines: a dot per level (a dash for a list item), then the first
    12 characters of the title, label or text; blocks as [table: columns], [flow: boxes],
    [scenario: title: steps], [group: title: roles], [references: n]."""
    if isinstance(nodes, str):
        return [nodes[:WIDTH]]
    out = []
    for node in nodes:
        pad = "." * depth
        if isinstance(node, str):
            out.append(pad + node[:WIDTH])
            continue
        kind = node.get("type")
        if kind == "table":
            out.append(pad + "[table: " + " | ".join(node["columns"]) + "]")
            continue
        if kind == "flow":
            out.append(pad + f"[flow: {len(node['nodes'])}]")
            continue
        if kind == "scenario":
            out.append(pad + f"[scenario: {node['title']}: {len(node['steps'])}]")
            continue
        if kind == "group":
            out.append(pad + f"[group: {node.get('title', '')}: " + "、".join(c["role"] for c in node["composition"]) + "]")
            continue
        if kind == "references":
            out.append(pad + f"[references: {len(node['items'])}]")
            continue
        if kind == "form":
            parts = node["form"]
            out.append(pad + "[form: " + (", ".join(next(iter(p)) for p in parts) if isinstance(parts, list) else "grid") + "]")
            continue
        if kind == "note":
            text = node["text"] if isinstance(node["text"], str) else node["text"][0]
            out.append(pad + f"[{node.get('label', '注')}] " + text[:WIDTH])
            continue
        text = node.get("text")
        first = text if isinstance(text, str) else (text[0] if text else "")
        out.append(pad + (node.get("title") or node.get("label") or first)[:WIDTH])
        for item in node.get("items", []):
            item_text = item if isinstance(item, str) else item.get("label") or item["text"]
            out.append(pad + "-" + item_text[:WIDTH])
            for sub in (item.get("items", []) if isinstance(item, dict) else []):
                out.append(pad + "--" + (sub if isinstance(sub, str) else sub["text"])[:WIDTH])
        out += outline(node.get("clauses", []), depth + 1)
    return out


def forms_of(data: dict) -> dict:
    """The forms of an imported document: each form attachment's by its code, the first form block
    of each section by the section's key."""
    found = {a["code"]: a["form"] for a in data["attachments"] if "form" in a}

    def first(nodes):
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict):
                if node.get("type") == "form":
                    return node["form"]
                inner = first(node.get("clauses", []))
                if inner is not None:
                    return inner
        return None

    for key, section in data["sections"].items():
        block = first(section)
        if block is not None:
            found[key] = block
    return found


def form_shape(form) -> list:
    """A form's parts without the widths of its blanks (a PDF keeps underscores but not spaces):
    each part's kind and what it says."""
    if isinstance(form, dict):
        form = [{"grid": form}]
    shape = []
    for part in form:
        kind, value = next(iter(part.items()))
        if kind == "fields":
            shape.append(["fields", [f if isinstance(f, str) else [f["label"], _texts(f.get("options", []))] for f in value]])
        elif kind == "choices":
            shape.append(["choices", value.get("label", ""), _texts(value["options"])])
        elif kind == "grid":
            shape.append(["grid", value["columns"], value["rows"]])
        elif kind == "opinion":
            shape.append(["opinion", value if isinstance(value, str) else value["title"],
                          [f if isinstance(f, str) else f["label"] for f in (value.get("sign", []) if isinstance(value, dict) else [])]])
        else:
            shape.append(["note", value.get("label", "注") if isinstance(value, dict) else "注"])
    return shape


def _texts(options) -> list[str]:
    return [o if isinstance(o, str) else o["text"] for o in options]


def cut(lines: list[str]) -> list[str]:
    """Expected outline lines written in full, cut as `outline` cuts them."""
    out = []
    for line in lines:
        prefix = line[:len(line) - len(line.lstrip(".-"))]
        body = line[len(prefix):]
        out.append(prefix + (body if body.startswith("[") else body[:WIDTH]))  # a note's text is cut where it is written
    return out


# -- helpers for what python-docx cannot write ---------------------------------------------------

def header_table(maker: Maker, number: str, category: str, owner: str, effective: str, version: str = "A / 0",
                 pages: str = "3", revised: str = "年  月  日", publisher: str = "质量管理科", where=None):
    """The hospital's header block (three rows), in the body or in a page header (`where`)."""
    rows = [["文件类别", category, "", "", "文件编号", number],
            ["制定部门", owner, "发布部门", publisher, "生效日期", effective],
            ["版本/修订", version, "文件总页码", pages, "修订日期", revised]]
    if where is None:
        table = maker.table(rows, merge=[(0, 1, 3)])
        return table
    from docx.shared import Cm
    table = where.add_table(rows=3, cols=6, width=Cm(16))
    table.style = maker.document.styles["Table Grid"]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 3))
    return table


def page_footer(maker: Maker) -> None:
    """第 X 页 共 Y 页 with Word's PAGE and NUMPAGES fields."""
    paragraph = maker.document.sections[0].footer.paragraphs[0]
    paragraph.text = "第 "
    paragraph._p.append(parse_xml(f'<w:fldSimple {W} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    paragraph.add_run(" 页 共 ")
    paragraph._p.append(parse_xml(f'<w:fldSimple {W} w:instr="NUMPAGES"><w:r><w:t>3</w:t></w:r></w:fldSimple>'))
    paragraph.add_run(" 页")


def add_note_part(maker: Maker, kind: str, notes: dict[int, str]) -> None:
    """A footnotes or endnotes part with the given notes (id → text), related from the document."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    tag = "footnote" if kind == "footnotes" else "endnote"
    body = "".join(f'<w:{tag} w:id="{n}"><w:p><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
                   f'</w:p></w:{tag}>' for n, text in notes.items())  # 9 points, as Word's footnote text
    separators = (f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
                  f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>')
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{kind} {W}>{separators}{body}</w:{kind}>'
    content_type = f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
    part = Part(PackURI(f"/word/{kind}.xml"), content_type, xml.encode("utf-8"), maker.document.part.package)
    maker.document.part.relate_to(part, RT.FOOTNOTES if kind == "footnotes" else RT.ENDNOTES)


def note_reference(paragraph, kind: str, note: int) -> None:
    tag = "footnoteReference" if kind == "footnotes" else "endnoteReference"
    paragraph._p.append(parse_xml(f'<w:r {W}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{tag} w:id="{note}"/></w:r>'))


def heading_numbering(maker: Maker) -> None:
    """Heading 1–3 numbered 1 / 1.1 / 1.1.1 by one multilevel list linked to the styles; body lists
    a. → 1) → ① (numId 2, restarted as numId 3 …)."""
    decimal = [level(0, "decimal", "%1", style="Heading1"), level(1, "decimal", "%1.%2", style="Heading2"),
               level(2, "decimal", "%1.%2.%3", style="Heading3")]
    lists = [level(0, "lowerLetter", "%1."), level(1, "decimal", "%2)"), level(2, "decimalEnclosedCircle", "%3")]
    maker.set_numbering(numbering({0: decimal, 1: lists}, {1: (0, {}), 2: (1, {}), 3: (1, {0: 1}), 4: (1, {0: 1}), 5: (1, {0: 1})}))
    for style, ilvl in (("Heading 1", 0), ("Heading 2", 1), ("Heading 3", 2)):
        maker.style_numbering(style, 1, ilvl)


def sign_table(maker: Maker, rows: list[list[str]]):
    return maker.table([["部门", "", "审核/批准签字", "签署日期"], *rows], merge=[(0, 0, 1)])


# -- 1 chapter_policy ----------------------------------------------------------------------------

CHAPTERS = [
    ("第一章 总则", [
        "第一条 为加强医疗安全管理，及时发现和消除医疗安全隐患，保障患者安全，根据《医疗质量管理办法》和《医疗质量安全核心制度要点》，结合本院实际，制定本办法。",
        "第二条 本办法适用于全院各临床、医技科室及职能部门。",
        "第三条 本办法所称医疗安全不良事件，是指在诊疗活动中发生的、可能影响患者诊疗结果、增加患者痛苦和负担的事件。"]),
    ("第二章 组织与职责", [
        "第四条 医院医疗质量与安全管理委员会负责全院医疗安全不良事件的管理，主要职责是：",
        "（一）审议医疗安全不良事件管理的制度和流程；",
        "（二）研究重大不良事件的处理意见；",
        "（三）督促各科室落实整改措施。",
        "第五条 医务科负责不良事件的受理、调查、分析和反馈，每季度向委员会报告。"]),
    ("第三章 报告与处理", [
        "第六条 不良事件按严重程度分为四级：",
        "（一）Ⅰ级事件（警讯事件）：非预期的死亡，或非疾病自然进展过程中造成的永久性功能丧失；",
        "（二）Ⅱ级事件（不良后果事件）：在诊疗过程中因诊疗活动而非疾病本身造成的患者机体与功能损害；",
        "（三）Ⅲ级事件（未造成后果事件）：虽然发生了错误事实，但未给患者机体与功能造成任何损害；",
        "（四）Ⅳ级事件（隐患事件）：由于及时发现，错误在对患者实施之前被发现并得到纠正。",
        "第七条 各级事件按下表时限报告：",
        ("table", [["事件级别", "报告时限", "报告方式"], ["Ⅰ级", "立即", "电话报告后补书面报告"], ["Ⅱ级", "24小时内", "书面报告"],
                   ["Ⅲ级、Ⅳ级", "72小时内", "网络直报"]]),
        "注：节假日期间发生的Ⅰ级、Ⅱ级事件同时报告行政总值班。",
        "第八条 医务科接到报告后应在2个工作日内组织调查，必要时进行根本原因分析。"]),
    ("第四章 附则", [
        "第九条 本办法由医务科负责解释。",
        "第十条 本办法每两年评审一次，必要时随时修订。",
        "第十一条 本办法自2024年3月1日起施行。"]),
]


def chapter_policy(path: Path) -> Path:
    maker = Maker()
    maker.p("医疗安全不良事件管理办法")
    maker.p("文件编号：H-J-ZD-040　　文件类别：全院文件-医疗管理")
    maker.p("制定部门：医务科　　发布部门：质量管理科")
    maker.p("生效日期：2024年3月1日　　版本/修订：A/1　　修订日期：2024年2月10日")
    for chapter, paragraphs in CHAPTERS:
        maker.p(chapter)
        for paragraph in paragraphs:
            if isinstance(paragraph, tuple):
                maker.table(paragraph[1])
            else:
                maker.p(paragraph)
    maker.p("修订记录")
    maker.table([["修订日期", "版本", "修订内容"], ["2024年2月10日", "A/1", "增加Ⅳ级事件和报告时限表"]])
    maker.table([["编写", "审核", "批准"], ["张明", "李华", "刘迎恩"], ["2024年2月20日", "2024年2月25日", "2024年2月28日"]])
    return maker.save(path)


def article_outline(chapters) -> list[str]:
    """The chapters as the chapter–article frame holds them: each chapter a clause titled by its
    name (第一章 taken off), each article a clause of it (第一条 taken off), its （一） items its
    items, a table in an article and the note under it that article's clauses."""
    out = []
    for chapter, paragraphs in chapters:
        out.append(chapter.split(" ", 1)[1])
        for paragraph in paragraphs:
            if isinstance(paragraph, tuple):
                out.append("..[table: " + " | ".join(paragraph[1][0]) + "]")
            elif paragraph.startswith("注："):
                out.append("..[注] " + paragraph.split("：", 1)[1][:WIDTH])
            elif paragraph.startswith("（"):
                out.append(".-" + paragraph.split("）", 1)[1])
            else:
                out.append("." + paragraph.split(" ", 1)[1])
    return out


CHAPTER_EXPECTED = Expected(
    "H-J-ZD-040", "医疗安全不良事件管理办法",
    {"category": "全院文件-医疗管理", "owner": "医务科", "publisher": "质量管理科", "version": "A/1", "effective": "2024-03-01"},
    {"chapters": article_outline(CHAPTERS)},
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")], review_cycle_years=2,
    revisions=[("2024-02-10", "A/1")], frame="制度")


# -- 2 heading_flow -------------------------------------------------------------------------------

def heading_flow(path: Path) -> Path:
    maker = Maker()
    heading_numbering(maker)
    section = maker.document.sections[0]
    section.header.paragraphs[0].text = "危急值报告流程"
    header_table(maker, "H-J-LC-050", "全院文件-医疗管理", "医务科", "2024年5月1日", version="A / 1", revised="2024年4月20日",
                 where=section.header)
    page_footer(maker)
    maker.p("修订记录")
    maker.table([["修订日期", "修订后版本", "更改的内容描述", "修订部门"], ["2024年4月20日", "A/1", "增加门诊危急值的报告路径", "医务科"]])
    h1 = lambda text: maker.p(text, style="Heading 1")  # noqa: E731
    h2 = lambda text: maker.p(text, style="Heading 2")  # noqa: E731
    h3 = lambda text: maker.p(text, style="Heading 3")  # noqa: E731
    h1("目的")
    maker.p("规范危急值的识别、报告和处置，保证危急值及时送达临床并得到处理。")
    h1("适用范围")
    maker.p("全院临床科室、医技科室。")
    h1("定义/术语")
    h2("危急值：检查、检验结果提示患者可能处于生命危险边缘，需要临床立即处置的数值。")
    h1("权责")
    h2("医技科室负责危急值的识别和报告。")
    h2("临床科室负责危急值的接收、复核和处置。")
    h1("规程")
    h2("危急值的识别")
    maker.p("医技人员发现危急值后，应立即复核：")
    maker.p("检查仪器和试剂状态；", num=2, ilvl=0)
    maker.p("核对标本信息：", num=2, ilvl=0)
    maker.p("患者姓名、住院号；", num=2, ilvl=1)
    maker.p("标本采集时间；", num=2, ilvl=1)
    maker.p("必要时重新检测。", num=2, ilvl=0)
    h2("危急值的报告")
    h3("住院患者：医技科室电话通知病区护士，护士记录后立即报告主管医生。")
    h3("门诊患者：医技科室电话通知开单医生；联系不上时通知门诊部。")
    h2("危急值的处置")
    maker.p("主管医生接到报告后30分钟内处置，并在病程记录中记录。")
    h1("工作流程")
    maker.p("医技科室发现危急值 → 复核确认 → 电话通知临床 → 护士登记并报告医生 → 医生处置并记录")
    h1("标准/依据")
    h2("《医疗质量安全核心制度要点》，自2018年4月18日起施行。")
    h1("表单附件")
    maker.p("无")
    h1("审核批准")
    maker.table([["编写", "医务科", "张明", "2024年4月25日"], ["审核", "质量管理科", "李华", "2024年4月27日"],
                 ["批准", "院领导", "刘迎恩", "2024年4月28日"]])
    return maker.save(path)


HEADING_EXPECTED = Expected(
    "H-J-LC-050", "危急值报告流程",
    {"category": "全院文件-医疗管理", "owner": "医务科", "publisher": "质量管理科", "version": "A/1", "effective": "2024-05-01",
     "revised": "2024-04-20"},
    {"purpose": ["规范危急值的识别、报告和处置"], "scope": ["全院临床科室、医技科室。"], "definitions": ["危急值"],
     "responsibilities": ["医技科室负责危急值的识别和报告。", "临床科室负责危急值的接收、复核和处置。"],
     "procedures": ["危急值的识别", "-检查仪器和试剂状态；", "-核对标本信息：", "--患者姓名、住院号；", "--标本采集时间；",
                    "-必要时重新检测。", "危急值的报告", ".住院患者", ".门诊患者", "危急值的处置"],
     "workflow": ["[flow: 5]"], "references": ["[references: 1]"]},
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")],
    flows=[["医技科室发现危急值", "复核确认", "电话通知临床", "护士登记并报告医生", "医生处置并记录"]],
    revisions=[("2024-04-20", "A/1")])


# -- 3 bare_start ---------------------------------------------------------------------------------

BARE = ["1 目的", "规范门禁卡的发放、使用和注销，保障医院重点区域安全。", "2 适用范围", "全院职工、进修实习人员和外包服务人员。",
        "3 定义/术语", "无。", "4 权责", "4.1 保卫科负责门禁卡的发放、授权和注销。", "4.2 各科室负责本科室人员门禁卡的申请和回收。",
        "5 规程", "5.1 申请：新入职人员由所在科室填写申请，报保卫科办理。", "5.2 使用：门禁卡只限本人使用，不得转借。",
        "5.3 挂失：门禁卡丢失时应立即报告保卫科挂失。", "5.4 注销：人员离职或调离时，科室收回门禁卡交保卫科注销。",
        "6 工作流程", "无。", "7 标准/依据", "7.1 《医院安全保卫工作规范》，自2019年1月1日起施行。", "8 表单附件", "无。",
        "9 文件修订记录", "无。", "10 审核批准", "编写：张明　　审核：李华　　批准：刘迎恩"]


def bare_start(path: Path) -> Path:
    maker = Maker()
    for text in BARE:
        maker.p(text)
    return maker.save(path)


BARE_EXPECTED = Expected(
    "H-J-ZD-041", "门禁卡管理规定", {},
    {"purpose": ["规范门禁卡的发放、使用和注销"], "scope": ["全院职工、进修实习人员和外包服务人员。"], "definitions": [],
     "responsibilities": ["保卫科负责门禁卡的发放、授权和注销。", "各科室负责本科室人员门禁卡的申请和回收。"],
     "procedures": ["申请", "使用", "挂失", "注销"], "workflow": [], "references": ["[references: 1]"]},
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")])


# -- 4 form_plan ----------------------------------------------------------------------------------

def flow_table(maker: Maker, boxes: list[str]):
    """A flowchart drawn as a one-column Word table: a box per row, ↓ in the rows between."""
    rows = []
    for n, box in enumerate(boxes):
        rows.append([box])
        if n + 1 < len(boxes):
            rows.append(["↓"])
    return maker.table(rows)


FORM_PLAN_FLOW = ["发现泄漏", "立即报告科室负责人和保卫科", "疏散无关人员，设置警戒", "穿戴防护用品处置泄漏物", "通风并检测，恢复正常"]


def form_plan(path: Path) -> Path:
    maker = Maker()
    maker.p("危险化学品泄漏应急预案")
    header_table(maker, "H-J-YA-060", "全院文件-应急管理", "保卫科", "2024年6月1日")
    for text in ("1 目的", "规范危险化学品泄漏的应急处置，减少人员伤害和环境污染。", "2 适用范围", "全院使用、储存危险化学品的科室。",
                 "3 定义/术语", "无。", "4 权责", "4.1 保卫科负责本预案的组织实施。", "4.2 使用科室负责日常防范和初期处置。", "5 规程"):
        maker.p(text)
    maker.table([["泄漏量", "级别", "响应"], ["少量（小于 500 毫升）", "一般", "科室自行处置"], ["大量（500 毫升及以上）", "较大", "启动本预案"]])
    maker.p("泄漏量难以判断时，按较大泄漏处理。")
    for text in ("5.1 应急处置措施", "5.1.1 少量泄漏", "a.现场人员应立即用吸附棉围堵泄漏物；", "b.科室负责人报告保卫科并登记。",
                 "5.1.2 大量泄漏", "a.现场人员应立即撤离并报告保卫科；", "b.保卫科通知行政总值班，启动本预案。",
                 "6 工作流程"):
        maker.p(text)
    flow_table(maker, FORM_PLAN_FLOW)
    for text in ("7 标准/依据", "7.1 《危险化学品安全管理条例》（国务院令第591号），自2011年12月1日起施行。",
                 "8 表单附件", "8.1 H-J-YA-060-A.01 危险化学品泄漏应急联络表", "8.2 H-J-YA-060-A.02 危险化学品泄漏处置登记表",
                 "9 文件修订记录"):
        maker.p(text)
    maker.table([["修订日期", "修订后版本", "更改的内容描述"], ["", "", ""]])
    maker.p("10 审核批准")
    sign_table(maker, [["主办", "保卫科", "部门负责人：王刚", "2024年5月20日"], ["院领导批准", "", "分管副院长：刘迎恩", "2024年5月28日"]])
    maker.p("附件 1 H-J-YA-060-A.01 危险化学品泄漏应急联络表")
    table = maker.table([["科室", "电话", ""], ["", "滨河院区", "大学院区"], ["保卫科", "3216565", "3212755"],
                         ["设备科", "8139169", "3212763"], ["检验科", "3216230", "3212730"]], merge=[(0, 1, 2)])
    table.cell(0, 0).merge(table.cell(1, 0))
    maker.p("备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。")
    maker.p("附件 2 H-J-YA-060-A.02 危险化学品泄漏处置登记表")
    maker.p("院区：□滨河院区　□大学院区　　　年度：________　　　第　　页")
    maker.p("填报科室：____________　　填报人：________　　工号：________　　填报日期：____年__月__日")
    grid = maker.table([["序号", "泄漏物质", "处置情况", "", "记录人"], ["", "", "措施", "结果", ""]]
                       + [["", "", "", "", ""] for _ in range(6)], merge=[(0, 2, 3)])
    for column in (0, 1, 4):
        grid.cell(0, column).merge(grid.cell(1, column))
    maker.p("科室意见：________________________　　签字：__________　　日期：____年__月__日")
    maker.p("保卫科意见：______________________　　签字：__________　　日期：____年__月__日")
    maker.p("填表说明：1. 每次泄漏处置后当日填写；2. 本表由保卫科保存三年。")
    return maker.save(path)


FORM_PLAN_FORM = [
    {"fields": [{"label": "院区", "options": ["滨河院区", "大学院区"]}, {"label": "年度", "width": 4},
                {"label": "第", "width": 2, "after": "页"}]},
    {"fields": ["填报科室", {"label": "填报人", "width": 4}, {"label": "工号", "width": 4}, "填报日期"]},
    {"grid": {"columns": ["序号", "泄漏物质", {"title": "处置情况", "columns": ["措施", "结果"]}, "记录人"], "rows": 6}},
    {"opinion": "科室意见"},
    {"opinion": "保卫科意见"},
    {"note": {"label": "填表说明", "text": "1. 每次泄漏处置后当日填写；2. 本表由保卫科保存三年。"}}]


FORM_EXPECTED = Expected(
    "H-J-YA-060", "危险化学品泄漏应急预案",
    {"category": "全院文件-应急管理", "owner": "保卫科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-06-01"},
    {"purpose": ["规范危险化学品泄漏的应急处置"], "scope": ["全院使用、储存危险化学品的科室。"], "definitions": [],
     "responsibilities": ["保卫科负责本预案的组织实施。", "使用科室负责日常防范和初期处置。"],
     "procedures": ["[table: 泄漏量 | 级别 | 响应]", "泄漏量难以判断时，按较大泄漏处理。", "应急处置措施",
                    ".[scenario: 少量泄漏: 2]", ".[scenario: 大量泄漏: 2]"],
     "workflow": ["[flow: 5]"], "references": ["[references: 1]"]},
    attachments=[("A.01", "contacts"), ("A.02", "form")],
    signatories=[("主办", "王刚"), ("院领导批准", "liu-yingen")], flows=[FORM_PLAN_FLOW], forms={"A.02": FORM_PLAN_FORM})


# -- 5 grid_contacts ------------------------------------------------------------------------------

def grid_contacts(path: Path) -> Path:
    maker = Maker()
    maker.p("院内紧急呼叫流程")
    header_table(maker, "H-J-LC-061", "全院文件-应急管理", "医务科", "2023年9月1日", version="A / 2", revised="2023年8月15日")
    maker.table([["编写", "张明", "审核", "李华", "批准", "刘迎恩"], ["日期", "2023年8月20日", "日期", "2023年8月25日", "日期", "2023年8月28日"]])
    for text in ("1 目的", "院内发生紧急情况时，迅速呼叫到能处置的人员。", "2 适用范围", "滨河院区、大学院区全体职工。", "3 定义/术语", "无。",
                 "4 权责", "4.1 医务科负责本流程的维护；各科室负责执行。", "5 规程", "5.1 紧急呼叫对象", "表 1 紧急呼叫对象"):
        maker.p(text)
    maker.table([["情况", "呼叫对象"], ["治安事件", "保卫科 座机 3216565 / 手机 13800001111"],
                 ["设备故障", "设备科 8139169、13912345678"], ["夜间行政事务", "行政总值班 3216116"]])
    maker.p("5.2 响应时限")
    table = maker.table([["情况", "到场时限", ""], ["", "工作时间", "非工作时间"], ["治安事件", "5 分钟", "10 分钟"],
                         ["设备故障", "15 分钟", "30 分钟"]], merge=[(0, 1, 2)])
    table.cell(0, 0).merge(table.cell(1, 0))
    for text in ("5.3 评审：本流程每年评审一次；组织机构调整时随时修订。", "6 工作流程", "无。", "7 标准/依据",
                 "7.1 《医疗机构管理条例》（国务院令第149号），自1994年9月1日起施行。", "8 表单附件", "无。", "9 文件修订记录"):
        maker.p(text)
    maker.table([["修订日期", "修订后版本", "更改的内容描述"], ["2022年3月1日", "A/1", "增加大学院区"],
                 ["2023年8月15日", "A/2", "更新呼叫对象和到场时限"]])
    return maker.save(path)


GRID_EXPECTED = Expected(
    "H-J-LC-061", "院内紧急呼叫流程",
    {"category": "全院文件-应急管理", "owner": "医务科", "publisher": "质量管理科", "version": "A/2", "effective": "2023-09-01",
     "revised": "2023-08-15"},
    {"purpose": ["院内发生紧急情况时，迅速呼叫"], "scope": ["滨河院区、大学院区全体职工。"], "definitions": [],
     "responsibilities": ["医务科负责本流程的维护；各科室负责执行。"],
     "procedures": ["紧急呼叫对象", ".[table: 情况 | 呼叫对象]", "响应时限",
                    ".[table: 情况 | 到场时限（工作时间） | 到场时限（非工作时间）]", "评审"],
     "workflow": [], "references": ["[references: 1]"]},
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")], review_cycle_years=1,
    revisions=[("2022-03-01", "A/1"), ("2023-08-15", "A/2")])


# -- 6 drawing_notes ------------------------------------------------------------------------------

ANCHOR_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
             'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
             'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ' + W)
EMU = 12700


def floating(shape_id: int, x: float, y: float, w: float, h: float, geometry: str, text: str | None = None,
             arrow: bool = False, outline: bool = True) -> str:
    """One shape floating by itself (wp:anchor), placed relative to the paragraph, as Word writes
    each shape a user draws without grouping them."""
    flip = ""
    if arrow and h < 0:
        flip, y, h = ' flipV="1"', y + h, -h
    body = ""
    if text:
        body = (f'<wps:txbx><w:txbxContent><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>')
    line = ('<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            + ('<a:tailEnd type="triangle"/>' if arrow else "") + "</a:ln>") if outline else "<a:ln><a:noFill/></a:ln>"
    shape = (f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Shape {shape_id}"/>{"<wps:cNvCnPr/>" if arrow else "<wps:cNvSpPr/>"}<wps:spPr>'
             f'<a:xfrm{flip}><a:off x="0" y="0"/><a:ext cx="{round(w * EMU)}" cy="{round(h * EMU)}"/></a:xfrm>'
             f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{line}</wps:spPr>{body}<wps:bodyPr/></wps:wsp>')
    return (f'<w:r {ANCHOR_NS}><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{shape_id}" '
            f'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="column"><wp:posOffset>{round(x * EMU)}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{round(y * EMU)}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{round(w * EMU)}" cy="{round(abs(h) * EMU)}"/><wp:wrapNone/><wp:docPr id="{shape_id}" name="Shape {shape_id}"/>'
            f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">{shape}'
            f'</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


DRAWN_FLOW = ["临床科室采集标本", "护工核对并装箱", "标本是否合格？", "送检验科签收", "退回临床重新采集"]
DRAWN_ORDER = ["临床科室采集标本", "护工核对并装箱", "标本是否合格？", "退回临床重新采集", "送检验科签收"]  # top to bottom


def drawing_notes(path: Path) -> Path:
    maker = Maker()
    maker.p("检验标本转运流程")
    header_table(maker, "H-J-LC-062", "全院文件-医疗管理", "检验科", "2024年7月1日")
    for text in ("1 目的", "保证检验标本及时、安全地送达检验科。", "2 适用范围", "全院住院病区和门诊采血室。", "3 定义/术语", "无。", "4 权责",
                 "4.1 护工负责标本的转运和交接。", "4.2 检验科负责标本的签收和不合格标本的退回。", "5 规程"):
        maker.p(text)
    paragraph = maker.p("5.1 标本采集后30分钟内送检，急诊标本随采随送。")
    note_reference(paragraph, "footnotes", 1)
    maker.p("5.2 转运箱应加盖密封，冷链标本放入冰袋。")
    boxed = maker.p("5.3 交接时双方核对标本数量并签字。")
    boxed._p.append(parse_xml(floating(90, 300, 16, 140, 40, "rect", "提示：转运途中不得打开转运箱")))
    maker.p("")
    maker.p("")
    maker.document.add_page_break()
    maker.p("6 工作流程")
    chart = maker.document.add_paragraph()
    shapes = [floating(11, 100, 0, 160, 30, "flowChartProcess", DRAWN_FLOW[0]),
              floating(12, 100, 60, 160, 30, "flowChartProcess", DRAWN_FLOW[1]),
              floating(13, 80, 115, 200, 50, "flowChartDecision", DRAWN_FLOW[2]),
              floating(14, 100, 200, 160, 30, "flowChartProcess", DRAWN_FLOW[3]),
              floating(15, 320, 125, 150, 30, "flowChartProcess", DRAWN_FLOW[4]),
              floating(21, 180, 30, 0, 30, "straightConnector1", arrow=True),
              floating(22, 180, 90, 0, 25, "straightConnector1", arrow=True),
              floating(23, 180, 165, 0, 35, "straightConnector1", arrow=True),
              floating(24, 280, 140, 40, 0, "straightConnector1", arrow=True),
              floating(31, 188, 174, 20, 16, "rect", "是", outline=False), floating(32, 290, 120, 20, 16, "rect", "否", outline=False)]
    for shape in shapes:
        chart._p.append(parse_xml(shape))
    for _ in range(15):  # empty lines that leave room for the drawing, as a user makes it
        maker.p("")
    for text in ("7 标准/依据", "7.1 WS/T 348-2011 尿液标本的收集及处理指南", "8 表单附件", "无。", "9 文件修订记录", "无。", "10 审核批准"):
        maker.p(text)
    sign_table(maker, [["主办", "检验科", "科主任：赵敏", "2024年6月20日"], ["院领导批准", "", "分管副院长：刘迎恩", "2024年6月25日"]])
    add_note_part(maker, "footnotes", {1: "急诊标本指急诊科、重症医学科开具的检验标本。"})
    return maker.save(path)


DRAWING_EXPECTED = Expected(
    "H-J-LC-062", "检验标本转运流程",
    {"category": "全院文件-医疗管理", "owner": "检验科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-07-01"},
    {"purpose": ["保证检验标本及时、安全地送达"], "scope": ["全院住院病区和门诊采血室。"], "definitions": [],
     "responsibilities": ["护工负责标本的转运和交接。", "检验科负责标本的签收和不合格标本的退回。"],
     "procedures": ["标本采集后30分钟内送检，急诊标本随采随送。", "转运箱应加盖密封，冷链标本放入冰袋。",
                    "交接时双方核对标本数量并签字。"],
     "workflow": ["[flow: 5]"], "references": ["[references: 1]"]},
    signatories=[("主办", "赵敏"), ("院领导批准", "liu-yingen")], flows=[DRAWN_ORDER])


# -- 7 gbt_plan -----------------------------------------------------------------------------------

def gbt_plan(path: Path) -> Path:
    maker = Maker()
    maker.p("停水停电应急预案")
    header_table(maker, "H-J-YA-063", "全院文件-应急管理", "总务科", "2024年1月15日")
    maker.p("目  录")
    toc = [("1 目的", "1"), ("2 适用范围", "1"), ("5 规程", "2"), ("附件 1 停水停电应急联络表", "5")]
    for text, page in toc:
        paragraph = maker.p(f"{text}\t{page}")
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:pStyle {W} w:val="TOC1"/>'))
    maker.document.styles.element.append(parse_xml(
        f'<w:style {W} w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/></w:style>'))
    for text in ("1 目的", "保障停水、停电时医疗工作不中断，患者安全不受影响。", "2 适用范围", "滨河院区、大学院区的计划停水停电和突发停水停电。",
                 "3 定义/术语", "无。", "4 权责", "4.1 总务科负责本预案的制定和组织实施。", "4.2 各科室负责本科室的应急准备和处置。", "5 规程",
                 "5.1 组织机构与职责", "5.1.1 应急领导小组", "a.人员构成：", "组长：分管副院长", "成员：总务科科长、医务科科长、护理部主任",
                 "b.人员职责：", "a)决定启动和终止应急响应；", "b)协调全院的应急处置工作。",
                 "5.1.2 现场处置组", "a.人员构成：", "组长：总务科科长", "成员：电工班、水工班", "b.人员职责：", "a)查找故障并抢修；",
                 "b)保障重点科室的供电供水。", "5.2 分级", "表 1 停水停电事件分级"):
        maker.p(text)
    maker.table([["级别", "情形"], ["一级", "全院停电超过 30 分钟，或重点科室停电"], ["二级", "局部停电、停水，预计 2 小时内恢复"]])
    for text in ("5.3 应急响应", "5.3.1 一级事件由应急领导小组组长宣布启动，二级事件由总务科科长决定。", "5.4 处置措施",
                 "5.4.1 停电", "a.发现停电的科室立即报告总务科，并启用应急照明；", "b.总务科应立即启动备用发电机；",
                 "c.重点科室检查不间断电源的运行。", "5.4.2 停水", "a.发现停水的科室立即报告总务科；", "b.总务科联系供水公司并启用储备水箱。",
                 "5.5 后期处置", "5.5.1 恢复供电供水后，各科室检查设备运行情况。", "5.6 应急保障",
                 "5.6.1 总务科每月检查备用发电机一次，每季度试运行一次。", "5.7 培训与演练", "5.7.1 每年组织一次停电应急演练。",
                 "6 工作流程", "无。", "7 标准/依据", "7.1 GB/T 29639-2020 生产经营单位生产安全事故应急预案编制导则", "8 表单附件",
                 "8.1 H-J-YA-063-A.01 停水停电应急联络表", "9 文件修订记录"):
        maker.p(text)
    maker.table([["修订日期", "修订后版本", "更改的内容描述"], ["", "", ""]])
    maker.p("10 审核批准")
    sign_table(maker, [["主办", "总务科", "科长：陈刚", "2024年1月5日"], ["院领导批准", "", "分管副院长：刘迎恩", "2024年1月10日"]])
    maker.p("附件 1 H-J-YA-063-A.01 停水停电应急联络表")
    maker.table([["科  室", "电话（滨河院区）", "电话（大学院区）"], ["总务科", "8289061", "3212765"], ["设备科", "8139169", "3212763"],
                 ["行政总值班", "3216116", "3212868"]])
    maker.p("注：电工班 24 小时值班，夜间可直接拨打总务科电话。")
    return maker.save(path)


GBT_EXPECTED = Expected(
    "H-J-YA-063", "停水停电应急预案",
    {"category": "全院文件-应急管理", "owner": "总务科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-01-15"},
    {"purpose": ["保障停水、停电时医疗工作不中断"], "scope": ["滨河院区、大学院区的计划停水停电"], "definitions": [],
     "responsibilities": ["总务科负责本预案的制定和组织实施。", "各科室负责本科室的应急准备和处置。"],
     # a team with a heading but no lead text stays a clause with its items (the model's group needs the text)
     "procedures": ["组织机构与职责", ".应急领导小组", ".-人员构成", ".-人员职责：", ".--决定启动和终止应急响应；",
                    ".--协调全院的应急处置工作。", ".现场处置组", ".-人员构成", ".-人员职责：", ".--查找故障并抢修；",
                    ".--保障重点科室的供电供水。", "分级", ".[table: 级别 | 情形]", "应急响应", ".一级事件由应急领导小组组长宣布启动",
                    "处置措施", ".[scenario: 停电: 3]", ".[scenario: 停水: 2]", "后期处置", ".恢复供电供水后，各科室检查",
                    "应急保障", ".总务科每月检查备用发电机一次", "培训与演练", ".每年组织一次停电应急演练。"],
     "workflow": [], "references": ["[references: 1]"]},
    attachments=[("A.01", "contacts")],  # the note under it is reported: a plan's cards need the contact table
    signatories=[("主办", "陈刚"), ("院领导批准", "liu-yingen")])


# -- 8 list_sop -----------------------------------------------------------------------------------

def list_sop(path: Path) -> Path:
    """Clauses numbered by a multilevel list on the paragraphs themselves (no heading styles):
    1 / 1.1 / 1.1.1, and （1） items; a table nested in a cell; an endnote; a blank approval grid."""
    maker = Maker()
    decimal = [level(0, "decimal", "%1"), level(1, "decimal", "%1.%2"), level(2, "decimal", "%1.%2.%3"),
               level(3, "decimal", "（%4）")]
    maker.set_numbering(numbering({0: decimal}, {1: (0, {})}))
    maker.p("输血前核对标准操作规程")
    header_table(maker, "H-J-ZD-071", "全院文件-医疗管理", "输血科", "2024年8月1日")
    items = [(0, "目的"), (None, "防止输血差错，保证输血安全。"), (0, "适用范围"), (None, "全院各输血科室。"), (0, "定义/术语"), (None, "无。"),
             (0, "权责"), (1, "输血科负责血液的发放和核对培训。"), (1, "临床科室负责输血前的床旁核对。"), (0, "规程"),
             (1, "取血核对"), (2, "取血人员与输血科人员共同核对以下内容："), (3, "患者姓名、住院号、血型；"), (3, "血液品种、数量和有效期；"),
             (3, "血袋外观有无破损、渗漏。"), (1, "床旁核对"), (2, "两名医护人员在床旁共同核对，并在输血记录单上签字。"),
             (1, "核对内容"), ("table", None), (0, "工作流程"), (None, "无。"), (0, "标准/依据"),
             (1, "《临床输血技术规范》，自2000年10月1日起施行。"), (0, "表单附件"), (None, "无。"), (0, "文件修订记录"), (None, "无。"),
             (0, "审核批准")]
    for depth, text in items:
        if depth == "table":
            outer = maker.table([["核对环节", "核对要点"], ["取血", ""], ["床旁", "双人核对"]])
            inner = outer.cell(1, 1).add_table(rows=2, cols=2)
            for r, row in enumerate([["项目", "方法"], ["血型", "查看交叉配血报告"]]):
                for c, value in enumerate(row):
                    inner.cell(r, c).text = value
            continue
        paragraph = maker.p(text, num=1 if depth is not None else None, ilvl=depth or 0)
        if text.startswith("两名医护人员"):
            note_reference(paragraph, "endnotes", 1)
    maker.table([["编写", "", "审核", "", "批准", ""], ["日期", "", "日期", "", "日期", ""]])
    add_note_part(maker, "endnotes", {1: "紧急抢救时可由一名医护人员核对，事后补签。"})
    return maker.save(path)


LIST_EXPECTED = Expected(
    "H-J-ZD-071", "输血前核对标准操作规程",
    {"category": "全院文件-医疗管理", "owner": "输血科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-08-01"},
    {"purpose": ["防止输血差错，保证输血安全。"], "scope": ["全院各输血科室。"], "definitions": [],
     "responsibilities": ["输血科负责血液的发放和核对培训。", "临床科室负责输血前的床旁核对。"],
     "procedures": ["取血核对", ".取血人员与输血科人员共同核对以下内容：", ".-患者姓名、住院号、血型；", ".-血液品种、数量和有效期；",
                    ".-血袋外观有无破损、渗漏。", "床旁核对", ".两名医护人员在床旁共同核对", "核对内容", ".[table: 核对环节 | 核对要点]"],
     "workflow": [], "references": ["[references: 1]"]},
    signatories=[("编写", None), ("审核", None), ("批准", None)])  # a blank grid: nobody invented


# -- 9 article_forms ------------------------------------------------------------------------------

ARTICLE_FORMS_CHAPTERS = [
    ("第一章 总则", [
        "为规范病案的借阅与复印，保护患者隐私和病案安全，根据《医疗机构病历管理规定（2013年版）》，制定本制度。",
        "本制度适用于全院各临床、医技科室及职能部门借阅、复印归档病案。"]),
    ("第二章 借阅", [
        "下列人员因工作需要，可以借阅归档病案：",
        ("（一）", "本院医务人员因医疗、会诊需要；"),
        ("（二）", "本院教学、科研人员因教学、科研需要，须经科主任同意；"),
        ("（三）", "医保、质控人员因审核需要，须提供："),
        ("1.", "医保或质控部门的书面通知；"),
        ("2.", "借阅人的工作证件。"),
        ("", "前款人员借阅时，由病案室核对身份后登记。"),
        "借阅病案须填写病案借阅申请单（附件1），经科室负责人签字，由病案室登记后借出。",
        "借阅期限不超过7个工作日；确需延长的，办理续借手续，续借以一次为限。"]),
    ("第三章 复印", [
        "患者本人或其委托代理人申请复印病案的，凭有效身份证明在病案室办理，并当场填写复印登记：",
        ("form", None),
        "公安、司法、保险等机构依法调取病案的，凭介绍信和经办人工作证件办理。"]),
    ("第四章 附则", ["本制度由医务科负责解释，自2024年9月1日起施行。"]),
]
COPY_FIELDS = "申请人：__________　　与患者关系：__________　　联系电话：______________"
COPY_CHOICES = "复印内容：□门（急）诊病历　□住院志　□体温单　□医嘱单　□检验报告　□其他__________"
COPY_GRID = [["病案号", "复印页数", "经办人", "领取人签字"], ["", "", "", ""], ["", "", "", ""]]
LOAN_FORM = [
    "院区：□滨河院区　□大学院区　　　年度：________　　　第　　页",
    "申请人：__________　　科室：__________　　工号：______　　申请日期：____年__月__日",
    "借阅目的：□医疗　□会诊　□教学　□科研　□医保审核　□其他____________",
    "grid",
    "科室负责人意见：", "", "",
    "签字：　　　　　　　　日期：　　　　年　　月　　日",
    "病案室意见：______________　　经办人签字：__________　　日期：____年__月__日",
    "填表说明：",
    "1. 借阅内容一栏，借阅的项目打“√”；同一申请单最多借阅6份病案。",
    "2. 借阅期限不超过7个工作日，归还时由病案室在“归还核对”栏签字。",
]


def loan_grid(maker: Maker):
    """序号 | 病案号 | 患者姓名 | 借阅内容 (住院病历 门诊病历 影像资料) | 应还日期 | 归还核对, rows 1–6 numbered."""
    rows = [["序号", "病案号", "患者姓名", "借阅内容", "", "", "应还日期", "归还核对"],
            ["", "", "", "住院病历", "门诊病历", "影像资料", "", ""]]
    rows += [[str(n), "", "", "", "", "", "", ""] for n in range(1, 7)]
    grid = maker.table(rows, merge=[(0, 3, 5)])
    for column in (0, 1, 2, 6, 7):
        grid.cell(0, column).merge(grid.cell(1, column))
    return grid


def article_forms(path: Path) -> Path:
    """A chapter–article policy whose articles Word numbers (第%1条, chineseCounting, through the
    document), with items （一） and 1. under them, a form in an article (fields, checkboxes, a
    grid) and a form attachment: fields, a choices line, a grid with a two-row header and printed
    row numbers, an opinion over its signature line, an opinion on one line, 填表说明 over its lines."""
    maker = Maker()
    maker.set_numbering(numbering({0: [level(0, "chineseCounting", "第%1条")]}, {1: (0, {})}))
    maker.p("病案借阅与复印管理制度")
    header_table(maker, "H-J-ZD-042", "全院文件-管理制度", "医务科", "2024年9月1日")
    for chapter, paragraphs in ARTICLE_FORMS_CHAPTERS:
        maker.p(chapter)
        for paragraph in paragraphs:
            if paragraph == ("form", None):
                maker.p(COPY_FIELDS)
                maker.p(COPY_CHOICES)
                maker.table(COPY_GRID)
            elif isinstance(paragraph, tuple):
                maker.p(f"{paragraph[0]}{paragraph[1]}")
            else:
                maker.p(paragraph, num=1)
    maker.p("编写：张明　　审核：李华　　批准：刘迎恩")
    maker.p("附件1 H-J-ZD-042-A.01 病案借阅申请单")
    for line in LOAN_FORM:
        if line == "grid":
            loan_grid(maker)
        else:
            maker.p(line)
    return maker.save(path)


LOAN_FORM_DATA = [
    {"fields": [{"label": "院区", "options": ["滨河院区", "大学院区"]}, {"label": "年度", "width": 4},
                {"label": "第", "width": 2, "after": "页"}]},
    {"fields": [{"label": "申请人", "width": 5}, {"label": "科室", "width": 5}, {"label": "工号", "width": 3}, "申请日期"]},
    {"choices": {"label": "借阅目的", "options": ["医疗", "会诊", "教学", "科研", "医保审核", {"text": "其他", "width": 6}]}},
    {"grid": {"columns": ["序号", "病案号", "患者姓名", {"title": "借阅内容", "columns": ["住院病历", "门诊病历", "影像资料"]},
                          "应还日期", "归还核对"],
              "rows": [[str(n), "", "", "", "", "", "", ""] for n in range(1, 7)]}},
    {"opinion": "科室负责人意见"},
    {"opinion": {"title": "病案室意见", "sign": [{"label": "经办人签字", "width": 5}, "日期"]}},
    {"note": {"label": "填表说明", "text": [LOAN_FORM[-2], LOAN_FORM[-1]]}},
]
COPY_FORM_DATA = [
    {"fields": [{"label": "申请人", "width": 5}, {"label": "与患者关系", "width": 5}, {"label": "联系电话", "width": 7}]},
    {"choices": {"label": "复印内容", "options": ["门（急）诊病历", "住院志", "体温单", "医嘱单", "检验报告", {"text": "其他", "width": 5}]}},
    {"grid": {"columns": COPY_GRID[0], "rows": 2}},
]


def _article_forms_outline() -> list[str]:
    out = []
    for chapter, paragraphs in ARTICLE_FORMS_CHAPTERS:
        out.append(chapter.split(" ", 1)[1])
        for paragraph in paragraphs:
            if paragraph == ("form", None):
                out.append("..[form: fields, choices, grid]")
            elif isinstance(paragraph, tuple) and paragraph[0].startswith("（"):
                out.append(".-" + paragraph[1])
            elif isinstance(paragraph, tuple) and paragraph[0]:
                out.append(".--" + paragraph[1])
            elif isinstance(paragraph, tuple):  # after the items: with the last one, as it stands
                out[-1] += " " + paragraph[1]
            else:
                out.append("." + paragraph)
    return out


ARTICLE_FORMS_EXPECTED = Expected(
    "H-J-ZD-042", "病案借阅与复印管理制度",
    {"category": "全院文件-管理制度", "owner": "医务科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-09-01"},
    {"chapters": _article_forms_outline()},
    attachments=[("A.01", "form")],
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")], frame="制度",
    forms={"A.01": LOAN_FORM_DATA, "chapters": COPY_FORM_DATA})


# -- 10 table_form --------------------------------------------------------------------------------

def application_table(maker: Maker):
    """A form drawn as one table: rows of label | blank cells, the grid, an opinion across the
    table, an opinion label | signature cell, a note across the table."""
    rows = [["姓名", "", "科室", "", "工号", ""],
            ["性别", "□男　□女", "职称", "", "进修期限", ""],
            ["进修单位", "", "", "", "进修专业", ""],
            ["序号", "进修内容", "起止时间", "带教老师", "学时", "备注"],
            ["", "", "", "", "", ""], ["", "", "", "", "", ""], ["", "", "", "", "", ""],
            ["", "", "", "", "", ""],
            ["科教科意见", "签字：　　　　日期：　　年　　月　　日", "", "", "", ""],
            ["填表说明：本表一式两份，科室和科教科各存一份。", "", "", "", "", ""]]
    table = maker.table(rows, merge=[(2, 1, 3), (7, 0, 5), (8, 1, 5), (9, 0, 5)])
    cell = table.cell(7, 0)
    cell.paragraphs[0].text = "科室意见："
    cell.add_paragraph("")
    cell.add_paragraph("签字：　　　　日期：　　年　　月　　日")
    return table


def assessment_grid(maker: Maker):
    rows = [["姓名", "进修单位", "考核成绩", "", "", "考核人"], ["", "", "理论", "操作", "汇报", ""]]
    rows += [["", "", "", "", "", ""] for _ in range(8)]
    grid = maker.table(rows, merge=[(0, 2, 4)])
    for column in (0, 1, 5):
        grid.cell(0, column).merge(grid.cell(1, column))
    return grid


def table_form(path: Path) -> Path:
    maker = Maker()
    maker.p("进修人员管理流程")
    header_table(maker, "H-J-LC-064", "全院文件-医疗管理", "科教科", "2024年8月1日")
    for text in ("1 目的", "规范外出进修人员的申请、审批和考核。", "2 适用范围", "全院卫生技术人员。", "3 定义/术语", "无。", "4 权责",
                 "4.1 科教科负责进修的审批和考核。", "4.2 各科室负责本科室进修计划的制定。", "5 规程",
                 "5.1 申请：进修人员填写外出进修申请表（附件1），经科室和科教科审批。",
                 "5.2 考核：进修结束后一周内，进修人员汇报进修情况，科教科填写进修考核记录表（附件2）。",
                 "5.3 登记：科教科按月登记外出进修人员，登记时填写下表：", "登记月份：________　　登记人：________"):
        maker.p(text)
    maker.table([["姓名", "科室", "进修单位", "起止时间"], ["", "", "", ""], ["", "", "", ""], ["", "", "", ""]])
    for text in ("6 工作流程", "无。", "7 标准/依据", "7.1 《继续医学教育规定（试行）》，自2000年12月1日起施行。", "8 表单附件",
                 "8.1 H-J-LC-064-A.01 外出进修申请表", "8.2 H-J-LC-064-A.02 进修考核记录表", "9 文件修订记录", "无。", "10 审核批准"):
        maker.p(text)
    sign_table(maker, [["主办", "科教科", "科长：赵敏", "2024年7月20日"], ["院领导批准", "", "分管副院长：刘迎恩", "2024年7月25日"]])
    maker.p("附件 1 H-J-LC-064-A.01 外出进修申请表")
    application_table(maker)
    maker.p("附件 2 H-J-LC-064-A.02 进修考核记录表")
    assessment_grid(maker)
    return maker.save(path)


APPLICATION_FORM_DATA = [
    {"fields": ["姓名", "科室", "工号"]},
    {"fields": [{"label": "性别", "options": ["男", "女"]}, "职称", "进修期限"]},
    {"fields": ["进修单位", "进修专业"]},
    {"grid": {"columns": ["序号", "进修内容", "起止时间", "带教老师", "学时", "备注"], "rows": 3}},
    {"opinion": "科室意见"},
    {"opinion": "科教科意见"},
    {"note": {"label": "填表说明", "text": "本表一式两份，科室和科教科各存一份。"}},
]
ASSESSMENT_FORM_DATA = [
    {"grid": {"columns": ["姓名", "进修单位", {"title": "考核成绩", "columns": ["理论", "操作", "汇报"]}, "考核人"], "rows": 8}}]
REGISTER_FORM_DATA = [
    {"fields": [{"label": "登记月份", "width": 4}, {"label": "登记人", "width": 4}]},
    {"grid": {"columns": ["姓名", "科室", "进修单位", "起止时间"], "rows": 3}},
]

TABLE_FORM_EXPECTED = Expected(
    "H-J-LC-064", "进修人员管理流程",
    {"category": "全院文件-医疗管理", "owner": "科教科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-08-01"},
    {"purpose": ["规范外出进修人员的申请、审批和考核。"], "scope": ["全院卫生技术人员。"], "definitions": [],
     "responsibilities": ["科教科负责进修的审批和考核。", "各科室负责本科室进修计划的制定。"],
     "procedures": ["申请", "考核", "登记", ".[form: fields, grid]"], "workflow": [], "references": ["[references: 1]"]},
    attachments=[("A.01", "form"), ("A.02", "form")],
    signatories=[("主办", "赵敏"), ("院领导批准", "liu-yingen")],
    forms={"A.01": APPLICATION_FORM_DATA, "A.02": ASSESSMENT_FORM_DATA, "procedures": REGISTER_FORM_DATA})


# -- 11 articles_only -----------------------------------------------------------------------------

ARTICLES = [
    "第一条 为保障病案库房及病案的安全，制定本规定。",
    "第二条 病案库房实行专人管理，管理人员负责：",
    "（一）库房的防火、防水、防盗；",
    "（二）温湿度的监测，每日两次记录。",
    "第三条 库房温湿度的控制范围如下：",
    ("table", [["项目", "范围"], ["温度", "14℃～24℃"], ["相对湿度", "45%～60%"]]),
    "注：超出范围时应立即报告病案室负责人。",
    "第四条 非库房管理人员进入库房须登记，由管理人员陪同。",
    "第五条 本规定由医务科负责解释，自2024年10月1日起施行。",
]


def articles_only(path: Path) -> Path:
    """A policy of articles without chapters (第一条 … 第五条), the header as label–value lines."""
    maker = Maker()
    maker.p("病案库房安全管理规定")
    maker.p("文件编号：H-J-ZD-043　　文件类别：全院文件-医疗管理")
    maker.p("制定部门：医务科　　发布部门：质量管理科")
    maker.p("生效日期：2024年10月1日　　版本/修订：A/0")
    for paragraph in ARTICLES:
        if isinstance(paragraph, tuple):
            maker.table(paragraph[1])
        else:
            maker.p(paragraph)
    maker.table([["编写", "审核", "批准"], ["张明", "李华", "刘迎恩"], ["2024年9月20日", "2024年9月25日", "2024年9月28日"]])
    return maker.save(path)


ARTICLES_EXPECTED = Expected(
    "H-J-ZD-043", "病案库房安全管理规定",
    {"category": "全院文件-医疗管理", "owner": "医务科", "publisher": "质量管理科", "version": "A/0", "effective": "2024-10-01"},
    {"articles": ["为保障病案库房及病案的安全，", "病案库房实行专人管理，管理", "-库房的防火、防水、防盗；", "-温湿度的监测，每日两次记录。",
                  "库房温湿度的控制范围如下：", ".[table: 项目 | 范围]", ".[注] 超出范围时应立即报告病案", "非库房管理人员进入库房须登",
                  "本规定由医务科负责解释，自"]},
    signatories=[("编写", "张明"), ("审核", "李华"), ("批准", "liu-yingen")], frame="制度-条")


DOCUMENTS = {
    "chapter_policy": (chapter_policy, "H-J-ZD-040 医疗安全不良事件管理办法.docx", CHAPTER_EXPECTED),
    "heading_flow": (heading_flow, "危急值报告流程.docx", HEADING_EXPECTED),
    "bare_start": (bare_start, "H-J-ZD-041 门禁卡管理规定.docx", BARE_EXPECTED),
    "form_plan": (form_plan, "危险化学品泄漏应急预案.docx", FORM_EXPECTED),
    "grid_contacts": (grid_contacts, "院内紧急呼叫流程.docx", GRID_EXPECTED),
    "drawing_notes": (drawing_notes, "检验标本转运流程.docx", DRAWING_EXPECTED),
    "gbt_plan": (gbt_plan, "停水停电应急预案.docx", GBT_EXPECTED),
    "list_sop": (list_sop, "输血前核对标准操作规程.docx", LIST_EXPECTED),
    "article_forms": (article_forms, "H-J-ZD-042 病案借阅与复印管理制度.docx", ARTICLE_FORMS_EXPECTED),
    "table_form": (table_form, "进修人员管理流程.docx", TABLE_FORM_EXPECTED),
    "articles_only": (articles_only, "H-J-ZD-043 病案库房安全管理规定.docx", ARTICLES_EXPECTED),
}


def write_all(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: build(folder / file) for name, (build, file, _) in DOCUMENTS.items()}
