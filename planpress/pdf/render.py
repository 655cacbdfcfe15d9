"""One document version → the bytes of its PDF (HTML from templates/pdf/, laid out by WeasyPrint).

`planpress build` lays out its PDFs on the warm helper processes of render.pool (`render_job`, one
PDF per job); a single PDF asked for otherwise (`pdf_bytes`) uses render.worker's helper if one is
running, else this process.
The page count is laid out, not typed: 文件总页码 on page 1 and "共 Y 页" in every footer are the
CSS counter `pages`, which WeasyPrint resolves in the same layout pass (it re-lays only the pages
that print it), so the count costs no second rendering.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..model import Document, Project
from ..render import templating, worker
from . import view
from .signatures import mark_signature_cells

TEMPLATE = "pdf/document.html"
PDFA_VARIANT = "pdf/a-2b"


def html(project: Project, doc: Document) -> str:
    return templating.render(project.root, TEMPLATE, **view.context(project, doc))


def pdf_bytes(project: Project, doc: Document, *, pdfa: bool = False, compact: bool = True) -> bytes:
    """`compact=False` keeps WeasyPrint's own font subsets (for comparing against in tests)."""
    return pdf_from_html(project, html(project, doc), pdfa=pdfa, compact=compact)


def pdf_from_html(project: Project, page: str, *, pdfa: bool = False, compact: bool = True) -> bytes:
    return worker.pdf(page, project.root, pdf_variant=PDFA_VARIANT if pdfa else None,
                      finisher=mark_signature_cells, compact_fonts=compact)


@dataclasses.dataclass(frozen=True)
class PdfJob:
    """One PDF to lay out in a helper process: plain data, pickled."""

    html: str
    root: Path  # the project: relative URLs in the HTML resolve in its templates/
    pdfa: bool = False


def render_job(job: PdfJob) -> bytes:
    from ..render import weasy

    return weasy.write_pdf(weasy.render(job.html, job.root), pdf_variant=PDFA_VARIANT if job.pdfa else None,
                           finisher=mark_signature_cells, compact_fonts=True)


def hb_subset_job(_job=None) -> bool:
    """Whether the helper that lays out has HarfBuzz's hb-subset (asked before the first PDF)."""
    from ..render.weasy import has_hb_subset

    return has_hb_subset()
