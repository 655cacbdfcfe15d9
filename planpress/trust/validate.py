"""The full check of one signed statement: is it intact, by the person it names, and about this?

`authenticate` answers "who signed these bytes, and may we believe it": the CMS signature is
intact over the statement, the certificate chains to the roster's trust anchor and was valid
(and not revoked) at the signing time, that time is not in the future and agrees with the
statement's, and the certificate is, byte for byte (SHA-256 of its DER), one the roster lists
under the person the statement names, whose name is the roster's exactly.
`validate` adds "is it the approval we need here": kind, document, version, role, meaning,
signatory and digest equal the expected ones. Failures are collected, in that order; each has
its Chinese reason. Nothing here raises for bad input: a damaged statement or signature is a
failure like any other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509

from . import certs
from .chain import check_chain, check_signing_usage
from .cms import load_signature, verify_detached
from .reasons import Failure, Reason, TrustError, failure
from .roster import Person, Roster
from .statement import DIGEST_NAMES, KIND_NAMES, Kind, Meaning, Statement, parse_statement
from .timestamp import Timestamp, check_token, signature_value

CLOCK_SKEW = dt.timedelta(minutes=5)  # between the statement's time, the CMS signing time and now


@dataclasses.dataclass(frozen=True)
class Expected:
    """What the statement must say to count here (from the document and its signatory)."""

    kind: Kind
    document: str
    version: str
    role: str
    meaning: Meaning
    person: str | None  # the signatory's roster key; None for a release (any release signer)
    digest: str
    digest_format: int


@dataclasses.dataclass(frozen=True)
class Signer:
    certificate: x509.Certificate
    sha256: str
    holder: str  # the certificate's CN
    issuer: str
    signing_time: dt.datetime  # the CMS signingTime (the signer's computer's clock)
    person: Person | None  # the roster person whose certificate this is, if any


@dataclasses.dataclass(frozen=True)
class Verdict:
    statement: Statement | None
    signer: Signer | None
    failures: tuple[Failure, ...]
    timestamp: Timestamp | None = None  # the verified trusted timestamp: the time the signature is judged at

    @property
    def time(self) -> dt.datetime | None:
        """When the signature was made, as far as anyone can know: the timestamp's time, else
        (no timestamp) the time the signer's computer stated."""
        if self.timestamp is not None:
            return self.timestamp.local(self.statement.signed_at if self.statement else None)
        return self.statement.signed_at if self.statement else None

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(f.reason for f in self.failures)


def identify(roster: Roster, certificate: x509.Certificate) -> Person | None:
    """The roster person this exact certificate belongs to (for PDF signatures, too)."""
    return roster.holder_of(certs.sha256(certificate))


def validate(statement: bytes, signature: str, expected: Expected, roster: Roster,
             now: dt.datetime | None = None) -> Verdict:
    verdict = authenticate(statement, signature, roster, now)
    if verdict.statement is None:  # unreadable, or not what was signed: nothing to compare
        return verdict
    return dataclasses.replace(verdict, failures=verdict.failures + tuple(_compare(verdict.statement, expected, roster)))


def authenticate(statement: bytes, signature: str, roster: Roster, now: dt.datetime | None = None) -> Verdict:
    now = now or dt.datetime.now(dt.timezone.utc)
    try:
        signed = load_signature(signature)
    except TrustError as exc:
        return Verdict(None, None, (exc.failure,))
    certificate = signed.certificate
    sha256 = certs.sha256(certificate)
    signer = Signer(certificate, sha256, certs.common_name(certificate.subject),
                    certs.common_name(certificate.issuer) or certificate.issuer.rfc4514_string(),
                    signed.signing_time, roster.holder_of(sha256))
    try:
        verify_detached(signed, statement)
        stated = parse_statement(statement)
    except TrustError as exc:
        return Verdict(None, signer, (exc.failure,))
    stamp, failures = _timestamp(signed, roster, stated)
    at = stamp.local(stated.signed_at) if stamp else signed.signing_time.astimezone(stated.signed_at.tzinfo)
    failures += [*_trust(signed, roster, stated, now, at), *_identity(stated, signer, roster, at)]
    return Verdict(stated, signer, tuple(failures), stamp)


