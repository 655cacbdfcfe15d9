"""Turn validated source data into the model: resolve contact keys, generate every number.

Runs only on data that passed the schema and the rules, so it does no checking of its own.
The sections, their titles and order come from the hospital's frame (planpress.yaml `frame`);
inside a section, clauses are numbered by depth in the seed's style (5 → 5.1 → 5.1.1 → 5.1.1.1),
lists are lettered (a. → a) → ①), and tables and flowcharts are counted through the document
(表 1, 图 1) without taking a clause number.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from importlib import resources
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import dates
from . import (Approval, Attachment, Campus, CardStyle, Cell, Clause, Config, Contact, Directory, Document,
               DutyNote, Flow, FlowNode, Fonts, Form, Frame, FrameSection, HeaderCell, Mention, Posting,
               Reference, Revision, SamePerson, Scenario, Signatory, Step, Table, Version, anchor_of)
from .fingerprint import fingerprint
from ..sources.yamlsource import SourceFile

NONE_TEXT = "无。"
NONE_WORDS = ("无", "无。")  # what an editor may write for an empty optional section
COMPOSITION_LABEL = "人员构成"
DUTIES_LABEL = "人员职责"
LIST_LEVELS = (("letter", "{}."), ("subletter", "{})"), ("circled", ""))  # a. · a) · ①
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
DEFAULT_CARD_TEXT = "#FFFFFF"  # white on a dark band, unless a style says otherwise


def letter(index: int) -> str:
    """a, b, … z, aa, ab, … (a list rarely has more than 26 items)."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def list_label(depth: int, index: int) -> str:
    kind, form = LIST_LEVELS[depth]
    if kind == "circled":
        return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"
    return form.format(letter(index))


# -- settings -----------------------------------------------------------------------------------

def config_from(source: SourceFile) -> Config:
    data = source.data
    fonts = data["fonts"]
    return Config(
        number_pattern=data["document_number_pattern"],
        fonts=Fonts(fonts["body"], fonts["heading"], fonts["title"]),
        card_paper=data["cards"]["paper"],
        site_name=data["site"]["name"],
        site_base_url=data["site"]["base_url"],
        path=source.path,
        card_styles=types.MappingProxyType({
            key: CardStyle(style["color"].upper(), style.get("text", DEFAULT_CARD_TEXT).upper(), style["icon"])
            for key, style in data["cards"].get("styles", {}).items()}),
        site_search_terms=tuple(data["site"].get("search_terms", ())),
        field_locations=types.MappingProxyType(
            {".".join(path): source.at(path) for path in _config_fields(data)}),
        frame=frame_from(data.get("frame")),
        electronic_since=dates.parse(data["signatures"]["electronic_since"]) if data.get("signatures") else None,
        timestamp_service=(data.get("signatures") or {}).get("timestamp_service"),
        same_person=tuple(SamePerson(frozenset(e["roles"]), e["reason"].strip())
                          for e in (data.get("signatures") or {}).get("same_person", ())),
    )


def frame_from(data: dict | None) -> Frame:
    """The frame of planpress.yaml, or the default frame when it declares none."""
    data = data or default_frame_data()
    header = tuple(tuple(HeaderCell(cell["label"], cell["field"], cell.get("span", 1)) for cell in row)
                   for row in data["header"])
    sections = tuple(FrameSection(s["key"], s["title"], s.get("body", "clauses"), s.get("optional", False))
                     for s in data["sections"])
    return Frame(header, sections)


