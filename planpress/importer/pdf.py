"""PDF files, read with pdfplumber: the text lines of every page (with their page and line),
the tables found by their ruling lines, running headers and footers removed; a PDF without a
text layer (a scan) is refused with the advice to run OCR first.

Stamps and watermarks (受控, 草稿, 作废: rotated and larger than the text) are not text of the
document: they are taken out before lines are formed, so that a watermark across a page does not
put its characters into clauses and table cells, and the report lists them."""

from __future__ import annotations

import re
from pathlib import Path

from . import figures, margins
from .errors import failure
from .stream import Cell, Original, Para, Place, Stream, Table

LINE_TOLERANCE = 3  # points: characters whose tops differ less are on one line
MAX_PAGES = 200     # a controlled document has tens of pages; pdfplumber takes ~0.2 s a page


def read(path: Path) -> Stream:
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover
        raise failure(path, "缺少读取 PDF 的组件 pdfplumber。", "运行 make setup 重新安装。") from None
    try:
        pdf = pdfplumber.open(str(path))
    except PDFPasswordIncorrect:
        raise failure(path, "这个 PDF 设置了打开密码，无法读取。", "用 PDF 阅读器输入密码打开后“另存为”一份不加密的 PDF，再导入。") from None
    except (PDFSyntaxError, Exception) as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        causes = {type(exc).__name__} | {type(a).__name__ for a in exc.args}
        if causes & {"PDFEncryptionError", "PDFPasswordIncorrect", "PDFEncryptionWarning"}:
            raise failure(path, "这个 PDF 加了密（设置了密码），无法读取。", "用 PDF 阅读器打开后“另存为”一份不加密的 PDF，再导入。") from None
        raise failure(path, f"这个 PDF 已损坏，无法读取（{type(exc).__name__}）。", "重新从原来的地方导出或下载这份 PDF。") from None
    pages: list[list] = []
    tables_of: list[list[tuple[float, Table]]] = []
    table_count = 0
    has_text = False
    stamps: list[tuple[Place, str]] = []
    heights: list[float] = []
    try:
        with pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise failure(path, f"这个 PDF 有 {len(pdf.pages)} 页，超过一份受控文件的上限（{MAX_PAGES} 页），没有读取。",
                              "检查是否选错了文件；很长的原文请按章节分成几份受控文件分别导入。")
            for number, page in enumerate(pdf.pages, 1):
                body, marks = _marks(page.chars)
                if marks:
                    stamps.append((Place(page=number), marks))
                page = page.filter(lambda obj: obj.get("object_type") != "char" or not _is_mark(obj, body))
                found = page.find_tables()
                boxes = [t.bbox for t in found]
                page_tables = []
                for t in found:
                    table_count += 1
                    page_tables.append((t.bbox[1], _table(t, page, table_count, number)))
                chars = [c for c in page.chars if not _inside(c, boxes)]
                drawn, held = figures.find(page, chars, boxes, number)
                if drawn:
                    chars = [c for c in chars if id(c) not in held]
                    page_tables.extend(drawn)
                has_text = has_text or bool(page.chars)
                pages.append(_footnotes(_lines(chars, page.width, number)))
                heights.append(float(page.height))
                tables_of.append(page_tables)
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__.startswith("PDF"):
            raise failure(path, f"这个 PDF 已损坏，无法读取（{type(exc).__name__}）。", "重新从原来的地方导出或下载这份 PDF。") from None
        raise
    if not has_text:
        raise failure(path, "这个 PDF 没有文字层（是扫描的图片），读不出文字。",
                      "先用 OCR（文字识别）软件把它转成可选中文字的 PDF 或 Word 文件，核对识别结果后再导入。")
    line_pages = [[para for para, _ in lines] for lines in pages]
    originals: list[Original] = []
    for page_tables in tables_of:
        for _, item in page_tables:
            if isinstance(item, Table):
                originals += [Original(Place(page=item.place.page, table=item.place.table, row=r, column=c), cell.text)
                              for r, row in enumerate(item.rows, 1) for c, cell in enumerate(row, 1)
                              if cell.text.strip() and not cell.carried]
            else:
                originals += [Original(item.place, text) for text in item.texts()]
    originals += [Original(place, text) for place, text in stamps]
    kept, dropped = margins.strip_running(line_pages)
    kept_ids = {id(p) for lines in kept for p in lines}
    paged = []
    for lines, page_tables in zip(pages, tables_of):
        merged = [(top, para) for para, top in lines if id(para) in kept_ids] + page_tables
        merged.sort(key=lambda pair: pair[0])
        paged.append([item for _, item in merged])
    repeated = _running_tables(tables_of, heights)
    items = _joined_across_pages(paged, repeated)
    dropped += [(Para("；".join("　".join(row) for row in table.texts()), table.place), "页眉（每页重复的表格）") for table in repeated]
    for lines in kept:
        for number, para in enumerate(lines, 1):
            para.place = Place(page=para.place.page, line=number)
    originals += [Original(para.place, para.text) for lines in kept for para in lines]
    originals += [Original(para.place, para.text) for para, _ in dropped]
    dropped_all = [(place, text, "状态标记（印章或水印）") for place, text in stamps]
    dropped_all += [(p.place, p.text, why) for p, why in dropped]
    return Stream(path, "pdf", items, pages=len(pages), dropped=dropped_all, originals=originals)


