"""Verify the approvals and release signatures of every loaded version; the model's state follows.

An approval counts only when it is what `trust.validate` accepts for this very row: a signature by
the signatory's roster person, by a certificate that chains to the (pinned) trust anchor and was
valid when it was made, over a statement naming this document, version, role and meaning and the
current content fingerprint. A paper approval (纸质签批) counts only in a version released before
`signatures.electronic_since` whose release was signed as a transcription (转录) by a release
signer. A release counts only when its signature covers the archive as it is now. A name and a
date typed by hand (the old format, or an import) never count.

Each approval and release gets `counts`/`verified` and its findings (the Chinese reasons);
`sources.rules.check_lifecycle` turns the findings into problems: every finding on a released
version is an error; on a draft, a stale approval or a paper approval awaiting its transcription
is a warning and anything else (forged, copied, untrusted) an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..model import Approval, Document, Finding, Release, fingerprint as fingerprint_module

ROSTER_HINT = "签署人须登记在名册（source/people.yaml）里，文件的 signatories 用 person 指向他。"


def _finding(failure, pending: bool = False) -> Finding:
    return Finding(failure.reason.value, failure.message, failure.hint, pending)


def verify_archived(doc: Document, roster, cutover: dt.date | None, now: dt.datetime | None = None) -> Document:
    """An archived version with its release signature and approvals verified."""
    release = verify_release(doc, roster, now)
    doc = dataclasses.replace(doc, release=release)
    return dataclasses.replace(doc, approvals=verify_approvals(doc, roster, cutover, release, now))


def verify_working(doc: Document, roster, cutover: dt.date | None, now: dt.datetime | None = None) -> Document:
    """A working copy (its `release`, if its version was released, is the archive's, already verified)."""
    released = doc.release if doc.is_released else None
    return dataclasses.replace(doc, approvals=verify_approvals(doc, roster, cutover, released, now))


def transcription(doc: Document) -> bool:
    """A version whose approvals were given on paper is released as a transcription (转录)."""
    return any(a.kind == "paper" for a in doc.approvals)


def verify_release(doc: Document, roster, now: dt.datetime | None = None) -> Release:
    from ..trust.statement import Kind, Meaning
    from ..trust.validate import Expected, validate
    from .archive import ARCHIVE_FORMAT

    release = doc.release
    if not release.statement or not release.signature:
        return dataclasses.replace(release, verified=False, findings=(Finding(
            "release-unsigned", f"{doc.number} {doc.version} 的存档没有发布签名：无法确认存档就是发布时的内容。",
            "发布由质量管理科的发布人用本人证书签署（planpress release --p12）；纸质签批的版本由文件控制员签署转录"
            "（planpress release --transcription --p12）。存档不能手改：用 git 恢复这个文件。"),))
    meaning = Meaning.TRANSCRIBE if transcription(doc) else Meaning.RELEASE
    expected = Expected(Kind.RELEASE, doc.number, str(doc.version), "发布", meaning, None, release.digest, ARCHIVE_FORMAT)
    verdict = validate(release.statement.encode("utf-8"), release.signature, expected, roster, now)
    stated = verdict.statement
    return dataclasses.replace(
        release, verified=verdict.ok, findings=tuple(_finding(f) for f in verdict.failures),
        meaning=stated.meaning.value if stated else "", signer=stated.name if stated else "",
        signed_at=stated.signed_at if stated else None)


def verify_approvals(doc: Document, roster, cutover: dt.date | None, released: Release | None,
                     now: dt.datetime | None = None) -> tuple[Approval, ...]:
    """`released`: the release of this version (its approvals are judged as released), or None."""
    return tuple(_verify(doc, approval, roster, cutover, released, now) for approval in doc.approvals)


def _verify(doc: Document, approval: Approval, roster, cutover, released: Release | None, now) -> Approval:
    signatory = doc.signatory(approval.role)
    if signatory is None:  # reported by the rules; it never counts
        return dataclasses.replace(approval, counts=False)
    if approval.kind == "typed":
        return dataclasses.replace(approval, counts=False, findings=(Finding(
            "typed", f"“{approval.role}”的审批只有手写的姓名和日期（{approval.name} {approval.date or ''}，旧格式或导入的记录），"
                     "不是签署人本人的数字签名，不算审批。",
            f"请签署人确认内容后用本人证书审批：planpress approve {doc.number} --role {approval.role} --p12 本人证书.p12；"
            "电子签批启用前已在纸上签批的版本，改写成纸质签批 paper: {date: 签批日期, original: 原件存放处}（见使用手册 docs/manual/04-approvals.md“纸质签批”）。",
            pending=True),))
    if signatory.person is None:
        return dataclasses.replace(approval, counts=False, findings=(Finding(
            "unlisted", f"“{approval.role}”的签署人 {signatory.name} 没有登记到名册，这条审批无法核对。", ROSTER_HINT),))
    if approval.kind == "paper":
        return _paper(doc, approval, cutover, released)
    return _signed(doc, approval, signatory, roster, now)


def _paper(doc: Document, approval: Approval, cutover, released: Release | None) -> Approval:
    from ..trust.paper import PaperApproval, check_paper

    paper = PaperApproval(approval.date, approval.original or "", ())
    if released is None:  # a version before its first release: it waits for the transcription
        failure = check_paper(paper, doc.effective, cutover) if doc.effective else None
        if failure is not None:
            return dataclasses.replace(approval, counts=False, findings=(_finding(failure),))
        return dataclasses.replace(approval, counts=False, findings=(Finding(
            "paper-pending", f"“{approval.role}”是纸质签批（{approval.date}，原件：{approval.original}），"
                             "要由文件控制员核对原件、签署转录发布后才算数，在此之前输出标为草稿。",
            f"质量管理科的文件控制员核对纸质原件后运行 planpress release {doc.number} --transcription --p12 本人证书.p12。",
            pending=True),))
    failure = check_paper(paper, released.released, cutover)
    if failure is not None:
        return dataclasses.replace(approval, counts=False, findings=(_finding(failure),))
    if released.verified and released.meaning != "转录":
        return dataclasses.replace(approval, counts=False, findings=(Finding(
            "paper-not-transcribed", f"“{approval.role}”是纸质签批，但这一版的发布签名不是转录（含义是“{released.meaning}”）。",
            "纸质签批的版本由文件控制员签署转录发布（planpress release --transcription）；存档不能手改：用 git 恢复。"),))
    return dataclasses.replace(approval, counts=released.verified)


def _signed(doc: Document, approval: Approval, signatory, roster, now) -> Approval:
    from ..trust.statement import Kind, Meaning
    from ..trust.validate import Expected, validate

    try:
        meaning = Meaning(signatory.meaning)
    except ValueError:  # reported by the rules
        return dataclasses.replace(approval, counts=False)
    expected = Expected(Kind.APPROVAL, doc.number, str(doc.version), signatory.role, meaning, signatory.person,
                        doc.fingerprint, fingerprint_module.FORMAT)
    verdict = validate((approval.statement or "").encode("utf-8"), approval.signature or "", expected, roster, now)
    stale_only = verdict.reasons and all(r.value == "stale" for r in verdict.reasons)
    findings = tuple(_finding(f, pending=bool(stale_only)) for f in verdict.failures)
    stated = verdict.statement
    if stated is None:
        return dataclasses.replace(approval, counts=False, findings=findings)
    return dataclasses.replace(approval, counts=verdict.ok, findings=findings, name=stated.name,
                               date=stated.signed_at.date(), signed_at=stated.signed_at, meaning=stated.meaning.value)
