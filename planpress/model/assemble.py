"""Turn validated source data into the model: resolve contact keys, generate every number.

Runs only on data that passed the schema and the rules, so it does no checking of its own.
The sections, their titles and order come from the hospital's frame (planpress.yaml `frame`);
inside a section, each node is assembled by its block type (model/blocks), which numbers
clauses by depth in the seed's style (5 → 5.1 → 5.1.1 → 5.1.1.1) and letters lists
(a. → a) → ①); tables and flowcharts are counted through the document (表 1, 图 1) without
taking a clause number.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from importlib import resources
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .. import dates
from ..sources.names import meaning_of
from ..sources.yamlsource import SourceFile
from . import (Approval, Attachment, Campus, CardStyle, Clause, Config, Contact, Directory, Document, Fonts, Frame, Readers, StaffDirectory,
               Frames, FrameSection, HeaderCell, Mention, Posting, Revision, SamePerson, Scenario, SearchWords,
               Signatory, Version, anchor_of)
from . import blocks
from ..sources import numbering
from ..sources.numbering import Numbering
from .blocks.clause import paragraphs
from .fingerprint import fingerprint

frozen_dataclass = dataclasses.dataclass(frozen=True)

NONE_TEXT = "无。"
NONE_WORDS = ("无", "无。")  # what an editor may write for an empty optional section
DEFAULT_CARD_TEXT = "#FFFFFF"  # white on a dark band, unless a style says otherwise


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
        frames=frames_from(data).named,
        electronic_since=dates.parse(data["signatures"]["electronic_since"]) if data.get("signatures") else None,
        timestamp_service=(data.get("signatures") or {}).get("timestamp_service"),
        same_person=tuple(SamePerson(frozenset(e["roles"]), e["reason"].strip())
                          for e in (data.get("signatures") or {}).get("same_person", ())),
        acknowledgement_days=(data.get("acknowledgements") or {}).get("due_days", 14),
        minor_asks_again=(data.get("acknowledgements") or {}).get("minor_asks_again", True),
        category_readers=types.MappingProxyType({
            category: readers_from(value)
            for category, value in ((data.get("acknowledgements") or {}).get("categories") or {}).items()}),
        drill_interval_months=(data.get("drills") or {}).get("interval_months", 12),
        staff_directory=staff_directory_from(data.get("staff_directory")),
    )


DIRECTORY_ATTRIBUTES = {"employee_id": "employeeID", "name": "displayName", "department": "department",
                        "campus": "physicalDeliveryOfficeName", "role": "title", "email": "mail"}


def staff_directory_from(data: dict | None) -> StaffDirectory | None:
    if not data:
        return None
    return StaffDirectory(uri=data["uri"], base=data["base"], bind_dn=data.get("bind_dn", ""),
                          start_tls=bool(data.get("start_tls")), filter=data.get("filter", "(objectClass=person)"),
                          attributes=types.MappingProxyType(DIRECTORY_ATTRIBUTES | (data.get("attributes") or {})),
                          every_hours=data.get("every_hours", 24))


def readers_from(data: dict | None) -> Readers | None:
    if not data:
        return None
    return Readers(everyone=bool(data.get("everyone")), departments=frozenset(data.get("departments", ())),
                   roles=frozenset(data.get("roles", ())), campuses=frozenset(data.get("campuses", ())))


def search_words_from(source: SourceFile | None) -> SearchWords:
    """The site search's synonyms and ignored words: source/synonyms.yaml, or the default list."""
    data = source.data if source is not None else default_synonyms_data()
    groups = tuple(tuple(dict.fromkeys([str(key), *words])) for key, words in (data.get("synonyms") or {}).items())
    return SearchWords(groups, tuple(dict.fromkeys(data.get("ignore") or ())), source.path if source else None)


