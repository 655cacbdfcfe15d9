"""What waits for whom: the rows a signatory has still to sign, the versions ready for release."""

from __future__ import annotations

import dataclasses

from ...model import Document
from .models import SendBack


@dataclasses.dataclass(frozen=True)
class Waiting:
    doc: Document
    role: str
    meaning: str
    sent_back: SendBack | None = None


def sent_back(doc: Document) -> SendBack | None:
    """The send-back of this very content, if any (a later edit changes the fingerprint)."""
    return SendBack.objects.filter(number=doc.number, version=str(doc.version), fingerprint=doc.fingerprint).first()


def open_documents(project) -> list[Document]:
    if project is None:
        return []
    return [d for d in project.documents if not d.is_released]


def for_signatory(project, person: str) -> list[Waiting]:
    """Rows naming `person` in versions not yet released whose approval does not count yet."""
    if not person:
        return []
    found = []
    for doc in open_documents(project):
        for signatory in doc.signatories:
            if signatory.person == person and not doc.approved_by(signatory.role):
                back = sent_back(doc)
                if back is None:
                    found.append(Waiting(doc, signatory.role, signatory.meaning))
    return found


def count(project, user) -> int:
    """The header's number on 待我签署: the rows waiting for this person's signature, and for a
    document controller the versions waiting for release (what the page lists for them to sign)."""
    from ..accounts.models import Role

    found = len(for_signatory(project, user.person))
    if user.has_role(Role.CONTROLLER):
        found += len(ready_for_release(project))
    return found


def ready_for_release(project) -> list[Document]:
    return [d for d in open_documents(project) if d.is_approved]


def reviews_overdue(project, today) -> list[Document]:
    """Versions in force whose periodic review (定期评审) is past due."""
    if project is None:
        return []
    found = []
    for number in sorted({d.number for d in project.documents}):
        staff = project.for_staff(number)
        if staff is not None and staff.review_overdue(today):
            found.append(staff)
    return found


def released_rows(project, person: str) -> list[Waiting]:
    """Rows naming `person` in each document's last release: where a PAdES signature can be added."""
    from ...lifecycle import history

    if project is None or not person:
        return []
    found = []
    for number in sorted({d.number for d in project.documents}):
        last = history.last_release(project, number)
        for signatory in (last.signatories if last is not None else ()):
            if signatory.person == person:
                found.append(Waiting(last, signatory.role, signatory.meaning))
    return found


def transcriptions(project, doc: Document, working: bool = True) -> list[dict]:
    """What of `doc` can be transcribed (转录 of a paper-approved version): the working copy approved
    on paper and not released yet (value "", when `working`), and each archived paper-approved
    version, with what its transcription still needs (转录, 核对, or nothing)."""
    from ...lifecycle.release import WITNESS_CODES

    found = []
    if working and not doc.is_released and any(a.kind == "paper" for a in doc.approvals):
        found.append({"value": "", "doc": doc, "state": "还没有转录：由文件控制员核对纸质原件后签署", "needs": "转录"})
    for archived in project.history(doc.number):
        if not any(a.kind == "paper" for a in archived.approvals):
            continue
        release = archived.release
        codes = {f.code for f in release.findings}
        if codes - WITNESS_CODES:
            state, needs = "转录签名不能验证：" + "；".join(f.message for f in release.findings), "转录"
        elif codes:
            state, needs = f"文件控制员 {release.signer} 已签署转录，等待第二人核对", "核对"
        else:
            state, needs = f"转录有效：{release.signer} 转录，{release.witness} 核对", ""
        found.append({"value": str(archived.version), "doc": archived, "state": state, "needs": needs})
    return found


def transcriptions_due(project, person: str) -> list[tuple[Document, str]]:
    """(document, what is needed) for a release signer or transcription witness: the paper versions
    whose transcription waits for a signature (documents whose working copy loads)."""
    if project is None or not person:
        return []
    roster = project.roster
    if not (roster.may_release(person) or roster.may_witness(person)):
        return []
    found = []
    for doc in project.documents:
        found += [(row["doc"], row["needs"]) for row in transcriptions(project, doc) if row["needs"]]
    return found
