"""The document as plain text, one clause per line: for the terminal, diffs and tests."""

from __future__ import annotations

from .. import dates
from . import Approval, Clause, Document, blocks


def signed_time(approval: Approval) -> str:
    """10:15 +08:00: the time of an electronic signature, in the time zone it was made in."""
    moment = approval.signed_at
    if moment is None:
        return ""
    offset = moment.strftime("%z")
    return f"{moment:%H:%M} {offset[:3]}:{offset[3:]}" if offset else f"{moment:%H:%M}"


def signed_how(approval: Approval) -> str:
    """电子签名（批准） / 纸质签批: how a counted approval was given, and what it means (21 CFR 11.50).
    Built where the trust anchor is not pinned, nothing is shown as verified: 未核验（批准）."""
    if approval.kind == "paper":
        return "纸质签批" if approval.pinned else "纸质签批（转录未核验）"
    return f"电子签名（{approval.meaning}）" if approval.pinned else f"未核验（{approval.meaning}）"


UNPINNED_NOTE = "注：生成这份文件的电脑没有固定医院的信任根证书，表中的签名未经核验，不能作为审批依据。"
UNSTAMPED_NOTE = "注：表中电子签名没有可信时间戳（医院尚未配置时间戳服务），签名时间来自签署人电脑的时钟。"


def approval_notes(doc: Document) -> tuple[str, ...]:
    """What the approvals table must say under it: signatures not verified here, signing times
    without a trusted timestamp, and the separation-of-duties exceptions this version uses."""
    shown = [a for a in (doc.approved_by(s.role) for s in doc.signatories) if a is not None]
    notes = []
    if any(not a.pinned for a in shown):
        notes.append(UNPINNED_NOTE)
    if any(a.kind == "signed" and a.timestamp is None for a in shown):
        notes.append(UNSTAMPED_NOTE)
    notes += [f"职责分离的例外：{line}" for line in doc.exceptions]
    return tuple(notes)


def approval_text(doc: Document, role: str) -> str:
    """2026年11月26日 10:15 +08:00 电子签名（批准） · 2020年8月10日 纸质签批 · （未签署）"""
    approval = doc.approved_by(role)
    if approval is None:
        return "（未签署）"
    return " ".join(filter(None, [dates.chinese(approval.date), signed_time(approval), signed_how(approval)]))


def header_values(doc: Document) -> dict[str, str]:
    """What each header field shows (the page count is the layout's: not here)."""
    return {
        "category": doc.category, "number": doc.number, "owner": doc.owner, "publisher": doc.publisher,
        "effective": dates.chinese(doc.effective), "version": doc.version.display,
        "revised": dates.chinese(doc.revised),
    }


def header_fields(doc: Document) -> list[tuple[str, str]]:
    """The header table of a controlled document as (label, value), in the frame's order,
    without the page count."""
    values = header_values(doc)
    return [(cell.label, values[cell.field]) for row in frame_of(doc).header for cell in row if cell.field in values]


def header_label(doc: Document, field: str) -> str:
    return next((cell.label for row in frame_of(doc).header for cell in row if cell.field == field), field)


def frame_of(doc: Document):
    if doc.frame is not None:
        return doc.frame
    from .assemble import frame_from

    return frame_from(None)


def clause_line(clause: Clause) -> str:
    """One clause as it reads: "5.3.1 预案及响应：工作时间内…", "a.办公场所…", a table as its rows;
    a block reads as its block type says (model/blocks)."""
    block_type = blocks.of(clause)
    lines = block_type.lines(clause) if block_type is not None else None
    if lines is not None:
        return "\n".join(lines)
    if clause.run_in:
        return f"{clause.heading}：{clause.text}"
    if clause.is_list_item:
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
                    signed = f"{signatory.title}：{signatory.name} {approval_text(doc, signatory.role)}"
                    lines.append(" ".join(filter(None, [signatory.role, signatory.department, signed])))
                lines += approval_notes(doc)
    for attachment in doc.attachments:
        lines.append(f"附件 {attachment.ordinal} {attachment.code}{attachment.title}")
        lines += attachment_lines(doc, attachment)
    return "\n".join(lines) + "\n"


def attachment_lines(doc: Document, attachment) -> list[str]:
    lines = blocks.kind(attachment.kind).attachment_lines(doc, attachment)
    return lines + [clause_line(c) for top in attachment.clauses for c in top.walk()]
