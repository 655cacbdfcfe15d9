"""The HTML of one rendering pass: reference cards, copy stamps, checklists (see planpress.cards.parts)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from .. import outputs
from ..model import Campus, Document, Project
from ..render import templating
from .content import Card, card_settings, card_title, state_mark
from .copies import controlled_copies, recall
from .parts import CardPart, ChecklistPart, Composition, StampPart
from .qr import qr_data_uri

TEMPLATE = "cards/cards.html.j2"
# Whitespace between tags (the templates' indentation) becomes boxes WeasyPrint lays out for
# nothing; the templates never rely on it for a visible space.
_TAG_GAP = re.compile(r">\s+<")


def compose(project: Project, doc: Document, cards: tuple[Card, ...], build_dir: Path,
            campus: Campus | None = None, previous: Document | None = None) -> Composition:
    """The parts of `cards` (only those of `campus`, when given) and their HTML. `previous` is the
    version whose copies hang now: the checklists say which of them each new copy replaces."""
    if campus is not None:
        cards = tuple(card for card in cards if card.campus.key == campus.key)
    qr = {card.qr_url: qr_data_uri(card.qr_url) for card in cards}
    parts = tuple(CardPart(f"card-{card.key}-{card.campus.key}", card, qr[card.qr_url]) for card in cards)
    by_key = {(part.card.key, part.card.campus.key): part for part in parts}
    titles = {key: card_title(doc, key) for key in dict.fromkeys(part.card.key for part in parts)}
    stamps: dict[str, tuple[StampPart, ...]] = {}
    checklists: dict[str, ChecklistPart] = {}
    for place in (campus,) if campus else doc.campuses:
        copies = controlled_copies(doc, place)
        if not copies:  # `planpress check` warns: nothing to print as controlled copies here
            continue
        stamps[place.key] = tuple(StampPart(f"stamp-{copy.number}", by_key[copy.card, place.key], copy)
                                  for copy in copies)
        recalled = recall(previous, doc, place) if previous else None
        if recalled:  # a card the new version no longer has keeps its old title in the list
            titles.update({copy.card: card_title(previous, copy.card) for copy in recalled.withdrawn
                           if copy.card not in titles})
        checklists[place.key] = ChecklistPart(f"checklist-{place.key}", place, copies, titles,
                                              outputs.bundle_path(build_dir, doc, place.key).name,
                                              previous.version.display if previous else None, recalled)
    composition = Composition("", parts, {}, stamps, checklists)
    settings = card_settings(project, doc)
    context = dict(doc=doc, paper=settings.card_paper, font=settings.fonts.heading, state_mark=state_mark(doc),
                   slot_widths=_slot_widths(doc))

    def html(parts) -> str:
        palette = dict.fromkeys((part.card.style.text, part.card.style.color) for part in parts if part.kind == "card")
        return _TAG_GAP.sub("><", templating.render(project.root, TEMPLATE, parts=parts, palette=palette, **context))

    # Each scenario card also in two columns, in a document of its own: the helper lays it out only
    # when the card's steps do not fit one column (a few milliseconds of Jinja each, no layout).
    two_column = {part.id: html((dataclasses.replace(part, columns=2),)) for part in parts if part.card.steps}
    return dataclasses.replace(composition, html=html(composition.parts), two_column=two_column)


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
