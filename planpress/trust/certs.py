"""Small helpers on X.509 certificates: load a file, fingerprint, names, conversions."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in PEM data, or the one certificate of DER data; ValueError otherwise."""
    try:
        found = x509.load_pem_x509_certificates(data) if b"-----BEGIN" in data else [x509.load_der_x509_certificate(data)]
    except x509.InvalidVersion as exc:
        raise ValueError(str(exc)) from None
    return [_parsed(c) for c in found]


def load_der(data: bytes) -> x509.Certificate:
    """One DER certificate, every field we use parsed now; ValueError otherwise."""
    try:
        return _parsed(x509.load_der_x509_certificate(data))
    except x509.InvalidVersion as exc:
        raise ValueError(str(exc)) from None


def _parsed(certificate: x509.Certificate) -> x509.Certificate:
    """cryptography parses some fields only when read: read them all, so damage shows here."""
    try:
        certificate.subject, certificate.issuer, certificate.extensions, certificate.public_key()
        certificate.not_valid_before_utc, certificate.not_valid_after_utc, certificate.serial_number
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise ValueError("证书无法解析") from None
    return certificate


# Code points that print as nothing (or as the character before them): controls, format characters,
# variation selectors, fillers, tags. A name holding one looks exactly like the name without it.
ODD = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                 "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
                 "\U0001d173-\U0001d17a\U000e0000-\U000e0fff\ud800-\udfff]")


def shown(text: str) -> str:
    """`text` as a message shows it: every code point that prints as nothing written as \\uXXXX, so
    that 孙晓琳 followed by a variation selector never looks like 孙晓琳."""
    return ODD.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def odd(text: str) -> bool:
    """`text` has a code point that prints as nothing, or is not in Unicode normal form C."""
    return bool(ODD.search(text)) or unicodedata.normalize("NFC", text) != text


def same_name(certificate_name: str, name: str) -> bool:
    """The certificate names exactly this person: equal once both are in normal form C, and no
    invisible code point in the certificate's name."""
    return not ODD.search(certificate_name) and unicodedata.normalize("NFC", certificate_name) == name


def holds_private_key(data: bytes) -> bool:
    """True for PEM text with a private key block (PKCS#8, RSA, EC, encrypted or not)."""
    return b"PRIVATE KEY-----" in data


def sha256(certificate: x509.Certificate) -> str:
    """The SHA-256 of the certificate's DER: the only way the roster identifies a certificate."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if len(values) == 1 else ""


def serial_number_attribute(name: x509.Name) -> str | None:
    """The subject's serialNumber attribute (the hospital's staff number), if any."""
    values = name.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return str(values[0].value) if len(values) == 1 else None


def is_ca(certificate: x509.Certificate) -> bool:
    try:
        return bool(certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def valid_from(certificate: x509.Certificate) -> dt.datetime:
    return certificate.not_valid_before_utc


def valid_until(certificate: x509.Certificate) -> dt.datetime:
    return certificate.not_valid_after_utc


def to_asn1(certificate: x509.Certificate):
    """The same certificate as asn1crypto's object (what pyHanko and certvalidator take)."""
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def from_asn1(certificate) -> x509.Certificate:
    return load_der(certificate.dump())


def shown_time(moment: dt.datetime) -> str:
    """2026-11-26 10:15:00 +08:00 (kept in the offset it was given in)."""
    text = moment.strftime("%Y-%m-%d %H:%M:%S %z")
    return text[:-2] + ":" + text[-2:] if text[-5:-4] in "+-" else text
