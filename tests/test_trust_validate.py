"""The full check of a signed approval, and what an insider without the approvers' keys can try.

Every negative case asserts the exact reasons (in order), so a check that fails for the wrong
reason, or passes, fails the test.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt

import pytest
from asn1crypto import cms as asn1_cms
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from lifecycle_support import ENCIPHERING, Authority
from planpress.trust.cms import sign_detached
from planpress.trust.p12 import SigningIdentity
from planpress.trust.reasons import Reason
from planpress.trust.statement import Kind, Meaning
from planpress.trust.validate import authenticate, identify, validate
from trust_support import FINGERPRINT, doctored, expected, make_hospital, statement, utc_now

R = Reason


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


def signed(identity, made=None) -> tuple[bytes, str]:
    data = (made or statement()).to_bytes()
    return data, sign_detached(data, identity)


def test_a_valid_approval(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.ok and verdict.failures == () and verdict.reasons == ()
    assert verdict.statement.person == "liu-yingen" and verdict.statement.name == "刘迎恩"
    assert verdict.signer.person.key == "liu-yingen" and verdict.signer.holder == "刘迎恩"
    assert verdict.signer.issuer == "测试医院根证书"
    assert identify(hospital.roster, hospital.identity("liu-yingen").certificate).key == "liu-yingen"


def test_an_approval_stays_valid_after_its_certificate_expires(hospital):
    """Validity is judged at the signing time: a renewal does not void old approvals."""
    data, signature = signed(hospital.identity("liu-yingen"))
    later = utc_now() + dt.timedelta(days=400)  # the certificate expires after 30 days
    assert validate(data, signature, expected(), hospital.roster, now=later).ok
    key, renewed = hospital.ca.issue("刘迎恩", staff_id="000123")
    roster = doctored(hospital.roster, "liu-yingen", renewed)
    assert validate(data, signature, expected(), roster, now=later).ok
    new_data, new_signature = signed(SigningIdentity(key, renewed, ()))
    assert validate(new_data, new_signature, expected(), roster).ok


@pytest.mark.parametrize("holder", ["非刘迎恩本人-王五", "刘迎恩 ", "劉迎恩", "刘\u200b迎恩", "刘迎恩"])
def test_a_look_alike_certificate_from_the_hospital_ca_does_not_sign_as_liu(hospital, holder):
    """Even a certificate the hospital CA issued with exactly the same name is not 刘迎恩's: only
    the certificates the roster lists under him are."""
    key, certificate = hospital.ca.issue(holder)
    data, signature = signed(SigningIdentity(key, certificate, ()))
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.reasons == (R.NOT_THE_PERSON,)
    shown = holder.replace("\u200b", "\\u200b")  # issue 17: an invisible code point is shown, not printed as nothing
    assert f"证书持有人是“{shown}”" in verdict.failures[0].message


def test_another_roster_persons_key_does_not_sign_as_liu(hospital):
    data, signature = signed(hospital.identity("wang-wu"))  # the statement says liu-yingen, 刘迎恩
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.reasons == (R.NOT_THE_PERSON,)
    assert "名册里 王五（wang-wu）的证书" in verdict.failures[0].message


def test_signing_as_oneself_in_someone_elses_row(hospital):
    made = statement(person="wang-wu", name="王五")
    data, signature = signed(hospital.identity("wang-wu"), made)
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.reasons == (R.WRONG_PERSON,)
    assert verdict.failures[0].message == "这个签名是王五（wang-wu）签的，但这一栏的签署人是刘迎恩（liu-yingen）。"


def test_a_swapped_name_in_the_statement(hospital):
    data, signature = signed(hospital.identity("liu-yingen"), statement(name="刘迎"))
    assert validate(data, signature, expected(), hospital.roster).reasons == (R.NAME_MISMATCH,)


@pytest.mark.parametrize("holder, staff_id, said", [
    ("非刘迎恩本人-王五", "000123", "姓名（CN）"),
    ("刘迎恩 ", "000123", "姓名（CN）"),
    ("刘迎恩", "999999", "工号"),
])
def test_a_look_alike_certificate_added_to_the_roster_by_hand(hospital, holder, staff_id, said):
    key, certificate = hospital.ca.issue(holder, staff_id=staff_id)
    roster = doctored(hospital.roster, "liu-yingen", certificate)
    data, signature = signed(SigningIdentity(key, certificate, ()))
    verdict = validate(data, signature, expected(), roster)
    assert verdict.reasons == (R.CERT_NAME_MISMATCH,)
    assert said in verdict.failures[0].message


def test_the_same_names_from_another_ca(hospital):
    """A CA with the hospital CA's very name, carried inside the signature, is not the anchor."""
    fake = Authority.create("测试医院根证书")
    assert fake.certificate.subject == hospital.ca.certificate.subject
    key, certificate = fake.issue("刘迎恩", staff_id="000123")
    data = statement().to_bytes()
    signature = pkcs7.PKCS7SignatureBuilder().set_data(data).add_signer(certificate, key, hashes.SHA256()) \
        .add_certificate(fake.certificate).sign(serialization.Encoding.PEM, [
            pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]).decode()
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.reasons == (R.UNTRUSTED, R.NOT_THE_PERSON)
    assert "颁发者“测试医院根证书”" in verdict.failures[0].message
    # and with the fake certificate written into the roster under 刘迎恩: still not trusted
    assert validate(data, signature, expected(), doctored(hospital.roster, "liu-yingen", certificate)).reasons \
        == (R.UNTRUSTED,)


