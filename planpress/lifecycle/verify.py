"""`planpress verify`: check every signature of a PDF against the hospital's trusted CA, in Chinese.

For each signature: who signed (the certificate), when (the time the signer's computer stated;
there is no trusted timestamp offline), integrity (the signed bytes are unchanged and anything
added afterwards is only further signatures) and trust (the certificate chains to a given CA).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

from .workspace import refuse


@dataclasses.dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's subject
    issuer: str
    signed_at: dt.datetime | None
    intact: bool  # the signed bytes are unchanged and the cryptographic signature is valid
    unchanged_after: bool  # after signing, only signatures / form filling were added
    trusted: bool
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.intact and self.unchanged_after and self.trusted


def verify(pdf: Path, trust: Path) -> list[SignatureCheck]:
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        roots = list(load_certs_from_pemder([str(trust)]))
    except (OSError, ValueError) as exc:
        raise refuse(trust, f"无法读取受信任的根证书（{exc}）。", "--trust 应为 PEM 或 DER 格式的 CA 证书文件。") from None
    if not roots:
        raise refuse(trust, "文件里没有证书。", "--trust 应为 PEM 或 DER 格式的 CA 证书文件。")
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    # pyHanko logs an untrusted chain with a Python traceback; the report below says it in Chinese.
    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    try:
        stream = open(pdf, "rb")
    except OSError as exc:
        raise refuse(pdf, f"无法读取 PDF（{exc.strerror}）。", "检查文件路径。") from None
    with stream:
        try:
            reader = PdfFileReader(stream, strict=False)
            signatures = reader.embedded_signatures
        except (PdfReadError, ValueError) as exc:
            raise refuse(pdf, f"这不是可读取的 PDF 文件（{exc}）。", "检查文件是否完整。") from None
        if not signatures:
            raise refuse(pdf, "这个 PDF 没有数字签名。", "签名请用 planpress sign。")
        checks = []
        for signature in signatures:
            status = validate_pdf_signature(signature, context)
            cert = status.signing_cert
            level = status.modification_level
            checks.append(SignatureCheck(
                field=signature.field_name,
                signer=_person(cert.subject) if cert else "",
                issuer=_person(cert.issuer) if cert else "",
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                unchanged_after=level is not None and level <= ModificationLevel.FORM_FILLING and bool(status.docmdp_ok),
                trusted=bool(status.trusted),
                reason=signature.sig_object.get("/Reason"),
            ))
    return checks


def report(pdf: Path, trust: Path, checks: list[SignatureCheck]) -> str:
    lines = [f"{pdf.name}：{len(checks)} 个数字签名（受信任的根证书：{trust.name}）"]
    for index, check in enumerate(checks, start=1):
        when = check.signed_at.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if check.signed_at else "未知"
        lines += [
            f"签名 {index}（{check.field}）",
            f"  签名人：{check.signer}",
            f"  颁发者：{check.issuer}",
            f"  签名时间：{when}（签名者电脑报告的时间，不是可信时间戳）",
        ]
        if check.reason:
            lines.append(f"  签名说明：{check.reason}")
        lines.append("  完整性：" + ("✓ 签名的内容没有被改动" if check.intact else "✗ 签名的内容被改动过，或签名本身无效"))
        lines.append("  之后的改动：" + ("✓ 签名后只追加了签名" if check.unchanged_after
                                     else "✗ 签名后文件被修改过（不只是追加签名）"))
        lines.append("  信任：" + (f"✓ 证书可追溯到受信任的根证书 {trust.name}" if check.trusted
                                 else f"✗ 证书不能追溯到 {trust.name}：不受信任"))
    bad = [i for i, c in enumerate(checks, start=1) if not c.ok]
    lines.append("结论：" + ("全部签名有效、完整、可信。" if not bad else f"签名 {'、'.join(map(str, bad))} 未通过验证。"))
    return "\n".join(lines) + "\n"


def _person(name) -> str:
    """孙晓琳（测试医院，CN）from an X.509 name."""
    fields = name.native
    others = [fields.get(key) for key in ("organization_name", "organizational_unit_name", "country_name")]
    others = [str(v) for v in others if v]
    common = fields.get("common_name", "")
    return f"{common}（{'，'.join(others)}）" if others else str(common)
