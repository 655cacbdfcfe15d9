"""The statement a person signs: exact canonical bytes, and only those bytes parse back."""

from __future__ import annotations

import datetime as dt

import pytest

from planpress.trust.reasons import Reason, TrustError
from planpress.trust.statement import Kind, Meaning, Statement, parse_statement
from trust_support import FINGERPRINT, statement

AT = dt.datetime(2026, 11, 26, 10, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_the_canonical_bytes_are_readable_text_in_a_fixed_order():
    text = statement(signed_at=AT).to_bytes().decode("utf-8")
    assert text == (
        "planpress-statement/1\n"
        "kind: approval\n"
        "document: H-J-YA-028\n"
        "version: A/1\n"
        "role: 院领导批准\n"
        "meaning: 批准\n"
        "person: liu-yingen\n"
        "name: 刘迎恩\n"
        "signed-at: 2026-11-26T10:15:00+08:00\n"
        "digest-format: 2\n"
        f"digest: sha256:{FINGERPRINT}\n"
        f"declaration: 刘迎恩以“院领导批准”的身份批准 H-J-YA-028 A/1（内容指纹 {FINGERPRINT[:16]}）。\n"
    )


def test_parse_gives_back_the_same_statement():
    for made in (statement(signed_at=AT),
                 statement(kind=Kind.RELEASE, role="发布", meaning=Meaning.TRANSCRIBE, person="zhou-min", name="周敏"),
                 statement(role="主办", meaning=Meaning.OWNER, signed_at=AT.astimezone(dt.timezone.utc))):
        assert parse_statement(made.to_bytes()) == made


def test_the_time_keeps_its_zone_and_drops_fractions():
    made = statement(signed_at=AT.replace(microsecond=123456))
    assert made.signed_at == AT and made.signed_at.utcoffset() == dt.timedelta(hours=8)
    assert b"signed-at: 2026-11-26T10:15:00+08:00\n" in made.to_bytes()


def damaged(data: bytes) -> TrustError:
    with pytest.raises(TrustError) as caught:
        parse_statement(data)
    assert caught.value.reason is Reason.STATEMENT_DAMAGED
    return caught.value


GOOD = statement(signed_at=AT).to_bytes()


@pytest.mark.parametrize("edit, said", [
    (lambda b: b.replace("（内容指纹".encode(), "（指纹".encode()), "不是规范形式"),  # declaration out of step
    (lambda b: b.replace("批准 H-J-YA-028".encode(), "审核 H-J-YA-028".encode()), "不是规范形式"),
    (lambda b: b.replace(b"\n", b"\r\n"), "回车符"),  # CRLF, as a Windows editor may save it
    (lambda b: b.rstrip(b"\n"), "每行以换行结束"),
    (lambda b: b + b"note: x\n", "每行以换行结束"),
    (lambda b: "\ufeff".encode() + b, "第一行"),
    (lambda b: b.replace(b"planpress-statement/1", b"planpress-statement/2"), "新版本 planpress"),
    (lambda b: b.replace(b"kind: approval", b"kind: approved"), "kind"),
    (lambda b: b.replace(b"digest-format: 2", b"digest-format: 02"), "不是规范形式"),
    (lambda b: b.replace(b"+08:00", b""), "带时区"),
    (lambda b: b.replace(b"sha256:", b"sha1:"), "digest"),
    (lambda b: b.replace(FINGERPRINT.encode(), FINGERPRINT.upper().encode()), "digest"),
    (lambda b: b.replace("name: 刘".encode(), "name: 刘".encode()[:-1]), "UTF-8"),  # a cut character
    (lambda b: b"\xff" + b, "UTF-8"),
    (lambda b: b.replace(b"person: liu-yingen", b"person: Liu_Yingen"), "person"),
])
def test_only_the_canonical_form_parses(edit, said):
    data = edit(GOOD)
    assert data != GOOD
    assert said in damaged(data).failure.message


@pytest.mark.parametrize("name", ["刘迎恩 ", " 刘迎恩", "刘\u200b迎恩", "刘迎恩\n", "e\u0301"])
def test_names_with_invisible_or_surrounding_characters_are_refused(name):
    with pytest.raises(TrustError) as caught:
        statement(name=name)
    assert caught.value.reason is Reason.STATEMENT_DAMAGED


@pytest.mark.parametrize("kind, meaning", [(Kind.APPROVAL, Meaning.RELEASE), (Kind.RELEASE, Meaning.APPROVE)])
def test_the_meaning_must_fit_the_kind(kind, meaning):
    with pytest.raises(TrustError) as caught:
        statement(kind=kind, meaning=meaning)
    assert caught.value.reason is Reason.STATEMENT_DAMAGED and "签署含义" in caught.value.failure.message


def test_a_time_without_zone_is_refused():
    with pytest.raises(TrustError):
        statement(signed_at=dt.datetime(2026, 11, 26, 10, 15))


def test_statements_are_frozen():
    made = statement()
    with pytest.raises(AttributeError):
        made.digest = "0" * 64  # type: ignore[misc]
    assert isinstance(made, Statement)
