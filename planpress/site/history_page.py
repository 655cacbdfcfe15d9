"""The versions of each document (版本历史): every released version and a revision in progress.

Only the version staff use has pages; the others appear here as a row: version, state (已作废 in
bold red), effective dates, the reason from the revision record, and the PDF of a superseded
version (marked 作废 on every page by the PDF builder). A version not in force yet is listed
without its content or files.
"""

from __future__ import annotations

from ..model import Document, State
from . import markdown as md
from . import paths, prose
from .downloads import Downloads
from .versions import SiteVersions


def page(view: SiteVersions, downloads: Downloads) -> str:
    here = paths.history()
    sections = [document_section(view, shown, downloads, here) for shown in view.shown()]
    return md.page(
        md.front_matter(searchable=False),  # each document's own page is what a search should find
        md.heading(1, "版本历史"),
        md.paragraph("每个文件的各个版本，新的在前。只有“现行”的那一版可以使用：本站的文件页、处置页和搜索只提供它；"
                     "已作废的版本仅供查阅，PDF 每页标有“作废”；尚未生效的版本只列出版本和状态；"
                     "“纸质版本”是使用本系统之前以纸质发布的版本，只有修订记录，没有电子文件。"),
        *sections,
    )


def document_section(view: SiteVersions, shown: Document, downloads: Downloads, here: str) -> str:
    rows = [version_row(view, doc, shown, downloads, here) for doc in view.listed(shown.number)]
    # Versions released on paper before the document came to planpress: named by the record only.
    rows += [[md.nowrap(md.text(row.version.display)), "纸质版本", "—", "—", md.text(row.description),
              "无（纸质发布）"] for row in reversed(view.project.paper_versions(shown.number))]
    return md.page(
        md.heading(2, md.text(f"{shown.number} {shown.title}"), shown.number.lower()),
        md.stacked_table(["版本/修订", "状态", "生效日期", "作废日期", "修订原因（文件修订记录）", "文件"], rows),
    ).rstrip("\n")


def version_row(view: SiteVersions, doc: Document, shown: Document, downloads: Downloads, here: str) -> list[str]:
    if doc.version == shown.version:  # the one with pages
        state = f"**{md.text(doc.state.value)}（现行）**" if doc.state is State.EFFECTIVE else prose.state_cell(doc)
        files = [md.link("全文", md.relative(here, paths.document(shown))),
                 md.link("本版修订内容", md.relative(here, paths.changes(shown)))]
        if pdf := downloads.pdf(shown):
            files.append(md.link("PDF", md.relative(here, pdf.site_path)))
    elif doc.superseded or doc.state is State.EFFECTIVE:  # the latter only in the editors' preview
        state = prose.state_cell(doc)
        pdf = downloads.pdf(doc)
        label = "PDF（作废）" if doc.superseded else "PDF"
        files = [md.link(label, md.relative(here, pdf.site_path))] if pdf else []
    else:  # newer than the version in force: named, not offered
        detail = "待生效" if doc.is_released else ("待发布" if doc.state is State.APPROVED else "修订中")
        state = md.text(f"{doc.state.value}（{detail}）")
        files = ["尚未生效"]
    replaced = view.replaced_on(doc)
    return [md.nowrap(md.text(doc.version.display)), state, prose.date_cell(doc.effective), prose.date_cell(replaced),
            md.text(reason(doc)) or "—", " · ".join(files) or "—"]


def reason(doc: Document) -> str:
    """Why this version was made: its row in the revision record; a first version has none."""
    record = next((r for r in reversed(doc.revisions) if r.version == doc.version), None)
    if record:
        return record.description
    return "首次发布" if not doc.revisions else ""
