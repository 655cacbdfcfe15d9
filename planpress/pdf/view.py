"""The model arranged for templates/pdf/: the header table's rows, the approval rows, the marks of
the state and the PDF metadata. Only arrangement happens here; every value comes from the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterator

from markupsafe import Markup

from .. import __version__
from ..model import Document, Project
from ..model.blocks.contacts import duty_note
from ..model.plaintext import approval_notes, frame_of, header_label, header_values, signed_how, signed_time
from ..render import flowchart, watermark
from .blocks import BlockContext
from .stylesheet import font_css
from .marks import Marks, marks_for
from .signatures import cell_id

WATERMARKS = {"draft": "草稿", "superseded": "作废"}
WATERMARK_INKS = {"draft": ("#787878", 0.18), "superseded": ("#C8102E", 0.28)}  # colour, opacity
PAGE_COUNT_FIELD = "pages"  # its value is the page count, filled in by the layout engine
LABEL_SHARE = 14 / 19.33  # a label column is this much as wide as a value column (14 % : 19.33 % in the seed)


@dataclasses.dataclass(frozen=True)
class HeaderCell:
    label: str
    value: str
    span: int = 1
    page_count: bool = False


@dataclasses.dataclass(frozen=True)
class ApprovalRow:
    role: str
    department: str
    title: str
    name: str
    date: dt.date | None  # None: not signed yet (or the approval does not count)
    signature_id: str  # the empty cell a digital signature stamp will fill
    time: str = ""  # an electronic signature's time and time zone: 10:15 +08:00
    how: str = ""  # 电子签名（批准） or 纸质签批


@dataclasses.dataclass(frozen=True)
class Metadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    generator: str


@dataclasses.dataclass(frozen=True)
class Tables:
    approvals: tuple[ApprovalRow, ...]
    approval_notes: tuple[str, ...] = ()  # under the table: not verified here, no trusted time, exceptions


@dataclasses.dataclass(frozen=True)
class HeaderColumns:
    """The header table's grid: alternating label and value columns, with their widths in %."""

    kinds: tuple[str, ...]  # "label" or "value" per grid column
    widths: tuple[float, ...]


def context(project: Project, doc: Document) -> dict:
    """Everything templates/pdf/document.html is rendered with."""
    config = project.config_for(doc)
    tables = Tables(approvals=approval_rows(doc), approval_notes=approval_notes(doc))
    ctx = BlockContext.for_document(
        project.root, doc, tables=tables,
        flowcharts={flow.number: Markup(flowchart.svg(flow, config.fonts.heading, project.root)) for flow in doc.flows},
        duty_notes={a.ordinal: duty_note(doc, a) for a in doc.attachments if a.kind == "contacts" and a.content.duty},
        form_header=functools.partial(form_header, doc))
    state = marks(doc)
    return {
        "doc": doc,
        "meta": metadata(doc),
        "marks": state,
        # drawn outlines, not text: the PDF's text layer keeps every sentence whole under it
        "watermark": Markup(watermark.svg(WATERMARKS[state.state], config.fonts.heading, project.root,
                                          *WATERMARK_INKS[state.state])) if state.watermark else "",
        "header_rows": header_rows(doc),
        "header_columns": header_columns(doc),
        "tables": tables,
        "font_css": font_css(config),
        "ctx": ctx,
    }


def marks(doc: Document) -> Marks:
    return marks_for(doc.state)


def header_rows(doc: Document) -> tuple[tuple[HeaderCell, ...], ...]:
    """The frame's header rows with this version's values."""
    values = header_values(doc)
    return tuple(
        tuple(HeaderCell(cell.label, values.get(cell.field, ""), cell.span, page_count=cell.field == PAGE_COUNT_FIELD)
              for cell in row)
        for row in frame_of(doc).header)


def header_columns(doc: Document) -> HeaderColumns:
    """Label and value columns alternate across the table's width (as wide as its first row)."""
    width = sum(1 + cell.span for cell in frame_of(doc).header[0])
    kinds = tuple("label" if i % 2 == 0 else "value" for i in range(width))
    total = sum(LABEL_SHARE if kind == "label" else 1 for kind in kinds)
    widths = tuple(round(100 * (LABEL_SHARE if kind == "label" else 1) / total, 2) for kind in kinds)
    return HeaderColumns(kinds, widths)


def approval_rows(doc: Document) -> tuple[ApprovalRow, ...]:
    rows = []
    for index, signatory in enumerate(doc.signatories, start=1):
        approval = doc.approved_by(signatory.role)  # only an approval that counts prints as signed
        rows.append(ApprovalRow(
            role=signatory.role, department=signatory.department, title=signatory.title, name=signatory.name,
            date=approval.date if approval else None, signature_id=cell_id(index),
            time=signed_time(approval) if approval else "", how=signed_how(approval) if approval else ""))
    return tuple(rows)


def metadata(doc: Document) -> Metadata:
    return Metadata(
        title=doc.title,
        author=doc.owner,
        subject=f"{doc.number} {doc.title}（{doc.category}，版本/修订 {doc.version.display}）",
        keywords=(doc.number, doc.category, f"版本/修订 {doc.version}", doc.state.value,
                  f"内容指纹 {doc.short_fingerprint}"),
        generator=f"planpress {__version__}",
    )


FORM_CODE_LABEL = "表单编号"


def form_header(doc: Document, attachment) -> tuple[tuple[str, str], ...]:
    """What identifies a blank form printed on its own (and photocopied): the document's number
    and version as its header labels them, and the form's code."""
    values = header_values(doc)
    label = functools.partial(header_label, doc)
    return ((label("number"), doc.number), (FORM_CODE_LABEL, attachment.code), (label("version"), values["version"]))


def fixed_labels(doc: Document) -> Iterator[str]:
    """Words this module, plaintext.py and the assembler add to the page (for the font coverage check)."""
    for row in header_rows(doc):
        for cell in row:
            yield cell.label
    for attachment in doc.attachments:
        if attachment.kind == "contacts" and attachment.content.duty:
            yield duty_note(doc, attachment)
    for row in approval_rows(doc):
        yield f"{row.time}{row.how}"
    yield "电子签名（审核批准主办）纸质签批未签署未核验转录"
    yield from approval_notes(doc)
    yield "".join(WATERMARKS.values())  # drawn from the heading font's outlines
    for table in doc.tables:
        yield table.caption
    for flow in doc.flows:
        yield flow.caption
    for attachment in doc.attachments:
        if attachment.kind == "form":
            yield from (label for label, _ in form_header(doc, attachment))
    yield "□：年月日"  # the forms' boxes and date blanks (templates/pdf/blocks/form.html)
