"""Verify the approvals and release signatures of every loaded version; the model's state follows.

An approval counts only when it is what `trust.validate` accepts for this very row: a signature by
the signatory's roster person, by a certificate that chains to the (pinned) trust anchor and was
valid when it was made, over a statement naming this document, version, role and meaning and the
current content fingerprint. "When it was made" is the trusted timestamp's time (RFC 3161), not
the signer's clock; an approval made before its revision started, or after its version's release,
does not count. A paper approval (纸质签批) counts only in a version released before the cut-over
to electronic approvals whose release was signed as a transcription (转录) by a release signer
and, as second person, by a transcription witness (核对). A release counts only when its signature
covers the archive as it is now. A name and a date typed by hand (the old format, or an import)
never count. Separation of duties: one person signs one row of a version, and the release signer
is not one of its signatories, unless planpress.yaml (frozen in the archive once released) states
an exception, which the PDF then prints.

Each approval and release gets `counts`/`verified` and its findings (the Chinese reasons);
`lifecycle.checks.check_lifecycle` turns the findings into problems: every finding on a released
version is an error; on a draft, a stale approval or a paper approval awaiting its transcription
is a warning and anything else (forged, copied, untrusted) an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..model import Approval, Document, Finding, Release, fingerprint as fingerprint_module

ROSTER_HINT = "签署人须登记在名册（source/people.yaml）里，文件的 signatories 用 person 指向他。"
RELEASE_ROLE = "发布"
WITNESS_ROLE = "核对"
SKEW = dt.timedelta(minutes=5)


@dataclasses.dataclass(frozen=True)
class Policy:
    """What planpress.yaml says about signatures: the cut-over and the separation exceptions."""

    electronic_since: dt.date | None = None
    same_person: tuple = ()  # model.SamePerson

    def allowed(self, first: str, second: str, same_person=None):
        return next((e for e in (self.same_person if same_person is None else same_person)
                     if {first, second} <= e.roles), None)


def policy(config) -> Policy:
    return Policy(config.electronic_since, tuple(config.same_person))


def _policy(value) -> Policy:
    return value if isinstance(value, Policy) else Policy(value)


def cutover(pol: Policy, roster) -> tuple[dt.date | None, Finding | None]:
    """The cut-over in force: this machine's pinned one when it has one (planpress.yaml must then
    agree), else planpress.yaml's."""
    pinned = getattr(roster, "electronic_since", None)
    if pinned is None or pol.electronic_since in (None, pinned):
        return pinned or pol.electronic_since, None
    return pinned, Finding("cutover-pinned",
                           f"planpress.yaml 的电子签批启用日期 {pol.electronic_since} 与本机登记的 {pinned} 不一致：启用日期被改动过。",
                           f"把 signatures.electronic_since 改回 {pinned}；启用日期只能由证书管理员在本机的固定信任文件里改。")


def _finding(failure, pending: bool = False) -> Finding:
    return Finding(failure.reason.value, failure.message, failure.hint, pending)


def verify_archived(doc: Document, roster, cutover_or_policy, now: dt.datetime | None = None) -> Document:
    """An archived version with its release signature and approvals verified."""
    pol = _policy(cutover_or_policy)
    same_person = doc.settings.same_person if doc.settings is not None else pol.same_person  # as released
    release = verify_release(doc, roster, pol, now, same_person)
    doc = dataclasses.replace(doc, release=release)
    approvals = verify_approvals(doc, roster, pol, release, now, same_person)
    approvals = tuple(_not_after(a, release) for a in approvals)
    return dataclasses.replace(doc, approvals=approvals, exceptions=_exceptions(doc, pol, same_person, release))


def verify_working(doc: Document, roster, cutover_or_policy, now: dt.datetime | None = None) -> Document:
    """A working copy (its `release`, if its version was released, is the archive's, already verified)."""
    pol = _policy(cutover_or_policy)
    released = doc.release if doc.is_released else None
    approvals = verify_approvals(doc, roster, pol, released, now, pol.same_person)
    return dataclasses.replace(doc, approvals=approvals, exceptions=_exceptions(doc, pol, pol.same_person, released))


def transcription(doc: Document) -> bool:
    """A version whose approvals were given on paper is released as a transcription (转录)."""
    return any(a.kind == "paper" for a in doc.approvals)


