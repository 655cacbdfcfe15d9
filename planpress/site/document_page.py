"""One page per document: header block, downloads, the full text with a stable anchor per clause,
the revision record, the approvals and the appendices."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

from .. import dates
from ..model import plaintext
from ..render import flowchart
from ..model import Clause, Document, State
from . import blocks
from . import markdown as md
from . import paths, prose
from .downloads import Downloads
from .versions import SiteVersions


def page(view: SiteVersions, doc: Document, downloads: Downloads, today: dt.date) -> str:
    here = paths.document(doc)
    # Graphviz measures the flowcharts' text with the headings' face; the site's CSS names
    # fallbacks for the browsers of staff PCs that do not have it.
    charts = functools.partial(flowchart.svg, font=view.project.config.fonts.heading, root=view.project.root)
    block_page = blocks.Page(doc, here, charts, downloads, lambda clause: clause_blocks(block_page, clause))
    return md.page(
        md.front_matter(),
        md.heading(1, md.text(f"{doc.number} {doc.title}")),  # the number tells copies apart in search results
        preview_notice(view, doc),
        notices(doc, view.upcoming(doc.number), today),
        emergency_links(doc, here),  # first: on a phone, before the document information
        header_block(doc, today),
        version_links(doc, here),
        downloads_section(doc, downloads, here),
        *(clause_blocks(block_page, clause) for clause in doc.clauses),
        *(appendix(block_page, attachment) for attachment in doc.attachments),
    )


def preview_notice(view: SiteVersions, doc: Document) -> str:
    in_use = view.in_use(doc.number)
    if not view.preview or in_use.version == doc.version:
        return ""
    return md.admonition("note", "预览：工作副本", md.text(
        f"本页显示正在编辑的工作副本 {doc.version.display}（{doc.state.value}）。发布的站点上，员工看到的仍是现行版本 "
        f"{in_use.version.display}（{in_use.state.value}），直到新版本发布并生效。"))


def notices(doc: Document, upcoming: Sequence[Document], today: dt.date) -> str:
    blocks = []
    if doc.state is State.DRAFT:
        missing = "、".join(doc.waiting_roles) or "发布签名无效"
        blocks.append(md.admonition("danger", "草稿：尚未批准，不得作为现行文件使用",
                                    md.text(f"缺少的审批：{missing}。")))
    elif doc.state is State.APPROVED:
        when = f"将于 {dates.chinese(doc.effective)}生效" if doc.is_released else "尚未发布"
        blocks.append(md.admonition("warning", "已批准，尚未生效", md.text(f"本版本{when}。")))
    if upcoming:
        # Only the version and its state: the new content is not in force and is not shown.
        title = "新版本尚未生效" if all(d.is_released for d in upcoming) else "本文件正在修订"
        blocks.append(md.admonition("info", title, md.text(
            "；".join(prose.upcoming_text(d) for d in upcoming)
            + f"。在新版本生效之前，本页的 {doc.version.display} 是现行版本，请按本页执行。")))
    if doc.review_overdue(today):
        blocks.append(md.admonition("warning", "定期评审已逾期", md.text(
            f"本文件应于 {dates.chinese(doc.review_due)} 前完成评审（评审周期 {doc.review_cycle_years} 年）。"
            f"在新版本发布前，本版本仍为现行版本。")))
    return "\n\n".join(blocks)


def header_block(doc: Document, today: dt.date) -> str:
    """The document information (表头) as two tables; a phone shows each as "label: value" lines."""
    values = plaintext.header_values(doc)
    label = functools.partial(plaintext.header_label, doc)
    first = ["number", "version", "effective"]
    second = ["category", "owner", "publisher", "revised"]
    return md.page(
        md.stacked_table([label(k) for k in first] + ["状态", "下次评审", "适用院区"],
                         [[md.text(values[k]) or "—" for k in first]
                          + [prose.state_cell(doc), prose.review_cell(doc, today),
                             md.text("、".join(c.name for c in doc.campuses))]], "pp-header"),
        md.stacked_table([label(k) for k in second] + ["内容指纹"],
                         [[md.text(values[k]) or "—" for k in second] + [f"`{doc.short_fingerprint}`"]], "pp-header"),
    ).rstrip("\n")


def version_links(doc: Document, here: str) -> str:
    changes = md.link("本版修订内容", md.relative(here, paths.changes(doc)))
    history = md.link("历次版本", md.relative(here, paths.history(), doc.number.lower()))
    return md.paragraph(f"**版本：** {changes} · {history}", "", "pp-versions")


def emergency_links(doc: Document, here: str) -> str:
    if not doc.scenarios:
        return ""
    links = " · ".join(md.link(md.text(s.title), md.relative(here, paths.scenario(doc, s.key)))
                       for s in doc.scenarios)
    return md.paragraph(f"**突发事件处置：** {links}", "", "pp-emergency")


def downloads_section(doc: Document, downloads: Downloads, here: str) -> str:
    items = []
    if pdf := downloads.pdf(doc):
        items.append(f"- 受控文件 PDF：{md.link(md.text(pdf.name), md.relative(here, pdf.site_path))}")
    bundles = [(campus, downloads.bundle(doc, campus.key)) for campus in doc.campuses]
    bundle_links = [md.link(md.text(campus.name), md.relative(here, b.site_path)) for campus, b in bundles if b]
    if bundle_links:
        items.append("- 应急处置卡（每个院区一套，打印张贴）：" + " · ".join(bundle_links))
    if not items:
        return ""
    return md.page(md.heading(2, "下载与打印", "downloads"), "\n".join(items)).rstrip("\n")


def clause_blocks(page: blocks.Page, clause: Clause) -> str:
    """The clause and everything under it, in reading order: the frame's sections here, every
    other node by the site renderer of its block type (site/blocks/)."""
    if clause.kind in ("section", "revisions", "approvals"):
        level = min((clause.level or len(clause.number.split("."))) + 1, blocks.UNTITLED_LEVEL - 1)
        # a section without a title (the chapters of a policy) has no heading of its own
        parts = [md.heading(level, md.text(clause.heading), clause.anchor)] if clause.title else []
        parts += [md.paragraph(p) for p in page.paragraphs(clause)]
        if clause.kind == "revisions":
            parts.append(revision_record(page.doc))
        elif clause.kind == "approvals":
            parts.append(approval_table(page.doc))
    else:
        parts = blocks.render(page, clause)
    parts += [clause_blocks(page, child) for child in clause.children]
    return md.page(*parts).rstrip("\n")


def revision_record(doc: Document) -> str:
    if not doc.revisions:
        return md.paragraph("无修订记录（首次发布）。")
    return md.stacked_table(["日期", "版本/修订", "修订内容", "修订人"], [
        [prose.date_cell(r.date), md.text(r.version.display), md.text(r.description), md.text(r.by or "")]
        for r in doc.revisions])


def approval_table(doc: Document) -> str:
    rows = []
    for signatory in doc.signatories:
        approval = doc.approved_by(signatory.role)  # only an approval that counts shows as signed
        how = " ".join(filter(None, [plaintext.signed_time(approval), plaintext.signed_how(approval)])) if approval else ""
        rows.append([md.text(signatory.role), md.text(signatory.department) or "—",
                     md.text(signatory.title),
                     md.text(signatory.name) if approval else "（未签署）",
                     f"{prose.date_cell(approval.date)} {md.text(how)}" if approval else "—"])
    table = md.stacked_table(["审批", "部门", "职务", "签名", "日期"], rows)
    notes = plaintext.approval_notes(doc)
    return table + "".join("\n\n" + md.paragraph(f"**{md.text(note)}**").rstrip("\n") for note in notes)


def appendix(page: blocks.Page, attachment) -> str:
    parts = [
        md.heading(2, md.text(f"附件 {attachment.ordinal} {attachment.title}"), attachment.anchor),
        md.paragraph(f"表单编号：{md.text(attachment.code)}"),
    ]
    parts += blocks.attachment(page, attachment)
    return md.page(*parts).rstrip("\n")