def _running_tables(tables_of: list[list], heights: list[float]) -> list[Table]:
    """Tables near the top of a page that come back on other pages (a header block in Word's page
    header): the first is kept, the others are running headers."""
    tops = [table for page, height in zip(tables_of, heights) for top, table in page
            if isinstance(table, Table) and top < 0.3 * height]
    seen: dict[tuple, Table] = {}
    repeated = []
    for table in tops:
        key = tuple(tuple(row) for row in table.texts())
        if key in seen:
            repeated.append(table)
        else:
            seen[key] = table
    return repeated


def _joined_across_pages(paged: list[list], repeated: list[Table]) -> list:
    """The items of all pages in order; a table that ends its page and goes on at the top of the
    next (the same columns) is one table, its repeated header row once."""
    gone = {id(t) for t in repeated}
    items: list = []
    for page in paged:
        page = [item for item in page if id(item) not in gone]
        if page and items and isinstance(page[0], Table) and isinstance(items[-1], Table) and page[0].width() == items[-1].width():
            first, rest = page[0], page[0].rows
            if rest and items[-1].rows and first.texts()[0] == items[-1].texts()[0]:
                rest = rest[1:]  # the header row Word repeats on each page
            items[-1] = Table(items[-1].rows + rest, items[-1].place, items[-1].title)
            page = page[1:]
        items.extend(page)
    return items


def _rotated(char) -> bool:
    matrix = char.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(matrix[1]) > 0.01 or abs(matrix[2]) > 0.01


def _body_size(chars) -> float:
    sizes = sorted(c["size"] for c in chars if not _rotated(c))
    return sizes[len(sizes) // 2] if sizes else 0.0


def _is_mark(char, body: float) -> bool:
    """A stamp or watermark character: rotated and clearly larger than the page's text."""
    return _rotated(char) and body > 0 and char["size"] >= 1.3 * body


def _marks(chars) -> tuple[float, str]:
    """The page's body text size, and the text of its stamps and watermarks (in reading order)."""
    body = _body_size(chars)
    marks = [c for c in chars if _is_mark(c, body)]
    marks.sort(key=lambda c: c["x0"])  # rotated text reads left to right
    return body, "".join(c["text"] for c in marks)


def _inside(char, boxes) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)


