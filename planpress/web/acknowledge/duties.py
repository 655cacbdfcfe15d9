"""What each member of staff must read: the documents in force that concern them, with deadlines.

Derived, never stored: the versions in force come from the model (Project.current), who they
concern from `readers` (Project.readers), the people from the staff list. A version is done for a
person when they acknowledged exactly it (version and fingerprint), or, where planpress.yaml says
minor revisions do not ask again, when every version after the one they acknowledged is marked
minor in the revision record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from ...model import Document, Project, Readers


@dataclasses.dataclass(frozen=True)
class InForce:
    """A document version in force and who it concerns."""

    doc: Document
    readers: Readers
    minor_versions: frozenset[str]  # versions of its record marked minor

    @property
    def number(self) -> str:
        return self.doc.number

    @property
    def version(self) -> str:
        return str(self.doc.version)


@dataclasses.dataclass(frozen=True)
class Due:
    number: str
    title: str
    version: str
    fingerprint: str
    effective: dt.date
    deadline: dt.date
    last_version: str | None  # the version this person last acknowledged, if any

    def overdue(self, today: dt.date) -> bool:
        return today > self.deadline


@dataclasses.dataclass(frozen=True)
class Person:
    """What duties need of a member of staff (a StaffMember or a plain row in the bench)."""

    id: int
    department: str
    role: str
    campus: str
    since: dt.date


def in_force(project: Project) -> list[InForce]:
    """The versions staff must know: in force, with someone named to read them."""
    found = []
    for working in project.documents:
        current = project.current(working.number)
        readers = project.readers(working)
        if current is None or readers is None or current.effective is None:
            continue
        minor = frozenset(str(r.version) for r in working.revisions if r.minor)
        found.append(InForce(current, readers, minor))
    return found


def _done(item: InForce, acknowledged: dict[str, str], minor_counts: bool) -> bool:
    """`acknowledged`: version → fingerprint this person acknowledged, for this document."""
    if acknowledged.get(item.version) == item.doc.fingerprint:
        return True
    if not minor_counts or not acknowledged:
        return False
    # Every version after the newest one acknowledged, up to the one in force, is minor.
    key = item.doc.version.sort_key()
    newest = max((v for v in acknowledged), key=lambda v: _sort_key(v))
    later = [r for r in item.doc.revisions
             if _sort_key(newest) < r.version.sort_key() <= key]
    return bool(later) and all(str(r.version) in item.minor_versions for r in later)


def _sort_key(version: str):
    from ...sources.versions import Version

    return Version.parse(version).sort_key()


def due_for(project: Project, person: Person, acknowledged: dict[str, dict[str, str]],
            items: Iterable[InForce] | None = None) -> list[Due]:
    """What `person` still has to read, earliest deadline first. `acknowledged`: number →
    {version: fingerprint} of their acknowledgements."""
    days = dt.timedelta(days=project.config.acknowledgement_days)
    minor_counts = not project.config.minor_asks_again
    waiting = []
    for item in items if items is not None else in_force(project):
        if not item.readers.concerns(person.department, person.role, person.campus):
            continue
        mine = acknowledged.get(item.number, {})
        if _done(item, mine, minor_counts):
            continue
        start = max(item.doc.effective, person.since)
        last = max(mine, key=_sort_key) if mine else None
        waiting.append(Due(item.number, item.doc.title, item.version, item.doc.fingerprint, item.doc.effective,
                           start + days, last))
    return sorted(waiting, key=lambda d: (d.deadline, d.number))


def acknowledged_by(rows: Iterable[tuple[str, str, str]]) -> dict[str, dict[str, str]]:
    """(number, version, fingerprint) rows → number → {version: fingerprint}."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for number, version, fingerprint in rows:
        found[number][version] = fingerprint
    return found
