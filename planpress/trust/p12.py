"""Open a person's PKCS#12 file (.p12/.pfx): the private key that only this person holds.

The password is asked on the terminal (`read_password`, getpass: not echoed, never in argv or the
shell history): the key file and the password are the two components of 21 CFR 11.200. A file
that cannot sign now (wrong password, no key, expired or not yet valid, not a signing
certificate) is refused here, before anything is signed or written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from . import certs
from .chain import check_signing_usage, check_validity
from .reasons import Reason, TrustError

MAX_BYTES = 1024 * 1024


@dataclasses.dataclass(frozen=True)
class SigningIdentity:
    key: object  # the private key (cryptography); never written anywhere
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]  # other certificates in the file (issuing CA, root)

    @property
    def holder(self) -> str:
        return certs.common_name(self.certificate.subject)


def read_password(path: Path, ask: Callable[[str], str] | None = None) -> str:
    """Ask for the password of `path` on the terminal (`ask` replaces getpass in tests)."""
    try:
        return (ask or getpass.getpass)(f"{Path(path).name} 的证书密码：")
    except EOFError:
        raise TrustError(Reason.P12_NO_PASSWORD) from None


class KeySource:
    """Where a signature's key comes from: a .p12 file and its password asked on the terminal (the
    commands), or a key the intranet application keeps for the person (web/keys), opened with the
    password the person just typed. `open()` returns an identity that can sign now, or raises
    TrustError; `where` is the file a refusal names (None: the document)."""

    where: Path | None = None

    def open(self) -> SigningIdentity:
        raise NotImplementedError


@dataclasses.dataclass(frozen=True)
class P12File(KeySource):
    path: Path
    ask: Callable[[str], str] | None = None

    @property
    def where(self) -> Path:
        return Path(self.path)

    def open(self) -> SigningIdentity:
        return open_p12(Path(self.path), read_password(Path(self.path), self.ask))


def key_source(key: "Path | str | KeySource", ask: Callable[[str], str] | None = None) -> KeySource:
    """A lifecycle command's `p12` argument as a KeySource (a path is a .p12 file)."""
    return key if isinstance(key, KeySource) else P12File(Path(key), ask)


def open_p12(path: Path, password: str, now: dt.datetime | None = None) -> SigningIdentity:
    """The key and certificates of `path`, checked to be able to sign at `now` (default: now)."""
    path = Path(path)
    now = now or dt.datetime.now(dt.timezone.utc)
    from ..bounded import TooLarge, read_file, why

    try:
        data = read_file(path, MAX_BYTES)  # a FIFO or /dev/zero named as the .p12 is refused, never read
    except TooLarge:
        raise TrustError(Reason.P12_NOT_PKCS12, file=path.name) from None
    except OSError as exc:
        raise TrustError(Reason.P12_UNREADABLE, file=path.name, detail=why(exc)) from None
    if not looks_like_pkcs12(data):
        raise TrustError(Reason.P12_NOT_PKCS12, file=path.name)
    bundle = _load(data, password)
    if bundle is None:
        raise TrustError(Reason.P12_WRONG_PASSWORD, file=path.name)
    if bundle.key is None:  # (a certificate without its key is then listed among the others)
        raise TrustError(Reason.P12_NO_KEY, file=path.name, detail="没有私钥（只有公开证书）")
    if bundle.cert is None:
        raise TrustError(Reason.P12_NO_KEY, file=path.name, detail="没有与私钥配对的证书")
    return checked_identity(bundle.key, bundle.cert.certificate, tuple(c.certificate for c in bundle.additional_certs),
                            now, path.name)


def checked_identity(key, certificate: x509.Certificate, chain: tuple[x509.Certificate, ...],
                     now: dt.datetime | None = None, file: str = "") -> SigningIdentity:
    """The identity of `key` and its `certificate`, refused unless the two belong together and the
    certificate is for signing and valid at `now`: the same checks for a .p12 and a kept key."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if _public(key.public_key()) != _public(certificate.public_key()):
        raise TrustError(Reason.P12_KEY_MISMATCH, file=file)
    check_signing_usage(certificate)
    check_validity(certificate, now.astimezone(), whose=f"{certs.common_name(certificate.subject)}的证书")
    return SigningIdentity(key, certificate, chain)


def _load(data: bytes, password: str):
    """The parsed bundle, or None when the password does not open it."""
    tries = [password.encode("utf-8")] + ([None] if password == "" else [])
    for secret in tries:
        try:
            return pkcs12.load_pkcs12(data, secret)
        except (ValueError, TypeError):
            continue
    return None


def looks_like_pkcs12(data: bytes) -> bool:
    """A PFX structure (whatever the password): tells a wrong password from a wrong file."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except (ValueError, TypeError, KeyError):
        return False


def _public(key) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
