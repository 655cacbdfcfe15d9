"""A format-v2 document written out as the hospital's Word file of it would be (python-docx): the
title and header table, the ten numbered sections, clause numbers typed by hand or Word's
automatic numbering, lettered lists, teams with their roster lines, tables with merged cells and
contact cells (name and numbers, as people type them), flowcharts drawn with Word shapes and
connectors, references as sentences, the revision and approval tables, the appendices.

This is the test's own writer (it shares no code with planpress): importing what it writes must
give back the document it was written from. Page headers and footers carry fields to ignore.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from docxmaker import Maker, level, numbering

LETTERS = "abcdefghijklmnopqrstuvwxyz"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
SECTIONS = [("purpose", "目的"), ("scope", "适用范围"), ("definitions", "定义/术语"), ("responsibilities", "权责"),
            ("procedures", "规程"), ("workflow", "工作流程"), ("references", "标准/依据"), ("forms", "表单附件"),
            ("revisions", "文件修订记录"), ("approvals", "审核批准")]
DECIMAL_NUM = 1  # numId of the decimal clause numbering (automatic); lists get their own numIds


def chinese_date(value) -> str:
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        return f"{value}年"
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    return f"{day.year}年{day.month}月{day.day}日"


def spaced(role: str) -> str:
    """“组  长” as the originals letter-space two-character roles."""
    return f"{role[0]}  {role[1]}" if len(role) == 2 else role


class Writer:
    def __init__(self, document: dict, directory: dict, automatic: bool):
        self.doc, self.directory, self.automatic = document, directory, automatic
        self.maker = Maker()
        self.lists: list[int] = []  # numIds of the lettered lists (automatic), one per list
        self.tables = 0
        self.figures = 0
        all_campuses = list(directory["campuses"])
        self.campuses = [c for c in all_campuses if c in (document.get("campuses") or all_campuses)]

    # -- paragraphs -----------------------------------------------------------------------------
    def numbered(self, parts: list[int], text: str, heading: bool = False) -> None:
        if self.automatic:
            if len(parts) == 1:
                self.maker.p(text, style="Heading 1")
            else:
                self.maker.p(text, num=DECIMAL_NUM, ilvl=len(parts) - 1)
        else:
            self.maker.p(f"{'.'.join(map(str, parts))} {text}")

    def new_list(self) -> int:
        self.lists.append(10 + len(self.lists))
        return self.lists[-1]

    def item(self, list_id: int, depth: int, index: int, text: str) -> None:
        if self.automatic:
            self.maker.p(text, num=list_id, ilvl=depth)
        else:
            marker = [f"{LETTERS[index]}.", f"{LETTERS[index]})", CIRCLED[index]][depth]
            self.maker.p(f"{marker}{text}")

    def plain(self, text: str) -> None:
        self.maker.p(text)

    # -- the document ---------------------------------------------------------------------------
    def write(self, path: Path) -> Path:
        doc = self.doc
        header = {"category": doc["category"], "number": doc["number"], "owner": doc["owner"], "publisher": doc["publisher"],
                  "effective": chinese_date(doc["effective"]) if doc.get("effective") else "年  月  日",
                  "version": doc["version"].replace("/", " / "), "pages": "3",
                  "revised": chinese_date(doc["revised"]) if doc.get("revised") else "年  月  日"}
        if self.automatic:
            self.maker.style_numbering("Heading 1", DECIMAL_NUM, 0)
        self.maker.header_block(header["number"], doc["title"], category=header["category"], owner=header["owner"],
                                publisher=header["publisher"], effective=header["effective"], version=header["version"],
                                pages=header["pages"], revised=header["revised"])
        for number, (key, title) in enumerate(SECTIONS, 1):
            body = doc["sections"].get(key) if key in doc["sections"] else None
            if key == "forms":
                self.numbered([number], title)
                for a, attachment in enumerate(doc["attachments"], 1):
                    self.numbered([number, a], f"{doc['number']}-{attachment['code']}{attachment['title']}")
                continue
            if key == "revisions":
                self.numbered([number], title)
                rows = [["修订日期", "修订后版本", "更改的内容描述"]]  # the hospital's form (the seed's)
                rows += [[chinese_date(r["date"]), r["version"], r["description"]] for r in doc["revisions"]]
                self.maker.table(rows)
                continue
            if key == "approvals":
                self.numbered([number], title)
                self.approvals()
                continue
            if body in (None, [], "无", "无。"):
                self.numbered([number], f"{title}：无。")
                continue
            self.numbered([number], title)
            if isinstance(body, str):
                self.plain(body)
            elif body and all(isinstance(p, str) for p in body) and key in ("purpose", "scope"):
                for paragraph in body:
                    self.plain(paragraph)
            else:
                self.nodes(body, [number])
        for ordinal, attachment in enumerate(doc["attachments"], 1):
            self.plain(f"附件 {ordinal} {doc['number']}-{attachment['code']}{attachment['title']}")
            self.attachment(attachment)
        self.finish()
        return self.maker.save(path)

    def finish(self) -> None:
        decimal = [level(0, "decimal", "%1", style="Heading1")] + [
            level(i, "decimal", ".".join(f"%{k}" for k in range(1, i + 2))) for i in range(1, 6)]
        lists = [level(0, "lowerLetter", "%1."), level(1, "lowerLetter", "%2)"), level(2, "decimalEnclosedCircle", "%3")]
        nums = {DECIMAL_NUM: (0, {})}
        nums.update({list_id: (1, {0: 1, 1: 1, 2: 1}) for list_id in self.lists})
        self.maker.set_numbering(numbering({0: decimal, 1: lists}, nums))
        section = self.maker.document.sections[0]
        section.header.paragraphs[0].text = f"{self.doc['number']} {self.doc['title']} 受控"
        footer = section.footer.paragraphs[0]
        footer.text = "第 "
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        footer.add_run(" 页 共 ")
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="NUMPAGES"><w:r><w:t>3</w:t></w:r></w:fldSimple>'))
        footer.add_run(" 页")

    # -- clause trees ---------------------------------------------------------------------------
    def nodes(self, nodes: list, parent: list[int]) -> None:
        count = 0
        for node in nodes:
            if isinstance(node, dict) and node.get("type") in ("table", "flow"):
                self.table(node) if node["type"] == "table" else self.flow(node)
                continue
            if isinstance(node, dict) and node.get("type") == "references":
                if node.get("title"):
                    count += 1
                    self.numbered(parent + [count], node["title"])
                    for i, item in enumerate(node["items"], 1):
                        self.numbered(parent + [count, i], self.reference(item))
                else:
                    for item in node["items"]:
                        count += 1
                        self.numbered(parent + [count], self.reference(item))
                continue
            count += 1
            self.node(node, parent + [count])

    def node(self, node, parts: list[int]) -> None:
        if isinstance(node, str):
            self.numbered(parts, node)
            return
        kind = node.get("type")
        if kind == "group":
            self.group(node, parts)
            return
        if kind == "scenario":
            steps = node["steps"]
            if len(steps) == 1:
                self.numbered(parts, f"{node['title']}：{steps[0]['text']}")
                return
            self.numbered(parts, node["title"])
            list_id = self.new_list()
            for i, step in enumerate(steps):
                self.item(list_id, 0, i, step["text"])
            return
        texts = node.get("text", [])
        texts = [texts] if isinstance(texts, str) else list(texts)
        if node.get("title"):
            self.numbered(parts, node["title"])
        elif node.get("label"):
            self.numbered(parts, f"{node['label']}：{texts.pop(0)}")
        elif texts:
            self.numbered(parts, texts.pop(0))
        for text in texts:
            self.plain(text)
        if node.get("items"):
            self.items(node["items"], self.new_list(), 0)
        if node.get("clauses"):
            self.nodes(node["clauses"], parts)

    def items(self, items: list, list_id: int, depth: int) -> None:
        for i, item in enumerate(items):
            if isinstance(item, str):
                self.item(list_id, depth, i, item)
                continue
            texts = item["text"] if isinstance(item["text"], list) else [item["text"]]
            first = f"{item['label']}：{texts[0]}" if item.get("label") else texts[0]
            self.item(list_id, depth, i, first)
            for text in texts[1:]:
                self.plain(text)
            if item.get("items"):
                self.items(item["items"], list_id, depth + 1)

    def group(self, node: dict, parts: list[int]) -> None:
        texts = node["text"] if isinstance(node["text"], list) else [node["text"]]
        if node.get("title"):
            self.numbered(parts, node["title"])
            for text in texts:
                self.plain(text)
        else:
            self.numbered(parts, texts[0])
            for text in texts[1:]:
                self.plain(text)
        list_id = self.new_list()
        self.item(list_id, 0, 0, "人员构成：")
        for entry in node["composition"]:
            self.plain(f"{spaced(entry['role'])}：{'、'.join(entry['members'])}")
        if node.get("duties"):
            self.item(list_id, 0, 1, "人员职责：")
            for d, duty in enumerate(node["duties"]):
                self.item(list_id, 1, d, duty)

    @staticmethod
    def reference(item: dict) -> str:
        code = f"（{item['code']}）" if item.get("code") else ""
        if not item.get("effective"):
            return f"《{item['title']}》{code}"
        return f"《{item['title']}》{code}，自{chinese_date(item['effective'])}起施行。"

    # -- tables, flowcharts -----------------------------------------------------------------------
    def contact_text(self, key: str) -> str:
        entry = self.directory["contacts"][key]
        phones = entry.get("phones") or {c: entry["phone"] for c in self.campuses}
        numbers = [phones.get(c, "") for c in self.campuses]
        if len(set(numbers)) == 1:
            return f"{entry['name']} {numbers[0]}"
        return f"{entry['name']} " + " / ".join(f"{self.directory['campuses'][c]} {n}" for c, n in zip(self.campuses, numbers))

    def table(self, node: dict) -> None:
        self.tables += 1
        if node.get("title"):
            self.plain(f"表 {self.tables} {node['title']}")
        rows, merges = [list(node["columns"])], []
        for r, row in enumerate(node["rows"], 1):
            cells = []
            for cell in row:
                if isinstance(cell, dict) and "contact" in cell:
                    cells.append(self.contact_text(cell["contact"]))
                elif isinstance(cell, dict):
                    first = len(cells)
                    cells.extend([cell["text"]] + [""] * (cell.get("span", 1) - 1))
                    if cell.get("span", 1) > 1:
                        merges.append((r, first, first + cell["span"] - 1))
                else:
                    cells.append(cell)
            rows.append(cells)
        self.maker.table(rows, merge=merges)

    def flow(self, node: dict) -> None:
        self.figures += 1
        flowchart(self.maker.document.add_paragraph(), node["nodes"])
        if node.get("title"):
            self.plain(f"图 {self.figures} {node['title']}")

    # -- generated sections and appendices ------------------------------------------------------
    def approvals(self) -> None:
        rows = [["部门", "", "审核/批准签字", "签署日期"]]
        signed = {a["role"]: a for a in self.doc.get("approvals", [])}
        for signatory in self.doc["signatories"]:
            person = _as_printed(signatory)
            approval = signed.get(person["role"])
            rows.append([person["role"], person.get("department", ""),
                         f"{person['title']}：{person['name']}" if person.get("title") else person["name"],
                         chinese_date(approval["date"]) if approval else ""])
        self.maker.table(rows, merge=[(0, 0, 1)])

    def attachment(self, attachment: dict) -> None:
        if "form" in attachment:
            columns = attachment["form"]["columns"]
            self.maker.table([list(columns)] + [[""] * len(columns) for _ in range(attachment["form"]["rows"])])
        elif "contacts" in attachment:
            rows = [["科  室"] + [f"电话（{self.directory['campuses'][c]}）" for c in self.campuses]]
            for key in attachment["contacts"]:
                entry = self.directory["contacts"][key]
                phones = entry.get("phones") or {c: entry["phone"] for c in self.campuses}
                rows.append([entry["name"]] + [phones.get(c, "") for c in self.campuses])
            self.maker.table(rows)
            duty = attachment.get("duty")
            if duty:
                phones = self.directory["contacts"][duty["contact"]]["phones"]
                numbers = "，".join(f"{self.directory['campuses'][c]} {phones[c]}" for c in self.campuses)
                self.plain(f"备注：{duty['label']}：{numbers}。")
        else:
            self.nodes(attachment["clauses"], [])


# -- a flowchart as Word draws it: a group of shapes with text, joined by connectors -------------
WPS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:v="urn:schemas-microsoft-com:vml" ' + nsdecls("w"))
EMU = 12700  # per point
BOX = (150, 36)  # points
ROW = 64


def _shape(shape_id: int, x: float, y: float, w: float, h: float, geometry: str, text: str | None, line: bool = True) -> str:
    body = ""
    if text is not None:
        body = (f'<wps:txbx><w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">{text}</w:t>'
                f'</w:r></w:p></w:txbxContent></wps:txbx>')
    outline = '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln>' if line else "<a:ln><a:noFill/></a:ln>"
    return (f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Shape {shape_id}"/><wps:cNvSpPr/><wps:spPr>'
            f'<a:xfrm><a:off x="{round(x * EMU)}" y="{round(y * EMU)}"/><a:ext cx="{round(w * EMU)}" cy="{round(h * EMU)}"/></a:xfrm>'
            f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>{outline}</wps:spPr>{body}<wps:bodyPr/></wps:wsp>')


def _connector(shape_id: int, start: int, end: int, points: tuple[float, float, float, float]) -> str:
    x1, y1, x2, y2 = points
    flip = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    return (f'<wps:wsp><wps:cNvPr id="{shape_id}" name="Connector {shape_id}"/><wps:cNvCnPr>'
            f'<a:stCxn id="{start}" idx="2"/><a:endCxn id="{end}" idx="0"/></wps:cNvCnPr><wps:spPr>'
            f'<a:xfrm{flip}><a:off x="{round(min(x1, x2) * EMU)}" y="{round(min(y1, y2) * EMU)}"/>'
            f'<a:ext cx="{round(abs(x2 - x1) * EMU)}" cy="{round(abs(y2 - y1) * EMU)}"/></a:xfrm>'
            f'<a:prstGeom prst="straightConnector1"><a:avLst/></a:prstGeom>'
            f'<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:tailEnd type="triangle"/></a:ln>'
            f'</wps:spPr><wps:bodyPr/></wps:wsp>')


def flowchart(paragraph, nodes: list[dict]) -> None:
    """Boxes one under another (a decision's second branch target to the right), connectors from
    each box to where it leads, branch labels in small borderless text boxes by their arrows."""
    index = {node["key"]: n for n, node in enumerate(nodes) if "key" in node}
    column = {}
    for n, node in enumerate(nodes):
        if "branches" in node:
            targets = [index[k] for k in node["branches"].values()]
            for t in targets[1:]:
                column.setdefault(t, 1)
    place = {n: (40 + 200 * column.get(n, 0), 10 + ROW * n) for n in range(len(nodes))}
    parts, shape_id = [], 1
    ids = {}
    for n, node in enumerate(nodes):
        shape_id += 1
        ids[n] = shape_id
        x, y = place[n]
        geometry = "flowChartDecision" if "branches" in node else ("flowChartTerminator" if n in (0, len(nodes) - 1) else "flowChartProcess")
        parts.append(_shape(shape_id, x, y, BOX[0], BOX[1], geometry, node["text"]))
    for n, node in enumerate(nodes):
        if "branches" in node:
            leads = [(label, index[k]) for label, k in node["branches"].items()]
        elif "next" in node:
            keys = node["next"] if isinstance(node["next"], list) else [node["next"]]
            leads = [("", index[k]) for k in keys]
        else:
            leads = [("", n + 1)] if n + 1 < len(nodes) else []
        for label, target in leads:
            x1, y1 = place[n][0] + BOX[0] / 2, place[n][1] + BOX[1]
            x2, y2 = place[target][0] + BOX[0] / 2, place[target][1]
            shape_id += 1
            parts.append(_connector(shape_id, ids[n], ids[target], (x1, y1, x2, y2)))
            if label:
                shape_id += 1
                parts.append(_shape(shape_id, (x1 + x2) / 2 + 4, (y1 + y2) / 2 - 8, 24, 16, "rect", label, line=False))
    width = 40 + 200 * 2 + BOX[0]
    height = 10 + ROW * len(nodes)
    group = (f'<wpg:wgp><wpg:cNvGrpSpPr/><wpg:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width * EMU}" cy="{height * EMU}"/>'
             f'<a:chOff x="0" y="0"/><a:chExt cx="{width * EMU}" cy="{height * EMU}"/></a:xfrm></wpg:grpSpPr>{"".join(parts)}</wpg:wgp>')
    drawing = (f'<w:r {WPS}><mc:AlternateContent><mc:Choice Requires="wpg"><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
               f'<wp:extent cx="{width * EMU}" cy="{height * EMU}"/><wp:docPr id="{100 + len(nodes)}" name="流程图"/>'
               f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">{group}'
               f'</a:graphicData></a:graphic></wp:inline></w:drawing></mc:Choice>'
               f'<mc:Fallback><w:pict><v:group style="width:{width}pt;height:{height}pt"/></w:pict></mc:Fallback>'
               f'</mc:AlternateContent></w:r>')
    paragraph._p.append(parse_xml(drawing))


def write(document_path: Path, contacts_path: Path, out: Path, automatic: bool) -> Path:
    from ruamel.yaml import YAML
    document = YAML(typ="safe").load(document_path.read_text("utf-8"))
    directory = YAML(typ="safe").load(contacts_path.read_text("utf-8"))
    return Writer(document, directory, automatic).write(out)


def _as_printed(signatory: dict) -> dict:
    """A signatory as the approvals table prints it: a roster person's name, and their title and
    department unless the document writes its own (the roster of the repository or the examples)."""
    from importcheck import _roster

    person = _roster().get(signatory.get("person"), {})
    return {"role": signatory["role"], "name": person.get("name", signatory.get("name")),
            "title": signatory.get("title", person.get("title")),
            "department": signatory.get("department", person.get("department")) or ""}
