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


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "测试医院"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str):
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(common, key, issuer=None)


def _person(common: str, ca_key, ca_cert):
    key = ec.generate_private_key(ec.SECP256R1())
    return key, _certificate(common, key, issuer=(ca_key, ca_cert))


def _certificate(common: str, key, issuer):
    """A 30-day certificate for `key`: a self-signed CA when `issuer` is None, else a signer's
    certificate (digital signature, non-repudiation) issued by `issuer` = (CA key, CA certificate)."""
    is_ca = issuer is None
    signing_key, issuer_name = (key, _name(common)) if is_ca else (issuer[0], issuer[1].subject)
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(issuer_name)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=is_ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not is_ca, content_commitment=not is_ca,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=is_ca, crl_sign=is_ca, encipher_only=False,
                                            decipher_only=False), critical=True))
    if is_ca:
        builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    else:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


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
        data = pkcs12.serialize_key_and_certificates(
            person.encode("utf-8"), key, cert, [ca_cert],
            serialization.BestAvailableEncryption(PASSWORD.encode("utf-8")))
        files[person] = folder / f"{len(files)}.p12"
        files[person].write_bytes(data)
    return Pki(ca_pem, other_pem, files)


def tree_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root` (source, outputs, everything): to prove nothing changed."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts}