@pytest.mark.parametrize("days, reason", [((-40, -1), R.CERT_EXPIRED), ((1, 30), R.CERT_NOT_YET_VALID)])
def test_a_certificate_outside_its_validity_at_signing(hospital, days, reason):
    key, certificate = hospital.ca.issue("刘迎恩", staff_id="000123", days=days)
    data, signature = signed(SigningIdentity(key, certificate, ()))
    verdict = validate(data, signature, expected(), doctored(hospital.roster, "liu-yingen", certificate))
    assert verdict.reasons == (reason,)
    assert "签名证书" in verdict.failures[0].message


def test_an_expired_ca_at_signing(hospital):
    old = Authority.create("测试医院根证书", days=(-400, -1))
    key, certificate = old.issue("刘迎恩", staff_id="000123")
    roster = doctored(hospital.roster, "liu-yingen", certificate, anchor=old.certificate)
    data, signature = signed(SigningIdentity(key, certificate, ()))
    verdict = validate(data, signature, expected(), roster)
    assert verdict.reasons == (R.CERT_EXPIRED,)
    assert "颁发者“测试医院根证书”的证书已过期" in verdict.failures[0].message


def test_a_certificate_not_for_signing(hospital):
    key, certificate = hospital.ca.issue("刘迎恩", staff_id="000123", usage=ENCIPHERING)
    data, signature = signed(SigningIdentity(key, certificate, ()))
    verdict = validate(data, signature, expected(), doctored(hospital.roster, "liu-yingen", certificate))
    assert verdict.reasons == (R.KEY_USAGE,)


def test_the_statement_rewritten_with_a_recomputed_fingerprint(hospital):
    """The insider changes the content, recomputes the fingerprint and writes it into the statement."""
    data, signature = signed(hospital.identity("liu-yingen"))
    new = "0" * 64
    rewritten = statement(digest=new, signed_at=statement().signed_at).to_bytes()
    verdict = validate(rewritten, signature, expected(digest=new), hospital.roster)
    assert verdict.reasons == (R.CONTENT_MISMATCH,) and verdict.statement is None


