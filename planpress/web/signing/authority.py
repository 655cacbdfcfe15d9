"""The certificate administrator issues a person's certificate from their request, with the hospital CA.

The CA's private key lives outside the repository (settings.PLANPRESS_CA_KEY: a PEM file encrypted
under the administrator's passphrase, typed on the issuing page each time; PLANPRESS_CA_CERT: its
certificate, one of the roster's trust anchors). A hospital whose CA is elsewhere imports the
certificate its CA issued from the request instead (`accept_certificate`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from ...trust import certs
from ...trust.chain import check_signing_usage

VALID_DAYS = 730


class IssueError(Exception):
    """A refusal, in Chinese, for the certificate administrator."""


def configured() -> bool:
    from django.conf import settings

    return bool(settings.PLANPRESS_CA_KEY and settings.PLANPRESS_CA_CERT)


def _authority(passphrase: str):
    from django.conf import settings

    try:
        certificate = certs.load_certificates(Path(settings.PLANPRESS_CA_CERT).read_bytes())[0]
        data = Path(settings.PLANPRESS_CA_KEY).read_bytes()
    except (OSError, ValueError, IndexError) as exc:
        raise IssueError(f"读不到医院 CA 的证书或私钥文件（{exc}）：请系统管理员检查 PLANPRESS_CA_CERT 和 PLANPRESS_CA_KEY。")
    try:
        key = serialization.load_pem_private_key(data, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise IssueError("CA 私钥的口令不对，没有签发。") from None
    return key, certificate


def issue(request_pem: bytes, passphrase: str, now: dt.datetime | None = None) -> x509.Certificate:
    """The person's signing certificate for `request_pem`, issued by the hospital CA."""
    key, ca = _authority(passphrase)
    request = x509.load_pem_x509_csr(request_pem)
    if not request.is_signature_valid:
        raise IssueError("证书申请的签名不对（申请被改动过），没有签发。")
    now = now or dt.datetime.now(dt.timezone.utc)
    until = min(now + dt.timedelta(days=VALID_DAYS), certs.valid_until(ca))
    certificate = (x509.CertificateBuilder().subject_name(request.subject).issuer_name(ca.subject)
                   .public_key(request.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(until)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                   .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                                data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                                crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.public_key()), critical=False)
                   .sign(key, hashes.SHA256()))
    return certificate


def accept_certificate(pem: bytes, request_pem: bytes) -> x509.Certificate:
    """A certificate an external CA issued for the request: it must be for the requested key."""
    try:
        certificate = certs.load_certificates(pem)[0]
    except (ValueError, IndexError):
        raise IssueError("这不是 PEM 格式的证书（以 -----BEGIN CERTIFICATE----- 开头）。") from None
    request = x509.load_pem_x509_csr(request_pem)
    if certificate.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) != \
            request.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo):
        raise IssueError("这张证书不是为这份申请的密钥签发的（公钥不同），没有导入。")
    try:
        check_signing_usage(certificate)
    except Exception as exc:  # TrustError: its Chinese message
        raise IssueError(f"这张证书不能用于签名：{getattr(getattr(exc, 'failure', None), 'message', exc)}") from None
    return certificate
