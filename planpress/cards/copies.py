"""Controlled copies (受控副本): one numbered copy per card, per posting, per copy posted there.

The postings of a document say where cards hang; each printed copy carries its own number so that
at the next version exactly those copies are replaced. Numbers run per campus in the order of the
postings, and name the document and version: H-J-YA-028-A0-binhe-03.
"""

from __future__ import annotations

import dataclasses

from ..model import Campus, Document


@dataclasses.dataclass(frozen=True)
class ControlledCopy:
    number: str  # 受控副本编号
    sequence: int  # 1, 2, … within the campus
    campus: Campus
    place: str
    card: str  # scenario key or outputs.CONTACT_CARD


def copy_number(doc: Document, campus: Campus, sequence: int) -> str:
    return f"{doc.number}-{doc.version.edition}{doc.version.revision}-{campus.key}-{sequence:02d}"


def controlled_copies(doc: Document, campus: Campus) -> tuple[ControlledCopy, ...]:
    """Every copy to print and post at `campus`: place by place, set by set, card by card."""
    copies = []
    for posting in doc.postings:
        if posting.campus.key != campus.key:
            continue
        for _ in range(posting.copies):
            for card in posting.cards:
                sequence = len(copies) + 1
                copies.append(ControlledCopy(copy_number(doc, campus, sequence), sequence, campus, posting.place, card))
    return tuple(copies)


@dataclasses.dataclass(frozen=True)
class Recall:
    """What to take down at `campus` when `doc`'s copies are posted: for each new copy, the
    previous version's copy of the same card at the same place (None where there was none), and
    the previous copies that nothing replaces (a place or card dropped from the postings)."""

    replaced: dict[int, ControlledCopy]  # sequence of a new copy → the old copy it replaces
    withdrawn: tuple[ControlledCopy, ...]


def recall(previous: Document, doc: Document, campus: Campus) -> Recall:
    """Pair the copies of `doc` and `previous` at `campus` by place and card, in posting order:
    the second 病案库房 fire card replaces the second one hanging there."""
    old: dict[tuple[str, str], list[ControlledCopy]] = {}
    for copy in controlled_copies(previous, campus):
        old.setdefault((copy.place, copy.card), []).append(copy)
    replaced = {}
    for copy in controlled_copies(doc, campus):
        waiting = old.get((copy.place, copy.card))
        if waiting:
            replaced[copy.sequence] = waiting.pop(0)
    withdrawn = tuple(sorted((c for left in old.values() for c in left), key=lambda c: c.sequence))
    return Recall(replaced, withdrawn)
