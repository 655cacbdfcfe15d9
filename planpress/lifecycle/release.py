"""`planpress release`: a release signer (质量管理科) signs the release of an approved version.

Only when every signatory's approval is verified for the current content. It freezes the version
in source/archive/<number>/<version>.yaml (the document, the contact entries and campuses it
shows, its signatories' roster entries, the settings) so it can be rebuilt later whatever changes
afterwards, and signs a release statement over the archive's canonical digest
(`archive.archive_digest`): an archive edited afterwards, even with recomputed fingerprints, no
longer verifies. The working copy is not touched. The version is in force from its effective
date; from that day the previous release is superseded (已作废).

`transcription=True` releases a version approved on paper (纸质签批) before electronic approval
started: the document controller attests that the archive matches the signed paper original
(meaning 转录). Its release date is the version's effective date (when the paper version came
into force), which must be before `signatures.electronic_since`. For a version already archived
with paper approvals whose transcription signature no longer verifies for reasons of trust only
(the demonstration CA replaced by the hospital's, the signer no longer in the roster) or was made
with the demonstration CA, it signs the transcription again without changing anything else.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from ..locks import document_lock
from ..model import Document, State
from ..render import atomic
from ..sources.loader import CONFIG_FILE, CONTACTS_FILE
from ..sources.yamlsource import read_source
from . import archive, history
from .workspace import Workspace, check_edit, open_document, refuse

# Failures of a transcription signature that say nothing about the archive's content: signing the
# transcription again is the remedy (a content change is never: STALE, CONTENT_MISMATCH, …).
RESIGNABLE = {"release-unsigned", "untrusted", "unknown-person", "not-the-person", "cert-name-mismatch",
              "cert-revoked", "not-release-signer", "name-mismatch", "anchor-not-pinned"}


@dataclasses.dataclass(frozen=True)
class Released:
    snapshot: Path
    doc: Document  # the working copy, now released
    previous: Document | None  # the release it replaces (superseded once the new one is in force)
    statement: object  # trust.statement.Statement
    resigned: bool = False  # the transcription of an archived version was signed again


def release(root: Path | str, number: str, p12: Path, ask: Callable[[str], str] | None = None, *,
            transcription: bool = False, before_write=None) -> Released:
    """Release (or transcribe) `number`, holding the document's lock: the archive written is
    computed from the sources as they are once no other command is changing them."""
    with document_lock(root, number, "planpress release"):
        return _release(root, number, p12, ask, transcription, before_write)


def _release(root, number: str, p12: Path, ask, transcription: bool, before_write) -> Released:
    ws = open_document(root, number, "发布", lifecycle=not transcription)
    doc = ws.doc
    if transcription and (doc.is_released or any(d.version == doc.version for d in ws.project.history(number))):
        return _resign(ws, p12, ask, before_write)
    if transcription:  # a first release: now with every rule
        ws = open_document(root, number, "发布")
        doc = ws.doc
    if doc.is_released:
        raise refuse(ws.path, f"{number} {doc.version} 已经发布（{doc.release.released}）。",
                     f"要发布新版本，先运行 planpress revise {number} --reason \"修订原因\"。")
    _require_approvals(ws, doc, transcription)
    if doc.effective is None:
        raise refuse(ws.path, f"{number} {doc.version} 没有生效日期，不能发布。", "填写 effective 后重新审批。", "effective")
    previous = history.last_release(ws.project, number)
    if previous and doc.effective < previous.effective:
        raise refuse(ws.path, f"生效日期 {doc.effective} 早于上一版 {previous.version} 的生效日期 {previous.effective}。",
                     "改正生效日期（改后需重新审批）。", "effective")
    released_on = doc.effective if transcription else ws.today

    target = archive.snapshot_path(ws.source_dir, number, doc.version)
    original = ws.path.read_bytes()
    parts = (doc, original.decode("utf-8-sig"), read_source(ws.source_dir / CONTACTS_FILE),
             read_source(ws.source_dir / CONFIG_FILE), released_on)
    people = _people(ws)
    header = _transcription_header(doc) if transcription else None
    unsigned = archive.snapshot_text(*parts, people=people, header=header)
    statement, signature = _sign(ws, target, unsigned, doc, p12, ask, transcription)
    text = archive.snapshot_text(*parts, people=people, signed=(statement.to_bytes().decode("utf-8"), signature),
                                 header=header)
    after = check_edit(ws, {target: text}, "发布")
    released = after.project.document(number)
    if not released.is_released or released.state not in (State.APPROVED, State.EFFECTIVE):
        raise refuse(target, "冻结的版本不能通过验证（内容指纹或发布签名不符），没有发布。", "这是程序的问题，请把这条信息发给维护者。")

    if before_write:
        before_write()
    if target.exists():
        raise refuse(target, f"存档 {target.name} 已经存在，没有覆盖。", "存档只写一次：检查是否已经发布过这个版本。")
    if ws.path.read_bytes() != original:
        raise refuse(ws.path, "文件在命令运行期间被修改了，为免发布未审批的内容，这次没有发布。",
                     "保存并关闭编辑器里的这个文件，确认内容后重新运行。")
    atomic.write_text(target, text)
    return Released(target, released, previous, statement)


def _people(ws: Workspace) -> dict:
    roster = ws.project.roster
    return {key: {"name": p.name, "department": p.department, "title": p.title} for key, p in roster.people.items()}


def _require_approvals(ws: Workspace, doc: Document, transcription: bool) -> None:
    number = doc.number
    paper = [a for a in doc.approvals if a.kind == "paper"]
    if transcription and not paper:
        raise refuse(ws.path, f"{number} {doc.version} 没有纸质签批，不是转录。",
                     f"电子签批的版本用 planpress release {number} --p12 发布人证书.p12 发布（不加 --transcription）。")
    if transcription:
        _require_records(ws, doc, paper)
    if not transcription and paper:
        raise refuse(ws.path, f"{number} {doc.version} 的审批是纸质签批，要由文件控制员核对纸质原件后转录发布。",
                     f"核对原件后运行 planpress release {number} --transcription --p12 本人证书.p12。", "approvals")
    reasons = []
    for signatory in doc.signatories:
        approval = doc.approval(signatory.role)
        if approval is None:
            reasons.append(f"缺少{signatory.role}的审批")
        elif approval.counts:
            continue
        elif transcription and approval.kind == "paper" and all(f.code == "paper-pending" for f in approval.findings):
            continue
        else:
            why = approval.findings[0].message if approval.findings else "审批无效"
            reasons.append(f"{signatory.role}（{signatory.name}）：{why}")
    if reasons:
        raise refuse(ws.path, f"{number} {doc.version} 不能发布：{'；'.join(reasons)}",
                     f"每位签署人确认当前内容后用本人证书审批：planpress approve {number} --role 角色 --p12 本人证书.p12；"
                     f"planpress status {number} 显示审批情况。", "approvals")


def _require_records(ws: Workspace, doc: Document, paper) -> None:
    """What a transcription attests is complete: where each signed original is kept, and the
    signatories' roster entries (frozen in the archive) say who they are, not 待核对 (what
    `planpress import` writes where the original did not say)."""
    from ..sources.marks import UNKNOWN

    missing = [f"“{a.role}”的原件存放处（{a.original}）" for a in paper if UNKNOWN in (a.original or "")]
    for signatory in doc.signatories:
        person = ws.project.roster.person(signatory.person) if signatory.person else None
        if person is not None:
            missing += [f"名册里 {person.name}（{person.key}）的{label}" for value, label in
                        ((person.department, "部门"), (person.title, "职务")) if UNKNOWN in value]
    if missing:
        raise refuse(ws.path, f"{doc.number} {doc.version} 还有待核对的签批记录，没有转录：{'；'.join(missing)}。",
                     "核对纸质原件：在 approvals 的 paper 里写明原件存放的部门、档案柜或盒号，在 source/people.yaml "
                     "里填好签署人的部门和职务，删掉“待核对”，然后重新转录。", "approvals")


def _sign(ws: Workspace, target: Path, unsigned: str, doc: Document, p12: Path, ask, transcription: bool):
    """(statement, signature) of the release of the archive `unsigned` (text for `target`)."""
    from ..trust.p12 import open_p12, read_password
    from ..trust.reasons import Reason, TrustError
    from ..trust.signing import sign_statement
    from ..trust.statement import Kind, Meaning, Statement, signed_now
    from ..trust.validate import identify

    digest = archive.archive_digest(read_source(target, unsigned).data)
    roster = ws.project.roster
    try:
        identity = open_p12(Path(p12), read_password(Path(p12), ask))
        person = identify(roster, identity.certificate)
        if person is None:
            raise TrustError(Reason.NOT_THE_PERSON, name="名册里的发布人", person="release_signers",
                             holder=identity.holder, owner="（名册里没有登记这张证书）")
        statement = Statement(Kind.RELEASE, doc.number, str(doc.version), "发布",
                              Meaning.TRANSCRIBE if transcription else Meaning.RELEASE, person.key, person.name,
                              signed_now(), digest, archive.ARCHIVE_FORMAT)
        return statement, sign_statement(statement, identity, roster)
    except TrustError as exc:
        where = Path(p12) if exc.reason.value.startswith("p12") else ws.path
        raise refuse(where, f"没有发布：{exc.failure.message}", exc.failure.hint) from None


def _transcription_header(doc: Document) -> str:
    return (
        f"# {doc.number} {doc.version}：电子签批启用前在纸上签批的版本（纸质签批，见 approvals 的 paper）。\n"
        "# 由质量管理科的文件控制员核对纸质原件后转录（planpress release --transcription），发布签名\n"
        "# （release.signature，含义“转录”）覆盖整个存档：文件（document）、通讯录条目（directory）、签署人在\n"
        "# 名册里的记录（people）和全院设置（settings）。planpress check 核对指纹和签名，任何改动都会被报告为错误。\n"
    )


def _resign(ws: Workspace, p12: Path, ask, before_write) -> Released:
    """Sign the transcription of an archived, paper-approved version again (nothing else changes)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    from ..sources.people import is_demonstration

    number, doc = ws.doc.number, ws.doc
    archived = next(d for d in ws.project.history(number) if d.version == doc.version)
    target = archived.release.path
    if not any(a.kind == "paper" for a in archived.approvals):
        raise refuse(target, f"{number} {archived.version} 不是纸质签批的版本，不能重新签署转录。",
                     "电子签批的版本发布后不能重新签署。")
    if archived.fingerprint != archived.release.fingerprint:
        raise refuse(target, f"存档 {target.name} 的内容与它的发布记录不符，不能重新签署。",
                     "存档被改动过：用 git 恢复这个文件。")
    release = archived.release
    codes = {f.code for f in release.findings}
    if release.verified:
        from ..trust.cms import load_signature

        issuer = load_signature(release.signature).certificate.issuer
        if not any(is_demonstration(a.certificate) and a.certificate.subject == issuer for a in ws.project.roster.anchors):
            raise refuse(target, f"{number} {archived.version} 的转录签名有效（{release.signer}，{release.signed_at}），不需要重新签署。",
                         "只有转录签名因为根证书或签署人的证书更换而不能再验证（或用的是演示证书）时才重新签署。")
    elif not codes <= RESIGNABLE:
        reasons = "；".join(f.message for f in release.findings)
        raise refuse(target, f"{number} {archived.version} 的转录签名无效，而且不只是证书的问题：{reasons}",
                     "存档的内容可能被改动过：用 git 恢复这个文件；不要重新签署改动过的存档。")

    from .yamledit import Edit

    edit = Edit(target)
    record = edit.data["release"]
    digest = archive.archive_digest(read_source(target).data)
    statement, signature = _sign(ws, target, target.read_text("utf-8"), archived, p12, ask, True)
    record["statement"] = LiteralScalarString(statement.to_bytes().decode("utf-8"))
    record["signature"] = LiteralScalarString(signature)
    text = edit.text()
    if archive.archive_digest(read_source(target, text).data) != digest:
        raise refuse(target, "重新签署会改动存档的内容，没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    after = check_edit(ws, {target: text}, "重新签署转录")
    resigned = next(d for d in after.project.history(number) if d.version == doc.version)
    if not resigned.release.verified:
        raise refuse(target, "重新签署后的转录签名不能通过验证，没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    edit.write(text, before_write)
    return Released(target, after.project.document(number), None, statement, resigned=True)
