"""The document as plain text, one clause per line: for the terminal, diffs and tests."""

from __future__ import annotations

from .. import dates
from . import Clause, Document


def header_fields(doc: Document) -> list[tuple[str, str]]:
    """The header table of a controlled document, in the hospital's order (without the page count)."""
    return [
        ("文件类别", doc.category), ("文件编号", doc.number), ("制定部门", doc.owner),
        ("发布部门", doc.publisher), ("生效日期", dates.chinese(doc.effective)),
        ("版本/修订", doc.version.display), ("修订日期", dates.chinese(doc.revised)),
    ]


def clause_line(clause: Clause) -> str:
    """One clause as it reads: "5.3.1 预案及响应：工作时间内…", "a.办公场所…", "组长：分管院长"."""
    if clause.kind == "roster":
        return f"{clause.title}：{clause.text}"
    if clause.run_in:
        return f"{clause.heading}：{clause.text}"
    if clause.kind in ("letter", "subletter"):
        label = f"{clause.title}：" if clause.title else ""
        return f"{clause.number}{label}{clause.text}"
    if clause.title and clause.text:  # a heading followed by its paragraph
        return f"{clause.heading}\n{clause.text}"
    return " ".join(part for part in (clause.number, clause.title, clause.text) if part)


def document_text(doc: Document) -> str:
    lines = [doc.title]
    lines += [f"{label} {value}".rstrip() for label, value in header_fields(doc)]
    for top in doc.clauses:
        for clause in top.walk():
            lines.append(clause_line(clause))
            if clause.kind == "revisions":
                lines += [f"{dates.chinese(r.date)} {r.version} {r.description}" for r in doc.revisions]
            elif clause.kind == "approvals":
                for signatory in doc.signatories:
                    approval = doc.approval(signatory.role)
                    signed = f"{signatory.title}：{approval.name} {dates.chinese(approval.date)}" if approval else "（未签署）"
                    department = doc.approval_department(signatory.role)
                    lines.append(" ".join(filter(None, [signatory.role, department, signed])))
    for attachment in doc.attachments:
        lines.append(f"附件 {attachment.ordinal} {attachment.code}{attachment.title}")
        lines.append("科室 " + " ".join(f"电话（{c.name}）" for c in doc.campuses))
        for contact in attachment.contacts:
            lines.append(" ".join([contact.name] + [contact.phone_at(c.key) or "" for c in doc.campuses]))
        if attachment.duty:
            lines.append(duty_note(doc, attachment))
    return "\n".join(lines) + "\n"


def duty_note(doc: Document, attachment) -> str:
    """备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。"""
    duty = attachment.duty
    numbers = "，".join(f"{c.name} {duty.contact.phone_at(c.key)}" for c in doc.campuses)
    return f"备注：{duty.label}：{numbers}。"
