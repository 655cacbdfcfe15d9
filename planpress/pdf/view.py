"""The model arranged for templates/pdf/: the header table's rows, the approval rows, the marks of
the state and the PDF metadata. Only arrangement happens here; every value comes from the model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

from .. import __version__
from ..model import Document, Project
from ..model.plaintext import duty_note, header_fields
from .fonts import font_css
from .marks import Marks, marks_for
from .signatures import cell_id

PAGE_COUNT_LABEL = "文件总页码"  # its value is the page count, filled in by the layout engine

# The header table of page 1, as in the seed: three rows of label–value pairs (span: value cells).
HEADER_LAYOUT = (
    (("文件类别", 3), ("文件编号", 1)),
    (("制定部门", 1), ("发布部门", 1), ("生效日期", 1)),
    (("版本/修订", 1), (PAGE_COUNT_LABEL, 1), ("修订日期", 1)),
)


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
    date: dt.date | None  # None: not signed yet
    signature_id: str  # the empty cell a digital signature stamp will fill


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


def context(project: Project, doc: Document) -> dict:
    """Everything templates/pdf/document.html is rendered with."""
    return {
        "doc": doc,
        "meta": metadata(doc),
        "marks": marks(doc),
        "header_rows": header_rows(doc),
        "tables": Tables(approvals=approval_rows(doc)),
        "duty_notes": {a.ordinal: duty_note(doc, a) for a in doc.attachments if a.duty},
        "font_css": font_css(project.config_for(doc)),
    }


def marks(doc: Document) -> Marks:
    return marks_for(doc.state)


def header_rows(doc: Document) -> tuple[tuple[HeaderCell, ...], ...]:
    values = dict(header_fields(doc))
    return tuple(
        tuple(HeaderCell(label, values.get(label, ""), span, page_count=label == PAGE_COUNT_LABEL)
              for label, span in row)
        for row in HEADER_LAYOUT)


def approval_rows(doc: Document) -> tuple[ApprovalRow, ...]:
    rows = []
    for index, signatory in enumerate(doc.signatories, start=1):
        approval = doc.approval(signatory.role)
        rows.append(ApprovalRow(
            role=signatory.role, department=doc.approval_department(signatory.role), title=signatory.title,
            name=approval.name if approval else signatory.name, date=approval.date if approval else None,
            signature_id=cell_id(index)))
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


def fixed_labels(doc: Document) -> Iterator[str]:
    """Words this module and plaintext.py add to the page (for the font coverage check)."""
    for row in header_rows(doc):
        for cell in row:
            yield cell.label
    for attachment in doc.attachments:
        if attachment.duty:
            yield duty_note(doc, attachment)
