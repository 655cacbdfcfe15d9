"""The roster (source/people.yaml) as data: who may sign, by key, with the name, department and
title the documents print. Whether their certificates are trusted is a later stage's
(planpress.lifecycle.roster), which the loader calls through its hooks."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from ..problems import Problem, SourceError
from . import schema
from .yamlsource import SourceFile, read_source

ROSTER_FILE = "people.yaml"


@dataclasses.dataclass(frozen=True)
class People:
    """The roster's entries as documents print them."""

    entries: Mapping[str, Mapping[str, str]]  # key → name, department, title
    source: SourceFile | None  # people.yaml, for messages (None: there is none, or it does not parse)
    ok: bool  # the roster was read without errors (else signatories are not checked against it)


def load(source_dir: Path, overrides: Mapping[Path, str] | None = None) -> tuple[People, list[Problem]]:
    path = source_dir / ROSTER_FILE
    text = (overrides or {}).get(path.resolve())
    if text is None and not path.is_file():
        return People({}, None, True), []
    try:
        source = read_source(path, text)
    except SourceError as exc:
        return People({}, None, False), list(exc.problems)
    found = schema.validate(source, "people")
    if found:
        return People({}, source, False), found
    entries = {key: {field: entry[field] for field in ("name", "department", "title")}
               for key, entry in source.data["people"].items()}
    return People(entries, source, True), []
