"""Helpers for the lifecycle tests: a throwaway PKI and hashes of a whole project tree.

No key is committed: every test run makes its own CA and signers with `cryptography`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID


@dataclasses.dataclass(frozen=True)
class Pki:
    ca_pem: Path
    other_ca_pem: Path  # a CA nobody trusts
    p12: dict[str, Path]  # person → PKCS#12 file, password PASSWORD


PASSWORD = "测试密码-2026"


def _name(common: str, staff_id: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试医院"),
                  x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if staff_id is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, staff_id))
    return x509.Name(attributes)


def _ca(common: str, **options):
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(common, key, issuer=None, **options)


def _person(common: str, ca_key, ca_cert, **options):
    key = options.pop("key", None) or ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(common, key, issuer=(ca_key, ca_cert), **options)


SIGNING = "signing"  # digital signature, non-repudiation: a person's signing certificate
ENCIPHERING = "enciphering"  # key encipherment only: not for signatures


def _certificate(common: str, key, issuer, *, days: tuple[float, float] = (-1, 30), usage: str = SIGNING,
                 staff_id: str | None = None, ca: bool | None = None, extended=None):
    """A certificate for `key`: a self-signed CA when `issuer` is None, else one issued by `issuer` =
    (CA key, CA certificate); by default a signer's certificate (digital signature, non-repudiation).
    `days` = (valid from, valid until) in days from now; `ca` makes an issued certificate a CA
    (an intermediate); `extended` is a list of extended key usage OIDs."""
    is_ca = issuer is None if ca is None else ca
    signing_key, issuer_name = (key, _name(common)) if issuer is None else (issuer[0], issuer[1].subject)
    now = dt.datetime.now(dt.timezone.utc)
    signs = not is_ca and usage == SIGNING
    builder = (x509.CertificateBuilder().subject_name(_name(common, staff_id)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now + dt.timedelta(days=days[0])).not_valid_after(now + dt.timedelta(days=days[1]))
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=signs, content_commitment=signs,
                                            key_encipherment=not is_ca and not signs, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=is_ca, crl_sign=is_ca,
                                            encipher_only=False, decipher_only=False), critical=True))
    if is_ca:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
    if extended:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


@dataclasses.dataclass(frozen=True)
class Authority:
    """A throwaway CA that issues certificates (for the trust tests)."""

    key: object
    certificate: x509.Certificate

    @classmethod
    def create(cls, common: str = "测试医院根证书", **options) -> "Authority":
        return cls(*_ca(common, **options))

    def issue(self, common: str, **options):
        """(key, certificate) of a person (or, with ca=True, of an intermediate CA)."""
        return _person(common, self.key, self.certificate, **options)

    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def p12_bytes(key, certificate, chain=(), password: str = PASSWORD, name: str = "test") -> bytes:
    encryption = (serialization.BestAvailableEncryption(password.encode("utf-8")) if password
                  else serialization.NoEncryption())
    return pkcs12.serialize_key_and_certificates(name.encode("utf-8"), key, certificate, list(chain), encryption)


def make_pki(folder: Path, people: list[str]) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _ca("测试医院根证书")
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    _, other = _ca("别处的根证书")
    other_pem = folder / "other-ca.pem"
    other_pem.write_bytes(other.public_bytes(serialization.Encoding.PEM))
    files = {}
    for person in people:
        key, cert = _person(person, ca_key, ca_cert)
        data = p12_bytes(key, cert, [ca_cert], name=person)
        files[person] = folder / f"{len(files)}.p12"
        files[person].write_bytes(data)
    return Pki(ca_pem, other_pem, files)


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root` (source, outputs, everything): to prove nothing changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}
