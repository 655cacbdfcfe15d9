"""`planpress release`: a release signer (质量管理科) signs the release of an approved version.

Only when every signatory's approval is verified for the current content, on a machine whose trust
anchors are pinned outside the repository, by a release signer who is not one of the version's
signatories (unless planpress.yaml states that exception). It freezes the version in
source/archive/<number>/<version>.yaml (the document, the contact entries and campuses it shows,
its signatories' roster entries, the settings, and the digest of the archive it follows: the
history cannot lose a version unnoticed) and signs a release statement over the archive's
canonical digest (`archive.archive_digest`), with a trusted timestamp: an archive edited
afterwards, even with recomputed fingerprints, no longer verifies. The working copy records the
release (`released_as`), so an archive that disappears is noticed. The version is in force from its
effective date; from that day the previous release is superseded (已作废).

`transcription=True` releases a version approved on paper (纸质签批) before electronic approval
started, and only the first version of a document that planpress holds: the document controller
attests that the archive matches the signed paper original (meaning 转录), and a second roster
person, a transcription witness, checks it and signs the same digest (核对): the transcription
counts when both have signed. Its release date is the version's effective date, which must be
before the cut-over. For a version already archived with paper approvals, the same command signs
again what needs it: the controller's transcription when it no longer verifies for reasons of trust
only (the demonstration CA replaced by the hospital's, a missing timestamp), or after a correction
of where a paper original is kept (the content fingerprint unchanged); the witness's signature
when it is missing or must follow the controller's new one.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from ..locks import document_lock
from ..model import Document, State
from ..problems import SourceError
from ..render import atomic
from ..sources.names import CONFIG_FILE, CONTACTS_FILE
from ..sources.yamlsource import read_source
from . import archive, history
from .workspace import Workspace, check_edit, open_document, refuse, timestamper_for

# Failures of a transcription signature that say nothing about the archive's content: signing the
# transcription again is the remedy (a content change is never: CONTENT_MISMATCH, …; STALE only
# after a correction of a paper record, see _may_sign_again).
RESIGNABLE = {"release-unsigned", "untrusted", "unknown-person", "not-the-person", "cert-name-mismatch",
              "cert-revoked", "not-release-signer", "name-mismatch", "anchor-not-pinned", "timestamp-missing",
              "timestamp-untrusted", "cert-expired"}
WITNESS_CODES = {"witness-missing", "witness-same-person", "witness-invalid"}


@dataclasses.dataclass(frozen=True)
class Released:
    snapshot: Path
    doc: Document  # the working copy, now released
    previous: Document | None  # the release it replaces (superseded once the new one is in force)
    statement: object  # trust.statement.Statement
    resigned: bool = False  # the transcription of an archived version was signed again
    witnessed: bool = False  # the statement is the second person's 核对 of a transcription
    waiting_for_witness: bool = False  # a transcription that still needs its second person


def release(root: Path | str, number: str, p12, ask: Callable[[str], str] | None = None, *,
            transcription: bool = False, version: str | None = None, before_write=None,
            timestamper=None) -> Released:
    """Release (or transcribe) `number`, holding the document's lock: the archive written is
    computed from the sources as they are once no other command is changing them. `version`
    names an archived paper version whose transcription is to be signed again (whatever version
    the working copy is at); `timestamper` replaces the configured TSA (the intranet application).
    `p12` is a .p12 file or any trust.p12.KeySource (the application's kept key)."""
    with document_lock(root, number, "planpress release"):
        return _release(root, number, p12, ask, transcription, version, before_write, timestamper)


def _release(root, number: str, p12: Path, ask, transcription: bool, version: str | None, before_write,
             timestamper) -> Released:
    ws = open_for_transcription(root, number) if transcription else open_document(root, number, "发布")
    _require_pins(ws)
    doc = ws.doc
    if version is not None and not transcription:
        raise refuse(ws.path, "--version 只用于重新签署已存档版本的转录。", f"加上 --transcription：planpress release {number} "
                                                                   f"--transcription --version {version} --p12 本人证书.p12。")
    if transcription:
        archived = _archived(ws, version)
        if archived is not None:
            return _sign_again(ws, archived, p12, ask, before_write, timestamper)
        if ws.stand_in:
            raise refuse(ws.path, f"{number} 的工作副本有错误，只能重新签署已存档版本的转录。", "先改正工作副本的错误。")
        ws = open_document(root, number, "发布")  # a first release: now with every rule
        doc = ws.doc
    if doc.is_released:
        raise refuse(ws.path, f"{number} {doc.version} 已经发布（{doc.release.released}）。",
                     f"要发布新版本，先运行 planpress revise {number} --reason \"修订原因\"。")
    _require_approvals(ws, doc, transcription)
    if doc.effective is None:
        raise refuse(ws.path, f"{number} {doc.version} 没有生效日期，不能发布。", "填写 effective 后重新审批。", "effective")
    previous = history.last_release(ws.project, number)
    if transcription and previous is not None:
        raise refuse(ws.path, f"{number} {doc.version} 是在 planpress 里修订的版本（上一版 {previous.version} 已发布），"
                              "不能转录纸质签批。",
                     f"请签署人用本人证书审批（planpress approve），再用 planpress release {number} --p12 发布。", "approvals")
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
    unsigned = archive.snapshot_text(*parts, people=people, header=header, previous=previous)
    identity, person = _signer(ws, p12, ask)
    if not ws.project.roster.may_release(person.key):
        from ..trust.reasons import Reason, failure

        found = failure(Reason.NOT_RELEASE_SIGNER, name=person.name, person=person.key)
        raise refuse(ws.path, f"没有发布：{found.message}", found.hint)
    _require_duties(ws, doc, person, transcription)
    statement, signature = _sign(ws, unsigned, target, doc, identity, person,
                                 "转录" if transcription else "发布", timestamper)
    text = archive.snapshot_text(*parts, people=people, signed=(statement.to_bytes().decode("utf-8"), signature),
                                 header=header, previous=previous)
    after = check_edit(ws, {target: text}, "发布")
    released = after.project.document(number)
    frozen = next(d for d in after.project.history(number) if d.version == doc.version)
    waiting = {f.code for f in frozen.release.findings} == {"witness-missing"}
    if not released.is_released or not (released.state in (State.APPROVED, State.EFFECTIVE) or (transcription and waiting)):
        why = "；".join(f.message for f in frozen.release.findings) or "内容指纹或发布签名不符"
        raise refuse(target, f"冻结的版本不能通过验证（{why}），没有发布。", "这是程序的问题，请把这条信息发给维护者。")

    if before_write:
        before_write()
    if target.exists():
        raise refuse(target, f"存档 {target.name} 已经存在，没有覆盖。", "存档只写一次：检查是否已经发布过这个版本。")
    if ws.path.read_bytes() != original:
        raise refuse(ws.path, "文件在命令运行期间被修改了，为免发布未审批的内容，这次没有发布。",
                     "保存并关闭编辑器里的这个文件，确认内容后重新运行。")
    atomic.write_text(target, text)
    _record_release(ws, doc, read_source(target).data)
    return Released(target, released, previous, statement, waiting_for_witness=waiting)


def open_for_transcription(root: Path | str, number: str) -> Workspace:
    """The workspace of a transcription. Signing again the transcription of an archived version
    must not depend on the working copy (a revision open with errors, say, when the hospital swaps
    in its own CA): when the working copy fails its checks, its last release stands in for it."""
    try:
        return open_document(root, number, "发布", lifecycle=False)
    except SourceError as failed:
        ws = _last_release_standing_in(Path(root), number)
        if ws is None:
            raise failed from None
        return ws


def _last_release_standing_in(root: Path, number: str) -> Workspace | None:
    """The workspace with the working copy read as it was right after the last release (that
    release's archived document and its `released_as` record); None without a usable release."""
    import io

    from .. import dates
    from ..model.loader import SOURCE_DIR, check
    from .workspace import document_path

    path = document_path(root, number)
    snapshots = archive.snapshot_paths(root / SOURCE_DIR, number)
    if not snapshots:
        return None
    try:
        data = read_source(snapshots[-1]).data
        document = {**data["document"], "released_as": {"version": str(data["release"]["version"]),
                                                        "archive": f"sha256:{archive.archive_digest(data)}"}}
    except (SourceError, KeyError, TypeError):
        return None
    stream = io.StringIO()
    archive._round_trip().dump(document, stream)
    stand_in = {path: stream.getvalue()}
    today = dates.today()
    result = check(root, [path], today, lifecycle=False, overrides=stand_in)
    if result.project is None:
        return None
    return Workspace(root, path, result.project, result.project.document(number),
                     tuple(p for p in result.problems if not p.is_error), today, stand_in)


def _require_pins(ws: Workspace) -> None:
    from .. import machine

    if not ws.project.roster.pinned:
        where = machine.location()[0]
        raise refuse(ws.source_dir / "people.yaml", "本机没有固定医院的信任根证书，不能发布：在这台电脑上无法确认名册里的根证书"
                                                    "就是医院的，发布出去的版本也就无法核验。",
                     f"在由证书管理员固定了根证书的电脑（生成服务器）上发布；固定的方法见使用手册 docs/manual/04-approvals.md 的"
                     f"“固定信任根证书”（本机的文件：{where}）。")


def _record_release(ws: Workspace, doc: Document, data) -> None:
    """Write `released_as` into the working copy (outside the fingerprint): which archive, by its
    digest, released this version; a missing or swapped archive is then an error of `check`."""
    edit, text = _recorded(ws, doc, data)
    edit.write(text)


def _recorded(ws: Workspace, doc: Document, data):
    """(the working copy's Edit, its text with `released_as` naming the archive of `data`)."""
    from .yamledit import Edit

    edit = Edit(ws.path)
    value = {"version": str(doc.version), "archive": f"sha256:{archive.archive_digest(data)}"}
    if "released_as" in edit.data:
        edit.set("released_as", value)
    else:
        edit.set("released_as", value, after=list(edit.data)[-1])
        edit.data.yaml_add_eol_comment("由 planpress release 写入，不要手改：存档被删除或替换时 planpress check 会报告", "released_as")
    return edit, edit.text()


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


def _require_duties(ws: Workspace, doc: Document, person, transcription: bool) -> None:
    """Separation of duties: the release signer signs no row of the version (unless excepted)."""
    from .signoff import RELEASE_ROLE, policy

    allowed = policy(ws.project.config).allowed
    for signatory in doc.signatories:
        if signatory.person == person.key and not allowed(signatory.role, RELEASE_ROLE):
            what = "转录" if transcription else "发布"
            raise refuse(ws.path, f"{person.name}（{person.key}）是 {doc.number} {doc.version}“{signatory.role}”的签署人，"
                                  f"不能再签署它的{what}：审批和发布须由不同的人签署（职责分离）。",
                         "由另一位发布人（名册的 release_signers）签署；小医院确需同一人时，在 planpress.yaml 的 "
                         f"signatures.same_person 写明例外和原因（roles: [{signatory.role}, 发布]），PDF 上会印出这一例外。",
                         "signatories")


def _signer(ws: Workspace, p12, ask):
    """(the identity of `p12`, its roster person): the password is asked once."""
    from ..trust.p12 import key_source
    from ..trust.reasons import Reason, TrustError
    from ..trust.validate import identify

    source = key_source(p12, ask)
    try:
        identity = source.open()
        person = identify(ws.project.roster, identity.certificate)
        if person is None:
            raise TrustError(Reason.NOT_THE_PERSON, name="名册里的发布人", person="release_signers",
                             holder=identity.holder, owner="（名册里没有登记这张证书）")
    except TrustError as exc:
        where = (source.where or ws.path) if exc.reason.value.startswith("p12") else ws.path
        raise refuse(where, f"没有发布：{exc.failure.message}", exc.failure.hint) from None
    return identity, person


def _sign(ws: Workspace, unsigned: str, target: Path, doc: Document, identity, person, meaning: str, timestamper):
    """(statement, signature) of `meaning` (发布 / 转录 / 核对) over the digest of the archive `unsigned`."""
    from ..trust.reasons import TrustError
    from ..trust.signing import sign_statement
    from ..trust.statement import Kind, Meaning, Statement, signed_now

    digest = archive.archive_digest(read_source(target, unsigned).data)
    role = "核对" if meaning == "核对" else "发布"
    try:
        statement = Statement(Kind.RELEASE, doc.number, str(doc.version), role, Meaning(meaning), person.key, person.name,
                              signed_now(), digest, archive.ARCHIVE_FORMAT)
        return statement, sign_statement(statement, identity, ws.project.roster,
                                         timestamper=timestamper_for(ws, timestamper))
    except TrustError as exc:
        raise refuse(ws.path, f"没有{'核对' if role == '核对' else '发布'}：{exc.failure.message}", exc.failure.hint) from None


def _transcription_header(doc: Document) -> str:
    return (
        f"# {doc.number} {doc.version}：电子签批启用前在纸上签批的版本（纸质签批，见 approvals 的 paper）。\n"
        "# 由质量管理科的文件控制员核对纸质原件后转录（planpress release --transcription），发布签名\n"
        "# （release.signature，含义“转录”）覆盖整个存档：文件（document）、通讯录条目（directory）、签署人在\n"
        "# 名册里的记录（people）和全院设置（settings）；第二人（转录核对人）对同一摘要的核对签名在 release.witness。\n"
        "# planpress check 核对指纹和签名，任何改动都会被报告为错误。\n"
    )


# -- a transcription already archived: the controller's signature again, or the witness's ------------------

def _archived(ws: Workspace, version: str | None) -> Document | None:
    number = ws.doc.number
    if version is not None:
        found = history.resolve(ws.project, number, version)
        if found is None or not found.archived:
            raise refuse(ws.path, f"{number} 没有已存档的版本“{version}”。",
                         f"已存档的版本：{'、'.join(str(d.version) for d in ws.project.history(number)) or '无'}。")
        return found
    return next((d for d in ws.project.history(number) if d.version == ws.doc.version), None)


def _sign_again(ws: Workspace, archived: Document, p12, ask, before_write, timestamper) -> Released:
    """Sign the transcription of an archived, paper-approved version again (the controller), or
    add the second person's signature (a witness). Nothing but those signatures changes."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    from .yamledit import Edit

    number, target, release = archived.number, archived.release.path, archived.release
    if not any(a.kind == "paper" for a in archived.approvals):
        raise refuse(target, f"{number} {archived.version} 不是纸质签批的版本，不能重新签署转录。",
                     "电子签批的版本发布后不能重新签署。")
    if archived.fingerprint != release.fingerprint:
        raise refuse(target, f"存档 {target.name} 的内容与它的发布记录不符，不能重新签署。",
                     "存档被改动过：用 git 恢复这个文件。")
    identity, person = _signer(ws, p12, ask)
    roster = ws.project.roster
    as_witness = roster.may_witness(person.key) and not (roster.may_release(person.key) and _needs_controller(ws, archived))
    if not as_witness and not roster.may_release(person.key):
        raise refuse(ws.path, f"没有签署：{person.name}（{person.key}）既不是名册里的发布人（release_signers），"
                              "也不是转录核对人（transcription_witnesses）。",
                     "转录由文件控制员和一位核对人各用本人证书签署（见名册 source/people.yaml）。")
    _require_duties(ws, archived, person, True)
    if as_witness:
        return _witness(ws, archived, identity, person, before_write, timestamper)
    _may_sign_again(ws, archived)
    edit = Edit(target)
    statement, signature = _sign(ws, target.read_text("utf-8"), target, archived, identity, person, "转录", timestamper)
    record = edit.data["release"]
    record["statement"] = LiteralScalarString(statement.to_bytes().decode("utf-8"))
    record["signature"] = LiteralScalarString(signature)
    witness = record.get("witness") or {}
    stale = archive.archive_digest(read_source(target).data) != _signed_digest(witness.get("statement"))
    if witness and (stale or {f.code for f in release.findings} & {"witness-invalid", "witness-same-person"}):
        del record["witness"]  # made before a correction, or no longer valid: the witness signs again
    text = edit.text()
    data = read_source(target, text).data
    if archive.archive_digest(data) != archive.archive_digest(read_source(target).data):
        raise refuse(target, "重新签署会改动存档的内容，没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    texts = {target: text}
    marker = None
    if not ws.stand_in and ws.doc.released_as and ws.doc.released_as[0] == str(archived.version) \
            and ws.doc.released_as[1] != archive.archive_digest(data):  # a correction changed the digest
        marker = _recorded(ws, archived, data)
        texts[ws.path] = marker[1]
    after = check_edit(ws, texts, "重新签署转录")
    signed = next(d for d in after.project.history(number) if d.version == archived.version)
    left = {f.code for f in signed.release.findings} - WITNESS_CODES
    if left:
        why = "；".join(f.message for f in signed.release.findings)
        raise refuse(target, f"重新签署后的转录签名不能通过验证（{why}），没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    edit.write(text, before_write)
    if marker is not None:
        marker[0].write(marker[1])
    waiting = any(f.code == "witness-missing" for f in signed.release.findings)
    return Released(target, after.project.document(number), None, statement, resigned=True,
                    waiting_for_witness=waiting)


def _needs_controller(ws: Workspace, archived: Document) -> bool:
    """The controller's own signature of the transcription must be made (again) first."""
    return any(f.code not in WITNESS_CODES for f in archived.release.findings) or _demonstration(ws, archived)


def _demonstration(ws: Workspace, archived: Document) -> bool:
    from .roster import is_demonstration
    from ..trust.cms import load_signature
    from ..trust.reasons import TrustError

    try:
        issuer = load_signature(archived.release.signature or "").certificate.issuer
    except TrustError:
        return False
    return any(is_demonstration(a.certificate) and a.certificate.subject == issuer for a in ws.project.roster.anchors)


def _may_sign_again(ws: Workspace, archived: Document) -> None:
    """The controller signs a transcription again only when nothing of its content changed: its
    signature fails for reasons of trust, or was made under the demonstration CA, or the archive's
    paper records were corrected (where an original is kept: the content fingerprint unchanged,
    the working copy of that version showing the same records, and the witness re-checking)."""
    from . import checks

    number, release = archived.number, archived.release
    codes = {f.code for f in release.findings} - WITNESS_CODES
    if not codes:
        if _demonstration(ws, archived):
            return
        raise refuse(release.path, f"{number} {archived.version} 的转录签名有效（{release.signer}，{release.signed_at}），不需要重新签署。",
                     "只有转录签名因为根证书或签署人的证书更换而不能再验证（或用的是演示证书），或纸质原件的存放处更正之后，"
                     "才重新签署；缺少第二人的核对签名时，由核对人运行同一条命令。")
    if codes <= RESIGNABLE:
        return
    working = ws.doc if ws.doc.version == archived.version else None
    corrected = not ws.stand_in and codes <= RESIGNABLE | {"stale"} \
        and ws.project.history(number)[0].version == archived.version and (
        working is None or checks._approval_record(working) == checks._approval_record(archived))
    if not corrected:
        reasons = "；".join(f.message for f in release.findings)
        raise refuse(release.path, f"{number} {archived.version} 的转录签名无效，而且不只是证书的问题：{reasons}",
                     "存档的内容可能被改动过：用 git 恢复这个文件；不要重新签署改动过的存档。"
                     "（更正纸质原件的存放处时，工作副本和存档里的 approvals 要改成一样。）")


def _signed_digest(statement: str | None) -> str | None:
    from ..trust.reasons import TrustError
    from ..trust.statement import parse_statement

    try:
        return parse_statement((statement or "").encode("utf-8")).digest
    except TrustError:
        return None


def _witness(ws: Workspace, archived: Document, identity, person, before_write, timestamper) -> Released:
    """The second person of a transcription signs the same archive digest (核对)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    from .yamledit import Edit

    number, target, release = archived.number, archived.release.path, archived.release
    others = [f for f in release.findings if f.code not in WITNESS_CODES]
    if others or not release.statement:
        raise refuse(target, f"{number} {archived.version} 的转录要先由文件控制员签署（或重新签署），核对人再签："
                             f"{'；'.join(f.message for f in others) or '存档没有转录签名'}",
                     f"文件控制员运行 planpress release {number} --transcription --p12 本人证书.p12，然后核对人再运行一次。")
    if release.signer_person == person.key:
        raise refuse(target, f"{person.name}已经签署了这一版的转录，第二人须是另一位核对人。",
                     "由名册 transcription_witnesses 里的另一个人核对并签署。")
    if release.witness:
        raise refuse(target, f"{number} {archived.version} 的转录已由 {release.witness} 核对签署，不需要再签。",
                     "转录的两个签名都有效。")
    edit = Edit(target)
    statement, signature = _sign(ws, target.read_text("utf-8"), target, archived, identity, person, "核对", timestamper)
    edit.data["release"]["witness"] = {"statement": LiteralScalarString(statement.to_bytes().decode("utf-8")),
                                       "signature": LiteralScalarString(signature)}
    text = edit.text()
    after = check_edit(ws, {target: text}, "核对转录")
    signed = next(d for d in after.project.history(number) if d.version == archived.version)
    if not signed.release.verified:
        why = "；".join(f.message for f in signed.release.findings)
        raise refuse(target, f"核对签名写入后不能通过验证（{why}），没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    edit.write(text, before_write)
    return Released(target, after.project.document(number), None, statement, resigned=True, witnessed=True)
