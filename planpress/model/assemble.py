"""Turn validated source data into the model: resolve contact keys, generate clause numbers.

Runs only on data that passed the schema and the rules, so it does no checking of its own.
Numbering follows the seed's style: 1 → 5.1 → 5.1.1 → a. → a); the sections 1–10 and their
headings are the hospital's controlled-document template, the same for every plan.
"""

from __future__ import annotations

import dataclasses
import types
from pathlib import Path
from typing import Any

from .. import dates
from .fingerprint import fingerprint
from . import (Approval, Attachment, Campus, CardStyle, Clause, Config, Contact, Directory, Document,
                    DutyNote, Fonts, Mention, Posting, Reference, Revision, Scenario, Signatory, Step,
                    Version, anchor_of)
from ..sources.yamlsource import SourceFile

NONE_TEXT = "无。"
COMPOSITION_LABEL = "人员构成"
DUTIES_LABEL = "人员职责"
LETTERS = "abcdefghijklmnopqrstuvwxyz"
DEFAULT_CARD_TEXT = "#FFFFFF"  # white on a dark band, unless a style says otherwise


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
    )


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


def document_from(source: SourceFile, directory: Directory) -> Document:
    data = source.data
    builder = _ClauseBuilder(source, directory)
    version = Version.parse(data["version"])
    effective = dates.parse(data["effective"]) if data.get("effective") else None  # None: revision in progress
    scenarios = builder.scenarios(data["scenarios"])
    attachments = tuple(
        Attachment(
            ordinal=index + 1,
            code=f"{data['number']}-{item['code']}",
            title=item["title"],
            contacts=tuple(directory.contacts[key] for key in item["contacts"]),
            duty=DutyNote(item["duty"]["label"], directory.contacts[item["duty"]["contact"]]) if "duty" in item else None,
            location=source.at(("attachments", index)),
        )
        for index, item in enumerate(data["attachments"])
    )
    references = tuple(
        (group["category"], tuple(Reference(ref["title"], _date_or_year(ref.get("effective"))) for ref in group["items"]))
        for group in data["references"]
    )
    revisions = tuple(Revision(dates.parse(r["date"]), Version.parse(r["version"]), r["description"], r.get("by"))
                      for r in data["revisions"])
    signatories = tuple(Signatory(role, s["title"], s["name"]) for role, s in data["signatories"].items())
    approvals = tuple(Approval(a["role"], a["name"], dates.parse(a["date"]), a.get("fingerprint"),
                               source.at(("approvals", i)))
                      for i, a in enumerate(data["approvals"]))
    postings = tuple(Posting(p["location"], directory.campus(p["campus"]), tuple(p["cards"]), p.get("copies", 1))
                     for p in data.get("postings", []))
    clauses = builder.document_clauses(data, scenarios, references, attachments)
    content = dict(
        source=source.path, number=data["number"], title=data["title"], category=data["category"],
        owner=data["owner"], publisher=data["publisher"], version=version, effective=effective,
        revised=dates.parse(data["revised"]) if data.get("revised") else None,
        review_cycle_years=data["review_cycle_years"],
        review_due=dates.add_years(effective, data["review_cycle_years"]) if effective else None,
        purpose=data["purpose"], scope=data["scope"], scenarios=scenarios, references=references,
        attachments=attachments, revisions=revisions, signatories=signatories, approvals=approvals,
        postings=postings, clauses=clauses, campuses=directory.campuses,
        field_locations=types.MappingProxyType({key: source.at((key,)) for key in data}),
    )
    return Document(**content, fingerprint=fingerprint(content))


def _date_or_year(value: Any):
    if value is None:
        return None
    text = str(value)
    return int(text) if len(text) == 4 else dates.parse(text)


