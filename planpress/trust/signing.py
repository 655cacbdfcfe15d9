"""Sign a statement as a roster person: refuse before signing, check the result before returning.

The integration (approve, release) builds the `Statement` from the document and the roster
person, opens the person's .p12 (`p12.open_p12`) and calls `sign_statement`. It refuses when the
certificate in the file is not one the roster lists under that person, when it does not chain to
the trust anchor now, or when a release is signed by someone who is not a release signer; the
signature it returns has passed `validate.authenticate`, so what is written verifies. A
timestamper (trust.tsa) adds the trusted timestamp (RFC 3161) the signature is judged at.
"""

from __future__ import annotations

import datetime as dt

from . import certs
from .chain import check_chain
from .cms import sign_detached
from .p12 import SigningIdentity
from .reasons import Reason, TrustError
from .roster import Roster
from .statement import Kind, Meaning, Statement
from .tsa import Timestamper, stamp_signature
from .validate import CLOCK_SKEW, authenticate


def sign_statement(statement: Statement, identity: SigningIdentity, roster: Roster,
                   now: dt.datetime | None = None, timestamper: Timestamper | None = None) -> str:
    """The detached CMS signature (PEM) of `statement` by `identity`, the roster person it names,
    with a trusted timestamp from `timestamper` (a TSA) over it. Without a timestamper the
    signature carries none; where the roster (this machine's pins) requires one, that is refused
    before anything is signed."""
    now = now or dt.datetime.now(dt.timezone.utc)
    if timestamper is None and roster.timestamps_required:
        raise TrustError(Reason.TSA_NOT_CONFIGURED)
    person = roster.person(statement.person)
    if person is None:
        raise TrustError(Reason.UNKNOWN_PERSON, person=statement.person)
    sha256 = certs.sha256(identity.certificate)
    if person.certificate(sha256) is None:
        owner = roster.holder_of(sha256)
        raise TrustError(Reason.NOT_THE_PERSON, name=person.name, person=person.key, holder=identity.holder,
                         owner=f"（名册里 {owner.name}（{owner.key}）的证书）" if owner else "（名册里没有登记这张证书）")
    if statement.name != person.name:
        raise TrustError(Reason.NAME_MISMATCH, stated=statement.name, name=person.name, person=person.key)
    if statement.meaning is Meaning.WITNESS:
        if not roster.may_witness(person.key):
            raise TrustError(Reason.NOT_WITNESS, name=person.name, person=person.key)
    elif statement.kind is Kind.RELEASE and not roster.may_release(person.key):
        raise TrustError(Reason.NOT_RELEASE_SIGNER, name=person.name, person=person.key)
    if abs(statement.signed_at - now) > CLOCK_SKEW:
        raise TrustError(Reason.TIME_MISMATCH, stated=certs.shown_time(statement.signed_at),
                         recorded=certs.shown_time(now.astimezone(statement.signed_at.tzinfo)))
    check_chain(identity.certificate, roster.anchor_certificates, now, identity.chain)
    data = statement.to_bytes()
    signature = sign_detached(data, identity)
    if timestamper is not None:
        signature, stamp = stamp_signature(signature, timestamper, roster.timestamp_trust, roster.person_certificates)
        if abs(statement.signed_at - stamp.time) > CLOCK_SKEW:  # this computer's clock is wrong: say so now
            raise TrustError(Reason.TIMESTAMP_TIME, stated=certs.shown_time(statement.signed_at),
                             stamped=certs.shown_time(stamp.local(statement.signed_at)),
                             minutes=int(CLOCK_SKEW.total_seconds() // 60))
    verdict = authenticate(data, signature, roster, now=now)
    if not verdict.ok:  # e.g. the certificate was revoked in the roster: say why, write nothing
        raise TrustError(verdict.failures[0])
    return signature
