"""Trusted timestamps (RFC 3161) over a signature: the time a signature is judged at.

A signer controls the clock of the computer that signs, so the time inside a statement and the
CMS signingTime attribute prove nothing. A timestamp token from a time-stamping authority (TSA)
whose key no signer holds proves that the signature value existed at the token's genTime: the
token is a CMS SignedData over a TSTInfo whose message imprint is the hash of the signature value,
signed by the TSA's certificate (extended key usage timeStamping only, critical, RFC 3161 §2.3),
which chains to a trust anchor of the roster. The token travels inside the signature as the
unsigned attribute signature-time-stamp-token (RFC 3161 Appendix A, as CAdES does), so the
signature stays a plain detached CMS signature that `openssl cms -verify` reads unchanged.

Integrity follows RFC 5652 §5.4 as `cms.verify_detached` does (content type and message digest
attributes, the ESS signing-certificate attribute when present), with the cryptographic check by
pyhanko-certvalidator; the chain by `chain.check_chain` at genTime. Nothing here asks a TSA for a
token (see `tsa`).
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import textwrap
from collections.abc import Sequence

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from . import certs
from .chain import check_chain, check_validity
from .cms import TOKEN_ATTRIBUTE, token_of  # noqa: F401 - re-exported: where the token is read
from .reasons import Reason, TrustError
SIGNED_DATA = "1.2.840.113549.1.7.2"
TST_INFO = "1.2.840.113549.1.9.16.1.4"
DIGESTS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
MAX_TOKEN_BYTES = 32 * 1024


@dataclasses.dataclass(frozen=True)
class Timestamp:
    """A verified timestamp: the time it proves and who issued it."""

    time: dt.datetime  # genTime, aware (UTC as issued)
    authority: str  # the TSA certificate's CN
    serial: int
    certificate: x509.Certificate

    def local(self, like: dt.datetime | None = None) -> dt.datetime:
        """genTime in the time zone of `like` (the statement's), else of this computer."""
        return self.time.astimezone(like.tzinfo) if like is not None and like.tzinfo else self.time.astimezone()


def imprint(signature_value: bytes, algorithm: str = "sha256") -> bytes:
    """What a TSA is asked to stamp: the hash of the signature value (RFC 3161 Appendix A)."""
    return DIGESTS[algorithm](signature_value).digest()


def check_token(token, signature_value: bytes, anchors: Sequence[x509.Certificate],
                not_from: Sequence[str] = ()) -> Timestamp:
    """Verify `token` (asn1crypto ContentInfo) as a timestamp of `signature_value`, issued by a
    TSA certificate that chains to `anchors` and was valid at genTime. `not_from`: SHA-256 of
    certificates that must not have issued it (the roster people's: a person is never a TSA)."""
    from asn1crypto import tsp  # noqa: F401 - also registers the TSTInfo content type with asn1crypto's cms

    from .cms import parse_signed_data

    try:
        if token["content_type"].dotted != SIGNED_DATA:
            _invalid("不是 SignedData")
        signed = token["content"]
        parse_signed_data(signed)
        encapsulated = signed["encap_content_info"]
        if encapsulated["content_type"].dotted != TST_INFO:
            _invalid("内容不是时间戳信息（TSTInfo）")
        data = encapsulated["content"].contents
        info = tsp.TSTInfo.load(data, strict=True)
        info.native
        infos = signed["signer_infos"]
        if len(infos) != 1:
            _invalid(f"应有一个签名人，这里有 {len(infos)} 个")
        signer_info = infos[0]
        carried = [c.chosen for c in signed["certificates"] or () if c.name == "certificate"]
        from .cms import _identifies

        found = [c for c in carried if _identifies(signer_info["sid"], c)]
        if len(found) != 1:
            _invalid("里面没有时间戳服务的证书")
        certificate = certs.from_asn1(found[0])
        others = [certs.from_asn1(c) for c in carried if c is not found[0]]
        message = info["message_imprint"]
        algorithm = message["hash_algorithm"]["algorithm"].native
        moment = info["gen_time"].native
        serial = info["serial_number"].native
    except TrustError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
        _invalid("数据被截断或改动过")
    if algorithm not in DIGESTS or message["hashed_message"].native != imprint(signature_value, algorithm):
        _invalid("时间戳盖的不是这个签名")
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        _invalid("时间无效")
    _verify_signer(signer_info, certificate, data)
    holder = certs.common_name(certificate.subject) or certificate.subject.rfc4514_string()
    if certs.sha256(certificate) in not_from:
        raise TrustError(Reason.TIMESTAMP_UNTRUSTED, detail=f"“{holder}”是名册里签署人的证书，不是时间戳服务的")
    _check_usage(certificate, holder)
    try:
        check_validity(certificate, moment, whose=f"时间戳服务“{holder}”的证书")
        check_chain(certificate, anchors, moment, others)
    except TrustError as exc:
        raise TrustError(Reason.TIMESTAMP_UNTRUSTED, detail=exc.failure.message.rstrip("。")) from None
    return Timestamp(moment, holder, serial, certificate)


def _verify_signer(signer_info, certificate: x509.Certificate, data: bytes) -> None:
    from cryptography.exceptions import InvalidSignature
    from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext

    from .cms import _check_signing_certificate

    try:
        algorithm = signer_info["digest_algorithm"]["algorithm"].native
        attributes = signer_info["signed_attrs"].untag()
        values = {a["type"].native: a["values"] for a in attributes}
        if len(values) != len(attributes) or any(len(values.get(k) or ()) != 1 for k in ("content_type", "message_digest")):
            _invalid("签名属性缺失或重复")
        if values["content_type"][0].dotted != TST_INFO:
            _invalid("签名属性的内容类型不是 TSTInfo")
        if algorithm not in DIGESTS or values["message_digest"][0].native != DIGESTS[algorithm](data).digest():
            _invalid("时间戳信息在签名之后被改动过")
        _check_signing_certificate(attributes, certificate)
        DefaultSignatureValidator().validate_signature(
            signer_info["signature"].native, attributes.dump(), certs.to_asn1(certificate).public_key,
            signer_info["signature_algorithm"],
            context=SignatureValidationContext(contextual_md_algorithm=algorithm, prehashed=False))
    except TrustError as exc:
        if exc.reason is Reason.SIGNATURE_FORMAT:
            _invalid("签名属性不合规")
        raise
    except InvalidSignature:
        _invalid("时间戳服务的签名值无效")
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        _invalid("时间戳服务的签名无法核对")


def _check_usage(certificate: x509.Certificate, holder: str) -> None:
    """RFC 3161 §2.3: the TSA's certificate has exactly one extended key usage, timeStamping, critical."""
    try:
        extension = certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage)
    except x509.ExtensionNotFound:
        extension = None
    if extension is None or not extension.critical or list(extension.value) != [ExtendedKeyUsageOID.TIME_STAMPING]:
        raise TrustError(Reason.TIMESTAMP_UNTRUSTED,
                         detail=f"“{holder}”的证书不是时间戳服务的证书（扩展密钥用途须只有 timeStamping，且为关键扩展）")
    if certs.is_ca(certificate):
        raise TrustError(Reason.TIMESTAMP_UNTRUSTED, detail=f"“{holder}”是 CA 证书，不是时间戳服务的证书")


