"""The roster (people.yaml): public certificates only, exact names, problems at their data path."""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives import serialization

from lifecycle_support import Authority, p12_bytes
from planpress.trust import certs
from planpress.trust.keyscan import private_key_files
from planpress.trust.roster import RosterError, check_pins, parse_roster
from trust_support import make_hospital, write_pem


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


def problems(hospital, edit) -> list[tuple[tuple, str]]:
    data = copy.deepcopy(hospital.data)
    edit(data)
    with pytest.raises(RosterError) as caught:
        parse_roster(data, hospital.source)
    found = caught.value.problems
    assert all(p.message and p.hint for p in found)
    return [(p.path, p.code) for p in found]


def liu(data) -> dict:
    return data["people"]["liu-yingen"]


def test_the_roster(hospital):
    roster = hospital.roster
    assert list(roster.people) == ["liu-yingen", "sun-xiaolin", "wang-wu", "zhou-min"]
    person = roster.person("liu-yingen")
    assert (person.name, person.department, person.title, person.staff_id) == ("刘迎恩", "院办", "分管副院长", "000123")
    (listed,) = person.certificates
    assert listed.sha256 == certs.sha256(hospital.identity("liu-yingen").certificate)
    assert listed.path == ("people", "liu-yingen", "certificates", 0)
    assert roster.holder_of(listed.sha256) is person and roster.may_release("zhou-min")
    assert not roster.may_release("liu-yingen")
    assert [a.certificate for a in roster.anchors] == [hospital.ca.certificate]


def test_renewals_and_a_revocation(hospital):
    key, renewed = hospital.ca.issue("刘迎恩", staff_id="000123")
    write_pem(hospital.source / "certificates" / "liu-yingen-2029.pem", renewed)
    data = copy.deepcopy(hospital.data)
    liu(data)["certificates"] = [{"file": "certificates/liu-yingen-2026.pem", "revoked": "2026-12-24"},
                                 "certificates/liu-yingen-2029.pem"]
    person = parse_roster(data, hospital.source).person("liu-yingen")
    assert [str(c.revoked) for c in person.certificates] == ["2026-12-24", "None"]


def test_a_person_without_certificates_signed_only_on_paper(hospital):
    data = copy.deepcopy(hospital.data)
    data["people"]["old-head"] = {"name": "张三", "department": "医务科", "title": "原科长"}
    assert parse_roster(data, hospital.source).person("old-head").certificates == ()


def test_a_look_alike_certificate_cannot_be_listed_under_liu(hospital):
    _, other = hospital.ca.issue("非刘迎恩本人-王五")
    write_pem(hospital.source / "certificates" / "lookalike.pem", other)
    found = problems(hospital, lambda d: liu(d)["certificates"].append("certificates/lookalike.pem"))
    assert found == [(("people", "liu-yingen", "certificates", 1), "certificate-name")]


def test_another_persons_certificate_cannot_be_listed_twice(hospital):
    found = problems(hospital, lambda d: liu(d)["certificates"].append("certificates/wang-wu-2026.pem"))
    assert found == [(("people", "liu-yingen", "certificates", 1), "certificate-name")]
    found = problems(hospital, lambda d: d["people"]["wang-wu"]["certificates"].append("certificates/wang-wu-2026.pem"))
    assert found == [(("people", "wang-wu", "certificates", 1), "duplicate-certificate")]


def test_a_certificate_with_another_staff_number(hospital):
    _, other = hospital.ca.issue("刘迎恩", staff_id="999999")
    write_pem(hospital.source / "certificates" / "liu-other.pem", other)
    found = problems(hospital, lambda d: liu(d)["certificates"].append("certificates/liu-other.pem"))
    assert found == [(("people", "liu-yingen", "certificates", 1), "staff-id")]


def test_a_certificate_from_another_ca(hospital):
    _, other = Authority.create("测试医院根证书").issue("刘迎恩", staff_id="000123")
    write_pem(hospital.source / "certificates" / "liu-fake.pem", other)
    found = problems(hospital, lambda d: liu(d)["certificates"].append("certificates/liu-fake.pem"))
    assert found == [(("people", "liu-yingen", "certificates", 1), "not-usable")]