def _lines(chars, width: float, page: int) -> list[tuple[Para, float]]:
    """Characters into lines (top to bottom, left to right); a line is full when it reaches the
    right edge of the text block (within two characters)."""
    rows: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if rows and abs(rows[-1][0]["top"] - char["top"]) < LINE_TOLERANCE:
            rows[-1].append(char)
        else:
            rows.append([char])
    if not rows:
        return []
    right = max(max(c["x1"] for c in row) for row in rows if len(row) > 8) if any(len(r) > 8 for r in rows) else width
    out = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        text, previous = "", None
        for char in row:
            if previous is not None and char["x0"] - previous["x1"] > max(char["size"], previous["size"]) * 0.6:
                text += " "
            text += char["text"]
            previous = char
        size = max(c["size"] for c in row)
        end = max(c["x1"] for c in row)
        mark = ""
        for char in reversed(row):  # a footnote mark: small raised digits at the end of the line
            if char["text"].isdigit() and char["size"] < 0.8 * size and len(row) > len(mark) + 1:
                mark = char["text"] + mark
            else:
                break
        if mark:
            text = text.rstrip()[:-len(mark)]
        if text.strip():
            para = Para(text, Place(page=page, line=len(out) + 1), full=end >= right - 2 * size, size=size, mark=mark)
            out.append((para, row[0]["top"]))
    return out


FOOTNOTE = re.compile(r"^\s*(\d{1,2})\s*(\S.*)$")


def _footnotes(lines: list[tuple[Para, float]]) -> list[tuple[Para, float]]:
    """A page's footnotes (lines in a smaller size at its foot, each starting with the number a
    line above carries as a mark) moved after the line that refers to them, as paragraphs of
    their own (part 脚注)."""
    if len(lines) < 3:
        return lines
    sizes = sorted(para.size for para, _ in lines)
    body = sizes[len(sizes) // 2]
    foot = len(lines)
    while foot > 0 and lines[foot - 1][0].size <= 0.85 * body:
        foot -= 1
    notes = lines[foot:]
    marked = {para.mark: (para, top) for para, top in lines[:foot] if para.mark}
    if not notes or not marked:
        return lines
    kept = list(lines[:foot])
    current = None
    for para, top in notes:
        match = FOOTNOTE.match(para.text)
        if match and match.group(1) in marked:
            _, at = marked[match.group(1)]
            current = Para(match.group(2), Place(page=para.place.page, line=para.place.line, part="脚注"), size=para.size)
            kept.append((current, at + 0.01))
        elif current is not None:
            current.text = join_line(current.text, para.text)
        else:
            kept.append((para, top))
    return sorted(kept, key=lambda pair: pair[1])


def join_line(left: str, right: str) -> str:
    from .rejoin import join
    return join(left.rstrip(), right.strip())


def _cell_text(text: str) -> str:
    """A cell's lines as one text: a line broken inside a narrow cell joins like a broken line of
    running text (no space between Chinese characters)."""
    from .rejoin import join, tidy
    out = ""
    for line in text.split("\n"):
        line = tidy(line)
        if line:
            out = join(out, line) if out else line
    return out


def _table(found, page, count: int, number: int) -> Table:
    """A pdfplumber table: one cell per ruled cell; a cell spanning several columns gets `span`."""
    rows = []
    columns = sorted({round(x, 1) for cell in found.cells for x in (cell[0], cell[2])})
    above: dict[int, tuple[float, str]] = {}  # column → (bottom, text) of the last cell that started there
    # each character goes to the cell its centre is in (a crop would also take the characters that
    # only overlap a cell: a line of the next row when the rows are tight, as LibreOffice draws them)
    texts = found.extract()
    for row, row_texts in zip(found.rows, texts):
        cells = []
        covered = 0  # columns of this row covered by a cell that spans from the left
        for column, cell in enumerate(row.cells):
            if cell is None:
                if covered:
                    covered -= 1
                    continue
                bottom, text = above.get(column, (0.0, ""))
                top = min((c[1] for c in row.cells if c is not None), default=0.0)
                if bottom > top + 0.5:  # a cell from a row above reaches down here: a vertical merge
                    cells.append(Cell(text, 1, carried=True))
                continue
            x0, top, x1, bottom = cell
            text = row_texts[column] or ""
            span = max(1, sum(1 for x in columns if x0 + 0.5 < x < x1 - 0.5) + 1)
            cells.append(Cell(_cell_text(text), span))
            above[column] = (bottom, cells[-1].text)
            covered = span - 1
        rows.append(cells)
    return Table(rows, Place(page=number, table=count))
