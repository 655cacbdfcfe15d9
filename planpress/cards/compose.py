"""The parts of one rendering pass, and its HTML: reference cards, copy stamps, checklists.

A campus's cards, the stamps of its controlled copies and its checklist are laid out in one
WeasyPrint pass (one font subset) and then split into files by page. A controlled copy is not laid
out again: its number and place are
laid out alone, as a "stamp" on a page one line high, which is laid over the blank slots of its
card's page (planpress.cards.pdfsplit). Each part starts with an HTML id that finds its pages and
boxes again.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from .. import outputs
from ..model import Campus, Document, Project, State
from ..render import templating
from .content import Card, card_title
from .copies import ControlledCopy, controlled_copies
from .qr import qr_data_uri

TEMPLATE = "cards/cards.html.j2"
# Whitespace between tags (the templates' indentation) becomes boxes WeasyPrint lays out for
# nothing; the templates never rely on it for a visible space.
_TAG_GAP = re.compile(r">\s+<")


@dataclasses.dataclass(frozen=True)
class CardPart:
    """A card as printed for reference: its controlled-copy slots are blank."""

    id: str
    card: Card
    qr: str
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
    kind = "checklist"

    @property
    def places(self) -> tuple[tuple[str, int], ...]:
        return tuple(Counter(copy.place for copy in self.copies).items())


@dataclasses.dataclass(frozen=True)
class Composition:
    html: str
    cards: tuple[CardPart, ...]  # every card, campus by campus
    stamps: Mapping[str, tuple[StampPart, ...]]  # campus key → its controlled copies, in print order
    checklists: Mapping[str, ChecklistPart]  # campus key → its checklist (campuses with postings)

    @property
    def parts(self) -> tuple:
        return self.cards + tuple(s for stamps in self.stamps.values() for s in stamps) + tuple(self.checklists.values())


def compose(project: Project, doc: Document, cards: tuple[Card, ...], build_dir: Path,
            campus: Campus | None = None) -> Composition:
    """The parts of `cards` (only those of `campus`, when given) and their HTML."""
    if campus is not None:
        cards = tuple(card for card in cards if card.campus.key == campus.key)
    qr = {card.qr_url: qr_data_uri(card.qr_url) for card in cards}
    parts = tuple(CardPart(f"card-{card.key}-{card.campus.key}", card, qr[card.qr_url]) for card in cards)
    by_key = {(part.card.key, part.card.campus.key): part for part in parts}
    titles = {part.card.key: card_title(doc, part.card.key) for part in parts}
    stamps: dict[str, tuple[StampPart, ...]] = {}
    checklists: dict[str, ChecklistPart] = {}
    for place in (campus,) if campus else doc.campuses:
        copies = controlled_copies(doc, place)
        if not copies:  # `planpress check` warns: nothing to print as controlled copies here
            continue
        stamps[place.key] = tuple(StampPart(f"stamp-{copy.number}", by_key[copy.card, place.key], copy)
                                  for copy in copies)
        checklists[place.key] = ChecklistPart(f"checklist-{place.key}", place, copies, titles,
                                              outputs.bundle_path(build_dir, doc, place.key).name)
    composition = Composition("", parts, stamps, checklists)
    html = templating.render(project.root, TEMPLATE, doc=doc, parts=composition.parts, paper=project.config.card_paper,
                             font=project.config.fonts.heading, draft=doc.state is not State.EFFECTIVE,
                             slot_widths=_slot_widths(doc))
    return dataclasses.replace(composition, html=_TAG_GAP.sub("><", html))


def _slot_widths(doc: Document) -> dict[str, float]:
    """Widths (em) of the blank copy-number and place slots: room for the longest of each.

    Latin letters and digits are about 0.6 em wide, Chinese characters 1 em.
    """
    numbers = [copy.number for campus in doc.campuses for copy in controlled_copies(doc, campus)]
    places = [posting.place for posting in doc.postings]
    return {"number": round(max((_ems(n) for n in numbers), default=8) + 0.8, 1),
            "place": round(max((_ems(p) for p in places), default=4) + 0.8, 1)}


def _ems(text: str) -> float:
    return sum(0.6 if ord(char) < 0x2E80 else 1.0 for char in text)
