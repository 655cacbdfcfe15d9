"""What later stages add to loading a project, and how they register it.

As MkDocs calls its plugins at events, the loader (model/loader.py) calls each registered stage
at four points of one run:

- on_settings(run): planpress.yaml, contacts.yaml and people.yaml have been read (the roster
  and the trust anchors are a later stage's);
- on_documents(run): every document has been parsed and checked (the cards' rules; the archive of
  released versions is read here);
- on_project(run, project) -> project: the model is assembled; a stage may return a new project
  (the approvals verified, the released versions attached);
- on_check(run, project): problems of the finished project (lifecycle rules, fonts).

A stage registers one object, a `Stage`, under the entry point group `planpress.stages` in
planpress's own pyproject.toml, so nothing here imports it (only planpress's own distribution is
read: scanning every installed package would cost each `planpress check` tens of milliseconds).
Stages run in the order of their `order`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from importlib.metadata import distribution
from pathlib import Path
from typing import Any

from ..problems import Problem, has_errors

GROUP = "planpress.stages"


@dataclasses.dataclass(frozen=True)
class CheckResult:
    project: Any  # a Project, or None when any error stops the model from being built
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclasses.dataclass
class Run:
    """One loading of a project, as the stages see it. Stages may keep what they found in `found`
    (by their own name) for their later hooks."""

    root: Path
    source_dir: Path
    today: dt.date
    overrides: Mapping[Path, str]  # texts about to be written, by resolved path
    lifecycle: bool  # compare working copies with their releases (False for `revise`)
    config: Any  # SourceFile of planpress.yaml, or None when it has errors
    directory: Any  # SourceFile of contacts.yaml, or None
    people: Any  # sources.people.People: the roster's entries
    documents: tuple = ()  # SourceFiles of the checked documents (schema and rules passed)
    whole_source: bool = True  # every document of source/ is being checked
    selected: tuple[str, ...] | None = None  # the numbers checked, when not all of them
    digests: dict = dataclasses.field(default_factory=dict)  # resolved path → SHA-256 of the text parsed
    found: dict[str, Any] = dataclasses.field(default_factory=dict)


class Stage:
    """A later stage's part in loading. Override the hooks it needs."""

    name = ""
    order = 100

    def on_settings(self, run: Run) -> list[Problem]:
        return []

    def on_documents(self, run: Run) -> list[Problem]:
        return []

    def on_project(self, run: Run, project):
        return project

    def on_check(self, run: Run, project) -> list[Problem]:
        return []


@functools.cache
def stages() -> tuple[Stage, ...]:
    """The registered stages, in order."""
    found = [point.load() for point in distribution("planpress").entry_points.select(group=GROUP)]
    return tuple(sorted(found, key=lambda stage: (stage.order, stage.name)))