def test_a_private_key_in_the_sources_is_refused_and_found(hospital, tmp_path):
    identity = hospital.identity("liu-yingen")
    leaked = hospital.source / "certificates" / "liu-with-key.pem"
    leaked.write_bytes(identity.certificate.public_bytes(serialization.Encoding.PEM) + identity.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    try:
        found = problems(hospital, lambda d: liu(d)["certificates"].append("certificates/liu-with-key.pem"))
        assert found == [(("people", "liu-yingen", "certificates", 1), "private-key")]
        (hospital.source / "keys.yaml").write_text("note: |\n  -----BEGIN EC PRIVATE KEY-----\n  MHc\n")
        disguised = hospital.source / "certificates" / "liu.bin"
        disguised.write_bytes(p12_bytes(identity.key, identity.certificate))
        named = hospital.source / "liu.P12"
        named.write_bytes(b"whatever")
        assert private_key_files(hospital.source) == sorted([leaked, hospital.source / "keys.yaml", disguised, named])
    finally:
        for path in private_key_files(hospital.source):
            path.unlink()
    assert private_key_files(hospital.source) == []


@pytest.mark.parametrize("edit, expected", [
    (lambda d: d.pop("trust_anchors"), [((), "shape")]),
    (lambda d: d.update(extra=1), [(("extra",), "shape")]),
    (lambda d: d.update(trust_anchors=["certificates/liu-yingen-2026.pem"]),
     [(("trust_anchors", 0), "anchor-not-ca")]),
    (lambda d: d.update(trust_anchors=["../../etc/passwd"]), [(("trust_anchors", 0), "file")]),
    (lambda d: liu(d)["certificates"].append("certificates/missing.pem"),
     [(("people", "liu-yingen", "certificates", 1), "file")]),
    (lambda d: liu(d).update(name="刘迎恩 "), [(("people", "liu-yingen", "name"), "bad-text")]),
    (lambda d: liu(d).update(name="刘\u200b迎恩"), [(("people", "liu-yingen", "name"), "bad-text")]),
    (lambda d: liu(d).update(name="劉迎恩"), [(("people", "liu-yingen", "certificates", 0), "certificate-name")]),
    (lambda d: liu(d).pop("department"), [(("people", "liu-yingen"), "shape")]),
    (lambda d: liu(d).update(phone="1"), [(("people", "liu-yingen", "phone"), "shape")]),
    (lambda d: d["people"].update({"Liu Yingen": {}}), [(("people", "Liu Yingen"), "bad-key")]),
    (lambda d: d.update(release_signers=["zhou-min", "nobody"]), [(("release_signers", 1), "unknown-person")]),
    (lambda d: liu(d).update(certificates=[{"file": "certificates/liu-yingen-2026.pem", "revoked": "2026-02-30"}]),
     [(("people", "liu-yingen", "certificates", 0, "revoked"), "bad-date")]),
    (lambda d: d["people"]["wang-wu"].update(name="孙晓琳", certificates=[]), [(("people", "wang-wu"), "same-name")]),
])
def test_roster_problems_name_the_entry(hospital, edit, expected):
    assert problems(hospital, edit) == expected


def test_two_certificates_in_one_file(hospital):
    both = hospital.source / "certificates" / "two.pem"
    both.write_bytes(hospital.ca.pem() * 2)
    found = problems(hospital, lambda d: d.update(trust_anchors=["certificates/two.pem"]))
    assert found[0] == (("trust_anchors", 0), "not-a-certificate")


def test_pinned_anchors(hospital):
    pin = certs.sha256(hospital.ca.certificate)
    assert check_pins(hospital.roster, [pin.upper()]) == []
    (problem,) = check_pins(hospital.roster, ["00" * 32])
    assert problem.path == ("trust_anchors", 0) and problem.code == "anchor-not-pinned"
    assert pin in problem.message
