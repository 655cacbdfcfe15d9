"""The content fingerprint: SHA-256 over what a reader of the document sees.

The canonical form is built from the model, not from the YAML text, so reformatting the source,
reordering keys or editing comments keeps the fingerprint, while changing a word, a clause, a
date in the header or a phone number the document shows (appendix, cards, a linked mention)
changes it. Contacts enter as what is shown (name and number at each campus), not by their keys,
so renaming a key in contacts.yaml changes nothing a reader sees and keeps the fingerprint.

Blocks (tables, flowcharts) and the kinds of attachment add keys of their own to the form only
where they stand (each block type says what: model/blocks), so a document without them keeps the
canonical form it was approved with before they existed. A step left off its card is left out of the card's steps.

Since FORMAT 2 it covers everything that governs the document, not only what a reader sees in its
text: who signs it (each signatory's role, the meaning of the signature, the roster person, name,
title and department), the review cycle, the effective date and the campuses it covers. So an
approver's name cannot be swapped, nor an overdue review hidden, on an approved version.

Left out, because they are the act of approving and distributing, not what was approved: the
approvals themselves (they sign this fingerprint) and the postings. Approving must not change what
was approved.

FORMAT names this canonical form. Changing the form changes every fingerprint, which makes every
recorded approval stale: bump FORMAT and re-approve, never change the form silently. (FORMAT 1
left out the signatories, the review cycle and the campuses' keys; its approvals are all stale.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

from . import blocks

FORMAT = 2


def fingerprint(content: Mapping[str, Any], directory: Mapping[str, Any] | None = None) -> str:
    """`directory` (contact key → Contact) shows those entries in place of the ones the model holds:
    what the fingerprint would be with another version of contacts.yaml."""
    canonical = json.dumps(canonical_form(content, directory), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def with_directory_of(doc, other) -> str:
    """The fingerprint `doc` would have if it showed the directory entries and campuses `other` (a
    version of the same document) shows: equal to `other`'s when only contacts.yaml changed."""
    content = {field.name: getattr(doc, field.name) for field in dataclasses.fields(doc)}
    by_key = {c.key: c for c in other.campuses}
    content["campuses"] = tuple(by_key.get(c.key, c) for c in doc.campuses)
    return fingerprint(content, other.shown_contacts())


def clause_form(c, shown: Callable) -> dict:
    """A clause node and its children as the canonical form holds them."""
    form = {
        "kind": c.kind, "number": c.number, "title": c.title, "text": c.text, "run_in": c.run_in,
        "mentions": [[m.wording, *shown(m.contact)] for m in c.mentions],
        "children": [clause_form(child, shown) for child in c.children],
    }
    # A block adds its own content under a key of its own, so documents without it (every
    # version approved before the block type existed) keep the canonical form they were approved with.
    block_type = blocks.of(c)
    extra = block_type.fingerprint(c, shown) if block_type is not None else None
    if extra is not None:
        form[block_type.name] = extra
    return form


def canonical_form(content: Mapping[str, Any], directory: Mapping[str, Any] | None = None) -> dict:
    campuses = content["campuses"]

    def shown(contact) -> list:
        contact = directory.get(contact.key, contact) if directory else contact
        return [contact.name, {c.name: contact.phone_at(c.key) for c in campuses}]

    def day(value) -> str | None:
        return value.isoformat() if value else None

    return {
        "format": FORMAT,
        "header": {
            "number": content["number"], "title": content["title"], "category": content["category"],
            "owner": content["owner"], "publisher": content["publisher"], "version": str(content["version"]),
            "effective": day(content["effective"]), "revised": day(content["revised"]),
        },
        "clauses": [clause_form(c, shown) for c in content["clauses"]],
        "revisions": [[r.date.isoformat(), str(r.version), r.description, r.by] for r in content["revisions"]],
        "attachments": [blocks.kind(a.kind).attachment_fingerprint(a, shown) for a in content["attachments"]],
        "signatories": [[s.role, s.meaning, s.person or "", s.name, s.title, s.department]
                        for s in content["signatories"]],
        "review_cycle_years": content["review_cycle_years"],
        "campuses": [[c.key, c.name] for c in campuses],
        "cards": [
            {"key": s.key, "title": s.title,
             "steps": [[step.actor, step.card_text, [shown(c) for c in step.calls]] for step in s.card_steps]}
            for s in content["scenarios"]
        ],
    }
