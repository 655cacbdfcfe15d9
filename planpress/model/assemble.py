"""Turn validated source data into the model: resolve contact keys, generate every number.

Runs only on data that passed the schema and the rules, so it does no checking of its own.
The sections, their titles and order come from the hospital's frame (planpress.yaml `frame`);
inside a section, each node is assembled by its block type (model/blocks), which numbers
clauses by depth in the seed's style (5 → 5.1 → 5.1.1 → 5.1.1.1) and letters lists
(a. → a) → ①); tables and flowcharts are counted through the document (表 1, 图 1) without
taking a clause number.
"""

from __future__ import annotations

import functools
import types
from importlib import resources
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import dates
from ..sources.names import meaning_of
from ..sources.yamlsource import SourceFile
from . import (Approval, Attachment, Campus, CardStyle, Clause, Config, Contact, Directory, Document, Fonts, Frame,
               FrameSection, HeaderCell, Mention, Posting, Revision, Scenario, SearchWords, Signatory, Version, anchor_of)
from . import blocks
from .blocks.clause import paragraphs
from .fingerprint import fingerprint

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
        electronic_since=dates.parse(data["signatures"]["electronic_since"]) if data.get("signatures") else None,
    )


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
    tree = TreeBuilder(source, directory, campuses)
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
    return Document(**content, fingerprint=fingerprint(content), frame=frame)


def _is_none(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and value.strip() in NONE_WORDS)


class TreeBuilder:
    """Builds the clause tree of one document: the frame's sections, and in them each node by its
    block type; counts what is numbered through the document (表 N, 图 N) and collects scenarios."""

    def __init__(self, source: SourceFile, directory: Directory, campuses: tuple[Campus, ...]):
        self.source = source
        self.directory = directory
        self.campuses = campuses
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
        for index, section in enumerate(frame.sections, start=1):
            number = str(index)
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
        """The clauses of a list, each node assembled by its block type. Numbered nodes take the
        next number of the list; `number` is the parent's ("" at the top of an attachment),
        `anchor` its anchor path."""
        count = 0

        def numbering() -> tuple[str, str]:
            nonlocal count
            count += 1
            return (f"{number}.{count}" if number else str(count)), f"{anchor}.{count}"

        result: list[Clause] = []
        for index, node in enumerate(items):
            result += blocks.node_type(node).assemble(self, node, numbering, path + (index,))
        return tuple(result)

    # -- attachments ------------------------------------------------------------------------

    def attachment(self, index: int, item: dict, number: str) -> Attachment:
        common = dict(ordinal=index + 1, code=f"{number}-{item['code']}", title=item["title"],
                      location=self.at(("attachments", index)))
        return blocks.attachment_kind(item).assemble_attachment(self, item, common)
