"""`planpress approve`: the signatory signs, with their own key, that they approve this content.

Nobody types a name. The row (`--role`) names a roster person; that person opens their .p12 (the
password is asked on the terminal, never on the command line) and signs an approval statement:
document, version, role, the signature's meaning (审核 / 批准 / 主办), the roster's name, the date
and time with its time zone, and the content fingerprint (`trust.statement`). The statement and
its detached CMS signature are written to `approvals` as literal blocks. A certificate that is not
this person's (another person's key, a look-alike name, another CA), expired, or not for signing
is refused before anything is written; so is a document that fails `check`, has no effective date
or is already released.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable
from pathlib import Path

from ruamel.yaml.scalarstring import LiteralScalarString

from ..locks import document_lock
from ..model import Document
from ..model.fingerprint import FORMAT
from .workspace import check_edit, open_document, refuse, timestamper_for
from .yamledit import Edit


@dataclasses.dataclass(frozen=True)
class Approved:
    path: Path
    doc: Document  # as it stands after the approval
    role: str
    name: str
    statement: object  # trust.statement.Statement


def approve(root: Path | str, number: str, role: str, p12, ask: Callable[[str], str] | None = None,
            before_write=None, timestamper=None, fingerprint: str | None = None) -> Approved:
    """Sign the approval of `role` with the key in `p12` (a .p12 file, or any trust.p12.KeySource:
    the intranet application's kept key); `ask` asks for a file's password (getpass).
    Holds the document's lock throughout: everything is read after it is acquired. The signature
    gets a trusted timestamp from `timestamper`, else from the configured TSA (workspace).
    `fingerprint`: the content the signer was shown; any other content is refused (a stale screen)."""
    with document_lock(root, number, "planpress approve"):
        return _approve(root, number, role, p12, ask, before_write, timestamper, fingerprint)


def _approve(root, number: str, role: str, p12, ask, before_write, timestamper, fingerprint=None) -> Approved:
    from ..trust.p12 import key_source
    from ..trust.reasons import TrustError
    from ..trust.signing import sign_statement
    from ..trust.statement import Kind, Meaning, Statement, signed_now

    ws = open_document(root, number, "审批")
    doc = ws.doc
    roles = [s.role for s in doc.signatories]
    signatory = doc.signatory(role)
    if signatory is None:
        close = difflib.get_close_matches(role, roles, n=1, cutoff=0.3)
        guess = f"您是不是要写“{close[0]}”？" if close else ""
        raise refuse(ws.path, f"没有“{role}”这个审批角色。",
                     f"{guess}{number} 的审批角色：{'、'.join(roles)}（见 signatories）。", "role")
    if doc.is_released:
        raise refuse(ws.path, f"{number} {doc.version} 已经发布，不能再审批。",
                     f"要修改，先运行 planpress revise {number} --reason \"修订原因\"，改完后再审批新版本。")
    if signatory.person is None:
        raise refuse(ws.path, f"“{role}”的签署人 {signatory.name} 没有登记到名册，不能签署电子审批。",
                     "在 source/people.yaml 的 people 里登记这个人和本人的证书，再把 signatories 里的 name 改成 person: 名册里的键。",
                     "signatories")
    if doc.effective is None:
        raise refuse(ws.path, f"{number} {doc.version} 还没有填写生效日期，不能审批。",
                     "审批批准的内容包括生效日期：先在文件里填写 effective（例如 effective: 2026-12-01），再审批。",
                     "effective")
    if fingerprint is not None and fingerprint != doc.fingerprint:
        raise refuse(ws.path, f"{number} {doc.version} 的内容在您打开签署页之后被修改了（您看到的内容指纹 {fingerprint[:12]}，"
                              f"现在是 {doc.short_fingerprint}），没有审批。",
                     "重新打开审阅页，看过修改后的内容再签署。", "approvals")
    _require_separation(ws, doc, signatory)
    person = ws.project.roster.person(signatory.person)
    source = key_source(p12, ask)
    try:
        identity = source.open()
        statement = Statement(Kind.APPROVAL, number, str(doc.version), role, Meaning(signatory.meaning), person.key,
                              person.name, signed_now(), doc.fingerprint, FORMAT)
        signature = sign_statement(statement, identity, ws.project.roster, timestamper=timestamper_for(ws, timestamper))
    except TrustError as exc:
        raise refuse((source.where or ws.path) if exc.reason.value.startswith("p12") else ws.path,
                     f"没有审批：{exc.failure.message}", exc.failure.hint, "approvals") from None

    edit = Edit(ws.path)
    values = {"statement": LiteralScalarString(statement.to_bytes().decode("utf-8")),
              "signature": LiteralScalarString(signature)}
    index = next((i for i, a in enumerate(edit.data.get("approvals") or []) if a.get("role") == role), None)
    if index is None:
        edit.append("approvals", {"role": role, **values})
    else:
        edit.replace_item("approvals", index, {"role": role, **values})
    text = edit.text()
    result = check_edit(ws, {ws.path: text}, "审批")
    after = result.project.document(number)
    if not after.approved_by(role):  # what was written must verify: say why, write nothing
        found = after.approval(role).findings if after.approval(role) else ()
        if found:
            raise refuse(ws.path, f"没有审批：签名写入后不能通过验证：{found[0].message}", found[0].hint, "approvals")
        raise refuse(ws.path, "签名写入后不能通过验证，没有写入。", "这是程序的问题，请把这条信息发给维护者。")
    edit.write(text, before_write)
    return Approved(ws.path, after, role, person.name, statement)


def _require_separation(ws, doc: Document, signatory) -> None:
    """One person signs one row of a version (unless planpress.yaml states the exception)."""
    from .signoff import policy

    allowed = policy(ws.project.config).allowed
    for other in doc.signatories:
        if other.role != signatory.role and other.person == signatory.person and not allowed(other.role, signatory.role):
            raise refuse(ws.path, f"{signatory.name}（{signatory.person}）在 {doc.number} {doc.version} 里既是“{other.role}”"
                                  f"又是“{signatory.role}”的签署人：每一栏须由不同的人签署（职责分离），没有审批。",
                         f"在 signatories 里给其中一栏换一位签署人；小医院确需同一人时，在 planpress.yaml 的 signatures.same_person "
                         f"写明例外和原因（roles: [{other.role}, {signatory.role}]），PDF 上会印出这一例外。", "signatories")