@functools.cache
def default_synonyms_data() -> dict:
    from ruamel.yaml import YAML

    text = resources.files("planpress.sources").joinpath("default_synonyms.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def frame_from(data: dict | None, default_header=None, name: str = "") -> Frame:
    """The frame of planpress.yaml, or the default frame when it declares none. A named frame
    without a header of its own takes `default_header` (the default frame's)."""
    data = data or default_frame_data()
    header = tuple(tuple(HeaderCell(cell["label"], cell["field"], cell.get("span", 1)) for cell in row)
                   for row in data["header"]) if data.get("header") else default_header
    sections = tuple(FrameSection(s["key"], s.get("title", ""), s.get("body", "clauses"), s.get("optional", False),
                                  s.get("numbered", True))
                     for s in data["sections"])
    styles = Numbering(tuple(numbering.parse(s) for s in data.get("numbering", ())),
                       tuple(numbering.parse(s) for s in data.get("item_numbering", ())))
    return Frame(header, sections, styles, name, tuple(data.get("categories", ())))


def frames_from(settings: dict | None) -> Frames:
    """Every frame of planpress.yaml: `frame` (or the default one) and the named `frames`."""
    settings = settings or {}
    default = frame_from(settings.get("frame"))
    named = {name: frame_from(data, default.header, name) for name, data in (settings.get("frames") or {}).items()}
    return Frames(default, types.MappingProxyType(named))


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


def document_from(source: SourceFile, directory: Directory, frame: Frame | Frames,
                  people: Mapping[str, Mapping[str, str]] | None = None) -> Document:
    """`frame`: the frame to build with, or the project's frames to choose it from.
    `people`: the roster entries (name, department, title) by key, for the signatories."""
    if isinstance(frame, Frames):
        frame = frame.choose(source.data)
    data = source.data
    people = people or {}
    campuses = document_campuses(data, directory)
    tree = TreeBuilder(source, directory, campuses, frame.numbering)
    version = Version.parse(data["version"])
    effective = dates.parse(data["effective"]) if data.get("effective") else None  # None: revision in progress
    attachments = tuple(tree.attachment(index, item, data["number"]) for index, item in enumerate(data["attachments"]))
    clauses = tree.sections(frame, data.get("sections", {}), attachments)
    revisions = tuple(Revision(dates.parse(r["date"]), Version.parse(r["version"]), r["description"], r.get("by"),
                               bool(r.get("minor")), tuple(r.get("drill_findings", ())))
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
    return Document(**content, fingerprint=fingerprint(content), frame=frame, released_as=released_as,
                    readers=readers_from(data.get("readers")))


def _is_none(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and value.strip() in NONE_WORDS)


@frozen_dataclass
class Parent:
    """Where a clause list stands: what its numbered nodes are numbered under."""

    number: str = ""  # the parent's number, when a decimal style joins to it (5 → 5.1)
    anchor: str = ""  # the parent's anchor path
    level: int = 1  # the clause level of the list's nodes
    citation: str = ""  # how the parent is cited (第三条), for a node cited with it (第三条（一）)
    scope: str = ""  # "" in the body, appendix-N in an attachment: counters running through the
    # document, and anchors, are per scope


@frozen_dataclass
class Numbered:
    """The number one node of a list was given, with what its renderers and children need."""

    number: str
    anchor: str  # its anchor path (anchor_of makes the web anchor)
    level: int
    style: str  # the style's name ("" for the seed's decimal)
    citation: str
    joins: bool  # a decimal number: a decimal child joins to it
    scope: str

    def children(self) -> Parent:
        """The Parent of the clause lists under this node."""
        return Parent(self.number if self.joins else "", self.anchor, self.level + 1, self.citation, self.scope)

    def clause(self, **fields) -> Clause:
        """A clause node with this number (anchor made web-safe)."""
        return Clause(number=self.number, anchor=anchor_of(self.anchor), level=self.level, style=self.style, **fields)


class TreeBuilder:
    """Builds the clause tree of one document: the frame's sections, and in them each node by its
    block type; numbers clauses by the frame's styles, counts what is numbered through the document
    (表 N, 图 N, 第N条) and collects scenarios."""

    def __init__(self, source: SourceFile, directory: Directory, campuses: tuple[Campus, ...],
                 styles: Numbering | None = None):
        self.source = source
        self.directory = directory
        self.campuses = campuses
        self.styles = styles or Numbering()
        self.scenarios: list[Scenario] = []
        self._counts: dict[str, int] = {}

    def at(self, path: tuple):
        return self.source.at(path)

    def count(self, what: str) -> int:
        """The next ordinal of `what` through the document: 1, 2, … (表 N for "table")."""
        self._counts[what] = self._counts.get(what, 0) + 1
        return self._counts[what]

    def mentions(self, mapping: dict | None) -> tuple[Mention, ...]:
        return tuple(Mention(word, self.directory.contacts[key]) for word, key in (mapping or {}).items())

    # -- sections ---------------------------------------------------------------------------

    def sections(self, frame: Frame, written: dict, attachments: tuple[Attachment, ...]) -> tuple[Clause, ...]:
        result = []
        count = 0
        for section in frame.sections:
            if section.takes_number:
                count += 1
                style = self.styles.level(1)
                number = style.format(count)
                here = Numbered(number, style.anchor(count, ""), 1, style.name,
                                numbering.citation(number, style, ""), style.is_decimal, "")
            else:  # no number: its clauses stand at level 1, anchored under the section's key
                here = Numbered("", section.key, 0, "", "", False, "")
            inner = here.children() if section.takes_number else Parent(level=1)
            kind, text, children = "section", "", ()
            if section.body == "text":
                text = paragraphs(written.get(section.key)) or NONE_TEXT
                where = self.at(("sections", section.key))
            elif section.body == "clauses":
                value = written.get(section.key)
                where = self.at(("sections", section.key))
                if _is_none(value):
                    text = NONE_TEXT
                else:
                    children = self.nodes(value, inner, ("sections", section.key))
            elif section.body == "attachments":
                children = self.forms(here, attachments)
                text = "" if children else NONE_TEXT
                where = self.at(("attachments",))
            else:  # revisions, approvals: their tables come from the record and the signatories
                kind = section.body
                where = self.at((section.body if section.body == "revisions" else "signatories",))
            result.append(Clause(kind=kind, number=here.number, title=section.title, text=text, children=children,
                                 location=where, run_in=text == NONE_TEXT, anchor=anchor_of(here.anchor),
                                 level=here.level, style=here.style))
        return tuple(result)

    def forms(self, section: Numbered, attachments: tuple[Attachment, ...]) -> tuple[Clause, ...]:
        """The list of attachments: 8.1, 8.2 under a decimal section; 附件 1, 附件 2 otherwise."""
        entries = []
        for a in attachments:
            if section.joins:
                number, anchor = f"{section.number}.{a.ordinal}", f"{section.anchor}.{a.ordinal}"
            else:
                number, anchor = f"附件 {a.ordinal}", f"{section.anchor}.{a.ordinal}"
            entries.append(Clause(kind="clause", number=number, title="", text=f"{a.code}{a.title}", children=(),
                                  location=a.location, anchor=anchor_of(anchor), level=section.level + 1))
        return tuple(entries)

    # -- nodes ------------------------------------------------------------------------------

    def counter(self, parent: Parent) -> Callable[[], Numbered]:
        """Hands out the numbers of one clause list, in the frame's style of its level; a style
        running through the document continues its count from the previous list of the level."""
        style = self.styles.level(parent.level)
        count = 0

        def numbering_() -> Numbered:
            nonlocal count
            if style.continuous:
                n = self.count(f"{parent.scope}:level-{parent.level}")
            else:
                count += 1
                n = count
            number = style.format(n, parent.number)
            return Numbered(number, style.anchor(n, parent.anchor, parent.scope), parent.level, style.name,
                            numbering.citation(number, style, parent.citation), style.is_decimal, parent.scope)

        return numbering_

    def nodes(self, items: list, parent: Parent, path: tuple) -> tuple[Clause, ...]:
        """The clauses of a list, each node assembled by its block type. Numbered nodes take the
        next number of the list (`parent` says under what)."""
        numbering_ = self.counter(self._past_missing_part(items, parent))
        result: list[Clause] = []
        for index, node in enumerate(items):
            result += blocks.node_type(node).assemble(self, node, numbering_, path + (index,))
        return tuple(result)

    def _past_missing_part(self, items: list, parent: Parent) -> Parent:
        """A level styled 第一节 that a list has none of: a chapter without 节 in a policy whose
        other chapters have them (总则, 附则) holds its articles straight, and they are numbered and
        laid out as the articles in a 节 (the count running on through the document)."""
        style = self.styles.level(parent.level)
        if (style.prefix, style.suffix) != ("第", "节") or len(self.styles.levels) <= parent.level:
            return parent
        if any(isinstance(node, dict) and "type" not in node and node.get("title") for node in items):
            return parent
        return dataclasses.replace(parent, level=parent.level + 1)

    def item_label(self, depth: int, index: int) -> str:
        """The label of a list item: a. → a) → ① by default, or the frame's item styles."""
        return self.styles.item_label(depth, index)

    def item_anchor(self, anchor: str, depth: int, index: int, label: str) -> str:
        """The anchor path of a list item under `anchor`: 5.1.a, 5.1.a.b as before styles existed."""
        if self.styles.items:
            return f"{anchor}.{index + 1}"
        return f"{anchor}.{label.rstrip('.)') or index + 1}"

    # -- attachments ------------------------------------------------------------------------

    def attachment(self, index: int, item: dict, number: str) -> Attachment:
        common = dict(ordinal=index + 1, code=f"{number}-{item['code']}", title=item["title"],
                      location=self.at(("attachments", index)))
        return blocks.attachment_kind(item).assemble_attachment(self, item, common)

    @staticmethod
    def attachment_parent(ordinal: int) -> Parent:
        """An attachment's clauses: numbered from level 1, in a scope of their own (1, 1.1 …)."""
        scope = f"appendix-{ordinal}"
        return Parent(anchor=scope, level=1, scope=scope)
