"""Is a certificate the hospital's, usable for signing, and valid at a given moment?

The chain is built and checked by pyhanko-certvalidator (the validator pyHanko uses for PDF
signatures) against the roster's trust anchors only: certificates carried inside a signature may
serve as intermediates but never as anchors, so a look-alike CA with the same name is not trusted.
There is no revocation service offline; the roster's `revoked` dates stand in for it (see roster).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID, ObjectIdentifier

from . import certs
from .reasons import Reason, TrustError

# An extended key usage, when present, must allow signing documents by a person.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # RFC 9336
SIGNING_PURPOSES = {ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE, ExtendedKeyUsageOID.EMAIL_PROTECTION,
                    ExtendedKeyUsageOID.CLIENT_AUTH, DOCUMENT_SIGNING}


def check_validity(certificate: x509.Certificate, at: dt.datetime, whose: str = "签名证书") -> None:
    """The certificate's own validity period includes `at`."""
    if at < certs.valid_from(certificate):
        raise TrustError(Reason.CERT_NOT_YET_VALID, at=certs.shown_time(at), whose=whose,
                         since=certs.shown_time(certs.valid_from(certificate).astimezone(at.tzinfo)))
    if at > certs.valid_until(certificate):
        raise TrustError(Reason.CERT_EXPIRED, at=certs.shown_time(at), whose=whose,
                         until=certs.shown_time(certs.valid_until(certificate).astimezone(at.tzinfo)))


def check_signing_usage(certificate: x509.Certificate) -> None:
    """A person's signing certificate: not a CA, key usage for signatures, a fitting extended usage."""
    if certs.is_ca(certificate):
        raise TrustError(Reason.KEY_USAGE, detail="这是 CA（证书颁发机构）的证书，不是个人证书")
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise TrustError(Reason.KEY_USAGE, detail="密钥用途（Key Usage）里没有数字签名（digitalSignature）或不可否认（nonRepudiation）")
    try:
        purposes = set(certificate.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    except x509.ExtensionNotFound:
        purposes = None
    if purposes is not None and not purposes & SIGNING_PURPOSES:
        raise TrustError(Reason.KEY_USAGE, detail="扩展密钥用途（Extended Key Usage）不含文件签名、电子邮件保护或客户端身份认证")


def check_chain(certificate: x509.Certificate, anchors: Sequence[x509.Certificate], at: dt.datetime,
                intermediates: Sequence[x509.Certificate] = ()) -> None:
    """`certificate` chains to one of `anchors`, every certificate on the way valid at `at`."""
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator import errors

    check_validity(certificate, at)
    context = ValidationContext(trust_roots=[certs.to_asn1(a) for a in anchors], moment=at,
                                allow_fetching=False, revocation_mode="soft-fail")
    validator = CertificateValidator(certs.to_asn1(certificate), [certs.to_asn1(c) for c in intermediates],
                                     validation_context=context)
    issuer = certs.common_name(certificate.issuer) or certificate.issuer.rfc4514_string()
    try:
        path = _run(validator.async_validate_path())
    except (errors.ExpiredError, errors.NotYetValidError):
        _check_issuers(certificate, [*intermediates, *anchors], at)  # says which one, with its dates
        raise TrustError(Reason.UNTRUSTED, detail=f"颁发者“{issuer}”的证书在签名时无效") from None
    except errors.PathBuildingError:
        raise TrustError(Reason.UNTRUSTED, detail=f"颁发者“{issuer}”不是名册里的根证书") from None
    except (errors.PathValidationError, errors.InvalidCertificateError, errors.ValidationError, ValueError):
        raise TrustError(Reason.UNTRUSTED, detail=f"颁发者“{issuer}”的签发关系验证不通过") from None
    # RFC 5280 does not look at the anchor's own dates; openssl does, and so do we: a hospital CA
    # certificate that had expired (or did not exist yet) when the signature was made vouches for nothing.
    for ca in path.iter_certs(include_root=True):
        ca = certs.from_asn1(ca)
        if ca != certificate:
            check_validity(ca, at, whose=f"颁发者“{certs.common_name(ca.subject)}”的证书")


def _run(coroutine):
    """Run the validator's coroutine; in a thread of its own when this thread already runs an event
    loop (a caller inside asyncio, or Playwright's synchronous API in the browser tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _check_issuers(certificate: x509.Certificate, pool: Sequence[x509.Certificate], at: dt.datetime) -> None:
    """Walk up by issuer name and check each issuer's validity (raises for the first invalid one)."""
    seen = set()
    while certificate.issuer != certificate.subject and certificate.issuer not in seen:
        seen.add(certificate.issuer)
        issuer = next((c for c in pool if c.subject == certificate.issuer), None)
        if issuer is None:
            return
        check_validity(issuer, at, whose=f"颁发者“{certs.common_name(issuer.subject)}”的证书")
        certificate = issuer
