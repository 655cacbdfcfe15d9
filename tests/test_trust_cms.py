"""Detached CMS SignedData over a statement: made with cryptography, read strictly, integrity checked."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from planpress.trust.cms import load_signature, sign_detached, verify_detached
from planpress.trust.reasons import Reason, TrustError
from trust_support import make_hospital, statement

DATA = statement().to_bytes()


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


@pytest.fixture(scope="module")
def signature(hospital) -> str:
    return sign_detached(DATA, hospital.identity("liu-yingen"))


def der_of(pem: str) -> bytes:
    return base64.b64decode("".join(pem.strip().splitlines()[1:-1]))


def pem_of(der: bytes) -> str:
    body = base64.encodebytes(der).decode("ascii")
    return f"-----BEGIN PKCS7-----\n{body}-----END PKCS7-----\n"


def fails(reason: Reason, action) -> TrustError:
    with pytest.raises(TrustError) as caught:
        action()
    assert caught.value.reason is reason, caught.value.failure
    return caught.value


def test_a_detached_signature_with_signing_time_and_the_signers_certificate(hospital, signature):
    assert signature.startswith("-----BEGIN PKCS7-----\n")
    signed = load_signature(signature)
    verify_detached(signed, DATA)
    assert signed.certificate == hospital.identity("liu-yingen").certificate
    assert signed.others == ()  # the root is not carried: trust comes from the roster only
    assert signed.digest_algorithm == "sha256"
    assert abs(signed.signing_time - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=1)
    content = asn1_cms.ContentInfo.load(der_of(signature))["content"]["encap_content_info"]
    assert content["content_type"].native == "data" and content["content"].native is None  # detached


def test_bare_base64_and_pem_read_the_same(signature):
    bare = base64.b64encode(der_of(signature)).decode()
    assert load_signature(bare).der == load_signature(signature).der == load_signature(signature.encode()).der


def test_other_content_does_not_verify(signature):
    signed = load_signature(signature)
    fails(Reason.CONTENT_MISMATCH, lambda: verify_detached(signed, DATA.replace(b"A/1", b"A/2")))
    flipped = bytearray(DATA)
    flipped[len(flipped) // 2] ^= 0x01
    fails(Reason.CONTENT_MISMATCH, lambda: verify_detached(signed, bytes(flipped)))


def test_a_flipped_byte_in_the_signature_value(signature):
    der = der_of(signature)
    value = asn1_cms.ContentInfo.load(der)["content"]["signer_infos"][0]["signature"].native
    at = der.index(value) + len(value) // 2
    broken = der[:at] + bytes([der[at] ^ 0x01]) + der[at + 1:]
    signed = load_signature(pem_of(broken))
    fails(Reason.SIGNATURE_INVALID, lambda: verify_detached(signed, DATA))


@pytest.mark.parametrize("text, said", [
    ("", "空的"),
    ("-----BEGIN PKCS7-----\nMIIB$$$\n-----END PKCS7-----\n", "base64"),
    ("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n", "PEM 的开头或结尾"),
    ("-----BEGIN PKCS7-----\nMIIB\n", "PEM 的开头或结尾"),
    ("不是签名", "非 ASCII"),
    ("QUJD", "DER 结构无效"),
])
def test_damaged_text(text, said):
    error = fails(Reason.SIGNATURE_DAMAGED, lambda: load_signature(text))
    assert said in error.failure.message


def test_damaged_base64_inside_a_real_signature(signature):
    lines = signature.splitlines()
    lines[3] = lines[3][:10] + "*" + lines[3][11:]
    fails(Reason.SIGNATURE_DAMAGED, lambda: load_signature("\n".join(lines)))


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.9, 0.99])
def test_truncated_der(signature, keep):
    der = der_of(signature)
    fails(Reason.SIGNATURE_DAMAGED, lambda: load_signature(pem_of(der[:int(len(der) * keep)])))


def _builder(hospital, person="liu-yingen"):
    identity = hospital.identity(person)
    return pkcs7.PKCS7SignatureBuilder().set_data(DATA).add_signer(identity.certificate, identity.key, hashes.SHA256())


def test_an_attached_signature_is_not_accepted(hospital):
    attached = _builder(hospital).sign(serialization.Encoding.PEM, [pkcs7.PKCS7Options.Binary]).decode()
    assert "分离式" in fails(Reason.SIGNATURE_FORMAT, lambda: load_signature(attached)).failure.message


def test_a_signature_without_signed_attributes_has_no_signing_time(hospital):
    bare = _builder(hospital).sign(serialization.Encoding.PEM, [pkcs7.PKCS7Options.DetachedSignature,
                                                               pkcs7.PKCS7Options.Binary,
                                                               pkcs7.PKCS7Options.NoAttributes]).decode()
    assert "签名属性" in fails(Reason.SIGNATURE_FORMAT, lambda: load_signature(bare)).failure.message


def test_two_signers_in_one_signature(hospital):
    other = hospital.identity("wang-wu")
    both = _builder(hospital).add_signer(other.certificate, other.key, hashes.SHA256()).sign(
        serialization.Encoding.PEM, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]).decode()
    assert "2 个" in fails(Reason.SIGNATURE_FORMAT, lambda: load_signature(both)).failure.message


def test_a_signature_without_the_signers_certificate(hospital):
    bare = _builder(hospital).sign(serialization.Encoding.PEM, [pkcs7.PKCS7Options.DetachedSignature,
                                                               pkcs7.PKCS7Options.Binary,
                                                               pkcs7.PKCS7Options.NoCerts]).decode()
    assert "没有签名人的证书" in fails(Reason.SIGNATURE_FORMAT, lambda: load_signature(bare)).failure.message