def _timestamp(signed, roster: Roster, stated: Statement) -> tuple[Timestamp | None, list[Failure]]:
    """The trusted timestamp of the signature (verified), or None; and why it does not count."""
    if signed.timestamp_token is None:
        return None, ([failure(Reason.TIMESTAMP_MISSING)] if roster.timestamps_required else [])
    try:
        stamp = check_token(signed.timestamp_token, signature_value(signed.signer_info), roster.timestamp_trust,
                            roster.person_certificates)
    except TrustError as exc:
        return None, [exc.failure]
    if abs(stated.signed_at - stamp.time) > CLOCK_SKEW:
        return None, [failure(Reason.TIMESTAMP_TIME, stated=certs.shown_time(stated.signed_at),
                              stamped=certs.shown_time(stamp.local(stated.signed_at)),
                              minutes=int(CLOCK_SKEW.total_seconds() // 60))]
    return stamp, []


def _trust(signed, roster: Roster, stated: Statement, now: dt.datetime, at: dt.datetime):
    """The certificate at `at`: the timestamp's time when there is one, else the stated one."""
    claimed = signed.signing_time
    shown = claimed.astimezone(stated.signed_at.tzinfo)
    if claimed > now + CLOCK_SKEW:
        yield failure(Reason.SIGNED_IN_FUTURE, at=certs.shown_time(shown),
                      now=certs.shown_time(now.astimezone(stated.signed_at.tzinfo)))
    if abs(stated.signed_at - claimed) > CLOCK_SKEW:
        yield failure(Reason.TIME_MISMATCH, stated=certs.shown_time(stated.signed_at), recorded=certs.shown_time(shown))
    try:
        check_signing_usage(signed.certificate)
        check_chain(signed.certificate, roster.anchor_certificates, at, signed.others)
    except TrustError as exc:
        yield exc.failure


def _identity(stated: Statement, signer: Signer, roster: Roster, at: dt.datetime):
    person = roster.person(stated.person)
    if person is None:
        yield failure(Reason.UNKNOWN_PERSON, person=stated.person)
        return
    listed = person.certificate(signer.sha256)
    if listed is None:
        owner = signer.person
        yield failure(Reason.NOT_THE_PERSON, name=person.name, person=person.key, holder=signer.holder,
                      owner=f"（名册里 {owner.name}（{owner.key}）的证书）" if owner else "")
    else:  # listed under this person: the certificate must still name this person (an edited roster)
        problem = _names_other(signer.certificate, person)
        if problem:
            yield failure(Reason.CERT_NAME_MISMATCH, name=person.name, person=person.key, holder=signer.holder,
                          detail=problem)
        if listed.revoked and at.date() >= listed.revoked:  # judged at the trusted time, when there is one
            yield failure(Reason.CERT_REVOKED, day=listed.revoked.isoformat(), at=certs.shown_time(at))
    if stated.name != person.name:
        yield failure(Reason.NAME_MISMATCH, stated=stated.name, name=person.name, person=person.key)
    if stated.meaning is Meaning.WITNESS:
        if not roster.may_witness(person.key):
            yield failure(Reason.NOT_WITNESS, name=person.name, person=person.key)
    elif stated.kind is Kind.RELEASE and not roster.may_release(person.key):
        yield failure(Reason.NOT_RELEASE_SIGNER, name=person.name, person=person.key)


def _names_other(certificate: x509.Certificate, person: Person) -> str:
    if not certs.same_name(certs.common_name(certificate.subject), person.name):
        return "证书上的姓名（CN）与名册不完全一致"
    if person.staff_id is not None and certs.serial_number_attribute(certificate.subject) != person.staff_id:
        return f"证书上的工号（serialNumber）不是 {person.staff_id}"
    return ""


def _compare(stated: Statement, expected: Expected, roster: Roster):
    if stated.kind is not expected.kind:
        yield failure(Reason.WRONG_KIND, got=KIND_NAMES[stated.kind], expected=KIND_NAMES[expected.kind])
        return
    if (stated.document, stated.version) != (expected.document, expected.version):
        yield failure(Reason.WRONG_DOCUMENT, got=f"{stated.document} {stated.version}",
                      expected=f"{expected.document} {expected.version}")
    if (stated.role, stated.meaning) != (expected.role, expected.meaning):
        yield failure(Reason.WRONG_ROLE, got=f"{stated.role}（{stated.meaning.value}）",
                      expected=f"{expected.role}（{expected.meaning.value}）")
    if expected.person is not None and stated.person != expected.person:
        signatory = roster.person(expected.person)
        yield failure(Reason.WRONG_PERSON, got=f"{stated.name}（{stated.person}）",
                      expected=f"{signatory.name}（{signatory.key}）" if signatory else expected.person)
    if (stated.digest_format, stated.digest) != (expected.digest_format, expected.digest):
        yield failure(Reason.STALE, what=DIGEST_NAMES[stated.kind],
                      got=f"{stated.digest[:16]}（第 {stated.digest_format} 版）",
                      expected=f"{expected.digest[:16]}（第 {expected.digest_format} 版）")
