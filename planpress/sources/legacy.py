"""Documents in the first format (v1), before the general clause tree: read, never written.

v1 had a fixed section 5 (organization, warning, response, reporting, scenarios), top-level
purpose/scope/definitions/…, and signatories as a mapping role → {title, name}. Versions released
in it are frozen in source/archive/ and must stay readable exactly as they were approved, so
`upgrade` turns a validated v1 document into the same document in the current format, keeping
every value's place in the file for messages. The clause tree it gives is the one v1 printed, so
the content fingerprint of an archived v1 version does not change.

`planpress migrate` uses the same conversion to rewrite a v1 working copy in the current format.
"""

from __future__ import annotations

from typing import Any

from .yamlsource import FieldPath, SourceFile

V1_MARKERS = ("organization", "scenarios", "purpose")  # top-level keys only v1 has
V1_SECTIONS = ("purpose", "scope", "definitions", "responsibilities", "workflow", "references")
V1_PROCEDURES = ("organization", "warning", "response", "reporting", "scenarios")
OWNER_ROLE = "主办"  # v1 printed the owning department in this row of the approvals table


def is_v1(data: Any) -> bool:
    return isinstance(data, dict) and "sections" not in data and any(key in data for key in V1_MARKERS)


class _Converter:
    """Builds the new data while remembering, for each new path, the old path it came from."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.origin: dict[FieldPath, FieldPath] = {}

    def take(self, new: FieldPath, old: FieldPath, value: Any) -> Any:
        """`value` (found at `old`) placed at `new`, with every nested place mapped too."""
        self.origin[new] = old
        if isinstance(value, dict):
            return {key: self.take(new + (key,), old + (key,), item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.take(new + (i,), old + (i,), item) for i, item in enumerate(value)]
        return value

    def mark(self, new: FieldPath, old: FieldPath) -> None:
        self.origin[new] = old

    def source_file(self, data: dict) -> SourceFile:
        values = {}
        keys = {}
        for new, old in self.origin.items():
            if old in self.source.value_marks:
                values[new] = self.source.value_marks[old]
            if old in self.source.key_marks:
                keys[new] = self.source.key_marks[old]
        values.setdefault((), (1, 1))
        return SourceFile(self.source.path, data, values, keys)


def upgrade(source: SourceFile) -> SourceFile:
    """A schema-valid v1 document as the same document in the current format."""
    old = source.data
    c = _Converter(source)
    data: dict[str, Any] = {}
    for key, value in old.items():  # keep the editor's order: sections where the first v1 section was
        if key in V1_SECTIONS + V1_PROCEDURES:
            if "sections" not in data:
                data["sections"] = _sections(c, old)
                c.mark(("sections",), (key,))
        elif key == "signatories":
            data["signatories"] = _signatories(c, old)
        else:
            data[key] = c.take((key,), (key,), value)
    return c.source_file(data)


def _sections(c: _Converter, old: dict) -> dict:
    sections: dict[str, Any] = {
        "purpose": c.take(("sections", "purpose"), ("purpose",), old["purpose"]),
        "scope": c.take(("sections", "scope"), ("scope",), old["scope"]),
        "definitions": [],
        "responsibilities": c.take(("sections", "responsibilities"), ("responsibilities",), old["responsibilities"]),
        "procedures": _procedures(c, old),
        "workflow": c.take(("sections", "workflow"), ("workflow",), old["workflow"]),
        "references": [],
    }
    c.mark(("sections", "definitions"), ("definitions",))
    for i, item in enumerate(old["definitions"]):
        new = ("sections", "definitions", i)
        sections["definitions"].append({"label": c.take(new + ("label",), ("definitions", i, "term"), item["term"]),
                                        "text": c.take(new + ("text",), ("definitions", i, "text"), item["text"])})
        c.mark(new, ("definitions", i))
    c.mark(("sections", "references"), ("references",))
    for g, group in enumerate(old["references"]):
        new = ("sections", "references", g)
        sections["references"].append({"type": "references",
                                       "title": c.take(new + ("title",), ("references", g, "category"), group["category"]),
                                       "items": c.take(new + ("items",), ("references", g, "items"), group["items"])})
        c.mark(new, ("references", g))
    return sections


def _procedures(c: _Converter, old: dict) -> list:
    base = ("sections", "procedures")
    c.mark(base, ("organization",))
    procedures = []
    organization = old["organization"]
    groups = []
    for g, group in enumerate(organization["groups"]):
        new = base + (0, "clauses", g)
        groups.append({"type": "group", **c.take(new, ("organization", "groups", g), group)})
    c.mark(base + (0,), ("organization",))
    c.mark(base + (0, "clauses"), ("organization", "groups"))
    procedures.append({"title": c.take(base + (0, "title"), ("organization", "title"), organization["title"]),
                       "clauses": groups})
    for index, field in enumerate(("warning", "response", "reporting"), start=1):
        section = old[field]
        c.mark(base + (index,), (field,))
        procedures.append({"title": c.take(base + (index, "title"), (field, "title"), section["title"]),
                           "clauses": c.take(base + (index, "clauses"), (field, "items"), section["items"])})
    scenarios = old["scenarios"]
    items = []
    for s, scenario in enumerate(scenarios["items"]):
        new = base + (4, "clauses", s)
        items.append({"type": "scenario", **c.take(new, ("scenarios", "items", s), scenario)})
    c.mark(base + (4,), ("scenarios",))
    c.mark(base + (4, "clauses"), ("scenarios", "items"))
    procedures.append({"title": c.take(base + (4, "title"), ("scenarios", "title"), scenarios["title"]),
                       "clauses": items})
    return procedures


def _signatories(c: _Converter, old: dict) -> list:
    c.mark(("signatories",), ("signatories",))
    result = []
    for i, (role, person) in enumerate(old["signatories"].items()):
        new = ("signatories", i)
        c.mark(new, ("signatories", role))
        entry = {"role": role}
        c.mark(new + ("role",), ("signatories", role))
        if role == OWNER_ROLE:
            entry["department"] = old["owner"]
            c.mark(new + ("department",), ("owner",))
        entry["title"] = c.take(new + ("title",), ("signatories", role, "title"), person["title"])
        entry["name"] = c.take(new + ("name",), ("signatories", role, "name"), person["name"])
        result.append(entry)
    return result
