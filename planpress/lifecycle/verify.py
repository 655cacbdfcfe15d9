"""`planpress verify`: check every signature of a PDF, in Chinese, each question on its own.

For each signature: who signed (the certificate, and which roster person it is), when (the time
the signer's computer stated; there is no trusted timestamp offline), integrity (the signed bytes
are unchanged and the cryptographic signature is valid; anything added afterwards is only further
signatures), trust (the certificate chains to the roster's trust anchor, or to `--trust`, and was
valid at the signing time: judged apart from integrity, so a flipped byte is an integrity failure,
not a trust failure), and whether the signer is the signatory of the row the signature's field
names (签名-<role>) in the document and version the PDF says it is. A damaged signature is
reported as such, never as an internal error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from pathlib import Path

from .workspace import refuse

FIELD_PREFIX = "签名-"
MAX_PDF_BYTES = 200 * 1024 * 1024  # a signed plan is a few MB


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's subject, as a person reads it
    issuer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the cryptographic signature is valid
    unchanged_after: bool  # after signing, only signatures / form filling were added
    trusted: bool
    reason: str | None  # the signature's /Reason
    trust_note: str = ""  # why it is not trusted
    is_signatory: bool = False  # the roster person of the certificate is the signatory of the field's row
    signatory_note: str = ""
    damaged: str = ""  # the signature could not be read at all: why

    @property
    def ok(self) -> bool:
        return not self.damaged and self.intact and self.unchanged_after and self.trusted and self.is_signatory


def verify(pdf: Path, root: Path, trust: Path | None = None) -> list[SignatureCheck]:
    """Every signature of `pdf`, checked against the project at `root` (its roster and documents)."""
    project, roster = _project(Path(root))
    anchors = _anchors(trust) if trust else (roster.anchor_certificates if roster is not None else [])
    if not anchors:
        raise refuse(Path(root) / "source" / "people.yaml", "没有可信任的根证书，无法验证签名。",
                     "在项目根目录（有 source/people.yaml 的地方）运行，或用 --trust 指定医院的根证书。")
    from ..bounded import read_file, why

    try:
        data = read_file(Path(pdf), MAX_PDF_BYTES)  # never /dev/zero to the end, never a FIFO's writer
    except OSError as exc:
        raise refuse(Path(pdf), f"无法读取 PDF（{why(exc)}）。", "检查文件路径：verify 只读普通的 PDF 文件。") from None
    return check_signatures(data, project, Path(pdf), anchors=anchors, roster=roster)


def _project(root: Path):
    """(the project or None, its roster or None): loaded without the lifecycle rules, so that a
    PDF can be verified even while the sources have warnings."""
    from ..model.loader import SOURCE_DIR, check
    from ..sources import people as people_module
    from . import roster as roster_module

    source = root / SOURCE_DIR
    if not source.is_dir():
        return None, None
    people, _ = people_module.load(source)
    trusted, _ = roster_module.load(source, people)
    result = check(root, lifecycle=False)
    return result.project, trusted.roster if people.source is not None else None


def _anchors(trust: Path) -> list:
    from ..trust import certs

    from ..bounded import read_file, why

    try:
        found = certs.load_certificates(read_file(Path(trust), 1024 * 1024))
    except (OSError, ValueError) as exc:
        raise refuse(Path(trust), f"无法读取受信任的根证书（{why(exc) if isinstance(exc, OSError) else exc}）。",
                     "--trust 应为 PEM 或 DER 格式的 CA 证书文件。") from None
    if not found:
        raise refuse(Path(trust), "文件里没有证书。", "--trust 应为 PEM 或 DER 格式的 CA 证书文件。")
    return found


def check_signatures(data: bytes, project, path: Path, *, anchors=None, roster=None) -> list[SignatureCheck]:
    from ..trust.cms import import_pyhanko_sign

    import_pyhanko_sign()
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader

    roster = roster if roster is not None else (project.roster if project is not None else None)
    anchors = anchors if anchors is not None else (roster.anchor_certificates if roster is not None else [])
    # pyHanko logs an untrusted chain with a Python traceback; the report says it in Chinese.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        found = list(enumerate_sig_fields(reader, filled_status=True))
        doc = _document_of(reader, project)
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise refuse(path, f"这不是可读取的 PDF 文件（{type(exc).__name__}）。", "检查文件是否完整。") from None
    if not found:
        raise refuse(path, "这个 PDF 没有数字签名。", "签名请用 planpress sign。")
    readable, damaged = [], []
    for name, _value, field in found:
        try:  # reading a signature parses its /Contents: a damaged one raises here, with English text
            readable.append(EmbeddedPdfSignature(reader, field, name))
        except Exception as exc:  # noqa: BLE001 - asn1crypto and pyHanko raise many kinds for damaged DER
            damaged.append(SignatureCheck(name or "", "", "", None, False, False, False, None, damaged=_damaged(exc)))
    readable.sort(key=lambda signature: signature.signed_revision)
    return [_check(signature, anchors, roster, doc) for signature in readable] + damaged


def _damaged(exc: Exception) -> str:
    return f"签名数据已损坏，无法读取（{type(exc).__name__}）：签名的 /Contents 被改动或截断过，这个签名无效"


def _document_of(reader, project):
    """The document version the PDF says it is (its metadata keywords), if the project has it."""
    if project is None:
        return None
    info = reader.trailer_view.get("/Info")
    if hasattr(info, "get_object"):
        info = info.get_object()
    keywords = str(info.get("/Keywords", "")) if info is not None else ""
    parts = [k.strip() for k in keywords.split(",")]
    version = next((k.removeprefix("版本/修订 ") for k in parts if k.startswith("版本/修订 ")), None)
    short = next((k.removeprefix("内容指纹 ") for k in parts if k.startswith("内容指纹 ")), None)
    number = parts[0] if parts else ""
    versions = [d for d in project.history(number)] + [d for d in project.documents if d.number == number]
    return next((d for d in versions if str(d.version) == version and d.short_fingerprint == short), None)


def _check(signature, anchors, roster, doc) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from ..trust import certs

    field = signature.field_name or ""
    reason = _text(signature.sig_object.get("/Reason")) if signature.sig_object is not None else None
    try:
        context = ValidationContext(trust_roots=[certs.to_asn1(a) for a in anchors], allow_fetching=False,
                                    revocation_mode="soft-fail")
        status = validate_pdf_signature(signature, context)
        cert = certs.from_asn1(status.signing_cert)
        others = [certs.from_asn1(c) for c in signature.signed_data["certificates"] or ()
                  if c.name == "certificate" and c.chosen.dump() != status.signing_cert.dump()]
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds for an unreadable /Contents
        return SignatureCheck(field, "", "", None, False, False, False, reason, damaged=_damaged(exc))
    level = status.modification_level
    signed_at = status.signer_reported_dt
    trusted, trust_note = _trust(cert, anchors, signed_at, others)
    is_signatory, note = _signatory(field, cert, roster, doc)
    return SignatureCheck(
        field=field, signer=_person(cert.subject), issuer=_person(cert.issuer), signed_at=signed_at,
        intact=bool(status.intact and status.valid),
        unchanged_after=level is not None and level <= ModificationLevel.FORM_FILLING and bool(status.docmdp_ok),
        trusted=trusted, reason=reason, trust_note=trust_note, is_signatory=is_signatory, signatory_note=note)


def _trust(cert, anchors, signed_at, others) -> tuple[bool, str]:
    from ..trust.chain import check_chain, check_signing_usage
    from ..trust.reasons import TrustError

    at = signed_at or dt.datetime.now(dt.timezone.utc)
    try:
        check_signing_usage(cert)
        check_chain(cert, anchors, at, others)
    except TrustError as exc:
        return False, exc.failure.message
    return True, ""


def _signatory(field: str, cert, roster, doc) -> tuple[bool, str]:
    from ..trust.validate import identify

    role = field.removeprefix(FIELD_PREFIX) if field.startswith(FIELD_PREFIX) else None
    holder = _common_name(cert)
    if roster is None:
        return False, "无法核对：找不到名册（source/people.yaml）"
    person = identify(roster, cert)
    if doc is None:
        return False, f"无法核对：项目里没有这个 PDF 所属的文件版本（证书持有人“{holder}”）"
    signatory = doc.signatory(role) if role else None
    if signatory is None:
        return False, f"签名栏“{field}”不是 {doc.number} {doc.version} 的审批角色"
    if person is None:
        return False, f"证书持有人“{holder}”的证书没有登记在名册里，不是“{signatory.role}”的签署人 {signatory.name}"
    if person.key != signatory.person:
        return False, f"证书持有人“{holder}”（名册里的 {person.key}）不是“{signatory.role}”的签署人 {signatory.name}"
    return True, f"是 {doc.number} {doc.version}“{signatory.role}”的签署人 {signatory.name}"


def report(pdf: Path, trusted_by: str, checks: list[SignatureCheck]) -> str:
    lines = [f"{pdf.name}：{len(checks)} 个数字签名（受信任的根证书：{trusted_by}）"]
    for index, check in enumerate(checks, start=1):
        lines.append(f"签名 {index}（{check.field}）")
        if check.damaged:
            lines.append(f"  ✗ {check.damaged}")
            continue
        when = check.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if check.signed_at else "未知"
        lines += [
            f"  签名人：{check.signer}",
            f"  颁发者：{check.issuer}",
            f"  签名时间：{when}（签名者电脑报告的时间，不是可信时间戳）",
        ]
        if check.reason:
            lines.append(f"  签名说明：{check.reason}")
        lines.append("  完整性：" + ("✓ 签名的内容没有被改动" if check.intact else "✗ 签名的内容被改动过，或签名本身无效"))
        lines.append("  之后的改动：" + ("✓ 签名后只追加了签名" if check.unchanged_after
                                     else "✗ 签名后文件被修改过（不只是追加签名）"))
        lines.append("  信任：" + (f"✓ 证书可追溯到受信任的根证书（{trusted_by}），签名时有效" if check.trusted
                                 else f"✗ 不受信任：{check.trust_note}"))
        lines.append("  签署人：" + ("✓ " if check.is_signatory else "✗ ") + check.signatory_note)
    bad = [i for i, c in enumerate(checks, start=1) if not c.ok]
    lines.append("结论：" + ("全部签名有效、完整、可信，且由本文件的签署人签署。" if not bad
                          else f"签名 {'、'.join(map(str, bad))} 未通过验证。"))
    return "\n".join(lines) + "\n"


def _text(value) -> str | None:
    return str(value) if value is not None else None


def _common_name(cert) -> str:
    from ..trust import certs

    return certs.common_name(cert.subject)


def _person(name) -> str:
    """孙晓琳（测试医院，CN）from an X.509 name."""
    from cryptography.x509.oid import NameOID

    def first(oid):
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    common = first(NameOID.COMMON_NAME)
    others = [v for v in (first(NameOID.ORGANIZATION_NAME), first(NameOID.ORGANIZATIONAL_UNIT_NAME),
                          first(NameOID.COUNTRY_NAME)) if v]
    return f"{common}（{'，'.join(others)}）" if others else common

