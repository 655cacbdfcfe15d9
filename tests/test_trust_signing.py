"""Signing a statement as a roster person: refused before anything is signed when it would not hold."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from lifecycle_support import PASSWORD, Authority
from planpress.trust.p12 import SigningIdentity, open_p12
from planpress.trust.reasons import Reason, TrustError
from planpress.trust.statement import Kind, Meaning
from planpress.trust.signing import sign_statement
from planpress.trust.validate import validate
from trust_support import doctored, expected, make_hospital, statement

R = Reason


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


def refused(reason: Reason, *args, **options) -> TrustError:
    with pytest.raises(TrustError) as caught:
        sign_statement(*args, **options)
    assert caught.value.reason is reason, caught.value.failure
    return caught.value


def test_the_signatory_signs_with_the_p12_and_the_result_validates(hospital):
    identity = open_p12(hospital.p12["liu-yingen"], PASSWORD)
    made = statement()
    signature = sign_statement(made, identity, hospital.roster)
    assert validate(made.to_bytes(), signature, expected(), hospital.roster).ok


def test_someone_elses_p12(hospital):
    error = refused(R.NOT_THE_PERSON, statement(), hospital.identity("wang-wu"), hospital.roster)
    assert error.failure.message == ("签名证书不是名册里 刘迎恩（liu-yingen）的证书：证书持有人是“王五”"
                                     "（名册里 王五（wang-wu）的证书）。")


def test_a_certificate_the_roster_does_not_list(hospital):
    key, certificate = hospital.ca.issue("刘迎恩")
    error = refused(R.NOT_THE_PERSON, statement(), SigningIdentity(key, certificate, ()), hospital.roster)
    assert "名册里没有登记这张证书" in error.failure.message


def test_a_name_other_than_the_rosters(hospital):
    refused(R.NAME_MISMATCH, statement(name="刘迎恩x"), hospital.identity("liu-yingen"), hospital.roster)


def test_a_person_not_in_the_roster(hospital):
    refused(R.UNKNOWN_PERSON, statement(person="zhang-san"), hospital.identity("liu-yingen"), hospital.roster)


def test_a_release_by_someone_who_is_not_a_release_signer(hospital):
    made = statement(kind=Kind.RELEASE, role="发布", meaning=Meaning.RELEASE, person="wang-wu", name="王五")
    refused(R.NOT_RELEASE_SIGNER, made, hospital.identity("wang-wu"), hospital.roster)


def test_a_statement_dated_other_than_now(hospital):
    made = statement(signed_at=statement().signed_at - dt.timedelta(days=1))
    refused(R.TIME_MISMATCH, made, hospital.identity("liu-yingen"), hospital.roster)


def test_an_expired_certificate_is_refused_at_signing(hospital):
    key, certificate = hospital.ca.issue("刘迎恩", staff_id="000123", days=(-40, -1))
    roster = doctored(hospital.roster, "liu-yingen", certificate)
    refused(R.CERT_EXPIRED, statement(), SigningIdentity(key, certificate, ()), roster)


def test_a_certificate_from_another_ca_written_into_the_roster(hospital):
    key, certificate = Authority.create("测试医院根证书").issue("刘迎恩", staff_id="000123")
    roster = doctored(hospital.roster, "liu-yingen", certificate)
    refused(R.UNTRUSTED, statement(), SigningIdentity(key, certificate, ()), roster)


def test_a_revoked_certificate(hospital):
    entry = hospital.roster.people["liu-yingen"]
    stopped = dataclasses.replace(entry.certificates[0], revoked=statement().signed_at.date())
    roster = dataclasses.replace(hospital.roster, people={
        **hospital.roster.people, "liu-yingen": dataclasses.replace(entry, certificates=(stopped,))})
    refused(R.CERT_REVOKED, statement(), hospital.identity("liu-yingen"), roster)
