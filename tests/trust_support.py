"""A throwaway hospital for the trust tests: a CA, four people with certificates, their roster.

Built with `lifecycle_support.Authority` (the one certificate builder of the tests). Keys live
only in memory and in pytest's temporary folders; the roster folder holds public certificates only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from lifecycle_support import PASSWORD, Authority, p12_bytes
from planpress.trust.p12 import SigningIdentity
from planpress.trust import certs
from planpress.trust.roster import PersonCertificate, Roster, TrustAnchor, parse_roster
from planpress.trust.statement import Kind, Meaning, Statement, signed_now
from planpress.trust.validate import Expected

DOC, VERSION = "H-J-YA-028", "A/1"
FINGERPRINT = hashlib.sha256("H-J-YA-028 A/1 的内容".encode()).hexdigest()
PEOPLE = {  # key: (name, department, title, staff id)
    "liu-yingen": ("刘迎恩", "院办", "分管副院长", "000123"),
    "sun-xiaolin": ("孙晓琳", "医务科", "部门负责人", None),
    "wang-wu": ("王五", "质量管理科", "科长", None),
    "zhou-min": ("周敏", "质量管理科", "文件控制员", None),
}


@dataclasses.dataclass(frozen=True)
class Hospital:
    source: Path  # the source/ folder: people.yaml data refers to files under it
    ca: Authority
    identities: dict[str, SigningIdentity]  # person key → key and certificate (as their .p12 holds)
    p12: dict[str, Path]  # person key → .p12 file (outside source/), password PASSWORD
    data: dict  # the roster as the YAML loader would give it
    roster: Roster

    def identity(self, person: str) -> SigningIdentity:
        return self.identities[person]


def write_pem(path: Path, certificate) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(certificate.public_bytes(Encoding.PEM))
    return path.name


def make_hospital(folder: Path) -> Hospital:
    source, keys = folder / "source", folder / "keys"
    keys.mkdir(parents=True)
    ca = Authority.create()
    write_pem(source / "certificates" / "hospital-ca.pem", ca.certificate)
    identities, p12, people = {}, {}, {}
    for key, (name, department, title, staff_id) in PEOPLE.items():
        private, certificate = ca.issue(name, staff_id=staff_id)
        identities[key] = SigningIdentity(private, certificate, (ca.certificate,))
        p12[key] = keys / f"{key}.p12"
        p12[key].write_bytes(p12_bytes(private, certificate, [ca.certificate], name=name))
        file = f"certificates/{key}-2026.pem"
        write_pem(source / file, certificate)
        people[key] = {"name": name, "department": department, "title": title, "certificates": [file]}
        if staff_id:
            people[key]["staff_id"] = staff_id
    data = {"trust_anchors": ["certificates/hospital-ca.pem"], "release_signers": ["zhou-min"], "people": people}
    return Hospital(source, ca, identities, p12, data, parse_roster(data, source))


def statement(**fields) -> Statement:
    """The approval of H-J-YA-028 A/1 by 刘迎恩 as 院领导批准, signed now; `fields` override."""
    values = dict(kind=Kind.APPROVAL, document=DOC, version=VERSION, role="院领导批准", meaning=Meaning.APPROVE,
                  person="liu-yingen", name="刘迎恩", signed_at=signed_now(), digest=FINGERPRINT, digest_format=2)
    values.update(fields)
    return Statement(**values)


def expected(**fields) -> Expected:
    """What H-J-YA-028 A/1's 院领导批准 row requires; `fields` override."""
    values = dict(kind=Kind.APPROVAL, document=DOC, version=VERSION, role="院领导批准", meaning=Meaning.APPROVE,
                  person="liu-yingen", digest=FINGERPRINT, digest_format=2)
    values.update(fields)
    return Expected(**values)


def doctored(roster: Roster, person: str, certificate, revoked: dt.date | None = None,
             anchor=None) -> Roster:
    """`roster` with `certificate` added under `person` (and `anchor` added), skipping the roster's
    own checks: what an insider who edits people.yaml by hand could present to `validate`."""
    entry = roster.people[person]
    listed = PersonCertificate(certificate, certs.sha256(certificate), Path("doctored.pem"), revoked,
                               (*entry.path, "certificates", len(entry.certificates)))
    people = {**roster.people, person: dataclasses.replace(entry, certificates=(*entry.certificates, listed))}
    anchors = roster.anchors
    if anchor is not None:
        anchors += (TrustAnchor(anchor, certs.sha256(anchor), Path("doctored-ca.pem"), ("trust_anchors", len(anchors))),)
    return dataclasses.replace(roster, people=people, anchors=anchors)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


__all__ = ["PASSWORD", "Hospital", "make_hospital", "statement", "expected", "write_pem", "doctored", "utc_now"]
