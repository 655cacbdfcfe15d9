"""A contact table attachment (快速联络通信表): one row per directory entry, one column of numbers
per campus of the document, and the duty phone under it. The first one of a plan is the source of
its contact card and the duty phone on every card."""

from __future__ import annotations

from ...sources.blocks import ATTACHMENT
from ..base import Attachment, Contact, frozen
from . import BlockType


@frozen
class DutyNote:
    label: str
    contact: Contact


@frozen
class ContactTable:
    contacts: tuple[Contact, ...]
    duty: DutyNote | None


def duty_note(doc, attachment) -> str:
    """备注：节假日行政总值班电话：滨河院区 3216116，大学院区 3212868。"""
    duty = attachment.content.duty
    numbers = "，".join(f"{c.name} {duty.contact.phone_at(c.key)}" for c in doc.campuses)
    return f"备注：{duty.label}：{numbers}。"


class ContactsKind(BlockType):
    name = "contacts"
    places = (ATTACHMENT,)
    order = 10
    kinds = ()
    label = "联络表"
    choice = "联络表写 contacts（通讯录的键）"
    secondary_fields = {"duty": "值班电话备注"}
    attachment_fields = {
        "contacts": {"description": "联络表：通讯录条目的键，按表格顺序", "type": "array", "minItems": 1,
                     "items": {"$ref": "#/$defs/key"}},
        "duty": {"description": "联络表下的值班电话备注", "type": "object", "additionalProperties": False,
                 "required": ["label", "contact"],
                 "properties": {"label": {"$ref": "#/$defs/line"}, "contact": {"$ref": "#/$defs/key"}}},
    }

    def check_attachment(self, rules, path, attachment):
        for i, key in enumerate(attachment["contacts"]):
            rules.contact_key(path + ("contacts", i), key, campuses_needed=True)
        if "duty" in attachment:
            rules.contact_key(path + ("duty", "contact"), attachment["duty"]["contact"], campuses_needed=True)

    def assemble_attachment(self, builder, item, common):
        duty = item.get("duty")
        contacts = builder.directory.contacts
        table = ContactTable(tuple(contacts[key] for key in item["contacts"]),
                             DutyNote(duty["label"], contacts[duty["contact"]]) if duty else None)
        return Attachment(**common, kind=self.name, content=table)

    def attachment_fingerprint(self, attachment, shown):
        table = attachment.content
        return {"code": attachment.code, "title": attachment.title, "rows": [shown(c) for c in table.contacts],
                "duty": [table.duty.label, *shown(table.duty.contact)] if table.duty else None}

    def attachment_lines(self, doc, attachment):
        table = attachment.content
        lines = ["科室 " + " ".join(f"电话（{c.name}）" for c in doc.campuses)]
        for contact in table.contacts:
            lines.append(" ".join([contact.name] + [contact.phone_at(c.key) or "" for c in doc.campuses]))
        if table.duty:
            lines.append(duty_note(doc, attachment))
        return lines

    def attachment_texts(self, attachment):
        table = attachment.content
        for contact in table.contacts:
            yield contact.name, contact.location
        if table.duty:
            yield table.duty.label, attachment.location

    def attachment_diff_items(self, doc, attachment, prefix):
        """Rows keyed by what they name, so a changed number shows as a change of that row."""
        table = attachment.content
        items = []
        for contact in table.contacts:
            phones = "，".join(f"{c.name} {contact.phone_at(c.key) or '—'}" for c in doc.campuses)
            items.append((f"{prefix}：{contact.name}电话", f"{contact.name}：{phones}"))
        if table.duty:
            duty = table.duty
            phones = "，".join(f"{c.name} {duty.contact.phone_at(c.key) or '—'}" for c in doc.campuses)
            items.append((f"{prefix}：{duty.label}", f"{duty.label}：{phones}"))
        return items

    def attachment_contacts(self, attachment):
        table = attachment.content
        yield from table.contacts
        if table.duty:
            yield table.duty.contact


TYPE = ContactsKind()
