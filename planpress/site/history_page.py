"""The versions of each document: today the current one; superseded versions join the same table.

`versions()` is the one place that decides which versions a document has; the page lists them
newest first, so adding the archive means returning more Documents there.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import dates
from ..model import Document, Project, Version
from . import markdown as md
from . import paths
from .downloads import Downloads


def versions(project: Project) -> dict[str, list[Document]]:
    """Every version of every document, by number, newest first."""
    result: dict[str, list[Document]] = {}
    for doc in project.documents:
        result.setdefault(doc.number, []).append(doc)
    for found in result.values():
        found.sort(key=lambda d: d.version.sort_key(), reverse=True)
    return result


def page(project: Project, downloads: Downloads) -> str:
    here = paths.history()
    sections = [document_section(found, downloads, here) for found in versions(project).values()]
    return md.page(
        md.front_matter(),
        md.heading(1, "版本历史"),
        md.paragraph("每个文件的各个版本。只有“已生效”的版本可以使用；已作废的版本仅供查阅。"),
        *sections,
    )


def document_section(found: Sequence[Document], downloads: Downloads, here: str) -> str:
    current = found[0]
    rows = [version_row(doc, downloads, here) for doc in found]
    return md.page(
        md.heading(2, md.text(f"{current.number} {current.title}"), current.number.lower()),
        md.table(["版本/修订", "状态", "生效日期", "修订日期", "修订内容", "文件"], rows),
    ).rstrip("\n")


def version_row(doc: Document, downloads: Downloads, here: str) -> list[str]:
    record = next((r for r in reversed(doc.revisions) if r.version == doc.version), None)
    first_release = doc.version == Version("A", 0)
    change = record.description if record else ("首次发布" if first_release else "")
    files = [md.link("网页", md.relative(here, paths.document(doc)))] if not doc.superseded else []
    if pdf := downloads.pdf(doc):
        files.append(md.link("PDF", md.relative(here, pdf.site_path)))
    return [md.text(doc.version.display), md.text(doc.state.value), md.text(dates.chinese(doc.effective)),
            md.text(dates.chinese(doc.revised)) or "—", md.text(change) or "—", " · ".join(files) or "—"]
