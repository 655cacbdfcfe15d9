"""Word (.docx) files: the body's paragraphs and tables in order, with the number Word displays for
automatically numbered paragraphs (planpress.importer.numbering); a footnote's or endnote's text
as a paragraph after the one that refers to it; flowcharts drawn with shapes as figures
(planpress.importer.drawing), the text of other text boxes as a paragraph. The page headers and
footers (other parts of the package) are read apart (`Stream.margins`): the document's header
block may stand there. Every text read is also kept as it was (`Stream.originals`) for the
completeness proof."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import zipfile
from pathlib import Path

from . import drawing
from .errors import failure
from .numbering import Numbering, W
from .stream import Cell, Original, Para, Place, Stream, Table

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIP = {W + "del", W + "txbxContent", W + "instrText", W + "delText", MC + "Fallback", W + "footnoteReference",
        W + "commentReference"}
DRAWING = (W + "drawing", W + "pict", W + "object")


MAX_PART = 64 * 1024 * 1024    # bytes of one part, uncompressed (a 300-page document.xml is ~10 MB)
MAX_TOTAL = 128 * 1024 * 1024  # bytes of all the parts read
NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}
LINE_HEIGHT = 15.6  # points: how far down the next paragraph starts (a line of 12-point text), for floating shapes
WINGDINGS_CHECKED = {"F0FE", "F0FD", "F052", "F053", "F054", "F0FB", "F0FC", "F078"}  # ☑ ☒ in the Wingdings fonts

RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "/officeDocument"


def read(path: Path) -> Stream:
    """The body of a .docx, read straight from its package with lxml (python-docx's own loading
    would add a tenth of a second to every import and reads nothing more that import needs), and
    the texts of its page headers and footers, footnotes and endnotes."""
    try:
        package = _parts(path)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise failure(path, f"这个 Word 文件已损坏，无法读取（{type(exc).__name__}）。",
                      "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。") from None
    except TooLarge as exc:
        raise failure(path, f"这个 Word 文件解压后太大（其中 {exc.name} 超过 {exc.limit // (1024 * 1024)} MB），"
                      "不像是一份受控文件，没有读取。",
                      "检查是否选错了文件；图片很多的文件请先在 Word 里压缩图片（文件 → 压缩图片）再导入。") from None
    except Exception as exc:  # lxml's XMLSyntaxError: damage inside the package
        if type(exc).__name__ in ("XMLSyntaxError", "ParseError"):
            raise failure(path, "这个 Word 文件里的内容已损坏（XML 格式错误），无法读取。",
                          "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。") from None
        raise
    numbering = Numbering(package.numbering, package.styles)
    reader = _Reader(numbering, package.notes)
    reader.block(package.body)
    stream = Stream(path, "docx", reader.items, pages=_pages(path), lines_are_paragraphs=True)
    stream.dropped.extend(reader.dropped)
    stream.originals.extend(reader.originals)
    for part, elements in (("页眉", package.headers), ("页脚", package.footers)):
        seen: set[str] = set()
        for element in elements:
            margin = _Reader(numbering, package.notes, part)
            margin.block(element)
            texts = "\n".join(o.text for o in margin.originals)
            if not texts.strip() or texts in seen:  # the same header on first, even and odd pages: once
                continue
            seen.add(texts)
            stream.margins.extend(margin.items)
            stream.originals.extend(margin.originals)
            stream.dropped.extend(margin.dropped)
    return stream


class TooLarge(Exception):
    def __init__(self, name: str, limit: int):
        super().__init__(name)
        self.name, self.limit = name, limit


@dataclasses.dataclass
class _Package:
    body: object
    numbering: object
    styles: object
    headers: list
    footers: list
    notes: dict  # ("footnote" | "endnote", id) → the w:footnote / w:endnote element


def _parts(path: Path) -> _Package:
    """The main document part named by the package's relationships, and the numbering, styles,
    header, footer, footnote and endnote parts named by its own (any may be missing). Each part is
    read with its uncompressed size capped, as the archive declares it and as it inflates (a zip
    bomb of 4 GiB is refused before it is inflated, and one that lies about its size once the cap
    is read)."""
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        budget = [MAX_TOTAL]

        def xml(name: str):
            info = archive.getinfo(name)
            limit = min(MAX_PART, budget[0])
            if info.file_size > limit:
                raise TooLarge(name, MAX_PART)
            with archive.open(info) as stream:
                data = stream.read(limit + 1)
            if len(data) > limit:
                raise TooLarge(name, MAX_PART)
            budget[0] -= len(data)
            return etree.fromstring(data, parser)

        def targets(rels_name: str, base: str) -> dict[str, list[str]]:
            if rels_name not in names:
                return {}
            found: dict[str, list[str]] = {}
            for rel in xml(rels_name).iter(RELATIONSHIPS + "Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
                found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], []).append(name)
            return found

        main = (targets("_rels/.rels", "").get(OFFICE_DOCUMENT.lstrip("/")) or ["word/document.xml"])[0]
        folder, name = posixpath.split(main)
        parts = targets(posixpath.join(folder, "_rels", name + ".rels"), folder)

        def part(kind: str) -> list:
            return [xml(n) for n in dict.fromkeys(parts.get(kind, [])) if n in names]

        body = xml(main).find(W + "body")
        if body is None:
            raise ValueError("no body")
        numbering = (part("numbering") or [None])[0]
        styles = (part("styles") or [None])[0]
        notes = {}
        for kind, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
            for element in part(kind):
                for note in element.iter(W + tag):
                    if note.get(W + "type") in (None, "normal"):
                        notes[(tag, note.get(W + "id"))] = note
        return _Package(body, numbering, styles, part("header"), part("footer"), notes)


def _pages(path: Path) -> int | None:
    """The page count Word stored when it last saved the file (docProps/app.xml), when it is real:
    a file made by a program that does not paginate keeps a template's stale count and no word count."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("docProps/app.xml")
            if info.file_size > 1024 * 1024:
                return None
            app = archive.read(info).decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    pages = re.search(r"<Pages>(\d+)</Pages>", app)
    words = re.search(r"<(?:Words|Characters)>(\d+)</(?:Words|Characters)>", app)
    if pages and words and int(words.group(1)) > 0 and int(pages.group(1)) > 0:
        return int(pages.group(1))
    return None


