"""One page per document: header block, downloads, the full text with a stable anchor per clause,
the revision record, the approvals and the appendices."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence

from .. import dates, outputs
from ..model import plaintext
from ..render import flowchart
from ..model import Clause, Document, Flow, State
from . import markdown as md
from . import cards, paths, prose
from .downloads import Downloads
from .versions import SiteVersions

# A numbered clause without a title (5.4.4) is a whole h6, styled as body text: each is then its
# own search result (the search plugin cuts pages at headings), with its words in the heavily
# weighted title field, and has a permalink; the outline (toc_depth 4) leaves it out.
UNTITLED_LEVEL = 6


def page(view: SiteVersions, doc: Document, downloads: Downloads, today: dt.date) -> str:
    here = paths.document(doc)
    # Graphviz measures the flowcharts' text with the headings' face; the site's CSS names
    # fallbacks for the browsers of staff PCs that do not have it.
    charts = functools.partial(flowchart.svg, font=view.project.config.fonts.heading, root=view.project.root)
    return md.page(
        md.front_matter(),
        md.heading(1, md.text(f"{doc.number} {doc.title}")),  # the number tells copies apart in search results
        preview_notice(view, doc),
        notices(doc, view.upcoming(doc.number), today),
        header_block(doc, today),
        version_links(doc, here),
        emergency_links(doc, here),
        downloads_section(doc, downloads, here),
        *(clause_blocks(doc, clause, here, charts) for clause in doc.clauses),
        *(appendix(doc, attachment, downloads, here, charts) for attachment in doc.attachments),
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
    values = plaintext.header_values(doc)
    label = functools.partial(plaintext.header_label, doc)
    first = ["number", "version", "effective"]
    second = ["category", "owner", "publisher", "revised"]
    return md.page(
        md.table([md.text(label(k)) for k in first] + ["状态", "下次评审", "适用院区"],
                 [[md.text(values[k]) or "—" for k in first]
                  + [prose.state_cell(doc), prose.review_cell(doc, today), md.text("、".join(c.name for c in doc.campuses))]]),
        md.table([md.text(label(k)) for k in second] + ["内容指纹"],
                 [[md.text(values[k]) or "—" for k in second] + [f"`{doc.short_fingerprint}`"]]),
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


def clause_blocks(doc: Document, clause: Clause, here: str, charts: Callable[[Flow], str]) -> str:
    """The clause and everything under it, in reading order. `charts` draws a flowchart as SVG."""
    paragraphs = [prose.with_mentions(p, clause.mentions, doc.campuses, here) for p in clause.paragraphs]
    body = paragraphs[0] if paragraphs else ""
    more = [md.paragraph(p, "", "pp-continued") for p in paragraphs[1:]]
    if clause.kind in ("table", "flow"):
        blocks = [table_block(doc, clause) if clause.kind == "table" else flow_block(clause, charts)]
    elif clause.kind in ("section", "revisions", "approvals") or (clause.kind == "clause" and clause.title):
        level = min(len(clause.number.split(".")) + 1, UNTITLED_LEVEL - 1)
        blocks = [md.heading(level, md.text(clause.heading), clause.anchor)]
        blocks += [md.paragraph(p) for p in paragraphs]
    elif clause.kind in ("clause", "reference"):
        blocks = [md.heading(UNTITLED_LEVEL, f"**{md.text(clause.number)}** {body}", clause.anchor, "pp-clause"), *more]
    elif clause.kind == "roster":
        blocks = [md.paragraph(f"{md.text(clause.title)}：{body}", clause.anchor, "pp-roster")]
    else:  # letter a. / subletter a) / circled ①: "a.人员构成：" or "a)修订…"
        label = md.text(clause.number) + (md.text(clause.title) + "：" if clause.title else "")
        blocks = [md.paragraph(label + body, clause.anchor, f"pp-{clause.kind}")]
    if clause.kind == "revisions":
        blocks.append(revision_record(doc))
    elif clause.kind == "approvals":
        blocks.append(approval_table(doc))
    blocks += [clause_blocks(doc, child, here, charts) for child in clause.children]
    return md.page(*blocks).rstrip("\n")


def table_block(doc: Document, clause: Clause) -> str:
    """A table of the clause tree, as raw HTML (Markdown tables have no merged cells). A contact
    cell dials its numbers."""
    table = clause.block
    rows = [[(contact_cell(doc, cell.contact) if cell.contact else md.html_text(cell.text), cell.span)
             for cell in row] for row in table.rows]
    return md.html_table(clause.anchor, md.html_text(table.caption), [md.html_text(c) for c in table.columns],
                         rows, "pp-table")


def contact_cell(doc: Document, contact) -> str:
    numbers = [(campus, contact.phone_at(campus.key)) for campus in doc.campuses]
    if len({number for _, number in numbers}) == 1:
        return f"{md.html_text(contact.name)} {md.html_tel(numbers[0][1])}"
    return md.html_text(contact.name) + " " + " / ".join(
        f"{md.html_text(campus.name)} {md.html_tel(number)}" for campus, number in numbers)


def flow_block(clause: Clause, charts: Callable[[Flow], str]) -> str:
    """A flowchart: the SVG Graphviz laid out, its caption, and the same steps as text (for
    screen readers and for search)."""
    flow = clause.block
    chart = charts(flow)
    chart = "".join(line for line in chart.splitlines() if line.strip())  # a raw HTML block has no blank line
    steps = "".join(f"<li>{md.html_text(node.text)}{'（' + md.html_text(leads) + '）' if leads else ''}</li>"
                    for node, leads in plaintext.flow_steps(flow))
    # The chart's words are searched in its text version below, so a search lists them once.
    return (f'<figure id="{md.html_text(clause.anchor)}" class="pp-flow"><div class="pp-chart" role="img" '
            f'aria-label="{md.html_text(flow.caption)}" data-search-exclude>{chart}</div>'
            f"<figcaption>{md.html_text(flow.caption)}</figcaption></figure>\n\n"
            f'<details class="pp-flow-text"><summary>{md.html_text(flow.caption)}的文字说明</summary>'
            f"<ol>{steps}</ol></details>")


def revision_record(doc: Document) -> str:
    if not doc.revisions:
        return md.paragraph("无修订记录（首次发布）。")
    return md.table(["日期", "版本/修订", "修订内容", "修订人"], [
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
    table = md.table(["审批", "部门", "职务", "签名", "日期"], rows)
    notes = plaintext.approval_notes(doc)
    return table + "".join("\n\n" + md.paragraph(f"**{md.text(note)}**").rstrip("\n") for note in notes)


def appendix(doc: Document, attachment, downloads: Downloads, here: str, charts: Callable[[Flow], str]) -> str:
    blocks = [
        md.heading(2, md.text(f"附件 {attachment.ordinal} {attachment.title}"), attachment.anchor),
        md.paragraph(f"表单编号：{md.text(attachment.code)}"),
    ]
    if attachment.kind == "form":
        pdf = downloads.pdf(doc)
        where = f"，从{md.link('受控文件 PDF', md.relative(here, pdf.site_path))}打印" if pdf else ""
        blocks.append(md.paragraph(f"空白表单（{attachment.form.rows} 行）{where}。各栏："))
        blocks.append(md.table([md.text(c) for c in attachment.form.columns], [[" "] * len(attachment.form.columns)]))
        return md.page(*blocks).rstrip("\n")
    if attachment.kind == "clauses":
        blocks += [clause_blocks(doc, clause, here, charts) for clause in attachment.clauses]
        return md.page(*blocks).rstrip("\n")
    rows = [[md.link(md.text(c.name), md.relative(here, paths.contacts(), c.key))]
            + [prose.phone_cell(c, campus) for campus in doc.campuses]
            for c in attachment.contacts]
    blocks.append(md.table(["科室"] + [f"电话（{md.text(c.name)}）" for c in doc.campuses], rows))
    if attachment.duty:
        blocks.append(md.paragraph(duty_note(doc, attachment)))
    if attachment is doc.contact_form:  # the contact card is the posted form of the contact form
        table = cards.card_table(doc, outputs.CONTACT_CARD, "联络卡", downloads, here)
        if table:
            blocks += [md.heading(3, "张贴用联络卡", "contact-cards"), table]
    return md.page(*blocks).rstrip("\n")


def duty_note(doc: Document, attachment) -> str:
    """备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。 with dialling links."""
    duty = attachment.duty
    numbers = "，".join(f"{md.text(c.name)} {prose.phone_cell(duty.contact, c)}" for c in doc.campuses)
    return f"备注：{md.text(duty.label)}：{numbers}。"
