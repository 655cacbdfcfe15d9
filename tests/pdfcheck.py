"""Reading built PDFs the way a reader (or an auditor) would: page text, margins, fonts, metadata.

Text comes from pdfium (pypdfium2), split into the running header, the body and the footer by
position, so that a sentence broken across pages reads as one when the bodies are joined.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pypdf
import pypdfium2 as pdfium

from conftest import REPO, run_cli
from seedtext import normalise

MM = 72 / 25.4
HEADER_MM = 24  # the page margins of templates/pdf/document.css: header above, footer below
FOOTER_MM = 22


@dataclasses.dataclass(frozen=True)
class Page:
    header: str
    body: str
    footer: str

    @property
    def all(self) -> str:
        return self.header + self.body + self.footer


@functools.cache
def pages(pdf: Path, mtime: float = 0.0) -> tuple[Page, ...]:
    """The text of every page (normalised: no whitespace). Pass the file's mtime to re-read it."""
    document = pdfium.PdfDocument(pdf)
    result = []
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        header = text.get_text_bounded(0, height - HEADER_MM * MM, width, height)
        footer = text.get_text_bounded(0, 0, width, FOOTER_MM * MM)
        body = text.get_text_bounded(0, FOOTER_MM * MM, width, height - HEADER_MM * MM)
        result.append(Page(normalise(header), normalise(body), normalise(footer)))
    document.close()
    return tuple(result)


def read(pdf: Path) -> tuple[Page, ...]:
    return pages(pdf, pdf.stat().st_mtime)


def body_text(pdf: Path) -> str:
    return "".join(page.body for page in read(pdf))


STATE_MARKS = ("草稿", "作废", "受控")


WATERMARK_INKS = {"草稿": (0.471, 0.471, 0.471), "作废": (0.784, 0.063, 0.180)}  # pdf/view.py WATERMARK_INKS


def marks_per_page(pdf: Path) -> list[set[str]]:
    """The state marks printed on each page: [{"受控"}, set(), …] for a version in force. 受控 is
    text; 草稿 and 作废 are drawn (the word's outlines, in their ink), never in the text layer."""
    import pdfplumber
    from collections import Counter
    with pdfplumber.open(pdf) as document:  # a word's outlines are several filled shapes (受控's frame, in red too, is one)
        inks = [Counter(tuple(round(v, 3) for v in (c.get("non_stroking_color") or ())) for c in page.curves if c.get("fill"))
                for page in document.pages]
    pages = read(pdf)
    assert all("草稿" not in page.all and "作废" not in page.all for page in pages), "a watermark in the text layer"
    return [{mark for mark in STATE_MARKS if mark in page.all}
            | {word for word, ink in WATERMARK_INKS.items() if drawn[ink] >= 4}
            for page, drawn in zip(pages, inks)]


@dataclasses.dataclass(frozen=True)
class EmbeddedFont:
    name: str  # /BaseFont, e.g. ABCDEF+Noto-Serif-CJK-SC
    program: str  # FontFile, FontFile2 or FontFile3
    subtype: str | None  # /OpenType, /CIDFontType0C, … (FontFile3 only)
    size: int  # bytes of the font program

    @property
    def subset(self) -> bool:
        prefix, plus, _ = self.name.partition("+")
        return bool(plus) and len(prefix) == 6 and prefix.isupper()


def embedded_fonts(pdf: Path) -> list[EmbeddedFont]:
    reader = pypdf.PdfReader(pdf)
    found = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descendant = descendant.get_object()
                descriptor = descendant["/FontDescriptor"].get_object()
                for program in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if program in descriptor:
                        stream = descriptor[program].get_object()
                        found[str(descendant["/BaseFont"])] = EmbeddedFont(
                            str(descendant["/BaseFont"]).lstrip("/"), program.lstrip("/"),
                            stream.get("/Subtype"), len(stream.get_data()))
    return list(found.values())


def build_pdfs(root: Path, *extra: str) -> list[Path]:
    """`planpress build --only pdf` in `root`; the PDFs it wrote, as it reports them."""
    result = run_cli("build", "--only", "pdf", *extra, root=root)
    assert result.status == 0, result.stderr
    return [Path(line.removeprefix("已生成 ").strip()) for line in result.stdout.splitlines() if line.startswith("已生成 ")]


def build_pdf(root: Path, *extra: str) -> Path:
    """`planpress build --only pdf` in `root`; the one PDF it wrote."""
    written = build_pdfs(root, *extra)
    assert len(written) == 1, written
    return written[0]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")
