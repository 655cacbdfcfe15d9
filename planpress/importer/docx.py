"""Word (.docx) files: the body's paragraphs and tables in order, with the number Word displays for
automatically numbered paragraphs (planpress.importer.numbering). Page headers and footers are
other parts of the package and are not read; text boxes and drawings are reported, not mixed in."""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from . import drawing
from .errors import failure
from .numbering import Numbering, W
from .stream import Cell, Para, Place, Stream, Table

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIP = {W + "del", W + "txbxContent", W + "instrText", W + "delText", MC + "Fallback", W + "footnoteReference",
        W + "commentReference"}
DRAWING = (W + "drawing", W + "pict", W + "object")


RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"


def read(path: Path) -> Stream:
    """The body of a .docx, read straight from its package with lxml (python-docx's own loading
    would add a tenth of a second to every import and reads nothing more that import needs)."""
    try:
        body, numbering_xml, styles_xml = _parts(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise failure(path, f"这个 Word 文件已损坏，无法读取（{type(exc).__name__}）。",
                      "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。") from None
    except Exception as exc:  # lxml's XMLSyntaxError: damage inside the package
        if type(exc).__name__ in ("XMLSyntaxError", "ParseError"):
            raise failure(path, "这个 Word 文件里的内容已损坏（XML 格式错误），无法读取。",
                          "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。") from None
        raise
    reader = _Reader(Numbering(numbering_xml, styles_xml))
    reader.block(body)
    stream = Stream(path, "docx", reader.items, pages=_pages(path), lines_are_paragraphs=True)
    stream.dropped.extend(reader.dropped)
    return stream


def _parts(path: Path):
    """(body, numbering, styles) elements: the main document part named by the package's
    relationships, and the numbering and styles parts named by its own (either may be missing)."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    with zipfile.ZipFile(path) as archive:
        def xml(name: str):
            return etree.fromstring(archive.read(name), parser)

        def targets(rels_name: str, base: str) -> dict[str, str]:
            try:
                rels = xml(rels_name)
            except KeyError:
                return {}
            found = {}
            for rel in rels.iter(RELATIONSHIPS + "Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], name)
            return found

        main = targets("_rels/.rels", "").get(OFFICE_DOCUMENT.lstrip("/"), "word/document.xml")
        folder, name = posixpath.split(main)
        parts = targets(posixpath.join(folder, "_rels", name + ".rels"), folder)
        document = xml(main)
        body = document.find(W + "body")
        if body is None:
            raise ValueError("no body")
        numbering = xml(parts["numbering"]) if "numbering" in parts and parts["numbering"] in archive.namelist() else None
        styles = xml(parts["styles"]) if "styles" in parts and parts["styles"] in archive.namelist() else None
    return body, numbering, styles


def _pages(path: Path) -> int | None:
    """The page count Word stored when it last saved the file (docProps/app.xml), when it is real:
    a file made by a program that does not paginate keeps a template's stale count and no word count."""
    try:
        with zipfile.ZipFile(path) as archive:
            app = archive.read("docProps/app.xml").decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    pages = re.search(r"<Pages>(\d+)</Pages>", app)
    words = re.search(r"<(?:Words|Characters)>(\d+)</(?:Words|Characters)>", app)
    if pages and words and int(words.group(1)) > 0 and int(pages.group(1)) > 0:
        return int(pages.group(1))
    return None


class _Reader:
    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.items: list = []
        self.dropped: list = []
        self.paragraph = 0
        self.table = 0

    def block(self, parent) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.para(child)
            elif child.tag == W + "tbl":
                self.table_of(child)
            elif child.tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.block(content)
            elif child.tag in (W + "customXml",):
                self.block(child)

    def para(self, element) -> None:
        self.paragraph += 1
        place = Place(paragraph=self.paragraph)
        ppr = element.find(W + "pPr")
        label = None
        numbered = self.numbering.numbering_of(ppr)
        text = paragraph_text(element)
        if numbered and text.strip():
            label = self.numbering.label(*numbered)
        drawn, charts = [], []
        for picture in element.iter(W + "drawing"):
            if _inside_fallback(picture):
                continue
            chart = drawing.figure(picture, place, paragraph_text)
            if chart is not None:
                charts.append(chart)
                drawn.append(picture)
        boxes = [paragraph_text(p) for box in element.iter(W + "txbxContent") for p in box.iter(W + "p")
                 if not _inside_fallback(box) and not any(a in drawn for a in box.iterancestors())]
        boxes = [b for b in boxes if b.strip()]
        has_drawing = any(True for tag in DRAWING for e in element.iter(tag)
                          if not _inside_fallback(e) and e not in drawn and not any(a in drawn for a in e.iterancestors()))
        heading = self.numbering.heading_level(ppr)
        for index, line in enumerate(text.split("\n")):
            if line.strip():
                self.items.append(Para(line, place, number=label if index == 0 else None, heading=heading))
        self.items.extend(charts)
        if has_drawing or boxes:
            if boxes:
                self.items.append(Para("；".join(b.strip() for b in boxes), place))
            self.dropped.append((place, "（图形）" + ("；".join(boxes) if boxes else ""),
                                 "图形（图片、流程图或文本框）" + ("：其中的文字作为一段正文保留，请核对" if boxes else "无法导入")))

    def table_of(self, element) -> None:
        self.table += 1
        rows = []
        above: dict[int, str] = {}  # grid column → text of the cell that starts a vertical merge there
        for tr in element.iter(W + "tr"):
            if _nested(tr, element):
                continue
            cells: list[Cell] = []
            trpr = tr.find(W + "trPr")
            before = _int(trpr, "gridBefore")
            cells.extend(Cell("") for _ in range(before))
            column = before
            for tc in tr.findall(W + "tc"):
                tcpr = tc.find(W + "tcPr")
                span = _int(tcpr, "gridSpan") or 1
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
                texts = []
                for p in tc.iter(W + "p"):
                    if _nested(p, tc, W + "tc"):
                        continue
                    ppr = p.find(W + "pPr")
                    numbered = self.numbering.numbering_of(ppr)
                    text = paragraph_text(p).strip()
                    if numbered and text:
                        label = self.numbering.label(*numbered)
                        text = f"{label} {text}" if label else text
                    if text:
                        texts.append(text.replace("\n", " "))
                if continued:  # the table block has no row spans: the merged cell's text goes in every row it covers
                    cells.append(Cell(above.get(column, ""), span, carried=column in above))
                else:
                    cells.append(Cell(" ".join(texts), span))
                    if vmerge is not None:
                        above[column] = cells[-1].text
                    else:
                        above.pop(column, None)
                column += span
            after = _int(trpr, "gridAfter")
            cells.extend(Cell("") for _ in range(after))
            rows.append(cells)
        self.items.append(Table(rows, Place(table=self.table)))


def _int(props, tag: str) -> int:
    if props is None:
        return 0
    child = props.find(W + tag)
    value = child.get(W + "val") if child is not None else None
    return int(value) if value and value.isdigit() else 0


def _nested(element, top, tag: str = W + "tbl") -> bool:
    parent = element.getparent()
    while parent is not None and parent is not top:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _inside_fallback(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == MC + "Fallback":
            return True
        parent = parent.getparent()
    return False


def paragraph_text(element) -> str:
    """The text a reader sees: runs (also in hyperlinks, fields, insertions, content controls),
    tabs and breaks; not deleted text, field codes or text boxes."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if tag in SKIP or tag in DRAWING:
                continue
            if tag == W + "t":
                out.append(child.text or "")
            elif tag == W + "tab" and node.tag == W + "r":
                out.append(" ")
            elif tag in (W + "br", W + "cr") and node.tag == W + "r":
                out.append("\n")
            elif tag == W + "noBreakHyphen":
                out.append("-")
            elif tag == W + "sym":
                out.append("")
            elif tag == W + "pPr" or tag == W + "rPr":
                continue
            else:
                walk(child)

    walk(element)
    return "".join(out)
