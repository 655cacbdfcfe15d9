"""The forms and frames test project: a copy of the examples (among them H-J-LC-041, a procedure
with every kind of form part, and H-Z-ZD-102, a chapter–article policy) with the document of
tests/fixtures/forms/ (a policy of articles only, choosing its frame by `frame:`) and what it needs
in planpress.yaml (the 制度-条 frame, a card style)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber

from conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
FORMS, ARTICLES, CHAPTERS = "H-J-LC-041", "H-Z-ZD-103", "H-Z-ZD-102"

ARTICLES_FRAME = """  制度-条:
    numbering: [第一条, （一）, 1.]
    item_numbering: [（一）, 1.]
    sections:
      - {key: articles}
      - {key: forms,     title: 附件,         body: attachments, numbered: false}
      - {key: revisions, title: 文件修订记录, body: revisions,   numbered: false}
      - {key: approvals, title: 审核批准,     body: approvals,   numbered: false}
"""
CARD_STYLE = '    archive-water:       {color: "#01579B", icon: drop}\n'


def make(target: Path) -> Path:
    """The project at `target` (source/ and templates/)."""
    shutil.copytree(REPO / "examples" / "source", target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    for document in FIXTURES.glob("*.yaml"):
        shutil.copy(document, target / "source" / document.name)
    settings = target / "source" / "planpress.yaml"
    text = settings.read_text("utf-8")
    assert "\nframes:\n" in text and "  styles:\n" in text
    text = text.replace("\nframes:\n", "\nframes:\n" + ARTICLES_FRAME, 1).replace("  styles:\n", "  styles:\n" + CARD_STYLE, 1)
    settings.write_text(text, "utf-8")
    return target



def page_lines(pdf: Path, index: int) -> list[str]:
    """The text lines of a page as pdfplumber reads them, without spaces and without the 120 pt
    草稿 watermark of a draft (where it is written as text, its characters join the lines it crosses)."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[index].filter(lambda obj: obj.get("object_type") != "char" or obj["size"] < 40)
        text = page.extract_text()
    return ["".join(line.split()) for line in text.splitlines() if line.strip()]


def body_text(pdf: Path) -> str:
    """Every page's lines but the running header and footer (the first and the last), joined."""
    with pdfplumber.open(pdf) as document:
        count = len(document.pages)
    return "".join("".join(page_lines(pdf, i)[1:-1]) for i in range(count))
