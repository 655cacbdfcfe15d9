"""The parts of one rendering pass: reference cards, copy stamps, checklists.

A campus's cards, the stamps of its controlled copies and its checklist are laid out in one
WeasyPrint pass (one font subset) and then split into files by page. A controlled copy is not laid
out again: its number and place are laid out alone, as a "stamp" on a page one line high, which is
laid over the blank slots of its card's page (planpress.cards.pdfsplit). Each part starts with an
name (its `data-box` attribute, planpress.cards.layout) that finds its pages and boxes again.

Plain data: the parts travel to the helper process that lays them out (planpress.cards.helpers),
which must not need Jinja2 to read them.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping

from ..model import Campus
from .content import Card
from .copies import ControlledCopy, Recall


@dataclasses.dataclass(frozen=True)
class CardPart:
    """A card as printed for reference: its controlled-copy slots are blank. Its steps are laid out
    in one column, or in two when they do not fit one (planpress.cards.layout)."""

    id: str
    card: Card
    qr: str
    columns: int = 1
    kind = "card"

    @property
    def name(self) -> str:
        return self.card.name


@dataclasses.dataclass(frozen=True)
class StampPart:
    """The number and place of one controlled copy, to lay over its card's blank slots."""

    id: str
    card: CardPart
    copy: ControlledCopy
    kind = "stamp"


@dataclasses.dataclass(frozen=True)
class ChecklistPart:
    """The posting and recall checklist of one campus: every controlled copy, where it hangs."""

    id: str
    campus: Campus
    copies: tuple[ControlledCopy, ...]
    titles: Mapping[str, str]  # card key → title
    bundle_name: str
    previous: str | None  # the version whose copies this posting replaces (A / 0), None for a first version
    recall: Recall | None  # which of its copies to take down, when there is a previous version
    kind = "checklist"

    @property
    def places(self) -> tuple[tuple[str, int], ...]:
        return tuple(Counter(copy.place for copy in self.copies).items())


@dataclasses.dataclass(frozen=True)
class Composition:
    html: str
    cards: tuple[CardPart, ...]  # every card, campus by campus
    # card part id → an HTML document of that card alone with its steps in two columns, laid out
    # only if they do not fit one column (scenario cards; the contact card has no steps)
    two_column: Mapping[str, str]
    stamps: Mapping[str, tuple[StampPart, ...]]  # campus key → its controlled copies, in print order
    checklists: Mapping[str, ChecklistPart]  # campus key → its checklist (campuses with postings)

    @property
    def parts(self) -> tuple:
        return self.cards + tuple(s for stamps in self.stamps.values() for s in stamps) + tuple(self.checklists.values())
