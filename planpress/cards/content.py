"""What each card says, taken from the model only: titles, steps, and this campus's numbers.

A card never holds a number typed in a template: every number comes from the contact directory
through a step's `calls`, the contact form (附件 1) or its duty note, resolved for one campus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import outputs
from ..model import Campus, CardStyle, Contact, Document, Project
from ..problems import Location

frozen = dataclasses.dataclass(frozen=True)

CONTACT_CARD_TITLE = "应急联络电话"  # the contact card's heading; the form's own title is printed beneath it


@frozen
class Phone:
    name: str
    note: str  # what the number is for, from the directory ("节假日、下班后"); may be empty
    number: str


@frozen
class CardStep:
    actor: str
    segments: tuple[tuple[str, bool], ...]  # the card wording; True marks a word linked to a contact
    calls: tuple[Phone, ...]
    location: Location

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.segments)


@frozen
class Card:
    key: str  # scenario key, or outputs.CONTACT_CARD
    campus: Campus
    title: str
    subtitle: str  # where in the document the card comes from: 第 5.5.1 条, 附件 1 H-J-YA-028-A.01
    style: CardStyle
    steps: tuple[CardStep, ...]
    phones: tuple[Phone, ...]  # the call box: everyone the steps call, then the duty phone
    qr_url: str
    location: Location  # where the card's content is written in source/

    @property
    def name(self) -> str:
        """How messages name the card: 火灾（滨河院区）."""
        return f"{self.title}（{self.campus.name}）"

    @property
    def is_contact_card(self) -> bool:
        return self.key == outputs.CONTACT_CARD


def cards_of(project: Project, doc: Document) -> tuple[Card, ...]:
    """Every card of `doc`, campus by campus: the scenarios in order, then the contact card."""
    return tuple(card for campus in doc.campuses for card in _campus_cards(project, doc, campus))


def card_title(doc: Document, key: str) -> str:
    return CONTACT_CARD_TITLE if key == outputs.CONTACT_CARD else doc.scenario(key).title


def _campus_cards(project: Project, doc: Document, campus: Campus) -> Iterator[Card]:
    base_url = project.config.site_base_url
    styles = project.config.card_styles
    form = doc.attachments[0]
    duty = _phone(form.duty.contact, campus)
    for scenario in doc.scenarios:
        steps = tuple(
            CardStep(step.actor, _segments(step.card_text, [m.wording for m in step.mentions]),
                     tuple(_phone(c, campus) for c in step.calls), step.location)
            for step in scenario.steps)
        calls = tuple(_phone(c, campus) for c in scenario.calls if c.key != form.duty.contact.key)
        yield Card(scenario.key, campus, scenario.title, f"第 {scenario.number} 条", styles[scenario.key],
                   steps, calls + (duty,), outputs.site_url(base_url, outputs.site_scenario_page(doc, scenario.key)),
                   scenario.location)
    rows = tuple(_phone(c, campus) for c in form.contacts if c.key != form.duty.contact.key)
    yield Card(outputs.CONTACT_CARD, campus, CONTACT_CARD_TITLE, f"附件 {form.ordinal} {form.code}",
               styles[outputs.CONTACT_CARD], (), rows + (duty,),
               outputs.site_url(base_url, outputs.SITE_CONTACTS_PAGE), form.location)


def _phone(contact: Contact, campus: Campus) -> Phone:
    number = contact.phone_at(campus.key)
    if number is None:  # `planpress check` makes this impossible; fail loudly if it ever is not
        raise ValueError(f"{contact.key} has no number at {campus.key}")
    return Phone(contact.name, contact.description or "", number)


def _segments(text: str, words: list[str]) -> tuple[tuple[str, bool], ...]:
    """Split `text` so the words that name a contact can be set in bold."""
    words = [w for w in words if w and not w.isdigit()]
    segments: list[tuple[str, bool]] = []
    position = 0
    while position < len(text):
        hits = [(text.find(w, position), w) for w in words if text.find(w, position) >= 0]
        found = min(hits, key=lambda hit: (hit[0], -len(hit[1])), default=None)
        if found is None:
            segments.append((text[position:], False))
            break
        start, word = found
        if start > position:
            segments.append((text[position:start], False))
        segments.append((word, True))
        position = start + len(word)
    return tuple(segments)