def _invalid(detail: str):
    raise TrustError(Reason.TIMESTAMP_INVALID, detail=detail)


# -- the token inside a CMS signature ---------------------------------------------------------------

def signature_value(signer_info) -> bytes:
    return signer_info["signature"].native


def with_token(signature_pem: str, token) -> str:
    """`signature_pem` (a CMS signature of ours) with `token` attached as its unsigned attribute.
    The signed part is unchanged byte for byte: only the SignerInfo gains its unsignedAttrs."""
    from asn1crypto import cms

    from .cms import _der

    info = cms.ContentInfo.load(_der(signature_pem))
    signer = info["content"]["signer_infos"][0]
    signer["unsigned_attrs"] = cms.CMSAttributes([cms.CMSAttribute({"type": TOKEN_ATTRIBUTE, "values": [token]})])
    body = base64.b64encode(info.dump(force=False)).decode("ascii")
    return "-----BEGIN PKCS7-----\n" + "\n".join(textwrap.wrap(body, 64)) + "\n-----END PKCS7-----\n"


def load_token(data: bytes):
    """A token from DER (a TimeStampToken, i.e. ContentInfo), bounded; TIMESTAMP_INVALID otherwise."""
    from asn1crypto import cms

    if len(data) > MAX_TOKEN_BYTES:
        _invalid("太长")
    try:
        return cms.ContentInfo.load(data, strict=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        _invalid("无法读取")
