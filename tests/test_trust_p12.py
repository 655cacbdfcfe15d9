"""Opening a person's .p12: the password is asked, and a file that cannot sign now is refused."""

from __future__ import annotations

import getpass

import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from lifecycle_support import ENCIPHERING, PASSWORD, Authority, p12_bytes
from planpress.trust.p12 import open_p12, read_password
from planpress.trust.reasons import Reason, TrustError
from trust_support import make_hospital


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


def refused(path, password, reason: Reason) -> TrustError:
    with pytest.raises(TrustError) as caught:
        open_p12(path, password)
    assert caught.value.reason is reason, caught.value.failure
    return caught.value


def test_the_persons_file_opens(hospital):
    identity = open_p12(hospital.p12["liu-yingen"], PASSWORD)
    assert identity.holder == "刘迎恩"
    assert identity.certificate == hospital.identity("liu-yingen").certificate
    assert [c.subject for c in identity.chain] == [hospital.ca.certificate.subject]


def test_a_wrong_password(hospital):
    error = refused(hospital.p12["liu-yingen"], "不对的密码", Reason.P12_WRONG_PASSWORD)
    assert error.failure.message == "证书文件 liu-yingen.p12 打不开：密码不对。"
    refused(hospital.p12["liu-yingen"], "", Reason.P12_WRONG_PASSWORD)


def test_a_file_that_is_not_pkcs12(hospital):
    refused(hospital.source / "certificates" / "hospital-ca.pem", PASSWORD, Reason.P12_NOT_PKCS12)
    refused(hospital.source / "certificates", PASSWORD, Reason.P12_UNREADABLE)
    error = refused(hospital.source / "没有这个文件.p12", PASSWORD, Reason.P12_UNREADABLE)
    assert "没有这个文件.p12" in error.failure.message


def test_a_file_with_the_certificate_but_no_key(hospital, tmp_path):
    path = tmp_path / "cert-only.p12"
    identity = hospital.identity("liu-yingen")
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"liu", None, identity.certificate, None, BestAvailableEncryption(PASSWORD.encode())))
    error = refused(path, PASSWORD, Reason.P12_NO_KEY)
    assert "没有私钥" in error.failure.message


def test_a_file_without_password_opens_with_an_empty_one(hospital, tmp_path):
    identity = hospital.identity("wang-wu")
    path = tmp_path / "open.p12"
    path.write_bytes(p12_bytes(identity.key, identity.certificate, password=""))
    assert open_p12(path, "").holder == "王五"


@pytest.mark.parametrize("days, reason, said", [
    ((-40, -1), Reason.CERT_EXPIRED, "已过期"),
    ((1, 30), Reason.CERT_NOT_YET_VALID, "还没有生效"),
])
def test_a_certificate_outside_its_validity_is_refused_at_signing(tmp_path, days, reason, said):
    ca = Authority.create()
    key, certificate = ca.issue("刘迎恩", days=days)
    path = tmp_path / "liu.p12"
    path.write_bytes(p12_bytes(key, certificate, [ca.certificate]))
    error = refused(path, PASSWORD, reason)
    assert said in error.failure.message and "刘迎恩的证书" in error.failure.message


@pytest.mark.parametrize("options, said", [
    ({"usage": ENCIPHERING}, "digitalSignature"),
    ({"ca": True}, "CA"),
    ({"extended": [ExtendedKeyUsageOID.SERVER_AUTH]}, "扩展密钥用途"),
])
def test_a_certificate_not_meant_for_signing_is_refused(tmp_path, options, said):
    ca = Authority.create()
    key, certificate = ca.issue("刘迎恩", **options)
    path = tmp_path / "liu.p12"
    path.write_bytes(p12_bytes(key, certificate, [ca.certificate]))
    assert said in refused(path, PASSWORD, Reason.KEY_USAGE).failure.message


def test_the_password_is_asked_on_the_terminal(monkeypatch, tmp_path):
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or "密码")
    assert read_password(tmp_path / "刘迎恩.p12") == "密码"
    assert asked == ["刘迎恩.p12 的证书密码："]


def test_no_password_given(tmp_path):
    def closed(prompt):
        raise EOFError

    with pytest.raises(TrustError) as caught:
        read_password(tmp_path / "x.p12", ask=closed)
    assert caught.value.reason is Reason.P12_NO_PASSWORD
