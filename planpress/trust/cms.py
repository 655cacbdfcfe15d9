"""Detached CMS SignedData (RFC 5652) over a statement's bytes: make it, read it, check integrity.

Signing uses `cryptography`'s PKCS#7 builder (SHA-256, binary content, signed attributes with
content type, message digest and signing time); the result is PEM (`-----BEGIN PKCS7-----`),
which `openssl cms -verify -binary -content stmt.bin -inform PEM -in sig.pem …` reads as it is.
Reading accepts PEM or bare base64 of the DER and is strict: exactly one signer, detached
content of type data, SHA-2 digest, the signer's certificate included, one signing time.
Integrity uses pyHanko's CMS validation (`validate_sig_integrity`). Trust is not decided here
(see `chain` and `validate`).
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import re

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from . import certs
from .p12 import SigningIdentity
from .reasons import Reason, TrustError

DIGESTS = {"sha256": hashlib.sha256, "sha384": hashlib.sha384, "sha512": hashlib.sha512}
PEM = re.compile(r"-----BEGIN (PKCS7|CMS)-----(?P<body>[^-]*)-----END \1-----\s*")
MAX_CHARS = 64 * 1024


@dataclasses.dataclass(frozen=True)
class SignedCms:
    """A parsed signature; nothing about it is verified yet."""

    der: bytes
    signer_info: object  # asn1crypto cms.SignerInfo
    certificate: x509.Certificate  # the signer's, as carried in the signature
    others: tuple[x509.Certificate, ...]  # further certificates carried (intermediates, perhaps look-alikes)
    signing_time: dt.datetime  # the signingTime attribute: the time the signer's computer stated
    digest_algorithm: str


def sign_detached(data: bytes, identity: SigningIdentity) -> str:
    """A detached CMS signature of `data` by `identity`, as PEM text."""
    builder = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(
        identity.certificate, identity.key, hashes.SHA256())
    for extra in identity.chain:  # intermediates help a verifier; a root is useless inside a signature
        if extra.subject != extra.issuer:
            builder = builder.add_certificate(extra)
    options = [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary, pkcs7.PKCS7Options.NoCapabilities]
    return builder.sign(serialization.Encoding.PEM, options).decode("ascii")


def load_signature(text: str | bytes) -> SignedCms:
    """Parse a signature from PEM or base64 DER; TrustError(SIGNATURE_DAMAGED / SIGNATURE_FORMAT)."""
    der = _der(text)
    from asn1crypto import cms

    try:
        info = cms.ContentInfo.load(der, strict=True)
        info.native  # parse every part now (asn1crypto parses lazily): damage anywhere shows here
        if info["content_type"].native != "signed_data":
            _format("内容不是 SignedData")
        signed = info["content"]
        return _signed_cms(der, signed, cms)
    except TrustError:
        raise
    except _PARSE_ERRORS:
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="DER 结构无效：数据被截断或改动过") from None


def verify_detached(signed: SignedCms, data: bytes) -> None:
    """The signature is a valid signature of exactly `data` by the key of `signed.certificate`."""
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    digest = DIGESTS[signed.digest_algorithm](data).digest()
    try:
        intact, valid = validate_sig_integrity(signed.signer_info, certs.to_asn1(signed.certificate), "data", digest)
    except SignatureValidationError:
        _format("签名属性不合规（内容类型或签名证书属性不符）")
    except _PARSE_ERRORS:
        raise TrustError(Reason.SIGNATURE_INVALID) from None
    if not valid:
        raise TrustError(Reason.SIGNATURE_INVALID)
    if not intact:
        raise TrustError(Reason.CONTENT_MISMATCH)


_PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError, NotImplementedError)


def _der(text: str | bytes) -> bytes:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text.strip():
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="签名是空的")
    if not text.isascii():
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="含有非 ASCII 字符（例如中文或全角符号）")
    if len(text) > MAX_CHARS:
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="签名太长")
    body = text
    if "-----" in text:
        match = PEM.fullmatch(text.strip() + "\n")
        if not match:
            raise TrustError(Reason.SIGNATURE_DAMAGED, detail="PEM 的开头或结尾行不对，应为 -----BEGIN PKCS7----- … -----END PKCS7-----")
        body = match["body"]
    try:
        return base64.b64decode("".join(body.split()), validate=True)
    except (binascii.Error, ValueError):
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="base64 编码无效") from None


def _signed_cms(der: bytes, signed, cms) -> SignedCms:
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.generic_cms import extract_certs_for_validation

    if signed["version"].native not in ("v1", "v3"):
        _format("SignedData 的版本不对")
    infos = signed["signer_infos"]
    if len(infos) != 1:
        _format(f"应有一个签名人，这里有 {len(infos)} 个")
    signer_info = infos[0]
    if (signer_info["version"].native, signer_info["sid"].name) not in (
            ("v1", "issuer_and_serial_number"), ("v3", "subject_key_identifier")):
        _format("签名人信息的版本与签名人标识不符")
    encapsulated = signed["encap_content_info"]
    if encapsulated["content_type"].native != "data":
        _format("被签名的内容类型不是 data")
    if encapsulated["content"].native is not None:
        _format("签名里夹带了内容：应为分离式（detached）签名")
    algorithm = signer_info["digest_algorithm"]["algorithm"].native
    if algorithm not in DIGESTS:
        _format(f"摘要算法 {algorithm} 不被接受（只接受 SHA-256/384/512）")
    if algorithm not in [a["algorithm"].native for a in signed["digest_algorithms"]]:
        _format("SignedData 的摘要算法列表与签名人的不一致")
    attributes = signer_info["signed_attrs"]
    if not attributes or attributes.native is None:
        _format("没有签名属性")
    names = [a["type"].native for a in attributes]
    for required in ("content_type", "message_digest", "signing_time"):
        if names.count(required) != 1 or len(next(a for a in attributes if a["type"].native == required)["values"]) != 1:
            _format(f"签名属性 {required} 缺失或重复")
    moment = next(a for a in attributes if a["type"].native == "signing_time")["values"][0].native
    try:
        found = extract_certs_for_validation(signed)
    except SignatureValidationError:
        _format("签名里没有签名人的证书")
    try:
        certificate = certs.from_asn1(found.signer_cert)
        others = tuple(certs.from_asn1(c) for c in found.other_certs)
    except ValueError:
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="签名里的证书无法读取") from None
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        _format("签名时间无效")
    return SignedCms(der, signer_info, certificate, others, moment, algorithm)


def _format(detail: str):
    raise TrustError(Reason.SIGNATURE_FORMAT, detail=detail)
