"""The directory: every contact with its number at each campus, as tel: links.

Each entry is a heading of its own (its anchor is the contact's key, which mentions and cards
link to), so the search finds it as a result of its own, with the entry's name weighted as a
title: 值班 finds 行政总值班 with its numbers. Below the name: the number at each campus, what the
entry is for, and the other names the documents use for it (总务处 for 总务科: the mentions), which
the search also treats as the entry's synonyms. A PC shows the entries as rows (name, one column
per campus, notes); a phone one block per entry.

The numbers are those in force: during a revision a number changed in contacts.yaml waits for the
new version's release, as it does on the document and scenario pages (see versions.contacts)."""

from __future__ import annotations

from ..model import Contact
from . import markdown as md
from . import phones, prose
from .versions import SiteVersions


def page(view: SiteVersions) -> str:
    directory = view.project.directory
    names = other_names(view)
    head = "".join(f"<span>{md.html_text(label)}</span>" for label in
                   ["科室", *(c.name for c in directory.campuses), "说明"])
    entries = [entry(view, contact, names.get(contact.key, [])[1:]) for contact in view.contacts().values()]
    return md.page(
        md.front_matter(outline=False),
        md.heading(1, "通讯录"),
        md.paragraph("各科室在每个院区的电话。在手机或软电话上点号码即可拨打；节假日、下班后请打行政总值班。"),
        f'<div class="pp-directory" style="--pp-campuses: {len(directory.campuses)}" markdown="1">\n'
        f'<div class="pp-directory-head" aria-hidden="true">{head}</div>\n\n'
        + "\n\n".join(entries) + "\n\n</div>",
    )


def entry(view: SiteVersions, contact: Contact, aliases: list[str]) -> str:
    campuses = view.project.directory.campuses
    if contact.shared:
        numbers = [f'<div class="pp-phone pp-shared" markdown="span"><span class="pp-campus">各院区</span> '
                   f"{prose.phone_cell(contact, campuses[0])}</div>"]
    else:
        numbers = [f'<div class="pp-phone" markdown="span"><span class="pp-campus">{md.html_text(campus.name)}</span> '
                   f"{prose.phone_cell(contact, campus)}</div>" for campus in campuses]
    notes = [md.text(contact.description)] if contact.description else []
    if aliases:
        notes.append("文件中也称：" + "、".join(md.text(a) for a in aliases))
    note = f'<div class="pp-note" markdown="span">{"；".join(notes)}</div>' if notes else '<div class="pp-note"></div>'
    return "\n".join([
        '<div class="pp-contact" markdown="1">', "",
        md.heading(2, md.text(contact.name), contact.key),
        "", *numbers, note, "", "</div>"])


def other_names(view: SiteVersions) -> dict[str, list[str]]:
    """Each directory entry's name and the other wordings the documents staff use link to it
    (mentions), first met first; numbers (“119”) are the entry's phone, not a name."""
    names = {key: [contact.name] for key, contact in view.contacts().items()}
    for doc in view.shown():
        for clause in doc.walk():
            for mention in clause.mentions:
                known = names.setdefault(mention.contact.key, [mention.contact.name])
                if mention.wording not in known and not phones.is_number(mention.wording):
                    known.append(mention.wording)
    return names