class _ClauseBuilder:
    def __init__(self, source: SourceFile, directory: Directory):
        self.source = source
        self.directory = directory

    def at(self, *path):
        return self.source.at(tuple(path))

    def mentions(self, mapping: dict | None) -> tuple[Mention, ...]:
        return tuple(Mention(word, self.directory.contacts[key]) for word, key in (mapping or {}).items())

    def scenarios(self, data: dict) -> tuple[Scenario, ...]:
        result = []
        for index, item in enumerate(data["items"]):
            steps = tuple(
                Step(letter=LETTERS[i], text=step["text"], actor=step["actor"],
                     calls=tuple(self.directory.contacts[k] for k in step.get("call", [])),
                     mentions=self.mentions(step.get("mentions")), card=step.get("card"),
                     location=self.at("scenarios", "items", index, "steps", i))
                for i, step in enumerate(item["steps"]))
            result.append(Scenario(item["key"], f"5.5.{index + 1}", item["title"], steps,
                                   self.at("scenarios", "items", index)))
        return tuple(result)

    def document_clauses(self, data, scenarios, references, attachments) -> tuple[Clause, ...]:
        bodies = [
            ("目的", data["purpose"], ()),
            ("适用范围", data["scope"], ()),
            ("定义/术语", *self.definitions(data["definitions"])),
            ("权责", *self.items(data["responsibilities"], ("responsibilities",))),
            ("规程", "", self.procedures(data, scenarios)),
            ("工作流程", *self.items(data["workflow"], ("workflow",))),
            ("标准/依据", *self.references(references)),
            ("表单附件", *self.forms(attachments)),
            ("文件修订记录", "", ()),
            ("审核批准", "", ()),
        ]
        tables = {9: "revisions", 10: "approvals"}
        clauses = []
        for index, (title, text, children) in enumerate(bodies, start=1):
            number = str(index)
            clauses.append(Clause(
                kind=tables.get(index, "section"), number=number, title=title, text=text,
                children=self.renumber(number, children), location=self.at(_SECTION_FIELDS[index - 1]),
                run_in=text == NONE_TEXT, anchor=anchor_of(number)))
        return tuple(clauses)

    # Section bodies are (text, children); children carry numbers relative to their parent,
    # which renumber() makes absolute.

    def definitions(self, items: list):
        if not items:
            return NONE_TEXT, ()
        return "", tuple(
            self.clause("clause", str(i + 1), d["term"], d["text"], (), self.at("definitions", i), run_in=True)
            for i, d in enumerate(items))

    def items(self, items: list, path: tuple):
        if not items:
            return NONE_TEXT, ()
        return "", tuple(self.item(str(i + 1), item, path + (i,)) for i, item in enumerate(items))

    def item(self, number: str, item, path: tuple) -> Clause:
        if isinstance(item, str):
            return self.clause("clause", number, "", item, (), self.at(*path))
        return self.clause("clause", number, item.get("label", ""), item["text"], (), self.at(*path),
                           run_in=bool(item.get("label")), mentions=self.mentions(item.get("mentions")))

    def procedures(self, data: dict, scenarios: tuple[Scenario, ...]) -> tuple[Clause, ...]:
        subsections = [
            self.organization(data["organization"]),
            self.item_section(data["warning"], "warning"),
            self.item_section(data["response"], "response"),
            self.item_section(data["reporting"], "reporting"),
            self.scenario_section(data["scenarios"], scenarios),
        ]
        return tuple(dataclasses.replace(c, number=str(i + 1)) for i, c in enumerate(subsections))

    def organization(self, data: dict) -> Clause:
        groups = []
        for g, group in enumerate(data["groups"]):
            path = ("organization", "groups", g)
            roster = tuple(
                self.clause("roster", "", entry["role"], "、".join(entry["members"]), (),
                            self.at(*path, "composition", r))
                for r, entry in enumerate(group["composition"]))
            duties = tuple(
                self.clause("subletter", f"{LETTERS[d]})", "", text, (), self.at(*path, "duties", d))
                for d, text in enumerate(group["duties"]))
            letters = (
                self.clause("letter", "a.", COMPOSITION_LABEL, "", roster, self.at(*path, "composition")),
                self.clause("letter", "b.", DUTIES_LABEL, "", duties, self.at(*path, "duties")),
            )
            groups.append(self.clause("clause", str(g + 1), "", group["text"], letters, self.at(*path)))
        return self.clause("clause", "", data["title"], "", tuple(groups), self.at("organization"))

    def item_section(self, data: dict, field: str) -> Clause:
        children = tuple(self.item(str(i + 1), item, (field, "items", i)) for i, item in enumerate(data["items"]))
        return self.clause("clause", "", data["title"], "", children, self.at(field))

    def scenario_section(self, data: dict, scenarios: tuple[Scenario, ...]) -> Clause:
        children = []
        for i, scenario in enumerate(scenarios):
            if len(scenario.steps) == 1:  # a single step reads as one paragraph: "5.5.5 标题：正文"
                step = scenario.steps[0]
                children.append(self.clause("clause", str(i + 1), scenario.title, step.text, (),
                                            scenario.location, run_in=True, mentions=step.mentions))
                continue
            letters = tuple(self.clause("letter", f"{step.letter}.", "", step.text, (), step.location,
                                        mentions=step.mentions) for step in scenario.steps)
            children.append(self.clause("clause", str(i + 1), scenario.title, "", letters, scenario.location))
        return self.clause("clause", "", data["title"], "", tuple(children), self.at("scenarios"))

    def references(self, groups):
        children = []
        for g, (category, refs) in enumerate(groups):
            items = tuple(
                self.clause("reference", str(r + 1), "", _reference_text(ref), (), self.at("references", g, "items", r))
                for r, ref in enumerate(refs))
            children.append(self.clause("clause", str(g + 1), category, "", items, self.at("references", g)))
        return ("" if children else NONE_TEXT), tuple(children)

    def forms(self, attachments):
        children = tuple(self.clause("clause", str(a.ordinal), "", f"{a.code}{a.title}", (), a.location)
                         for a in attachments)
        return ("" if children else NONE_TEXT), children

    @staticmethod
    def clause(kind, number, title, text, children, location, run_in=False, mentions=()) -> Clause:
        return Clause(kind=kind, number=number, title=title, text=text, children=tuple(children),
                      location=location, run_in=run_in, mentions=tuple(mentions))

    def renumber(self, parent: str, children: tuple[Clause, ...]) -> tuple[Clause, ...]:
        """Give every descendant its full number and anchor: 5 → 5.1 → 5.1.1 → 5.1.1.a → …"""
        result = []
        for index, child in enumerate(children):
            if child.kind in ("clause", "reference"):
                number = f"{parent}.{child.number}"
                path = number
            elif child.kind in ("letter", "subletter"):
                number = child.number
                path = f"{parent}.{child.number.rstrip('.)')}"
            else:  # roster lines are unnumbered
                number = ""
                path = f"{parent}.{index + 1}"
            grand = self.renumber(path, child.children)
            result.append(dataclasses.replace(child, number=number, anchor=anchor_of(path), children=grand))
        return tuple(result)


def _reference_text(ref: Reference) -> str:
    if ref.effective is None:
        return f"《{ref.title}》"
    return f"《{ref.title}》，自{dates.chinese(ref.effective)}起施行。"


_SECTION_FIELDS = ("purpose", "scope", "definitions", "responsibilities", "organization", "workflow",
                   "references", "attachments", "revisions", "approvals")
