"""Word files for the import tests, made with python-docx; automatic numbering is written as the
numbering part's XML (python-docx has no API for numbering definitions)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

W_NS = nsdecls("w")


def level(ilvl: int, fmt: str, text: str, start: int = 1, style: str | None = None, restart: int | None = None) -> str:
    extra = f'<w:pStyle w:val="{style}"/>' if style else ""
    extra += f'<w:lvlRestart w:val="{restart}"/>' if restart is not None else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>')


def numbering(abstracts: dict[int, list[str]], nums: dict[int, tuple[int, dict[int, int]]]) -> str:
    parts = [f'<w:numbering {W_NS}>']
    for aid, levels in abstracts.items():
        parts.append(f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>')
    for nid, (aid, starts) in nums.items():
        overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>' for i, s in starts.items())
        parts.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{overrides}</w:num>')
    parts.append("</w:numbering>")
    return "".join(parts)


class Maker:
    """A document being written: paragraphs (typed or auto-numbered) and tables."""

    def __init__(self):
        self.document = docx.Document()

    def set_numbering(self, xml: str) -> None:
        self.document.part.numbering_part._element = parse_xml(xml)

    def p(self, text: str, num: int | None = None, ilvl: int = 0, style: str | None = None):
        paragraph = self.document.add_paragraph(text, style=style)
        if num is not None:
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))
        return paragraph

    def style_numbering(self, style: str, num: int, ilvl: int = 0) -> None:
        """Style-linked numbering: the style carries numPr (pStyle → numPr)."""
        element = self.document.styles[style].element
        ppr = element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))

    def table(self, rows: list[list], merge: list[tuple[int, int, int]] = (), style: str | None = None):
        """rows of texts; `merge`: (row, first column, last column) merged horizontally; `style`:
        a table style of the template ("Table Grid": ruled, as hospital documents draw them)."""
        width = max(len(r) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        if style:
            table.style = self.document.styles[style]
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for r, first, last in merge:
            table.cell(r, first).merge(table.cell(r, last))
        return table

    def header_footer(self, header: str, footer_field: str = "PAGE") -> None:
        section = self.document.sections[0]
        section.header.paragraphs[0].text = header
        paragraph = section.footer.paragraphs[0]
        paragraph.text = "第 "
        run = paragraph.add_run()
        run._r.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="{footer_field}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        paragraph.add_run(" 页")

    def header_block(self, number: str, title: str, category: str = "全院文件-医疗管理", owner: str = "医务科",
                     publisher: str = "质量管理科", effective: str = "2023年3月1日", version: str = "A / 0",
                     pages: str = "3", revised: str = "年  月  日") -> None:
        self.p(title)
        self.table([["文件类别", category, "", "", "文件编号", number],
                    ["制定部门", owner, "发布部门", publisher, "生效日期", effective],
                    ["版本/修订", version, "文件总页码", pages, "修订日期", revised]], merge=[(0, 1, 3)])

    def save(self, path: Path) -> Path:
        self.document.save(str(path))
        return path
