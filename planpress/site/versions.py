"""Which version of each document the site shows, and which versions it only lists.

Staff meet one version of each document, `Project.for_staff`: the one in force, or, before the
first release takes effect, the working copy (marked 草稿 or 已批准). A revision in progress and a
release waiting for its effective date never replace it: the document page names them (version and
state, no content) and the history page lists them. Superseded versions have no pages of their
own: the history page lists them with their PDF, marked 作废.

The editors' preview (`mkdocs serve`, `make preview`) shows the working copies instead, so that an
edit made during a revision appears as it is saved; each page says that it is a preview.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from ..model import Contact, Document, Project


@dataclasses.dataclass(frozen=True)
class SiteVersions:
    project: Project
    preview: bool = False  # the editors' preview: working copies instead of the versions in force
    # Documents with an error in this build (by number) → their errors. The project holds their last
    # good version, if they had one: the site goes on showing it, and the register marks them.
    broken: Mapping[str, tuple] = dataclasses.field(default_factory=dict)

    def shown(self) -> list[Document]:
        """The version the site shows of each document, in document-number order."""
        numbers = sorted({d.number for d in self.project.documents})
        if self.preview:
            return [self.project.document(number) for number in numbers]
        return [self.project.for_staff(number) for number in numbers]

    def in_use(self, number: str) -> Document:
        """The version staff use (the same as shown() outside the preview)."""
        return self.project.for_staff(number)

    def upcoming(self, number: str) -> list[Document]:
        """Versions newer than the one shown and not in force yet, oldest first: released versions
        waiting for their effective date, then the working copy while a revision is in progress."""
        if self.preview:
            return []
        staff = self.project.for_staff(number)
        later = [d for d in self.project.history(number) if _after(d, staff)]
        working = self.project.document(number)
        if not working.is_released and _after(working, staff):
            later.append(working)
        return later

    def listed(self, number: str) -> list[Document]:
        """Every version of a document for the history page, newest first: each released version
        and a working copy that is not (yet) released."""
        found = list(self.project.history(number))
        working = self.project.document(number)
        if not working.is_released:
            found.append(working)
        return sorted(found, key=lambda d: d.version.sort_key(), reverse=True)

    def previous_release(self, doc: Document) -> Document | None:
        """The released version before `doc` (what 本版修订内容 compares with); None for a first version."""
        earlier = [d for d in self.project.history(doc.number) if _after(doc, d)]
        return earlier[-1] if earlier else None

    def replaced_on(self, doc: Document) -> dt.date | None:
        """The day a superseded version stopped being in force: the effective date of the first
        later version that came into force."""
        if not doc.superseded:
            return None
        return min((d.effective for d in self.project.history(doc.number) if _after(d, doc) and d.in_force),
                   default=None)

    def contacts(self) -> dict[str, Contact]:
        """The directory as the site shows it, by key. A number changed in contacts.yaml for a
        revision in progress is not in force yet: where a version shown is an archived one, its
        entries (as released) replace the directory's, and an entry only it still shows stays listed."""
        found = dict(self.project.directory.contacts)
        for doc in self.shown():
            if doc.archived or doc.number in self.broken:  # a broken document's last good version too
                found.update(doc.shown_contacts())
        return found

    def without_version(self) -> list[str]:
        """Documents with an error that have no good version to show (never built without one)."""
        shown = {d.number for d in self.project.documents}
        return sorted(number for number in self.broken if number not in shown)


def _after(doc: Document, other: Document) -> bool:
    return doc.version.sort_key() > other.version.sort_key()
