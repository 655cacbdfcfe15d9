"""The signing key the application keeps for a person, encrypted under that person's signing password.

The private key (PKCS#8 DER) is encrypted with AES-256-GCM under a key derived from the signing
password by scrypt, a memory-hard KDF: N=2^17, r=8, p=1 (128 MiB and about half a second per try),
so a copy of the database does not give the keys up to a password-guessing machine. The account
and person are the AEAD's associated data: a blob copied into another person's row does not open.
The clear key exists only in memory, for the length of one signature or export.

Tests lower N through settings.PLANPRESS_SCRYPT_N (never set in production; a test asserts the
production value).
"""

from __future__ import annotations

import dataclasses
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography import x509
from cryptography.x509.oid import NameOID

PRODUCTION_N = 2 ** 17
R, P = 8, 1
FORMAT = "scrypt-aes256gcm-1"


class WrongPassword(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class Sealed:
    """What the database keeps: never the key in clear."""

    blob: bytes  # nonce (12) + AES-GCM ciphertext of the PKCS#8 DER key
    salt: bytes
    n: int
    r: int
    p: int
    format: str = FORMAT


def work_factor() -> int:
    from django.conf import settings

    return int(getattr(settings, "PLANPRESS_SCRYPT_N", PRODUCTION_N))


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))


def seal(private_key, password: str, bound_to: str, n: int | None = None) -> Sealed:
    n = n or work_factor()
    salt = os.urandom(16)
    nonce = os.urandom(12)
    der = private_key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    blob = nonce + AESGCM(_derive(password, salt, n, R, P)).encrypt(nonce, der, bound_to.encode("utf-8"))
    return Sealed(blob, salt, n, R, P)


def unseal(sealed: Sealed, password: str, bound_to: str):
    """The private key, or WrongPassword (a wrong password and a blob moved to another row alike)."""
    if sealed.format != FORMAT:
        raise WrongPassword("unknown format")
    key = _derive(password, bytes(sealed.salt), sealed.n, sealed.r, sealed.p)
    blob = bytes(sealed.blob)
    try:
        der = AESGCM(key).decrypt(blob[:12], blob[12:], bound_to.encode("utf-8"))
    except InvalidTag:
        raise WrongPassword() from None
    return serialization.load_der_private_key(der, password=None)


def new_key():
    """A P-256 key: what the CLI's test and demo certificates use; small and quick to sign with."""
    return ec.generate_private_key(ec.SECP256R1())


def request_for(private_key, name: str, staff_id: str = "") -> bytes:
    """The certificate request (PEM): the person's name as the certificate's CN, in UTF-8."""
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name)]
    if staff_id:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, staff_id))
    csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name(attributes)).sign(private_key, hashes.SHA256())
    return csr.public_bytes(serialization.Encoding.PEM)