def test_the_content_changed_after_approval(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    verdict = validate(data, signature, expected(digest="1" * 64), hospital.roster)
    assert verdict.reasons == (R.STALE,)
    assert verdict.failures[0].message == (f"签署后内容已修改：签名确认的内容指纹是 {FINGERPRINT[:16]}（第 2 版），"
                                           "现在是 1111111111111111（第 2 版）。")


@pytest.mark.parametrize("where, reasons", [
    ({"document": "H-J-YA-029"}, (R.WRONG_DOCUMENT,)),
    ({"version": "A/2"}, (R.WRONG_DOCUMENT,)),
    ({"version": "B/0", "digest": "2" * 64}, (R.WRONG_DOCUMENT, R.STALE)),
    ({"role": "主办", "meaning": Meaning.OWNER}, (R.WRONG_ROLE,)),
    ({"meaning": Meaning.REVIEW}, (R.WRONG_ROLE,)),
    ({"kind": Kind.RELEASE, "role": "发布", "meaning": Meaning.RELEASE}, (R.WRONG_KIND,)),
    ({"person": "sun-xiaolin"}, (R.WRONG_PERSON,)),
    ({"digest_format": 3}, (R.STALE,)),
])
def test_an_approval_copied_to_another_document_version_or_role(hospital, where, reasons):
    data, signature = signed(hospital.identity("liu-yingen"))
    assert validate(data, signature, expected(**where), hospital.roster).reasons == reasons


def test_a_damaged_signature(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    lines = signature.splitlines()
    lines[2] = lines[2].replace(lines[2][5], "!" if lines[2][5] != "!" else "?", 1)
    assert validate(data, "\n".join(lines), expected(), hospital.roster).reasons == (R.SIGNATURE_DAMAGED,)
    der = base64.b64decode("".join(signature.splitlines()[1:-1]))
    truncated = base64.b64encode(der[:-20]).decode()
    verdict = validate(data, truncated, expected(), hospital.roster)
    assert verdict.reasons == (R.SIGNATURE_DAMAGED,) and verdict.signer is None


def test_a_flipped_byte_in_the_statement(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    flipped = bytearray(data)
    flipped[data.index(b"A/1")] ^= 0x03  # A/1 → B/1
    assert validate(bytes(flipped), signature, expected(), hospital.roster).reasons == (R.CONTENT_MISMATCH,)


def test_garbage_signed_by_the_right_person_is_not_a_statement(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    garbage = b"I approve whatever\n"
    signature = sign_detached(garbage, hospital.identity("liu-yingen"))
    assert validate(garbage, signature, expected(), hospital.roster).reasons == (R.STATEMENT_DAMAGED,)


def test_every_single_flipped_byte_of_the_signature_is_caught(hospital):
    """Flip each byte of the DER in turn: never valid, never an unexpected exception."""
    data, signature = signed(hospital.identity("liu-yingen"))
    der = base64.b64decode("".join(signature.splitlines()[1:-1]))
    seen = set()
    for at in range(len(der)):
        broken = der[:at] + bytes([der[at] ^ 0x01]) + der[at + 1:]
        verdict = validate(data, base64.b64encode(broken).decode(), expected(), hospital.roster)
        assert not verdict.ok, f"byte {at} of {len(der)} flipped and still valid"
        seen.update(verdict.reasons)
    assert {R.SIGNATURE_DAMAGED, R.SIGNATURE_INVALID} <= seen
    assert seen <= {R.SIGNATURE_DAMAGED, R.SIGNATURE_FORMAT, R.SIGNATURE_INVALID, R.CONTENT_MISMATCH,
                    R.UNTRUSTED, R.NOT_THE_PERSON, R.KEY_USAGE, R.TIME_MISMATCH, R.SIGNED_IN_FUTURE,
                    R.CERT_EXPIRED, R.CERT_NOT_YET_VALID}


def test_a_signing_time_in_the_future(hospital):
    data, signature = signed(hospital.identity("liu-yingen"))
    verdict = validate(data, signature, expected(), hospital.roster, now=utc_now() - dt.timedelta(hours=2))
    assert verdict.reasons == (R.SIGNED_IN_FUTURE,)


def test_a_statement_time_that_disagrees_with_the_signing_time(hospital):
    made = statement(signed_at=statement().signed_at - dt.timedelta(hours=3))
    data, signature = signed(hospital.identity("liu-yingen"), made)
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.reasons == (R.TIME_MISMATCH,)


def test_a_certificate_revoked_in_the_roster(hospital):
    identity = hospital.identity("liu-yingen")
    data, signature = signed(identity)
    today = statement().signed_at.date()

    def revoked(day):
        roster = hospital.roster
        entry = roster.people["liu-yingen"]
        listed = dataclasses.replace(entry.certificates[0], revoked=day)
        return dataclasses.replace(roster, people={**roster.people,
                                                   "liu-yingen": dataclasses.replace(entry, certificates=(listed,))})

    assert validate(data, signature, expected(), revoked(today)).reasons == (R.CERT_REVOKED,)
    assert validate(data, signature, expected(), revoked(today + dt.timedelta(days=1))).ok  # signed before


def test_a_release_is_signed_by_a_release_signer(hospital):
    release = dict(kind=Kind.RELEASE, role="发布", meaning=Meaning.RELEASE)
    data, signature = signed(hospital.identity("zhou-min"), statement(**release, person="zhou-min", name="周敏"))
    assert validate(data, signature, expected(**release, person=None), hospital.roster).ok
    data, signature = signed(hospital.identity("wang-wu"), statement(**release, person="wang-wu", name="王五"))
    verdict = validate(data, signature, expected(**release, person=None), hospital.roster)
    assert verdict.reasons == (R.NOT_RELEASE_SIGNER,)


def test_a_person_missing_from_the_roster(hospital):
    data, signature = signed(hospital.identity("liu-yingen"), statement(person="nobody"))
    assert authenticate(data, signature, hospital.roster).reasons == (R.UNKNOWN_PERSON,)


def test_an_issuing_ca_under_the_root(hospital):
    issuing_key, issuing = hospital.ca.issue("测试医院签名证书颁发机构", ca=True)
    intermediate = Authority(issuing_key, issuing)
    key, certificate = intermediate.issue("刘迎恩", staff_id="000123")
    roster = doctored(hospital.roster, "liu-yingen", certificate)
    data, signature = signed(SigningIdentity(key, certificate, (issuing, hospital.ca.certificate)))
    carried = asn1_cms.ContentInfo.load(base64.b64decode("".join(signature.splitlines()[1:-1])))
    assert len(carried["content"]["certificates"]) == 2  # the person's and the issuing CA's, not the root
    assert validate(data, signature, expected(), roster).ok
    data, signature = signed(SigningIdentity(key, certificate, ()))  # without the issuing CA: no chain
    assert validate(data, signature, expected(), roster).reasons == (R.UNTRUSTED,)


def test_every_reason_reads_in_chinese(hospital):
    data, signature = signed(hospital.identity("wang-wu"))
    verdict = validate(data, signature, expected(document="H-J-YA-029"), hospital.roster)
    for found in verdict.failures:
        assert "Error" not in found.message and "Traceback" not in found.message
        assert any("\u4e00" <= ch <= "\u9fff" for ch in found.message) and found.hint
