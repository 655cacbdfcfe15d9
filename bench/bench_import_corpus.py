"""`planpress import` of the corpus of tests/corpus.py as a whole process: each Word document
(2–4 pages; target < 1 s), a chapter–article policy of about ten pages (its chapters four times
over; target < 1 s), and the LibreOffice PDFs of tests/fixtures/corpus/ (no target: a PDF is read
character by character; the time is reported as measured, with the page count)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from register import REPO
from run import Benchmark, planpress


def _project(target: Path) -> Path:
    (target / "source").mkdir(parents=True, exist_ok=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, target / "source" / name)
    return target


def _long_policy(path: Path) -> Path:
    """The chapter–article policy with its four chapters written four times (articles numbered on)."""
    import corpus
    original = corpus.CHAPTERS
    article = 0

    def renumbered(paragraphs):
        nonlocal article
        out = []
        for paragraph in paragraphs:
            if isinstance(paragraph, str) and paragraph.startswith("第") and "条 " in paragraph:
                article += 1
                paragraph = f"第{article}条 " + paragraph.split("条 ", 1)[1]
            out.append(paragraph)
        return out

    corpus.CHAPTERS = [(f"第{4 * round_ + n + 1}章 " + heading.split(" ", 1)[1], renumbered(paragraphs))
                       for round_ in range(4) for n, (heading, paragraphs) in enumerate(original)]
    try:
        return corpus.chapter_policy(path)
    finally:
        corpus.CHAPTERS = original


def _pages(pdf: Path) -> str:
    import pypdf
    return f"{len(pypdf.PdfReader(pdf).pages)} 页"


def benchmarks(workdir: Path) -> list[Benchmark]:
    sys.path.insert(0, str(REPO / "tests"))
    import corpus
    project = _project(workdir / "import-corpus")
    documents = corpus.write_all(workdir / "corpus")
    documents["chapter_policy, 10 pages"] = _long_policy(workdir / "corpus" / "H-J-ZD-040 长.docx")
    out = []
    for name, path in documents.items():
        out.append(Benchmark(f"import corpus {name} (Word)",
                             planpress("import", str(path), "--out", str(workdir / f"{name}.yaml"), "--force"),
                             project, target_seconds=1.0))
    for pdf in sorted((REPO / "tests" / "fixtures" / "corpus").glob("*.pdf")):
        out.append(Benchmark(f"import corpus {pdf.stem} (LibreOffice PDF)",
                             planpress("import", str(pdf), "--out", str(workdir / f"{pdf.stem}-pdf.yaml"), "--force"),
                             project, note=lambda pdf=pdf: _pages(pdf)))
    return out