@functools.cache
def default_frame_data() -> dict:
    from ruamel.yaml import YAML

    text = resources.files("planpress.sources").joinpath("default_frame.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def _config_fields(data: dict) -> list[tuple[str, ...]]:
    """Every setting as a key path: ("fonts",), ("fonts", "body"), …"""
    paths = []
    for key, value in data.items():
        paths.append((key,))
        if isinstance(value, dict):
            paths += [(key, inner) for inner in value]
    return paths


def directory_from(source: SourceFile) -> Directory:
    data = source.data
    campuses = tuple(Campus(key, name) for key, name in data["campuses"].items())
    contacts = {}
    for key, entry in data["contacts"].items():
        shared = "phone" in entry
        phones = {c.key: entry["phone"] for c in campuses} if shared else dict(entry["phones"])
        contacts[key] = Contact(key, entry["name"], entry.get("description"), types.MappingProxyType(phones),
                                shared, source.at(("contacts", key)))
    return Directory(campuses, types.MappingProxyType(contacts), source.path)


def document_campuses(data: dict, directory: Directory) -> tuple[Campus, ...]:
    """The campuses a document covers, in the directory's order (all of them by default)."""
    chosen = data.get("campuses")
    return tuple(c for c in directory.campuses if chosen is None or c.key in chosen)


# -- documents ----------------------------------------------------------------------------------

def meaning_of(role: str) -> str | None:
    """The meaning a role's signature has when the signatory does not say: 主办 for 主办, 审核 for
    a role with 审核 in it, 批准 for one with 批准 (None when it is not clear: it must be written)."""
    if role == "主办":
        return "主办"
    found = [word for word in ("审核", "批准") if word in role]
    return found[0] if len(found) == 1 else None


def signatory_from(entry: dict, people: Mapping[str, Mapping[str, str]]) -> Signatory:
    """A signatory row with the roster's name, and the roster's title and department where the
    document does not give its own (rules have checked that the person exists)."""
    person = entry.get("person")
    listed = people.get(person, {}) if person else {}
    return Signatory(role=entry["role"], title=entry.get("title", listed.get("title", "")),
                     name=listed.get("name", entry.get("name", "")),
                     department=entry.get("department", listed.get("department", "")),
                     person=person, meaning=entry.get("meaning") or meaning_of(entry["role"]) or "")


def approval_from(entry: dict, signatory: Signatory | None, location) -> Approval:
    """An approval as written; whether it counts is decided later (lifecycle.signoff)."""
    role = entry["role"]
    if "statement" in entry or "signature" in entry:
        return Approval(role, "signed", location, statement=entry.get("statement"), signature=entry.get("signature"))
    if "paper" in entry:
        paper = entry["paper"]
        return Approval(role, "paper", location, name=signatory.name if signatory else "",
                        date=dates.parse(paper["date"]), meaning=signatory.meaning if signatory else "",
                        original=paper["original"])
    return Approval(role, "typed", location, name=entry.get("name", ""),
                    date=dates.parse(entry["date"]) if entry.get("date") else None, fingerprint=entry.get("fingerprint"))


def document_from(source: SourceFile, directory: Directory, frame: Frame,
                  people: Mapping[str, Mapping[str, str]] | None = None) -> Document:
    """`people`: the roster entries (name, department, title) by key, for the signatories."""
    data = source.data
    people = people or {}
    campuses = document_campuses(data, directory)
    tree = _TreeBuilder(source, directory, campuses)
    version = Version.parse(data["version"])
    effective = dates.parse(data["effective"]) if data.get("effective") else None  # None: revision in progress
    attachments = tuple(tree.attachment(index, item, data["number"]) for index, item in enumerate(data["attachments"]))
    clauses = tree.sections(frame, data.get("sections", {}), attachments)
    revisions = tuple(Revision(dates.parse(r["date"]), Version.parse(r["version"]), r["description"], r.get("by"))
                      for r in data["revisions"])
    signatories = tuple(signatory_from(s, people) for s in data["signatories"])
    by_role = {s.role: s for s in signatories}
    approvals = tuple(approval_from(a, by_role.get(a["role"]), source.at(("approvals", i)))
                      for i, a in enumerate(data["approvals"]))
    postings = tuple(Posting(p["location"], directory.campus(p["campus"]), tuple(p["cards"]), p.get("copies", 1))
                     for p in data.get("postings", []))
    content = dict(
        source=source.path, number=data["number"], title=data["title"], category=data["category"],
        owner=data["owner"], publisher=data["publisher"], version=version, effective=effective,
        revised=dates.parse(data["revised"]) if data.get("revised") else None,
        review_cycle_years=data["review_cycle_years"],
        review_due=dates.add_years(effective, data["review_cycle_years"]) if effective else None,
        scenarios=tuple(tree.scenarios), attachments=attachments, revisions=revisions, signatories=signatories,
        approvals=approvals, postings=postings, clauses=clauses, campuses=campuses,
        field_locations=types.MappingProxyType({key: source.at((key,)) for key in data}),
    )
    marker = data.get("released_as")
    released_as = (marker["version"], marker["archive"].removeprefix("sha256:")) if marker else None
    return Document(**content, fingerprint=fingerprint(content), frame=frame, released_as=released_as)


def _date_or_year(value: Any):
    if value is None:
        return None
    text = str(value)
    return int(text) if len(text) == 4 else dates.parse(text)


def _paragraphs(value: str | list[str] | None) -> str:
    if value is None:
        return ""
    return "\n".join(value) if isinstance(value, list) else value


def _is_none(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and value.strip() in NONE_WORDS)


def contact_text(contact: Contact, campuses: tuple[Campus, ...]) -> str:
    """A contact as a table cell shows it: 保卫科 3216565, or 保卫科 滨河院区 3216565 / 大学院区 3212755."""
    numbers = [contact.phone_at(c.key) or "" for c in campuses]
    if len(set(numbers)) == 1:
        return f"{contact.name} {numbers[0]}".rstrip()
    return f"{contact.name} " + " / ".join(f"{c.name} {n}" for c, n in zip(campuses, numbers))


class _TreeBuilder:
    """Builds the clause tree of one document; counts its tables, flowcharts and scenarios."""

    def __init__(self, source: SourceFile, directory: Directory, campuses: tuple[Campus, ...]):
        self.source = source
        self.directory = directory
        self.campuses = campuses
        self.scenarios: list[Scenario] = []
        self.tables = 0
        self.flows = 0

    def at(self, path: tuple):
        return self.source.at(path)

    def mentions(self, mapping: dict | None) -> tuple[Mention, ...]:
        return tuple(Mention(word, self.directory.contacts[key]) for word, key in (mapping or {}).items())

    # -- sections ---------------------------------------------------------------------------

    def sections(self, frame: Frame, written: dict, attachments: tuple[Attachment, ...]) -> tuple[Clause, ...]:
        result = []
        for index, section in enumerate(frame.sections, start=1):
            number = str(index)
            kind, text, children = "section", "", ()
            if section.body == "text":
                text = _paragraphs(written.get(section.key)) or NONE_TEXT
                where = self.at(("sections", section.key))
            elif section.body == "clauses":
                value = written.get(section.key)
                where = self.at(("sections", section.key))
                if _is_none(value):
                    text = NONE_TEXT
                else:
                    children = self.nodes(value, number, number, ("sections", section.key))
            elif section.body == "attachments":
                children = self.forms(number, attachments)
                text = "" if children else NONE_TEXT
                where = self.at(("attachments",))
            else:  # revisions, approvals: their tables come from the record and the signatories
                kind = section.body
                where = self.at((section.body if section.body == "revisions" else "signatories",))
            result.append(Clause(kind=kind, number=number, title=section.title, text=text, children=children,
                                 location=where, run_in=text == NONE_TEXT, anchor=anchor_of(number)))
        return tuple(result)

    def forms(self, number: str, attachments: tuple[Attachment, ...]) -> tuple[Clause, ...]:
        return tuple(Clause(kind="clause", number=f"{number}.{a.ordinal}", title="", text=f"{a.code}{a.title}",
                            children=(), location=a.location, anchor=anchor_of(f"{number}.{a.ordinal}"))
                     for a in attachments)

    # -- nodes ------------------------------------------------------------------------------

    def nodes(self, items: list, number: str, anchor: str, path: tuple) -> tuple[Clause, ...]:
        """The clauses of a list: strings and clauses numbered by position, blocks counted apart.
        `number` is the parent's number ("" at the top of an attachment), `anchor` its anchor path."""
        result: list[Clause] = []
        count = 0

        def next_number() -> tuple[str, str]:
            nonlocal count
            count += 1
            return (f"{number}.{count}" if number else str(count)), f"{anchor}.{count}"

        for index, node in enumerate(items):
            where = path + (index,)
            kind = node.get("type") if isinstance(node, dict) else None
            if kind == "table":
                result.append(self.table(node, where))
            elif kind == "flow":
                result.append(self.flow(node, where))
            elif kind == "references" and "title" not in node:
                for r, item in enumerate(node["items"]):
                    result.append(self.reference(item, *next_number(), where + ("items", r)))
            else:
                result.append(self.node(node, *next_number(), where))
        return tuple(result)

    def node(self, node, number: str, anchor: str, path: tuple) -> Clause:
        if isinstance(node, str):
            return Clause(kind="clause", number=number, title="", text=node, children=(), location=self.at(path),
                          anchor=anchor_of(anchor))
        kind = node.get("type")
        if kind == "group":
            return self.group(node, number, anchor, path)
        if kind == "scenario":
            return self.scenario(node, number, anchor, path)
        if kind == "references":
            refs = tuple(self.reference(item, f"{number}.{r + 1}", f"{anchor}.{r + 1}", path + ("items", r))
                         for r, item in enumerate(node["items"]))
            return Clause(kind="clause", number=number, title=node["title"], text="", children=refs,
                          location=self.at(path), anchor=anchor_of(anchor))
        label = node.get("label")
        items = self.items(node.get("items", ()), 0, anchor, path + ("items",))
        children = self.nodes(node.get("clauses", ()), number, anchor, path + ("clauses",))
        return Clause(kind="clause", number=number, title=label or node.get("title", ""),
                      text=_paragraphs(node.get("text")), children=items + children, location=self.at(path),
                      run_in=bool(label), mentions=self.mentions(node.get("mentions")), anchor=anchor_of(anchor))

    def items(self, items, depth: int, anchor: str, path: tuple) -> tuple[Clause, ...]:
        """A lettered list: a. b. c. under a clause, a) b) under an item, ① ② under that."""
        result = []
        kind = LIST_LEVELS[min(depth, len(LIST_LEVELS) - 1)][0]
        for index, item in enumerate(items):
            label = list_label(min(depth, len(LIST_LEVELS) - 1), index)
            here = f"{anchor}.{label.rstrip('.)') or index + 1}"
            if isinstance(item, str):
                item = {"text": item}
            children = self.items(item.get("items", ()), depth + 1, here, path + (index, "items"))
            result.append(Clause(kind=kind, number=label, title=item.get("label", ""), text=item["text"],
                                 children=children, location=self.at(path + (index,)),
                                 mentions=self.mentions(item.get("mentions")), anchor=anchor_of(here)))
        return tuple(result)

    def group(self, node: dict, number: str, anchor: str, path: tuple) -> Clause:
        """A team as 5.1.1 of the seed: its text, a.人员构成 (one line per role), b.人员职责 (a) b) …)."""
        roster = tuple(
            Clause(kind="roster", number="", title=entry["role"], text="、".join(entry["members"]), children=(),
                   location=self.at(path + ("composition", r)), anchor=anchor_of(f"{anchor}.a.{r + 1}"))
            for r, entry in enumerate(node["composition"]))
        letters = [Clause(kind="letter", number="a.", title=COMPOSITION_LABEL, text="", children=roster,
                          location=self.at(path + ("composition",)), anchor=anchor_of(f"{anchor}.a"))]
        if node.get("duties"):
            duties = tuple(
                Clause(kind="subletter", number=list_label(1, d), title="", text=text, children=(),
                       location=self.at(path + ("duties", d)), anchor=anchor_of(f"{anchor}.b.{letter(d)}"))
                for d, text in enumerate(node["duties"]))
            letters.append(Clause(kind="letter", number="b.", title=DUTIES_LABEL, text="", children=duties,
                                  location=self.at(path + ("duties",)), anchor=anchor_of(f"{anchor}.b")))
        return Clause(kind="clause", number=number, title=node.get("title", ""), text=_paragraphs(node["text"]),
                      children=tuple(letters), location=self.at(path), mentions=self.mentions(node.get("mentions")),
                      anchor=anchor_of(anchor))

    def scenario(self, node: dict, number: str, anchor: str, path: tuple) -> Clause:
        steps = tuple(
            Step(letter=letter(i), text=step["text"], actor=step.get("actor", ""),
                 calls=tuple(self.directory.contacts[k] for k in step.get("call", [])),
                 mentions=self.mentions(step.get("mentions")),
                 card=step["card"] if isinstance(step.get("card"), str) else None,
                 location=self.at(path + ("steps", i)), on_card=step.get("card", True) is not False)
            for i, step in enumerate(node["steps"]))
        scenario = Scenario(node["key"], number, node["title"], steps, self.at(path))
        self.scenarios.append(scenario)
        if len(steps) == 1:  # a single step reads as one paragraph: "5.5.5 标题：正文"
            step = steps[0]
            return Clause(kind="clause", number=number, title=scenario.title, text=step.text, children=(),
                          location=scenario.location, run_in=True, mentions=step.mentions, anchor=anchor_of(anchor))
        letters = tuple(Clause(kind="letter", number=f"{step.letter}.", title="", text=step.text, children=(),
                               location=step.location, mentions=step.mentions,
                               anchor=anchor_of(f"{anchor}.{step.letter}"))
                        for step in steps)
        return Clause(kind="clause", number=number, title=scenario.title, text="", children=letters,
                      location=scenario.location, anchor=anchor_of(anchor))

    def reference(self, item: dict, number: str, anchor: str, path: tuple) -> Clause:
        ref = Reference(item["title"], _date_or_year(item.get("effective")), item.get("code"))
        return Clause(kind="reference", number=number, title="", text=reference_text(ref), children=(),
                      location=self.at(path), anchor=anchor_of(anchor))

    def table(self, node: dict, path: tuple) -> Clause:
        self.tables += 1
        rows = tuple(tuple(self.cell(cell) for cell in row) for row in node["rows"])
        table = Table(self.tables, node.get("title", ""), tuple(node["columns"]), rows, self.at(path))
        return Clause(kind="table", number="", title=table.caption, text="", children=(), location=table.location,
                      anchor=f"table-{table.number}", block=table)

    def cell(self, cell) -> Cell:
        if isinstance(cell, str):
            return Cell(cell)
        span = cell.get("span", 1)
        if "contact" in cell:
            contact = self.directory.contacts[cell["contact"]]
            return Cell(contact_text(contact, self.campuses), contact, span)
        return Cell(cell.get("text", ""), None, span)

    def flow(self, node: dict, path: tuple) -> Clause:
        self.flows += 1
        raw = node["nodes"]
        keys = [n.get("key") or f"#{i + 1}" for i, n in enumerate(raw)]
        nodes = []
        for i, item in enumerate(raw):
            if "branches" in item:
                targets = tuple((label, key) for label, key in item["branches"].items())
            elif "next" in item:
                following = item["next"] if isinstance(item["next"], list) else [item["next"]]
                targets = tuple(("", key) for key in following)
            else:
                targets = (("", keys[i + 1]),) if i + 1 < len(raw) else ()
            kind = "decision" if "branches" in item else "start" if i == 0 else "end" if not targets else "step"
            nodes.append(FlowNode(keys[i], item["text"], kind, targets))
        flow = Flow(self.flows, node.get("title", ""), tuple(nodes), self.at(path))
        return Clause(kind="flow", number="", title=flow.caption, text="", children=(), location=flow.location,
                      anchor=f"figure-{flow.number}", block=flow)

    # -- attachments ------------------------------------------------------------------------

    def attachment(self, index: int, item: dict, number: str) -> Attachment:
        ordinal = index + 1
        path = ("attachments", index)
        common = dict(ordinal=ordinal, code=f"{number}-{item['code']}", title=item["title"], location=self.at(path))
        if "form" in item:
            form = Form(tuple(item["form"]["columns"]), item["form"]["rows"])
            return Attachment(**common, contacts=(), duty=None, kind="form", form=form)
        if "clauses" in item:
            clauses = self.nodes(item["clauses"], "", f"appendix-{ordinal}", path + ("clauses",))
            return Attachment(**common, contacts=(), duty=None, kind="clauses", clauses=clauses)
        duty = item.get("duty")
        return Attachment(**common, contacts=tuple(self.directory.contacts[key] for key in item["contacts"]),
                          duty=DutyNote(duty["label"], self.directory.contacts[duty["contact"]]) if duty else None)


def reference_text(ref: Reference) -> str:
    code = f"（{ref.code}）" if ref.code else ""
    if ref.effective is None:
        return f"《{ref.title}》{code}"
    return f"《{ref.title}》{code}，自{dates.chinese(ref.effective)}起施行。"
