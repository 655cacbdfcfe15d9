"""The immutable model every renderer takes.

Built once from validated sources by `planpress.load`; nothing here reads YAML. Clause numbers,
anchors, the review due date and the content fingerprint are derived here, never typed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..problems import Location
from ..sources.names import GENERATED_BODIES
from ..sources.versions import Version
from ..sources.numbering import Numbering
from .base import LIST_KINDS, Attachment, Campus, Clause, Contact, Directory, Mention, anchor_of, frozen
from . import blocks
from .blocks.contacts import ContactTable, DutyNote
from .blocks.flow import Flow, FlowNode
from .blocks.form import Form
from .blocks.references import Reference
from .blocks.scenario import Scenario, Step
from .blocks.table import Cell, Table

blocks.types()  # every block type registered, for the sources stage too


class State(enum.Enum):
    """Where a version stands in its life: 草稿 → 已批准 → 已生效 → 已作废."""

    DRAFT = "草稿"
    APPROVED = "已批准"
    EFFECTIVE = "已生效"
    SUPERSEDED = "已作废"


@frozen
class Fonts:
    body: str
    heading: str
    title: str


@frozen
class CardStyle:
    """How one kind of card looks: colour of the title band, text colour on it, and an icon, so
    that a grayscale print still tells the kinds apart (icon and title differ)."""

    color: str  # "#B71C1C"
    text: str  # colour of text on `color`
    icon: str  # file stem in templates/cards/icons/


@frozen
class HeaderCell:
    """One label–value pair of the header table: field is one of HEADER_FIELDS."""

    label: str
    field: str
    span: int = 1


HEADER_FIELDS = ("category", "number", "owner", "publisher", "effective", "version", "pages", "revised")


@frozen
class FrameSection:
    """A section of the hospital's frame: 1 目的 … 10 审核批准. A section without a title prints no
    heading and takes no number (the chapters of a policy stand in it); `numbered` False prints
    its title without a number."""

    key: str
    title: str
    body: str = "clauses"  # clauses, text, or one of GENERATED_BODIES
    optional: bool = False  # may be 无
    numbered: bool = True

    @property
    def takes_number(self) -> bool:
        return self.numbered and bool(self.title)

    def named(self, index: int) -> str:
        """How messages name it: 第 5 节“规程”, or “chapters”节 when it has no title."""
        return f"第 {index} 节“{self.title}”" if self.title else f"“{self.key}”节"


@frozen
class Frame:
    """A controlled-document template of the hospital (planpress.yaml `frame`, or one of `frames`):
    the header table of page 1, row by row, the sections in order, and how clauses are numbered."""

    header: tuple[tuple[HeaderCell, ...], ...]
    sections: tuple[FrameSection, ...]
    numbering: Numbering = Numbering()
    name: str = ""  # "" for the default frame
    categories: tuple[str, ...] = ()  # documents of these categories use it

    @property
    def written(self) -> tuple[FrameSection, ...]:
        """The sections a document fills in (not generated from its attachments, record or approvals)."""
        return tuple(s for s in self.sections if s.body not in GENERATED_BODIES)


@frozen
class Frames:
    """The default frame and the named ones; a document uses the one it names (`frame:`), else the
    one listing its category, else the default."""

    default: Frame
    named: Mapping[str, Frame] = dataclasses.field(default_factory=dict)

    def choose(self, data: Mapping[str, Any]) -> Frame:
        name = data.get("frame")
        if name in self.named:
            return self.named[name]
        category = data.get("category")
        return next((f for f in self.named.values() if category in f.categories), self.default)


@frozen
class Readers:
    """Who must read and acknowledge a document (its `readers`, or its category's in planpress.yaml):
    everyone, or the staff matching every kind named (a department of `departments` and a role of
    `roles` and a campus of `campuses`; a kind not named matches anyone)."""

    everyone: bool = False
    departments: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    campuses: frozenset[str] = frozenset()  # campus keys of contacts.yaml

    def concerns(self, department: str, role: str, campus: str) -> bool:
        if self.everyone:
            return True
        return ((not self.departments or department in self.departments)
                and (not self.roles or role in self.roles)
                and (not self.campuses or campus in self.campuses))


@frozen
class SamePerson:
    """An exception to the separation of duties (signatures.same_person): one person may hold
    these roles of a version (发布 is the release signer), for the reason stated on the PDF."""

    roles: frozenset[str]
    reason: str


@frozen
class StaffDirectory:
    """planpress.yaml staff_directory: where the staff list is synchronised from (LDAP / AD)."""

    uri: str
    base: str
    bind_dn: str = ""
    start_tls: bool = False
    filter: str = "(objectClass=person)"
    # the staff list's field → the directory's attribute
    attributes: Mapping[str, str] = dataclasses.field(default_factory=dict)
    every_hours: int = 24


@frozen
class Config:
    number_pattern: str
    fonts: Fonts
    card_paper: str
    site_name: str
    site_base_url: str
    path: Path
    card_styles: Mapping[str, CardStyle] = dataclasses.field(default_factory=dict)  # scenario key or "contacts"
    site_search_terms: tuple[str, ...] = ()  # extra words for the site's Chinese search dictionary
    frame: Frame | None = None  # None only in hand-made test configs; the loader always sets one
    frames: Mapping[str, Frame] = dataclasses.field(default_factory=dict)  # the named frames (planpress.yaml `frames`)
    # signatures.electronic_since: versions released from this day on need electronic approvals;
    # paper approvals (纸质签批) count only in versions released before it. None: not declared.
    electronic_since: dt.date | None = None
    timestamp_service: str | None = None  # signatures.timestamp_service: the hospital's TSA (RFC 3161)
    same_person: tuple[SamePerson, ...] = ()  # signatures.same_person: exceptions to the separation of duties
    # acknowledgements: days to acknowledge a version in force, whether a minor revision asks again,
    # who must read the documents of each category; drills.interval_months
    acknowledgement_days: int = 14
    minor_asks_again: bool = True
    category_readers: Mapping[str, Readers] = dataclasses.field(default_factory=dict)
    drill_interval_months: int = 12
    staff_directory: StaffDirectory | None = None  # None: the staff list comes only from HR exports
    # where each setting stands in source/planpress.yaml ("fonts.body" → line), for messages
    field_locations: Mapping[str, Location] = dataclasses.field(default_factory=dict)

    def location(self, field: str) -> Location:
        return self.field_locations.get(field) or Location(self.path)

    def same_person_allowed(self, first: str, second: str) -> SamePerson | None:
        """The exception that lets one person hold roles `first` and `second`, if any."""
        return next((e for e in self.same_person if {first, second} <= e.roles), None)


@frozen
class SearchWords:
    """The site search's word lists (source/synonyms.yaml, or planpress's default list): groups of
    words searched together (the plan's word first, then what staff may type instead) and the
    words a query leaves out (了, 怎么办 …)."""

    groups: tuple[tuple[str, ...], ...] = ()
    ignore: tuple[str, ...] = ()
    path: Path | None = None  # None: planpress's default list


@frozen
class Revision:
    date: dt.date
    version: Version
    description: str
    by: str | None
    minor: bool = False  # marked minor in the record: may not ask for acknowledgements again
    # the drill findings it answers ("2026-11-20-1#2": the drill record's name, the finding's number);
    # like `minor`, outside the content fingerprint
    drill_findings: tuple[str, ...] = ()


@frozen
class Signatory:
    """A row of 10 审核批准: who signs in which role and what the signature means."""

    role: str
    title: str
    name: str  # the roster's name of `person` (a signatory without a roster entry: as written)
    department: str = ""  # the 部门 cell of the approvals table; may be blank
    person: str | None = None  # the roster key (source/people.yaml); None: not in the roster, cannot sign
    meaning: str = ""  # 审核 / 批准 / 主办: what this row's signature means (21 CFR 11.50)


@frozen
class Finding:
    """Why an approval or a release signature does not count (or not yet), in Chinese."""

    code: str  # a trust.reasons.Reason value, or one of the codes of lifecycle.signoff
    message: str
    hint: str = ""
    pending: bool = False  # nothing is wrong with it, it just does not count yet (stale on a draft,
    # paper awaiting its transcription): a warning on a draft; on a released version every finding is an error


@frozen
class Approval:
    """One entry of `approvals`: a signature by the person (`kind` signed), a paper approval given
    before electronic approval started (paper), or a name and date typed by hand (typed: an
    old-format or imported record, never counts).

    name, date, signed_at and meaning are what the verified statement says (signed), the
    signatory's name and the paper date (paper), or what was typed (typed)."""

    role: str
    kind: str  # signed / paper / typed
    location: Location
    name: str = ""
    date: dt.date | None = None
    signed_at: dt.datetime | None = None  # signed: the statement's date and time, with its time zone
    meaning: str = ""
    statement: str | None = None  # signed: exactly the signed bytes, as text
    signature: str | None = None  # signed: the detached CMS signature, PEM
    original: str | None = None  # paper: where the signed original is kept
    fingerprint: str | None = None  # typed: the fingerprint it claims (FORMAT 1 `approve` wrote it)
    # Filled in by lifecycle.signoff when the project is loaded:
    counts: bool = False  # verified: this is the row's approval of exactly this content
    findings: tuple[Finding, ...] = ()
    timestamp: dt.datetime | None = None  # signed: the trusted timestamp's time (in the statement's zone)
    pinned: bool = True  # this machine confirmed the trust anchor (else the outputs say 未核验)


@frozen
class Release:
    """The record frozen with a released version (source/archive/<number>/<version>.yaml)."""

    version: Version
    fingerprint: str  # the content released: approvals must carry the same fingerprint
    released: dt.date  # the day `planpress release` ran (a transcription: the paper version's release)
    path: Path  # the archive file
    location: Location
    statement: str | None = None  # the release statement (kind release), signed by a release signer
    signature: str | None = None
    digest: str = ""  # the archive's canonical digest, computed when it was read
    # Filled in by lifecycle.signoff:
    verified: bool = False  # the release signature is valid, by a release signer, over this archive
    meaning: str = ""  # 发布, or 转录 for the first release of a version approved on paper
    signer: str = ""  # the release signer's name
    signed_at: dt.datetime | None = None
    findings: tuple[Finding, ...] = ()
    # Issue 17: the history chain, the trusted time, the second person of a transcription
    previous: tuple[str, str] | None = None  # (version, archive digest) of the release it follows, as signed
    witness_statement: str | None = None  # a transcription's second signature (核对), over the same digest
    witness_signature: str | None = None
    signer_person: str = ""  # the release signer's roster key
    witness: str = ""  # the name of the second person of a transcription, once verified
    timestamp: dt.datetime | None = None  # the release signature's trusted time
    pinned: bool = True


@frozen
class Posting:
    place: str
    campus: Campus
    cards: tuple[str, ...]  # scenario keys, or "contacts" for the contact card
    copies: int


@frozen
class Document:
    source: Path
    number: str
    title: str
    category: str
    owner: str
    publisher: str
    version: Version
    effective: dt.date | None  # None while a revision is in progress and no date is set yet
    revised: dt.date | None
    review_cycle_years: int
    review_due: dt.date | None  # None without an effective date
    scenarios: tuple[Scenario, ...]  # every scenario of the clause tree, in reading order
    attachments: tuple[Attachment, ...]
    revisions: tuple[Revision, ...]
    signatories: tuple[Signatory, ...]
    approvals: tuple[Approval, ...]
    postings: tuple[Posting, ...]
    clauses: tuple[Clause, ...]
    campuses: tuple[Campus, ...]  # the campuses this document covers (default: all of the directory)
    field_locations: Mapping[str, Location]  # where each top-level field stands in the source
    fingerprint: str
    frame: Frame | None = None  # the frame it was assembled with: section titles, header labels
    superseded: bool = False  # an archived version that a later release replaced
    # Lifecycle, filled in by the loader from source/archive/ (see planpress.lifecycle):
    release: Release | None = None  # the frozen release of this version, if it was released
    archived: bool = False  # this Document was loaded from its archive snapshot, not source/<number>.yaml
    settings: Config | None = None  # the settings frozen with an archived version (else the project's)
    as_of: dt.date | None = None  # the day the model was loaded for ("today"): decides what is in force
    # The working copy's record of its own release (`released_as`, written by `planpress release`,
    # outside the fingerprint): (version, archive digest). An archive that disappears is then noticed.
    released_as: tuple[str, str] | None = None
    exceptions: tuple[str, ...] = ()  # separation-of-duties exceptions this version uses, as the PDF states them
    readers: Readers | None = None  # who must acknowledge it (outside the fingerprint); None: its category's

    @property
    def state(self) -> State:
        """Derived from the source, never typed:
        草稿 until every signatory's approval is verified for exactly this content; 已批准 when
        it is (and, once released with a valid release signature, until its effective date);
        已生效 when released and in force; 已作废 when a later released version has come into
        force. A released version whose approvals or release signature fail verification is
        草稿, never 已批准 or 已生效."""
        if self.superseded:
            return State.SUPERSEDED
        if self.is_released:
            if not (self.release.verified and self.is_approved):
                return State.DRAFT
            return State.EFFECTIVE if self.in_force else State.APPROVED
        if self.is_approved:
            return State.APPROVED
        return State.DRAFT

    @property
    def is_released(self) -> bool:
        """Frozen by `planpress release`, and still the very content that was released (whether
        the release signature is valid is `release.verified`; `state` needs both)."""
        return (self.release is not None and self.release.version == self.version
                and self.release.fingerprint == self.fingerprint)

    @property
    def in_force(self) -> bool:
        """Its effective date has come (as of the day the model was loaded)."""
        return self.effective is not None and (self.as_of is None or self.effective <= self.as_of)

    @property
    def short_fingerprint(self) -> str:
        return self.fingerprint[:12]

    @property
    def slug(self) -> str:
        """File stem of this version's outputs: H-J-YA-028_A-0."""
        return f"{self.number}_{self.version.slug}"

    def scenario(self, key: str) -> Scenario:
        return next(s for s in self.scenarios if s.key == key)

    def clause(self, number: str) -> Clause:
        return next(c for top in self.clauses for c in top.walk() if c.number.rstrip(".)") == number)

    def walk(self) -> Iterator[Clause]:
        """Every clause and block, the sections' and then the attachments', in reading order."""
        for top in self.clauses:
            yield from top.walk()
        for attachment in self.attachments:
            for top in attachment.clauses:
                yield from top.walk()

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(c.block for c in self.walk() if isinstance(c.block, Table))

    @property
    def flows(self) -> tuple[Flow, ...]:
        return tuple(c.block for c in self.walk() if isinstance(c.block, Flow))

    @property
    def contact_form(self) -> Attachment | None:
        """The first contact table (附件 1 in a plan): the cards' contact card and duty phone."""
        return next((a for a in self.attachments if a.kind == "contacts"), None)

    def approval_department(self, role: str) -> str:
        """The 部门 cell of the approvals table, as the signatory declares it."""
        signatory = self.signatory(role)
        return signatory.department if signatory else ""

    def signatory(self, role: str) -> Signatory | None:
        return next((s for s in self.signatories if s.role == role), None)

    def approval(self, role: str) -> Approval | None:
        return next((a for a in self.approvals if a.role == role), None)

    @property
    def missing_approvals(self) -> tuple[str, ...]:
        """Roles without any approval entry."""
        return tuple(s.role for s in self.signatories if self.approval(s.role) is None)

    @property
    def waiting_roles(self) -> tuple[str, ...]:
        """Roles whose approval does not count (yet): missing, stale, invalid, paper awaiting its
        transcription, typed by hand."""
        return tuple(s.role for s in self.signatories if not self.approved_by(s.role))

    def approved_by(self, role: str) -> Approval | None:
        """The approval of `role` that counts for exactly this content, or None."""
        approval = self.approval(role)
        return approval if approval is not None and approval.counts else None

    @property
    def is_approved(self) -> bool:
        """Every signatory's approval is verified for exactly this content."""
        return bool(self.signatories) and not self.waiting_roles

    def shown_contacts(self) -> dict[str, Contact]:
        """Every directory entry the document shows (calls, linked mentions, table cells, appendix
        rows), by key, as this version shows them: an archived version keeps the numbers it was
        released with."""
        return {contact.key: contact for _, contact in self.contact_places()}

    def contact_places(self) -> Iterator[tuple[str, Contact]]:
        """(where, entry) for each place the document shows a directory entry: "5.2.1" for a
        clause's linked word, "表 1" for a table cell, "5.5.3 盗窃案件" for a step, "附件 1" for an
        appendix row."""
        def walk(clause: Clause, above: str) -> Iterator[tuple[str, Contact]]:
            if clause.kind in ("table", "flow"):
                where = " ".join(clause.title.split(" ")[:2])
            elif clause.is_list_item:
                where = f"{above} {clause.number}".strip()
            else:
                where = clause.number or above
            for mention in clause.mentions:
                yield where, mention.contact
            block_type = blocks.of(clause)
            if block_type is not None:
                for contact in block_type.contacts(clause):
                    yield where, contact
            for child in clause.children:
                yield from walk(child, where)

        for top in (*self.clauses, *(c for a in self.attachments for c in a.clauses)):
            yield from walk(top, "")
        for scenario in self.scenarios:
            for step in scenario.steps:
                for contact in (*step.calls, *(m.contact for m in step.mentions)):
                    yield f"{scenario.number} {scenario.title}", contact
        for attachment in self.attachments:
            for contact in blocks.kind(attachment.kind).attachment_contacts(attachment):
                yield f"附件 {attachment.ordinal}", contact

    def review_overdue(self, today: dt.date) -> bool:
        return self.review_due is not None and today > self.review_due

    def texts(self) -> Iterator[tuple[str, Location]]:
        """Every piece of text a renderer may print, with where it is written in source/."""
        for name in ("number", "title", "category", "owner", "publisher"):
            yield getattr(self, name), self.field_locations[name]
        for clause in self.walk():
            yield clause.title, clause.location
            yield clause.text, clause.location
            block_type = blocks.of(clause)
            if block_type is not None:
                yield from block_type.texts(clause)
        for scenario in self.scenarios:
            for step in scenario.steps:
                yield step.actor, step.location
                yield step.card_text, step.location
                for contact in step.calls:
                    yield contact.name, contact.location
        for attachment in self.attachments:
            yield attachment.title, attachment.location
            yield from blocks.kind(attachment.kind).attachment_texts(attachment)
        for revision in self.revisions:
            yield revision.description, self.field_locations["revisions"]
        for signatory in self.signatories:
            yield (f"{signatory.role}{signatory.department}{signatory.title}{signatory.name}{signatory.meaning}",
                   self.field_locations["signatories"])
        for campus in self.campuses:
            yield campus.name, self.field_locations["number"]


@frozen
class Project:
    """Everything in source/: the settings, the contact directory and the documents.

    `documents` are the working copies (source/<number>.yaml); `archive` holds every released
    version frozen under source/archive/, oldest first, each with its own state: the one in force
    is 已生效, the ones it replaced are 已作废 (superseded).
    """

    root: Path
    config: Config
    directory: Directory
    documents: tuple[Document, ...]
    archive: tuple[Document, ...] = ()
    roster: object = None  # trust.roster.Roster: who may sign, their certificates, the (pinned) trust anchors
    search: SearchWords = SearchWords()  # the site search's synonyms and ignored words

    def document(self, number: str) -> Document:
        return next(d for d in self.documents if d.number == number)

    def history(self, number: str) -> tuple[Document, ...]:
        """The released versions of a document, oldest first."""
        return tuple(d for d in self.archive if d.number == number)

    def current(self, number: str) -> Document | None:
        """The version staff may use: the released version in force (the working copy when that
        is it, so renderers see its source locations), or None if none is in force yet."""
        in_force = [d for d in self.history(number) if d.state is State.EFFECTIVE]
        if not in_force:
            return None
        working = next((d for d in self.documents if d.number == number), None)
        if working is not None and working.is_released and working.version == in_force[-1].version:
            return working
        return in_force[-1]

    def superseded(self, number: str) -> tuple[Document, ...]:
        return tuple(d for d in self.history(number) if d.superseded)

    def for_staff(self, number: str) -> Document:
        """The version the site and the wall cards show: the one in force; before the first
        release takes effect, the working copy (which then prints as 草稿 or 已批准)."""
        return self.current(number) or self.document(number)

    def paper_versions(self, number: str) -> tuple[Revision, ...]:
        """Versions released on paper before the document came to planpress (纸质版本): the rows of
        its revision record older than its first version kept here (archived or working copy)."""
        versions = self.history(number) or (self.document(number),)
        first = versions[0].version.sort_key()
        record = self.document(number).revisions
        return tuple(r for r in record if r.version.sort_key() < first)

    def editions(self, number: str) -> tuple[Document, ...]:
        """Every version of a document that has a PDF, oldest first: each released version
        (superseded, in force, or waiting for its effective date) and the working copy when it
        is not itself a released version. A released working copy stands in for its archived
        twin: the same content, with the source locations messages need."""
        working = self.document(number)
        versions = [working if working.is_released and d.version == working.version else d
                    for d in self.history(number)]
        if not working.is_released:
            versions.append(working)
        return tuple(versions)

    def readers(self, doc: Document) -> Readers | None:
        """Who must acknowledge `doc`: its own `readers`, else its category's (planpress.yaml), else no one."""
        return doc.readers or self.config.category_readers.get(doc.category)

    def config_for(self, doc: Document) -> Config:
        """The settings to render `doc` with. A released version keeps the settings frozen with its
        release (its fonts), whether it is read from the archive or is still the working copy, so
        its outputs do not change when planpress.yaml does, nor when a revision starts; a version
        not released uses the project's."""
        if doc.settings is None and doc.is_released:
            doc = next((d for d in self.history(doc.number) if d.version == doc.version), doc)
        return doc.settings or self.config
