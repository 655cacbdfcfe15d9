"""Detached CMS SignedData (RFC 5652) over a statement's bytes: make it, read it, check integrity.

Signing uses `cryptography`'s PKCS#7 builder (SHA-256, binary content, signed attributes with
content type, message digest and signing time); the result is PEM (`-----BEGIN PKCS7-----`),
which `openssl cms -verify -binary -content stmt.bin -inform PEM -in sig.pem …` reads as it is.
Reading accepts PEM or bare base64 of the DER and is strict: exactly one signer, detached
content of type data, SHA-2 digest, the signer's certificate included, one signing time.
Integrity follows RFC 5652 §5.4 as pyHanko's `validate_sig_integrity` does (content-type and
message-digest attributes, the ESS signing-certificate attribute and CMS algorithm protection
when present), with the cryptographic check by pyhanko-certvalidator's `DefaultSignatureValidator`;
it does not import `pyhanko.sign`, whose import (≈0.6 s, it loads an HTTP client for time-stamping)
would triple the time of every `planpress check`. Trust is not decided here (see `chain` and
`validate`).
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
TOKEN_ATTRIBUTE = "signature_time_stamp_token"  # RFC 3161 Appendix A: a timestamp over the signature value


@dataclasses.dataclass(frozen=True)
class SignedCms:
    """A parsed signature; nothing about it is verified yet."""

    der: bytes
    signer_info: object  # asn1crypto cms.SignerInfo
    certificate: x509.Certificate  # the signer's, as carried in the signature
    others: tuple[x509.Certificate, ...]  # further certificates carried (intermediates, perhaps look-alikes)
    signing_time: dt.datetime  # the signingTime attribute: the time the signer's computer stated
    digest_algorithm: str
    timestamp_token: object = None  # the RFC 3161 token in the unsigned attributes (asn1crypto), if any


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
        if info["content_type"].native != "signed_data":
            _format("内容不是 SignedData")
        signed = info["content"]
        parse_signed_data(signed)
        return _signed_cms(der, signed, cms)
    except TrustError:
        raise
    except _PARSE_ERRORS:
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="DER 结构无效：数据被截断或改动过") from None


def parse_signed_data(signed) -> None:
    """Parse every part of a SignedData now (asn1crypto parses lazily), so that damage anywhere
    shows here; the unsigned attributes (a timestamp token) are parsed where they are read.
    Part by part: `.native` of the whole, once pyhanko.sign has registered its CAdES attribute
    types, re-serialises nested values over and over (seconds for one timestamped signature)."""
    for part in ("version", "digest_algorithms", "encap_content_info", "certificates", "crls"):
        signed[part].native
    for info in signed["signer_infos"]:
        for part in ("version", "sid", "digest_algorithm", "signed_attrs", "signature_algorithm", "signature"):
            info[part].native


def verify_detached(signed: SignedCms, data: bytes) -> None:
    """The signature is a valid signature of exactly `data` by the key of `signed.certificate`."""
    from cryptography.exceptions import InvalidSignature
    from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext

    info = signed.signer_info
    attributes = info["signed_attrs"].untag()  # signed as a universal SET OF, not with the [0] tag
    if _unique(attributes, "content_type").native != "data":
        _format("签名属性不合规（内容类型或签名证书属性不符）")
    _check_signing_certificate(attributes, signed.certificate)
    _check_algorithm_protection(attributes, info)
    digest = DIGESTS[signed.digest_algorithm](data).digest()
    embedded = _unique(attributes, "message_digest").native
    try:
        DefaultSignatureValidator().validate_signature(
            info["signature"].native, attributes.dump(), certs.to_asn1(signed.certificate).public_key,
            info["signature_algorithm"],
            context=SignatureValidationContext(contextual_md_algorithm=signed.digest_algorithm, prehashed=False))
    except InvalidSignature:
        raise TrustError(Reason.SIGNATURE_INVALID) from None
    except _PARSE_ERRORS:
        raise TrustError(Reason.SIGNATURE_INVALID) from None
    if embedded != digest:
        raise TrustError(Reason.CONTENT_MISMATCH)


def _unique(attributes, name: str):
    found = [a for a in attributes if a["type"].native == name]
    if len(found) != 1 or len(found[0]["values"]) != 1:
        _format(f"签名属性 {name} 缺失或重复")
    return found[0]["values"][0]


def _check_signing_certificate(attributes, certificate: x509.Certificate) -> None:
    """ESS signing-certificate(-v2), when present, must name the signer's certificate (RFC 5035)."""
    der = certificate.public_bytes(serialization.Encoding.DER)
    for attribute in attributes:
        kind = attribute["type"].native
        if kind not in ("signing_certificate", "signing_certificate_v2"):
            continue
        try:
            first = attribute["values"][0]["certs"][0]
            algorithm = "sha1" if kind == "signing_certificate" else first["hash_algorithm"]["algorithm"].native
            expected = hashlib.new(algorithm, der).digest()
        except _PARSE_ERRORS:
            _format("签名属性不合规（内容类型或签名证书属性不符）")
        if first["cert_hash"].native != expected:
            _format("签名属性不合规（内容类型或签名证书属性不符）")