def verify_release(doc: Document, roster, cutover_or_policy=None, now: dt.datetime | None = None,
                   same_person=None) -> Release:
    from ..trust.statement import Kind, Meaning
    from ..trust.validate import Expected, validate
    from .archive import ARCHIVE_FORMAT

    pol = _policy(cutover_or_policy)
    release = dataclasses.replace(doc.release, pinned=bool(getattr(roster, "pinned", False)))
    if not release.statement or not release.signature:
        return dataclasses.replace(release, verified=False, findings=(Finding(
            "release-unsigned", f"{doc.number} {doc.version} 的存档没有发布签名：无法确认存档就是发布时的内容。",
            "发布由质量管理科的发布人用本人证书签署（planpress release --p12）；纸质签批的版本由文件控制员签署转录"
            "（planpress release --transcription --p12）。存档不能手改：用 git 恢复这个文件。"),))
    paper = transcription(doc)
    meaning = Meaning.TRANSCRIBE if paper else Meaning.RELEASE
    expected = Expected(Kind.RELEASE, doc.number, str(doc.version), RELEASE_ROLE, meaning, None, release.digest,
                        ARCHIVE_FORMAT)
    verdict = validate(release.statement.encode("utf-8"), release.signature, expected, roster, now)
    stated = verdict.statement
    findings = [_finding(f) for f in verdict.failures]
    release = dataclasses.replace(
        release, meaning=stated.meaning.value if stated else "", signer=stated.name if stated else "",
        signed_at=stated.signed_at if stated else None, signer_person=stated.person if stated else "",
        timestamp=verdict.time if verdict.timestamp else None)
    if stated is not None:
        findings += _release_duties(doc, release, pol, same_person)
        if not paper:
            findings += _cutover_kept(doc, release, verdict.time, pol, roster)
    if paper:
        witness, found = _witness(doc, release, roster, now)
        release = dataclasses.replace(release, witness=witness)
        findings += found
    return dataclasses.replace(release, verified=not findings, findings=tuple(findings))


def _release_duties(doc: Document, release: Release, pol: Policy, same_person) -> list[Finding]:
    """The release signer is not one of the version's signatories (unless an exception says so)."""
    found = []
    for signatory in doc.signatories:
        if signatory.person and signatory.person == release.signer_person \
                and not pol.allowed(signatory.role, RELEASE_ROLE, same_person):
            found.append(Finding("separation-release",
                                 f"发布人 {release.signer}（{release.signer_person}）也是这一版“{signatory.role}”的签署人："
                                 "审批和发布须由不同的人签署（职责分离）。",
                                 "由另一位发布人（名册的 release_signers）签署发布；小医院确需同一人时，在 planpress.yaml 的 "
                                 f"signatures.same_person 写明例外和原因（roles: [{signatory.role}, 发布]），PDF 上会印出这一例外。"))
    return found


def _cutover_kept(doc: Document, release: Release, moment, pol: Policy, roster) -> list[Finding]:
    """An electronic release proves that electronic approval had started by its (trusted) time:
    the cut-over cannot lie after it. So, once electronic releases exist, it cannot move later."""
    day, _ = cutover(pol, roster)
    if day is None or moment is None or moment.date() >= day:
        return []
    return [Finding("cutover-after-release",
                    f"{doc.number} {doc.version} 是电子签批发布的（{'可信时间' if release.timestamp else '签署时间'} "
                    f"{moment:%Y-%m-%d %H:%M}），早于电子签批启用日期 {day}：启用日期被推后过。",
                    f"电子签批启用日期不能晚于第一次电子发布：把 signatures.electronic_since 改回不晚于 {moment:%Y-%m-%d} 的日期。")]


def _witness(doc: Document, release: Release, roster, now) -> tuple[str, list[Finding]]:
    """The second person of a transcription: a witness's signature over the same archive digest."""
    from ..trust.statement import Kind, Meaning
    from ..trust.validate import Expected, validate
    from .archive import ARCHIVE_FORMAT

    if not release.witness_statement or not release.witness_signature:
        return "", [Finding("witness-missing",
                            f"{doc.number} {doc.version} 的转录还缺第二人的核对签名：纸质签批的转录须由文件控制员和一位核对人"
                            "（名册的 transcription_witnesses）各用本人证书签署，在此之前这一版不算发布。",
                            f"核对人对照纸质原件核对存档后运行 planpress release {doc.number} --transcription --p12 本人证书.p12。",
                            pending=True)]
    expected = Expected(Kind.RELEASE, doc.number, str(doc.version), WITNESS_ROLE, Meaning.WITNESS, None,
                        release.digest, ARCHIVE_FORMAT)
    verdict = validate(release.witness_statement.encode("utf-8"), release.witness_signature, expected, roster, now)
    found = [Finding("witness-invalid", f"转录的核对签名无效：{f.message}", f.hint) for f in verdict.failures]
    stated = verdict.statement
    if stated is not None and stated.person == release.signer_person:
        found.append(Finding("witness-same-person",
                             f"转录的核对签名和发布签名是同一人（{stated.name}）签的：转录须由两个人各自签署。",
                             "由名册 transcription_witnesses 里的另一位核对人重新签署核对。"))
    return (stated.name if stated and not found else ""), found


