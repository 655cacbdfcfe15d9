"""`planpress sign`: a PAdES signature of the released PDF, visible in the approver's row.

The PDF must be the released version's (its text carries the content fingerprint of that
version), the certificate holder must be one of the document's signatories, and the stamp fills
that person's signature cell in the 审核批准 table: the exact rectangle the PDF builder recorded
for it (`planpress.pdf.signatures`), so nothing is searched or guessed. Each signatory signs in
turn; later signatures are added incrementally, so earlier ones stay valid. Nothing is written
on any error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from pathlib import Path

from .. import outputs
from ..builders import BUILD_DIR
from ..model import Document, Signatory
from ..pdf.signatures import SignatureCell, signature_cells
from ..render import atomic
from . import history
from .stampfont import stamp_font
from .workspace import open_document, refuse

SUBFILTER_NOTE = "PAdES（ETSI.CAdES.detached）"
STAMP_INSET = 2.0  # points between the cell's rules and the stamp's border


@dataclasses.dataclass(frozen=True)
class Signed:
    path: Path
    doc: Document
    signatory: Signatory
    page: int
    signed_at: dt.datetime


def load_p12(path: Path, password: str | None):
    """(key, certificate, chain) from a PKCS#12 file; a Chinese refusal when it cannot be opened."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(path, f"无法读取证书文件（{exc.strerror}）。", "检查 --p12 的路径。") from None
    try:
        bundle = pkcs12.load_pkcs12(data, password.encode("utf-8") if password else None)
    except ValueError:
        raise refuse(path, "证书文件打不开：密码不对，或者这不是 PKCS#12（.p12/.pfx）证书文件。",
                     "用 --password 输入证书密码（或设置环境变量 PLANPRESS_P12_PASSWORD）；确认文件是个人签名证书。") from None
    if bundle.key is None or bundle.cert is None:
        raise refuse(path, "证书文件里没有私钥或证书，不能用来签名。", "向签发证书的部门索取含私钥的 .p12 文件。")
    return bundle.key, bundle.cert.certificate, [c.certificate for c in bundle.additional_certs]


def holder_name(certificate) -> str:
    from cryptography.x509.oid import NameOID

    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def sign(root: Path | str, number: str, p12: Path, password: str | None, *, role: str | None = None,
         pdf: Path | None = None) -> Signed:
    ws = open_document(root, number, "签名")
    doc = history.last_release(ws.project, number)
    if doc is None:
        raise refuse(ws.path, f"{number} 还没有发布，不能签名：只对发布的版本签名。",
                     f"审批齐全后先运行 planpress release {number}。")
    if doc.version == ws.doc.version and ws.doc.is_released:
        doc = ws.doc  # the working copy is the released version: same content, its source locations
    key, certificate, chain = load_p12(Path(p12), password)
    holder = holder_name(certificate)
    signatory = _signatory(ws.path, doc, holder, role)

    build = ws.root / BUILD_DIR
    target = outputs.signed_pdf_path(build, doc)
    source = Path(pdf) if pdf else (target if target.exists() else outputs.pdf_path(build, doc))
    try:
        data = source.read_bytes()
    except OSError:
        raise refuse(source, f"找不到 {doc.number} {doc.version} 的 PDF。", "先运行 planpress build 生成 PDF，再签名。") from None
    _check_pdf_is_of(source, data, doc)
    field = f"签名-{signatory.role}"
    if field in _signature_fields(data):
        raise refuse(source, f"{signatory.role}（{signatory.name}）已经签过名了。", f"签好的文件：{target}")
    cell = _cell(source, data, doc, signatory)

    signed_at = dt.datetime.now(dt.timezone.utc)
    output = _pades(data, key, certificate, chain, field, cell, signatory,
                    stamp_font(ws.root, ws.project.config_for(doc).fonts.heading), doc)
    atomic.write_bytes(target, output)
    return Signed(target, doc, signatory, cell.page, signed_at)


def _cell(path: Path, data: bytes, doc: Document, signatory: Signatory) -> SignatureCell:
    """The signature cell of `signatory`'s row (rows follow the order of the signatories)."""
    index = doc.signatories.index(signatory) + 1
    cell = next((c for c in signature_cells(data) if c.index == index), None)
    if cell is None:
        raise refuse(path, f"这个 PDF 的“审核批准”表里没有{signatory.role}（{signatory.name}）的签章格，不知道签名放在哪里。",
                     "用 planpress build 重新生成这一版本的 PDF，再签名。")
    return cell


def _signatory(path: Path, doc: Document, holder: str, role: str | None) -> Signatory:
    if role is not None:
        signatory = doc.signatory(role)
        if signatory is None:
            raise refuse(path, f"没有“{role}”这个审批角色。",
                         f"{doc.number} 的审批角色：{'、'.join(s.role for s in doc.signatories)}。", "role")
        if signatory.name not in holder:
            raise refuse(path, f"证书持有人是“{holder}”，不是{role} {signatory.name}。", "用签署人本人的证书签名。")
        return signatory
    for signatory in doc.signatories:
        if signatory.name and signatory.name in holder:
            return signatory
    names = "、".join(f"{s.role} {s.name}" for s in doc.signatories)
    raise refuse(path, f"证书持有人“{holder}”不是 {doc.number} {doc.version} 的签署人（{names}）。",
                 "用签署人本人的证书签名；签署人见文件的 signatories。")


def _check_pdf_is_of(path: Path, data: bytes, doc: Document) -> None:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        found = any(doc.short_fingerprint in page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    if not found:
        raise refuse(path, f"这个 PDF 不是 {doc.number} {doc.version} 发布的内容（页面上找不到内容指纹 {doc.short_fingerprint}）。",
                     "重新运行 planpress build 生成这一版本的 PDF，再签名。")


def _signature_fields(data: bytes) -> set[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data))
    return {sig.field_name for sig in reader.embedded_signatures}


def _pades(data: bytes, key, certificate, chain, field: str, cell: SignatureCell, signatory: Signatory,
           font: Path, doc: Document) -> bytes:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(cert):
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    signing_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(asn1(certificate), signing_key,
                                  SimpleCertificateStore.from_certs([asn1(c) for c in chain]))
    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,  # PAdES, not the legacy adbe.pkcs7.detached
        name=signatory.name,
        reason=f"{signatory.role}：批准 {doc.number} {doc.version}（内容指纹 {doc.short_fingerprint}）",
        location=doc.owner if signatory.role == "主办" else doc.publisher,
    )
    style = TextStampStyle(
        stamp_text=f"数字签名 {signatory.role}\n{signatory.title}：{signatory.name}\n%(ts)s",
        timestamp_format="%Y-%m-%d %H:%M UTC",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(font)), font_size=8),
        border_width=1,
        background=None,
    )
    logging.getLogger("pyhanko").setLevel(logging.ERROR)  # layout notes about the stamp are not for users
    left, bottom, right, top = cell.box
    box = (left + STAMP_INSET, bottom + STAMP_INSET, right - STAMP_INSET, top - STAMP_INSET)
    spec = fields.SigFieldSpec(sig_field_name=field, on_page=cell.page, box=box)
    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    out = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(writer, output=out)
    return out.getvalue()
