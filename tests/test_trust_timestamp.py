"""Trusted timestamps (RFC 3161): the session's `planpress tsa serve`, the token in a signature,
what makes a token untrusted, and the service refusing what is not a time-stamp request."""

from __future__ import annotations

import datetime as dt
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lifecycle_support import Authority
from planpress.trust import timestamp, tsa
from planpress.trust.cms import load_signature, sign_detached
from planpress.trust.reasons import Reason, TrustError
from planpress.trust.signing import sign_statement
from planpress.trust.tsa_service import ServiceError, TimestampService
from planpress.trust.validate import validate
from signing_support import make_tsa_folder
from trust_support import expected, make_hospital, statement


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


@pytest.fixture(scope="module")
def service(hospital, tmp_path_factory) -> TimestampService:
    """The hospital's own TSA, answering in-process (as the intranet application will)."""
    return TimestampService.open(make_tsa_folder(tmp_path_factory.mktemp("tsa") / "tsa", hospital.ca))


def required(roster):
    import dataclasses

    return dataclasses.replace(roster, timestamps_required=True, pinned=True)


def test_a_signature_with_the_hospitals_timestamp_is_judged_at_its_time(hospital, service):
    stated = statement()
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    signature = sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster, timestamper=service.timestamper())
    verdict = validate(stated.to_bytes(), signature, expected(), required(hospital.roster))
    assert verdict.ok, verdict.failures
    assert before <= verdict.timestamp.time <= dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=1)
    assert verdict.timestamp.authority == "测试医院时间戳服务"
    # the signed part is untouched: the same signature without the token verifies as before
    assert load_signature(signature).timestamp_token is not None


def test_no_timestamp_where_one_is_required(hospital):
    stated = statement()
    signature = sign_detached(stated.to_bytes(), hospital.identity("liu-yingen"))
    assert validate(stated.to_bytes(), signature, expected(), hospital.roster).ok  # not required: fine
    verdict = validate(stated.to_bytes(), signature, expected(), required(hospital.roster))
    assert verdict.reasons == (Reason.TIMESTAMP_MISSING,)
    with pytest.raises(TrustError) as refused:
        sign_statement(stated, hospital.identity("liu-yingen"), required(hospital.roster))
    assert refused.value.reason is Reason.TSA_NOT_CONFIGURED


@pytest.mark.parametrize("case, detail", [
    ("other-ca", "不是医院签发的证书"),
    ("not-critical", "扩展密钥用途须只有 timeStamping，且为关键扩展"),
    ("expired", "已过期"),
])
def test_a_token_from_a_tsa_the_roster_does_not_trust(hospital, tmp_path: Path, case: str, detail: str):
    stated = statement()
    ca = Authority.create("测试医院根证书") if case == "other-ca" else hospital.ca
    options = {"critical": False} if case == "not-critical" else {"days": (-3, -1)} if case == "expired" else {}
    folder = make_tsa_folder(tmp_path / "tsa", ca, **options)
    if case == "not-critical":  # the service itself refuses to start with such a certificate …
        with pytest.raises(ServiceError):
            TimestampService.open(folder)
        return
    if case == "expired":
        signature = sign_detached(stated.to_bytes(), hospital.identity("liu-yingen"))
        with pytest.raises(Exception):  # openssl refuses to sign with an expired TSA certificate
            tsa.stamp_signature(signature, TimestampService.open(folder).timestamper(), hospital.roster.timestamp_trust)
        return
    with pytest.raises(TrustError) as refused:
        sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster,
                       timestamper=TimestampService.open(folder).timestamper())
    assert refused.value.reason is Reason.TIMESTAMP_UNTRUSTED and detail in refused.value.failure.message


def test_a_token_over_another_signature_or_altered(hospital, service):
    stated = statement()
    one = sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster, timestamper=service.timestamper())
    other = sign_detached(stated.to_bytes(), hospital.identity("liu-yingen"))
    token = load_signature(one).timestamp_token
    moved = timestamp.with_token(other, timestamp.load_token(token.dump()))
    verdict = validate(stated.to_bytes(), moved, expected(), hospital.roster)
    assert verdict.reasons == (Reason.TIMESTAMP_INVALID,) and "时间戳盖的不是这个签名" in verdict.failures[0].message
    raw = bytearray(token.dump())
    at = raw.find(b"2026") if raw.find(b"2026") > 0 else raw.find(bytes(str(dt.date.today().year), "ascii"))
    raw[at + 3] ^= 1  # the genTime's year, inside the signed TSTInfo
    altered = timestamp.with_token(sign_detached(stated.to_bytes(), hospital.identity("liu-yingen")),
                                   timestamp.load_token(bytes(raw)))
    verdict = validate(stated.to_bytes(), altered, expected(), hospital.roster)
    assert Reason.TIMESTAMP_INVALID in verdict.reasons


def test_a_roster_persons_certificate_is_never_a_tsa(hospital, service):
    """Even a valid token is refused when its certificate is one the roster lists under a person."""
    stated = statement()
    signature = sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster, timestamper=service.timestamper())
    token = load_signature(signature).timestamp_token
    value = timestamp.signature_value(load_signature(signature).signer_info)
    with pytest.raises(TrustError) as refused:
        timestamp.check_token(token, value, hospital.roster.timestamp_trust, {__import__("planpress.trust.certs", fromlist=["x"]).sha256(service.certificate)})
    assert "是名册里签署人的证书" in refused.value.failure.message


def test_the_service_answers_only_time_stamp_requests(hospital, service):
    stated = statement()
    from signing_support import running_tsa

    with running_tsa(service.folder) as url:
        for body, kind, status in ((b"x" * 10, "application/timestamp-query", 400), (b"x", "text/plain", 415),
                                   (b"x" * 5000, "application/timestamp-query", 413)):
            request = urllib.request.Request(url, data=body, headers={"Content-Type": kind})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == status
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url, timeout=10)
        assert refused.value.code == 405
        stamp = tsa.http_timestamper(url)  # and the real thing works over HTTP
        signature = sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster, timestamper=stamp)
        assert validate(stated.to_bytes(), signature, expected(), required(hospital.roster)).ok


def test_no_tsa_answering_is_said_in_chinese(hospital):
    stated = statement()
    with pytest.raises(TrustError) as refused:
        sign_statement(stated, hospital.identity("liu-yingen"), hospital.roster,
                       timestamper=tsa.http_timestamper("http://127.0.0.1:9/"))
    assert refused.value.reason is Reason.TSA_UNAVAILABLE and "没有拿到可信时间戳" in refused.value.failure.message
    with pytest.raises(TrustError) as refused:
        tsa.http_timestamper("file:///etc/passwd")
    assert "不是 http:// 或 https:// 开头的网址" in refused.value.failure.message