def _not_after(approval: Approval, release: Release) -> Approval:
    """An approval of an archived version was made before its release (both trusted times)."""
    if approval.kind != "signed" or approval.timestamp is None or release.timestamp is None:
        return approval
    if approval.timestamp <= release.timestamp + SKEW:
        return approval
    return dataclasses.replace(approval, counts=False, findings=approval.findings + (Finding(
        "after-release", f"“{approval.role}”的审批（可信时间 {approval.timestamp:%Y-%m-%d %H:%M}）晚于这一版的发布"
                         f"（{release.timestamp:%Y-%m-%d %H:%M}）：发布时这条审批还不存在。",
        "存档不能手改：用 git 恢复这个文件。"),))


def _exceptions(doc: Document, pol: Policy, same_person, release: Release | None) -> tuple[str, ...]:
    """The separation-of-duties exceptions this version makes use of, as the PDF states them."""
    lines = []
    persons: dict[str, str] = {}
    for signatory in doc.signatories:
        if not signatory.person:
            continue
        first = persons.setdefault(signatory.person, signatory.role)
        if first != signatory.role:
            allowed = pol.allowed(first, signatory.role, same_person)
            if allowed:
                lines.append(f"同一人（{signatory.name}）担任“{first}”和“{signatory.role}”：{allowed.reason}")
        if release is not None and release.signer_person == signatory.person:
            allowed = pol.allowed(signatory.role, RELEASE_ROLE, same_person)
            if allowed:
                lines.append(f"发布人（{release.signer}）也是“{signatory.role}”的签署人：{allowed.reason}")
    return tuple(dict.fromkeys(lines))


def verify_approvals(doc: Document, roster, cutover_or_policy, released: Release | None,
                     now: dt.datetime | None = None, same_person=None) -> tuple[Approval, ...]:
    """`released`: the release of this version (its approvals are judged as released), or None."""
    pol = _policy(cutover_or_policy)
    day, moved = cutover(pol, roster)
    pinned = bool(getattr(roster, "pinned", False))
    approvals = [dataclasses.replace(_verify(doc, approval, roster, day, released, now, moved), pinned=pinned)
                 for approval in doc.approvals]
    started = next((r.date for r in doc.revisions if r.version == doc.version), None)
    holder: dict[str, str] = {}
    for signatory in doc.signatories:
        if not signatory.person:
            continue
        first = holder.setdefault(signatory.person, signatory.role)
        if first == signatory.role or pol.allowed(first, signatory.role, same_person):
            continue
        approvals = [_add(a, Finding(
            "separation-duplicate",
            f"{signatory.name}（{signatory.person}）在这一版里既是“{first}”又是“{signatory.role}”的签署人："
            "每一栏须由不同的人签署（职责分离）。",
            f"在 signatories 里给“{signatory.role}”换一位签署人；小医院确需同一人时，在 planpress.yaml 的 signatures.same_person "
            f"写明例外和原因（roles: [{first}, {signatory.role}]），PDF 上会印出这一例外。"))
                     if a.role == signatory.role else a for a in approvals]
    if started is not None:
        approvals = [_not_before(a, started) for a in approvals]
    return tuple(approvals)


def _add(approval: Approval, finding: Finding) -> Approval:
    return dataclasses.replace(approval, counts=False, findings=approval.findings + (finding,))


def _not_before(approval: Approval, started: dt.date) -> Approval:
    """An approval of a revision was made after the revision started (judged at its trusted time)."""
    moment = approval.timestamp or approval.signed_at
    if approval.kind != "signed" or moment is None or moment.date() >= started:
        return approval
    what = "可信时间" if approval.timestamp else "签署时间"
    return _add(approval, Finding(
        "before-revision", f"“{approval.role}”的审批（{what} {moment:%Y-%m-%d %H:%M}）早于这一版开始修订的日期 {started}："
                           "签名不是对这次修订的内容做的。",
        "请签署人确认当前内容后重新签署（planpress approve）。"))


def _verify(doc: Document, approval: Approval, roster, cutover, released: Release | None, now,
            moved: Finding | None = None) -> Approval:
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
        judged = _paper(doc, approval, cutover, released)
        return _add(judged, moved) if moved is not None else judged
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
                               date=stated.signed_at.date(), signed_at=stated.signed_at, meaning=stated.meaning.value,
                               timestamp=verdict.time if verdict.timestamp else None)
