"""The format-neutral stream every reader produces: lines or paragraphs and tables, each with the
place it had in the original (page and line of a PDF or text, paragraph or table of a Word file).

Readers know nothing of clause numbers or frames; planpress.importer.structure reads the stream.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path


@dataclasses.dataclass(frozen=True)
class Place:
    """Where something stood in the original, said the way an editor finds it again."""

    page: int | None = None       # PDF / text: page (1-based), when known
    line: int | None = None       # text: line of the file; PDF: line on the page
    paragraph: int | None = None  # Word: paragraph of the body (1-based, tables not counted)
    table: int | None = None      # Word / PDF: table (1-based); with row/column
    row: int | None = None
    column: int | None = None
    part: str | None = None       # Word: 页眉, 页脚, 脚注, 尾注 (None: the body)

    def __str__(self) -> str:
        parts = [self.part] if self.part else []
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.table is not None:
            parts.append(f"第 {self.table} 个表格")
            if self.row is not None:
                parts.append(f"第 {self.row} 行")
            if self.column is not None:
                parts.append(f"第 {self.column} 列")
        elif self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.paragraph is not None:
            parts.append(f"第 {self.paragraph} 段")
        return "".join(parts) or "文件开头"


@dataclasses.dataclass
class Para:
    """A line (text, PDF) or a paragraph (Word) of running text.

    `number` is the label Word displays for an automatically numbered paragraph ("5.1.2", "a."),
    which is not part of its text; typed numbers stay in `text`.
    """

    text: str
    place: Place
    number: str | None = None
    heading: int | None = None  # Word outline level of a heading style (1 = Heading 1), if any
    full: bool = False          # text / PDF: the line reaches the right margin (it may continue)
    gap_before: bool = False    # text: a blank line before it that means a paragraph break
    toc: bool = False           # Word: a line of the table of contents (a TOC style)
    size: float = 0.0           # PDF: the largest font size on the line
    mark: str = ""              # PDF: a footnote mark (a small raised number) taken off the line's end


@dataclasses.dataclass
class Cell:
    text: str
    span: int = 1
    contact: str | None = None  # set by import: the directory key of a cell that shows a contact
    carried: bool = False       # covered by a vertically merged cell above: its text is carried down


@dataclasses.dataclass
class Table:
    rows: list[list[Cell]]
    place: Place
    title: str | None = None  # its caption ("表 1 故障分级"), taken from the paragraph before it

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]

    def width(self) -> int:
        return max((sum(cell.span for cell in row) for row in self.rows), default=0)


@dataclasses.dataclass
class Shape:
    """A box of a flowchart: its text and where it stands (x0, top, x1, bottom)."""

    text: str
    box: tuple[float, float, float, float]
    decision: bool = False  # drawn as a diamond


@dataclasses.dataclass
class Figure:
    """A flowchart read back from a drawing: boxes in reading order (top to bottom, left to right)
    and arrows (from box, to box, label) between them."""

    shapes: list[Shape]
    arrows: list[tuple[int, int, str]]
    place: Place
    title: str | None = None                           # its caption ("图 1 故障处置流程")
    loose: list[str] = dataclasses.field(default_factory=list)  # texts in it that are in no box and label no arrow

    def texts(self) -> list[str]:
        return [s.text for s in self.shapes] + [label for _, _, label in self.arrows if label] + self.loose


@dataclasses.dataclass
class FormBlock:
    """A form standing in running text (fields with blanks around a grid, an opinion block …), as
    planpress.importer.forms found it in the paragraphs and tables it replaces: `type: form` where
    it stands. `parts` are the form block's parts as the writer writes them."""

    parts: list
    lines: list[str]   # the original's texts it holds
    place: Place
    title: str | None = None

    def texts(self) -> list[str]:
        return list(self.lines)


@dataclasses.dataclass(frozen=True)
class Original:
    """A piece of the original's text as a reader of the original sees it (a paragraph, a line,
    a table cell, a box of a drawing, a page header): what the completeness proof accounts for."""

    place: Place
    text: str


Item = Para | Table | Figure
Block = (Table, Figure, FormBlock)  # the items that are not running text


@dataclasses.dataclass
class Stream:
    """What a reader found in one file."""

    path: Path
    kind: str                  # "docx", "pdf", "txt"
    items: list[Item]
    pages: int | None = None   # the real page count, when the format knows it
    dropped: list[tuple[Place, str, str]] = dataclasses.field(default_factory=list)  # (place, text, why)
    lines_are_paragraphs: bool = False  # Word: each Para is a whole paragraph (no rejoining)
    originals: list[Original] = dataclasses.field(default_factory=list)  # every text the reader saw
    margins: list[Item] = dataclasses.field(default_factory=list)  # Word: page headers and footers
