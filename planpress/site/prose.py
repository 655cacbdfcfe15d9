"""Plan text as Markdown: escaped, with each mentioned unit linked to its directory entry."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .. import dates
from ..model import Campus, Contact, Document, Mention, State
from . import markdown as md
from . import paths, phones


def with_mentions(text: str, mentions: Sequence[Mention], campuses: Sequence[Campus], here: str) -> str:
    """`text` escaped, its phone numbers dialling (phones.py); every wording that a mention names
    (总务处) links to the contact (总务科) on the contacts page, with the numbers of every campus as
    its tooltip; a mention that is the number itself (“119”) dials it."""
    if not mentions:
        return phones.markdown(text)
    contacts = {m.wording: m.contact for m in mentions}
    pattern = re.compile("|".join(re.escape(w) for w in sorted(contacts, key=len, reverse=True)))
    pieces, position = [], 0
    for match in pattern.finditer(text):
        contact = contacts[match.group()]
        pieces.append(phones.markdown(text[position:match.start()]))
        if phones.is_number(match.group()):
            pieces.append(md.link(md.text(match.group()), "tel:" + re.sub(r"[^0-9+]", "", match.group()),
                                  title=phone_summary(contact, campuses)))
        else:
            pieces.append(md.link(md.text(match.group()), md.relative(here, paths.contacts(), contact.key),
                                  title=phone_summary(contact, campuses)))
        position = match.end()
    pieces.append(phones.markdown(text[position:]))
    return "".join(pieces)


def phone_summary(contact: Contact, campuses: Sequence[Campus]) -> str:
    """总务科：滨河院区 8289061，大学院区 3212765 · 火警：119"""
    if contact.shared:
        numbers = contact.phone_at(campuses[0].key) if campuses else ""
    else:
        numbers = "，".join(f"{c.name} {contact.phone_at(c.key)}" for c in campuses if contact.phone_at(c.key))
    return f"{contact.name}：{numbers}"


def phone_cell(contact: Contact, campus: Campus) -> str:
    number = contact.phone_at(campus.key)
    return md.tel(number) if number else "—"


def date_cell(day) -> str:
    """A date for a table cell, on one line; — when there is none."""
    return md.nowrap(md.text(dates.chinese(day))) or "—"


def review_cell(doc: Document, today) -> str:
    """The next review date; an overdue one in bold red with the word 已逾期 (not colour alone)."""
    due = md.text(dates.chinese(doc.review_due))
    if doc.review_overdue(today):
        return f"**{due}（已逾期）**" + md.attributes("", "pp-overdue")
    return date_cell(doc.review_due)


def state_cell(doc: Document) -> str:
    """The state; 已作废 in bold red with its word (not colour alone)."""
    if doc.state is State.SUPERSEDED:
        return f"**{md.text(doc.state.value)}**" + md.attributes("", "pp-superseded")
    return md.text(doc.state.value)


def upcoming_note(upcoming: Sequence[Document]) -> str:
    """（A / 1 修订中）: the versions after the one shown, by version and state only."""
    return f"（{md.text('；'.join(upcoming_text(doc) for doc in upcoming))}）" if upcoming else ""


def upcoming_text(doc: Document) -> str:
    """A / 1 将于 2026年12月1日生效 · A / 1 已批准，待发布 · A / 1 修订中"""
    if doc.is_released:
        return f"{doc.version.display} 将于 {dates.chinese(doc.effective)}生效"
    if doc.state is State.APPROVED:
        return f"{doc.version.display} 已批准，待发布"
    return f"{doc.version.display} 修订中"
