"""Make the PDFs of the corpus that tests/test_import_corpus.py imports (tests/fixtures/corpus/):
the Word documents of tests/corpus.py converted by LibreOffice, as a hospital's PDFs often are.

Run by hand after changing a corpus document that has a PDF (LibreOffice is not needed by the
tests themselves: `apt-get install libreoffice-writer-nogui`, then
`.venv/bin/python tests/make_corpus_pdfs.py [name …]`: all of them, or the ones named); commit
the PDFs it writes.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402

OUT = Path(__file__).resolve().parent / "fixtures" / "corpus"
WITH_PDF = ("chapter_policy", "heading_flow", "form_plan", "grid_contacts", "drawing_notes", "article_forms", "table_form",
            "articles_only")


def main() -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        sys.exit("需要 LibreOffice：apt-get install libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in sys.argv[1:] or WITH_PDF:
            build, _, _ = corpus.DOCUMENTS[name]
            source = build(work / f"{name}.docx")
            subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(work), str(source)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.copy(work / f"{name}.pdf", OUT / f"{name}.pdf")
            print(OUT / f"{name}.pdf")


if __name__ == "__main__":
    main()
