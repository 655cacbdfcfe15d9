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
