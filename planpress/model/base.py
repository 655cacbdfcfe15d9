"""The pieces every part of the model is made of: campuses and the contact directory, linked words,
and the clause node that block types assemble their content into."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..problems import Location

frozen = dataclasses.dataclass(frozen=True)


@frozen
class Campus:
    key: str
    name: str


@frozen
class Contact:
    key: str
    name: str
    description: str | None
    phones: Mapping[str, str]  # campus key → number; every campus when the number is shared
    shared: bool  # one number for the whole hospital (119, 110)
    location: Location

    def phone_at(self, campus: str) -> str | None:
        return self.phones.get(campus)


@frozen
class Directory:
    campuses: tuple[Campus, ...]
    contacts: Mapping[str, Contact]
    path: Path

    def campus(self, key: str) -> Campus:
        return next(c for c in self.campuses if c.key == key)


@frozen
class Mention:
    """A word in the text (总务处) linked to the directory entry it means (总务科)."""

    wording: str
    contact: Contact


LIST_KINDS = ("letter", "subletter", "circled")  # a. · a) · ①


@frozen
class Clause:
    """One numbered (or lettered, or listed) piece of the document, in the seed's style.

    kind: the node kind, which the renderers dispatch on: section (1–10) and revisions /
    approvals (the tables of 9 and 10) are the frame's; every other kind belongs to the block
    type that makes it (model/blocks: clause, letter, subletter, circled of the plain clause;
    roster of a group; reference; table; flow; note …). `block` holds a block's own content
    (a Table, a Flow …) where the node's number, title and text do not say it all.
    run_in: title and text on one line, "title：text" (3 定义/术语：无。, 5.3.1 预案及响应：…).
    text: paragraphs are separated by "\n".
    level and style: set by the frame's numbering (model/numbering.py), for renderers to lay out
    第一章 / 第一条 / （一） the way Chinese policies print them. Neither is in the fingerprint: the
    number itself is.
    """

    kind: str
    number: str
    title: str
    text: str
    children: tuple[Clause, ...]
    location: Location
    run_in: bool = False
    mentions: tuple[Mention, ...] = ()
    anchor: str = ""
    block: Any = None
    level: int = 0  # the clause level its number stands at (1: a section, 2: 5.1 …; 0: not numbered)
    style: str = ""  # its numbering style's name (numbering.Style.name): "" for the seed's 5.1.1 and a. a) ①

    def walk(self) -> Iterator[Clause]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(self.text.split("\n")) if self.text else ()

    @property
    def is_list_item(self) -> bool:
        return self.kind in LIST_KINDS

    @property
    def heading(self) -> str:
        """Number and title as one line: "5.5.2 突发漏水", "a.人员构成"."""
        if self.kind in LIST_KINDS:
            return f"{self.number}{self.title}"
        return " ".join(part for part in (self.number, self.title) if part)



@frozen
class Attachment:
    """附件 N of a document. `kind` names its block type (model/blocks: contacts, form, clauses …),
    which made `content` (a ContactTable, a Form …) and the clause nodes it holds."""

    ordinal: int  # 附件 1
    code: str  # H-J-YA-028-A.01
    title: str
    location: Location
    kind: str
    content: Any = None
    clauses: tuple[Clause, ...] = ()  # walked with the document's own clauses

    @property
    def anchor(self) -> str:
        return f"appendix-{self.ordinal}"


def anchor_of(number: str) -> str:
    """Stable web anchor for a clause number: 5.5.2 → 5-5-2, 5.1.1.b.a → 5-1-1-b-a."""
    return re.sub(r"[^0-9a-z]+", "-", number.lower()).strip("-")
