"""The content fingerprint: SHA-256 over what a reader of the document sees.

The canonical form is built from the model, not from the YAML text, so reformatting the source,
reordering keys or editing comments keeps the fingerprint, while changing a word, a clause, a
date in the header or a phone number the document shows (appendix, cards) changes it. Approvals,
signatories and postings are not content and are left out: approving must not change what was
approved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any


def fingerprint(content: Mapping[str, Any]) -> str:
    canonical = json.dumps(canonical_form(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def canonical_form(content: Mapping[str, Any]) -> dict:
    campuses = content["campuses"]

    def phones(contact) -> dict:
        return {c.name: contact.phone_at(c.key) for c in campuses}

    def clause(c) -> dict:
        return {
            "kind": c.kind, "number": c.number, "title": c.title, "text": c.text, "run_in": c.run_in,
            "mentions": [[m.wording, m.contact.key] for m in c.mentions],
            "children": [clause(child) for child in c.children],
        }

    return {
        "header": {
            "number": content["number"], "title": content["title"], "category": content["category"],
            "owner": content["owner"], "publisher": content["publisher"], "version": str(content["version"]),
            "effective": content["effective"].isoformat(),
            "revised": content["revised"].isoformat() if content["revised"] else None,
        },
        "clauses": [clause(c) for c in content["clauses"]],
        "revisions": [[r.date.isoformat(), str(r.version), r.description, r.by] for r in content["revisions"]],
        "attachments": [
            {"code": a.code, "title": a.title,
             "rows": [[contact.name, phones(contact)] for contact in a.contacts],
             "duty": [a.duty.label, phones(a.duty.contact)] if a.duty else None}
            for a in content["attachments"]
        ],
        "cards": [
            {"key": s.key, "title": s.title,
             "steps": [[step.actor, step.card_text, [[c.name, phones(c)] for c in step.calls]] for step in s.steps]}
            for s in content["scenarios"]
        ],
    }
