"""A contact table attachment on the site: each department linked to the directory, its numbers
dialled per campus, the duty phone under it, and (for the first one of a plan) its posted card."""

from __future__ import annotations

from ... import outputs
from .. import cards, paths, prose
from .. import markdown as md


def attachment(page, item) -> list[str]:
    doc, here = page.doc, page.here
    rows = [[md.link(md.text(c.name), md.relative(here, paths.contacts(), c.key))]
            + [prose.phone_cell(c, campus) for campus in doc.campuses]
            for c in item.content.contacts]
    blocks = [md.stacked_table(["科室"] + [f"电话（{c.name}）" for c in doc.campuses], rows, "pp-narrow")]
    if item.content.duty:
        blocks.append(md.paragraph(duty_note(doc, item)))
    if item is doc.contact_form:  # the contact card is the posted form of the contact form
        table = cards.card_table(doc, outputs.CONTACT_CARD, "联络卡", page.downloads, here)
        if table:
            blocks += [md.heading(3, "张贴用联络卡", "contact-cards"), table]
    return blocks


def duty_note(doc, item) -> str:
    """备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。 with dialling links."""
    duty = item.content.duty
    numbers = "，".join(f"{md.text(c.name)} {prose.phone_cell(duty.contact, c)}" for c in doc.campuses)
    return f"备注：{md.text(duty.label)}：{numbers}。"