def _check_algorithm_protection(attributes, info) -> None:
    """CMS algorithm protection (RFC 6211), when present, must repeat the algorithms used."""
    for attribute in attributes:
        if attribute["type"].native != "cms_algorithm_protection":
            continue
        try:
            value = attribute["values"][0]
            same = (value["digest_algorithm"]["algorithm"].native == info["digest_algorithm"]["algorithm"].native
                    and value["signature_algorithm"]["algorithm"].native == info["signature_algorithm"]["algorithm"].native)
        except _PARSE_ERRORS:
            same = False
        if not same:
            _format("签名属性里的算法保护（CMSAlgorithmProtection）与签名使用的算法不一致")


def import_pyhanko_sign() -> None:
    """Import pyhanko.sign (for PDF signatures), and let asn1crypto find the names it registers.

    pyHanko adds CAdES attributes (signing_certificate_v2 …) and extensions to asn1crypto's OID maps
    when pyhanko.sign is imported, without refreshing the reverse (name → OID) maps asn1crypto builds
    once per class. When a signature was parsed before (every `check` parses the release signatures),
    those maps are already built and pyHanko's own signing fails on "signing_certificate_v2"."""
    import pyhanko.sign  # noqa: F401 - the registrations happen on import
    from asn1crypto import cms, x509

    for kind in (cms.CMSAttributeType, x509.ExtensionId):
        kind._reverse_map = None
        kind()._setup()


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
    carried = [c.chosen for c in signed["certificates"] or () if c.name == "certificate"]
    signer = [c for c in carried if _identifies(signer_info["sid"], c)]
    if len(signer) != 1:
        _format("签名里没有签名人的证书")
    try:
        certificate = certs.from_asn1(signer[0])
        others = tuple(certs.from_asn1(c) for c in carried if c is not signer[0])
    except ValueError:
        raise TrustError(Reason.SIGNATURE_DAMAGED, detail="签名里的证书无法读取") from None
    if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
        _format("签名时间无效")
    return SignedCms(der, signer_info, certificate, others, moment, algorithm, token_of(signer_info))


def token_of(signer_info):
    """The timestamp token carried by `signer_info` (asn1crypto), or None; SIGNATURE_FORMAT for
    any other unsigned attribute, or more than one token."""
    from asn1crypto import cms

    unsigned = signer_info["unsigned_attrs"]
    if unsigned.contents is None or not len(unsigned):
        return None
    names = [a["type"].native for a in unsigned]
    if names != [TOKEN_ATTRIBUTE] or len(unsigned[0]["values"]) != 1:
        raise TrustError(Reason.SIGNATURE_FORMAT, detail="签名的未签名属性只能是一个可信时间戳")
    try:  # a fresh parse of the token's own bytes (see cms.parse_signed_data)
        return cms.ContentInfo.load(unsigned[0]["values"][0].dump(), strict=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise TrustError(Reason.TIMESTAMP_INVALID, detail="无法读取") from None


def _identifies(sid, certificate) -> bool:
    """The signer identifier `sid` names `certificate` (by issuer and serial number, or key identifier)."""
    if sid.name == "issuer_and_serial_number":
        return (sid.chosen["issuer"] == certificate.issuer
                and sid.chosen["serial_number"].native == certificate.serial_number)
    return certificate.key_identifier == sid.chosen.native


def _format(detail: str):
    raise TrustError(Reason.SIGNATURE_FORMAT, detail=detail)
