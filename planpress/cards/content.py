"""What each card says, taken from the model only: titles, steps, and this campus's numbers.

A card never holds a number typed in a template: every number comes from the contact directory
through a step's `calls`, the contact form (附件 1) or its duty note, resolved for one campus.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import dates, outputs
from ..model import Campus, CardStyle, Config, Contact, Document, Project, State
from ..problems import Location, SourceError, error

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


def previous_version(project: Project, doc: Document) -> Document | None:
    """The version whose cards hang on the walls until `doc`'s are posted: the latest older release
    that came into force. None for a first version."""
    older = [d for d in project.history(doc.number)
             if d.version.sort_key() < doc.version.sort_key() and d.in_force]
    return older[-1] if older else None


def card_settings(project: Project, doc: Document) -> Config:
    """The settings `doc`'s cards are made with. A released version keeps the fonts and styles
    frozen with it, so a reprint looks like the copies on the walls; a version released before the
    settings had card styles takes the project's. Two settings always follow planpress.yaml as it is
    now: the paper, which is the hospital's printing choice rather than the plan's content (A5 must
    not wait for a revision), and the QR code's site address, since a card must not send staff to an
    address that no longer exists."""
    frozen = project.config_for(doc)
    return dataclasses.replace(frozen, site_base_url=project.config.site_base_url,
                               card_paper=project.config.card_paper,
                               card_styles=frozen.card_styles or project.config.card_styles)


def state_mark(doc: Document) -> str | None:
    """The band across a card that may not be posted: None for the version in force."""
    state = doc.state
    if state is State.EFFECTIVE:
        return None
    if state is State.APPROVED and doc.is_released and doc.effective:
        return f"{state.value} · {dates.chinese(doc.effective)}起生效，生效前不得张贴"
    if state is State.APPROVED:
        return f"{state.value} · 尚未发布生效，不得张贴"
    if state is State.SUPERSEDED:
        return f"{state.value} · 不得张贴"
    return f"{state.value} · 未经批准生效，不得张贴"


def cards_of(project: Project, doc: Document) -> tuple[Card, ...]:
    """Every card of `doc`, campus by campus: the scenarios in order, then the contact card."""
    settings = card_settings(project, doc)
    _require_styles(doc, settings)
    return tuple(card for campus in doc.campuses for card in _campus_cards(settings, doc, campus))


def cards_showing(doc: Document, contact_key: str) -> tuple[str, ...]:
    """The titles of `doc`'s cards that print the number of this directory entry: a scenario's
    card shows everyone its steps call; the contact card its form's rows; every card the duty phone."""
    form = doc.contact_form
    duty = form.content.duty.contact.key if form is not None and form.kind == "contacts" and form.content.duty else None
    titles = [s.title for s in doc.scenarios if contact_key == duty or any(c.key == contact_key for c in s.calls)]
    if form is not None and doc.scenarios and (contact_key == duty
                                               or any(c.key == contact_key for c in form.content.contacts)):
        titles.append(CONTACT_CARD_TITLE)
    return tuple(titles)


def card_title(doc: Document, key: str) -> str:
    return CONTACT_CARD_TITLE if key == outputs.CONTACT_CARD else doc.scenario(key).title


def _require_styles(doc: Document, settings: Config) -> None:
    """`planpress check` makes sure the working copy's scenarios have styles; a version in force
    from the archive may still have a scenario whose style was deleted since."""
    missing = [s for s in doc.scenarios if s.key not in settings.card_styles]
    if outputs.CONTACT_CARD not in settings.card_styles:
        raise SourceError([error(Location(settings.path), "cards.styles",
                                 f"联络卡（{outputs.CONTACT_CARD}）在 cards.styles 里没有样式。",
                                 f"在 source/planpress.yaml 的 cards.styles 下加一行，例如 "
                                 f"{outputs.CONTACT_CARD}: {{color: \"#263238\", icon: phone}}。")])
    if missing:
        raise SourceError([error(
            s.location, "cards.styles",
            f"卡片所示版本 {doc.number} {doc.version} 的场景“{s.key}”（{s.title}）在 cards.styles 里没有样式，无法生成它的卡片。",
            f"在 source/planpress.yaml 的 cards.styles 下保留或加上 {s.key} 的样式，直到不再有这个场景的版本生效。")
            for s in missing])


def _campus_cards(settings: Config, doc: Document, campus: Campus) -> Iterator[Card]:
    base_url = settings.site_base_url
    styles = settings.card_styles
    form = doc.contact_form  # `planpress check` makes sure a plan with scenarios has one, with its duty phone
    duty = _phone(form.content.duty.contact, campus)
    for scenario in doc.scenarios:
        steps = tuple(
            CardStep(step.actor, _segments(step.card_text, [m.wording for m in step.mentions]),
                     tuple(_phone(c, campus) for c in step.calls), step.location)
            for step in scenario.card_steps)
        calls = tuple(_phone(c, campus) for c in scenario.calls if c.key != form.content.duty.contact.key)
        yield Card(scenario.key, campus, scenario.title, scenario.citation, styles[scenario.key],
                   steps, calls + (duty,), outputs.site_url(base_url, outputs.site_scenario_page(doc, scenario.key)),
                   scenario.location)
    rows = tuple(_phone(c, campus) for c in form.content.contacts if c.key != form.content.duty.contact.key)
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


def printed_source_texts(doc: Document, cards) -> Iterator[tuple[str, Location]]:
    """What `cards` print from source/, with where it is written: the card builder's font check
    (fontcheck) and `planpress check` (planpress.render.checkfonts) check the same texts."""
    for card in cards:
        yield card.title, card.location
        for step in card.steps:
            yield step.actor, step.location
            yield step.text, step.location
        for phone in card.phones:
            yield phone.name + phone.note + phone.number, card.location
    for posting in doc.postings:
        yield posting.place, doc.field_locations.get("postings", Location(doc.source))