class _Reader:
    def __init__(self, numbering: Numbering, notes: dict, part: str | None = None):
        self.numbering = numbering
        self.notes = notes
        self.part = part          # None: the body; 页眉, 页脚
        self.items: list = []
        self.dropped: list = []
        self.originals: list[Original] = []
        self.paragraph = 0
        self.table = 0
        self.float_run: list = []  # (paragraph, place, floating shapes) of empty paragraphs not yet placed

    def place(self, **where) -> Place:
        return Place(part=self.part, **where)

    def block(self, parent, top: bool = True) -> None:
        for child in parent:
            if child.tag == W + "p":
                self.para(child)
            elif child.tag == W + "tbl":
                self.flush_floats()
                self.table_of(child)
            elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "smartTag"):
                content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
                if content is not None:
                    self.block(content, top=False)
        if top:
            self.flush_floats()

    def para(self, element) -> None:
        self.paragraph += 1
        place = self.place(paragraph=self.paragraph)
        ppr = element.find(W + "pPr")
        label = None
        numbered = self.numbering.numbering_of(ppr)
        text = paragraph_text(element)
        if numbered and text.strip():
            label = self.numbering.label(*numbered)
        if text.strip():
            self.originals.append(Original(place, f"{label} {text}" if label else text))
        self.originals.extend(Original(place, b) for b in _box_texts(element, ()) if b.strip())
        drawn, charts = [], []
        for picture in element.iter(W + "drawing"):
            if _inside_fallback(picture):
                continue
            chart = drawing.figure(picture, place, paragraph_text)
            if chart is not None:
                charts.append(chart)
                drawn.append(picture)
        floats = [(d, found) for d in element.iter(W + "drawing")
                  if not _inside_fallback(d) and d not in drawn and (found := drawing.floating_shape(d)) is not None]
        if floats and not text.strip() and not charts:
            self.float_run.append((element, place, floats))  # a chart may go on over the next empty paragraphs
            return
        self.flush_floats()
        if len(floats) >= 3:
            chart = drawing.floating([found for _, found in floats], place, paragraph_text)
            if chart is not None:
                charts.append(chart)
                drawn.extend(d for d, _ in floats)
        heading = self.numbering.heading_level(ppr)
        toc = self.numbering.is_toc(ppr)
        for index, line in enumerate(text.split("\n")):
            if line.strip():
                self.items.append(Para(line, place, number=label if index == 0 else None, heading=heading, toc=toc))
        self.items.extend(charts)
        self._loose_drawings(element, place, drawn)
        for note in self._notes(element):
            self.items.append(note)

    def flush_floats(self) -> None:
        """Shapes floating in a run of empty paragraphs: one flowchart when they make one (each
        paragraph a line further down), else each paragraph's text boxes as text."""
        run, self.float_run = self.float_run, []
        if not run:
            return
        shapes = []
        for n, (_, _, floats) in enumerate(run):
            shapes += [drawing.floating_shape(d, n * LINE_HEIGHT) for d, _ in floats]
        chart = drawing.floating(shapes, run[0][1], paragraph_text) if len(shapes) >= 3 else None
        if chart is not None:
            self.items.append(chart)
            return
        for element, place, _ in run:
            self._loose_drawings(element, place, [])

    def _loose_drawings(self, element, place: Place, drawn: list) -> None:
        """Drawings that are not a flowchart: the text of their text boxes as a paragraph, and a
        report entry (a picture cannot be imported)."""
        boxes = [b for b in _box_texts(element, drawn) if b.strip()]
        has_drawing = any(True for tag in DRAWING for e in element.iter(tag)
                          if not _inside_fallback(e) and e not in drawn and not any(a in drawn for a in e.iterancestors()))
        if has_drawing or boxes:
            if boxes:
                self.items.append(Para("；".join(b.strip() for b in boxes), place))
            self.dropped.append((place, "（图形）" + ("；".join(boxes) if boxes else ""),
                                 "图形（图片、流程图或文本框）" + ("：其中的文字作为一段正文保留，请核对" if boxes else "无法导入")))

    def _notes(self, element) -> list[Para]:
        """The footnotes and endnotes a paragraph refers to, each as a paragraph of its own."""
        out = []
        for reference in element.iter(*NOTE_REFERENCES):
            kind = NOTE_REFERENCES[reference.tag]
            note = self.notes.get((kind, reference.get(W + "id")))
            if note is None:
                continue
            part = "脚注" if kind == "footnote" else "尾注"
            texts = [paragraph_text(p).strip() for p in note.iter(W + "p")]
            text = " ".join(t for t in texts if t)
            if text:
                place = Place(part=part, paragraph=self.paragraph)
                self.originals.append(Original(place, text))
                out.append(Para(text, place))
        return out

    def table_of(self, element) -> None:
        self.table += 1
        place = self.place(table=self.table)
        rows = []
        above: dict[int, str] = {}  # grid column → text of the cell that starts a vertical merge there
        for r, tr in enumerate((tr for tr in element.iter(W + "tr") if not _nested(tr, element)), 1):
            cells: list[Cell] = []
            trpr = tr.find(W + "trPr")
            before = _int(trpr, "gridBefore")
            cells.extend(Cell("") for _ in range(before))
            column = before
            for tc in tr.iter(W + "tc"):
                if _nested(tc, tr, W + "tc") or _nested(tc, element):
                    continue
                tcpr = tc.find(W + "tcPr")
                span = _int(tcpr, "gridSpan") or 1
                vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(W + "val", "continue") == "continue"
                texts = self._cell_texts(tc)
                if continued:  # the table block has no row spans: the merged cell's text goes in every row it covers
                    cells.append(Cell(above.get(column, ""), span, carried=column in above))
                else:
                    cells.append(Cell(" ".join(texts), span))
                    if texts:
                        self.originals.append(Original(self.place(table=self.table, row=r, column=column + 1), " ".join(texts)))
                    if vmerge is not None:
                        above[column] = cells[-1].text
                    else:
                        above.pop(column, None)
                column += span
            after = _int(trpr, "gridAfter")
            cells.extend(Cell("") for _ in range(after))
            rows.append(cells)
        self.items.append(Table(rows, place))

    def _cell_texts(self, tc) -> list[str]:
        """A cell's paragraphs (with the labels of numbered ones), a table nested in it row by row,
        and the text of its text boxes."""
        texts = []
        for p in tc.iter(W + "p"):
            if _nested(p, tc, W + "txbxContent"):
                continue
            ppr = p.find(W + "pPr")
            numbered = self.numbering.numbering_of(ppr)
            text = paragraph_text(p).strip()
            if numbered and text:
                label = self.numbering.label(*numbered)
                text = f"{label} {text}" if label else text
            if text:
                texts.append(text.replace("\n", " "))
            for box in p.iter(W + "txbxContent"):
                if not _inside_fallback(box):
                    texts.extend(t.strip() for t in (paragraph_text(q) for q in box.iter(W + "p")) if t.strip())
        return texts


def _box_texts(element, drawn) -> list[str]:
    """The paragraphs of the text boxes in `element`, but those of the drawings in `drawn`."""
    return [paragraph_text(p) for box in element.iter(W + "txbxContent") if not _inside_fallback(box)
            and not any(a in drawn for a in box.iterancestors())
            for p in box.iter(W + "p") if not _nested(p, box, W + "txbxContent")]


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


def _checked(box) -> bool:
    """A legacy checkbox form field: w:checked when set, else its w:default."""
    for name in ("checked", "default"):
        value = box.find(W + name)
        if value is not None:
            return (value.get(W + "val") or "1") not in ("0", "false", "off")
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
            elif tag == W + "sym":  # a character of a symbol font: in forms, a checkbox
                out.append("☑" if (child.get(W + "char") or "").upper() in WINGDINGS_CHECKED else "□")
            elif tag == W + "fldChar" and (box := child.find(f"{W}ffData/{W}checkBox")) is not None:
                out.append("☑" if _checked(box) else "□")  # a legacy form field's checkbox (窗体域) shows no text
            elif tag == W + "pPr" or tag == W + "rPr":
                continue
            else:
                walk(child)

    walk(element)
    return "".join(out)
