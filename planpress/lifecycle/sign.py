"""`planpress sign`: a PAdES signature of the released PDF, visible in the signatory's row.

Only the signatory of a row signs it, only a PDF planpress built for that released version, and
only when that row's approval (the signed statement in the source) is valid for this content:

- the certificate in the .p12 is identified by the roster (`trust.validate.identify`: the SHA-256
  of the certificate, not a name it contains), chains to the (pinned) trust anchor, is valid now
  (an expired certificate is refused) and belongs to the `person` of a row of this version;
- the PDF's bytes are the bytes planpress builds for this version now (it is rendered again and
  compared: the output is deterministic). A second signature goes on a file whose first revision
  is those bytes and whose later revisions are only valid signatures of this version's signatories.
  A PDF that merely contains the fingerprint text, or was edited, is refused;
- the stamp fills that signatory's signature cell in the 审核批准 table: the exact rectangle the
  PDF builder recorded for it (`planpress.pdf.signatures`), nothing is searched or guessed.

Later signatures are added incrementally, so earlier ones stay valid. Nothing is written on any error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Callable
from pathlib import Path

from .. import outputs
from ..builders import BUILD_DIR
from ..model import Document, Signatory
from ..pdf.signatures import SignatureCell, signature_cells
from ..render import atomic
from . import history
from .stampfont import stamp_font
from .workspace import Workspace, open_document, refuse

SUBFILTER_NOTE = "PAdES（ETSI.CAdES.detached）"
STAMP_INSET = 2.0  # points between the cell's rules and the stamp's border
FIELD_PREFIX = "签名-"  # the signature field of a row: 签名-<role>


@dataclasses.dataclass(frozen=True)
class Signed:
    path: Path
    doc: Document
    signatory: Signatory
    page: int
    signed_at: dt.datetime


def sign(root: Path | str, number: str, p12, ask: Callable[[str], str] | None = None, *,
         role: str | None = None, pdf: Path | None = None) -> Signed:
    """Sign the PDF of the last release of `number` with `p12` (a .p12 file, or any
    trust.p12.KeySource: the intranet application's kept key)."""
    from ..trust.chain import check_chain
    from ..trust.p12 import key_source
    from ..trust.reasons import TrustError
    from ..trust.validate import identify

    ws = open_document(root, number, "签名")
    doc = history.last_release(ws.project, number)
    if doc is None:
        raise refuse(ws.path, f"{number} 还没有发布，不能签名：只对发布的版本签名。",
                     f"审批齐全后先由发布人运行 planpress release {number} --p12 本人证书.p12。")
    if doc.version == ws.doc.version and ws.doc.is_released:
        doc = ws.doc  # the working copy is the released version: same content, its source locations
    roster = ws.project.roster
    source = key_source(p12, ask)
    where = source.where or ws.path
    try:
        identity = source.open()
    except TrustError as exc:
        raise refuse(where, f"没有签名：{exc.failure.message}", exc.failure.hint) from None
    person = identify(roster, identity.certificate)
    signatory = _signatory(ws.path, doc, person, identity.holder, role)
    approval = doc.approved_by(signatory.role)
    if approval is None or approval.kind != "signed":
        why = ("这一栏是纸质签批（签字在纸质原件上），不能再数字签名" if doc.approval(signatory.role)
               and doc.approval(signatory.role).kind == "paper" else "这一栏的审批不能通过验证")
        raise refuse(ws.path, f"{signatory.role}（{signatory.name}）不能在 {number} {doc.version} 的 PDF 上签名：{why}。",
                     "只有审批了这一版内容的签署人才能在它的 PDF 上签名；planpress status 显示审批情况。")
    now = dt.datetime.now(dt.timezone.utc)
    try:
        check_chain(identity.certificate, roster.anchor_certificates, now, identity.chain)
    except TrustError as exc:
        raise refuse(where, f"没有签名：{exc.failure.message}", exc.failure.hint) from None

    build = ws.root / BUILD_DIR
    target = outputs.signed_pdf_path(build, doc)
    source = Path(pdf) if pdf else (target if target.exists() else outputs.pdf_path(build, doc))
    from ..bounded import read_file, why
    from .verify import MAX_PDF_BYTES

    try:
        data = read_file(source, MAX_PDF_BYTES)
    except FileNotFoundError:
        raise refuse(source, f"找不到 {doc.number} {doc.version} 的 PDF。", "先运行 planpress build 生成 PDF，再签名。") from None
    except OSError as exc:
        raise refuse(source, f"无法读取 {source.name}（{why(exc)}）。", "签名只对 planpress 生成的 PDF 文件做。") from None
    existing = _require_planpress_pdf(ws, source, data, doc)
    field = f"{FIELD_PREFIX}{signatory.role}"
    if field in existing:
        raise refuse(source, f"{signatory.role}（{signatory.name}）已经签过名了。", f"签好的文件：{target}")
    cell = _cell(source, data, doc, signatory)

    output = _pades(data, identity, field, cell, signatory, approval,
                    stamp_font(ws.root, ws.project.config_for(doc).fonts.heading), doc)
    atomic.write_bytes(target, output)
    return Signed(target, doc, signatory, cell.page, now)


def _signatory(path: Path, doc: Document, person, holder: str, role: str | None) -> Signatory:
    names = "、".join(f"{s.role} {s.name}" for s in doc.signatories)
    if person is None:
        raise refuse(path, f"证书持有人“{holder}”的这张证书没有登记在名册里，不能代表任何签署人签名。",
                     f"用签署人本人登记在名册（source/people.yaml）里的证书签名；{doc.number} {doc.version} 的签署人：{names}。")
    rows = [s for s in doc.signatories if s.person == person.key]
    if role is not None:
        chosen = doc.signatory(role)
        if chosen is None:
            raise refuse(path, f"没有“{role}”这个审批角色。",
                         f"{doc.number} 的审批角色：{'、'.join(s.role for s in doc.signatories)}。", "role")
        if chosen not in rows:
            raise refuse(path, f"证书是{person.name}（{person.key}）的，不是{role} {chosen.name}的。", "用签署人本人的证书签名。")
        return chosen
    if not rows:
        raise refuse(path, f"{person.name}（{person.key}）不是 {doc.number} {doc.version} 的签署人（{names}）。",
                     "用签署人本人的证书签名；签署人见文件的 signatories。")
    if len(rows) > 1:
        raise refuse(path, f"{person.name} 是 {doc.number} {doc.version} 几个角色的签署人：{'、'.join(s.role for s in rows)}。",
                     "用 --role 指定在哪一栏签名。")
    return rows[0]


def _require_planpress_pdf(ws: Workspace, path: Path, data: bytes, doc: Document) -> set[str]:
    """The fields of the signatures already on the file; refuse unless its first revision is the
    PDF planpress builds for `doc` now and every later revision is a valid signature of a row."""
    from ..pdf import render

    built = render.pdf_bytes(ws.project, doc)
    if not data.startswith(built):
        pdfa = render.pdf_bytes(ws.project, doc, pdfa=True)
        if not data.startswith(pdfa):
            raise refuse(path, f"这个 PDF 不是 planpress 为 {doc.number} {doc.version} 生成的文件"
                               f"（与现在重新生成的字节不同：内容、状态标记或版式被改动过），没有签名。",
                         "运行 planpress build 重新生成这一版本的 PDF，再签名（不要对别处得到或修改过的 PDF 签名）。")
        built = pdfa
    if len(data) == len(built):
        return set()
    from .verify import check_signatures

    checks = check_signatures(data, ws.project, path)
    bad = [c for c in checks if not (c.intact and c.unchanged_after and c.trusted and c.is_signatory)]
    if bad or not checks:
        raise refuse(path, f"这个 PDF 在 planpress 生成之后被改动过，或者上面的签名不能通过验证，没有签名。",
                     "运行 planpress verify 查看原因；用 planpress build 重新生成 PDF 后重新签名。")
    return {c.field for c in checks}


def _cell(path: Path, data: bytes, doc: Document, signatory: Signatory) -> SignatureCell:
    """The signature cell of `signatory`'s row (rows follow the order of the signatories)."""
    index = doc.signatories.index(signatory) + 1
    cell = next((c for c in signature_cells(data) if c.index == index), None)
    if cell is None:
        raise refuse(path, f"这个 PDF 的“审核批准”表里没有{signatory.role}（{signatory.name}）的签章格，不知道签名放在哪里。",
                     "用 planpress build 重新生成这一版本的 PDF，再签名。")
    return cell


def _pades(data: bytes, identity, field: str, cell: SignatureCell, signatory: Signatory, approval,
           font: Path, doc: Document) -> bytes:
    from ..trust.cms import import_pyhanko_sign

    import_pyhanko_sign()
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from ..trust import certs

    signing_key = asn1_keys.PrivateKeyInfo.load(identity.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    chain = [certs.to_asn1(c) for c in identity.chain if c.subject != c.issuer]
    signer = signers.SimpleSigner(certs.to_asn1(identity.certificate), signing_key,
                                  SimpleCertificateStore.from_certs(chain))
    metadata = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,  # PAdES, not the legacy adbe.pkcs7.detached
        name=signatory.name,
        reason=f"{signatory.role}：{approval.meaning} {doc.number} {doc.version}（内容指纹 {doc.short_fingerprint}）",
        location=doc.owner if signatory.role == "主办" else doc.publisher,
    )
    style = TextStampStyle(
        stamp_text=f"数字签名 {signatory.role}（{approval.meaning}）\n{signatory.title}：{signatory.name}\n%(ts)s",
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
