"""Lay out the PDFs and cards of every document together, on the shared warm helpers.

Each builder that renders (pdf, cards) plans its work per document (`Work`): the outputs it will
report, the layout jobs of the outputs that are not fresh, and how to write their results. `run`
hands the jobs of all documents and both kinds to the helpers (render.pool) at once, so both cores
stay busy across documents, and writes a document's outputs only when all its jobs have succeeded:
a document with an error anywhere (its fonts, a card that does not fit) keeps every output it had,
while the others are written as they finish.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..problems import Problem, SourceError
from ..render import pool


@dataclasses.dataclass
class Work:
    """One kind of output of one document."""

    document: str  # its number
    kind: str
    outputs: list[Path]  # what it reports: the fresh files kept and the files it will write
    jobs: list[tuple[Callable[[Any], Any], Any]] = dataclasses.field(default_factory=list)
    finish: Callable[[list[Any]], None] | None = None  # writes the outputs from the jobs' results
    problems: tuple[Problem, ...] = ()  # found while planning: nothing of the document is written


@dataclasses.dataclass
class Plan:
    works: list[Work]
    close: Callable[[], None] = lambda: None  # run once after every work (e.g. save a record)


@dataclasses.dataclass
class Outcome:
    written: list[Path]  # every output reported, in the order of the plans and their works
    failed: dict[str, list[Problem]]  # document → its problems, for each document not written
    jobs: int = 0  # layout jobs run


def run(plans: Sequence[Plan], before: Sequence[tuple[Callable[[Any], Any], Any, Callable[[Any], None]]] = ()) -> Outcome:
    """Run every plan's jobs on the helpers; `before` are small jobs (function, job, callback) to
    run first on the same helpers (e.g. asking whether hb-subset is loaded)."""
    works = [work for plan in plans for work in plan.works]
    failed: dict[str, list[Problem]] = {}
    for work in works:
        if work.problems:
            _add(failed, work.document, work.problems)
    tasks: list[tuple[Callable, Any]] = []
    owners: list[tuple[int, int] | Callable[[Any], None]] = []  # task → (work, job) or a callback
    for function, job, callback in before:
        tasks.append((function, job))
        owners.append(callback)
    order = list(dict.fromkeys(work.document for work in works))
    for document in order:  # a document's jobs together: its outputs are written as soon as it is done
        if document in failed:
            continue
        for w, work in enumerate(works):
            if work.document == document:
                for j, task in enumerate(work.jobs):
                    tasks.append(task)
                    owners.append((w, j))
    results: dict[int, list[Any]] = {w: [None] * len(work.jobs) for w, work in enumerate(works)}
    pending = {document: sum(len(w.jobs) for w in works if w.document == document) for document in order}

    def finish(document: str) -> None:
        if document in failed:
            return
        for w, work in enumerate(works):
            if work.document == document and work.finish is not None:
                try:
                    work.finish(results[w])
                except SourceError as exc:
                    _add(failed, document, exc.problems)
                    return

    def done(index: int, value: Any, problems) -> None:
        owner = owners[index]
        if callable(owner):
            owner(value)
            return
        w, j = owner
        document = works[w].document
        if problems is not None:
            _add(failed, document, problems)
        else:
            results[w][j] = value
        pending[document] -= 1
        if pending[document] == 0:
            finish(document)

    try:
        for document in order:  # nothing to lay out: fresh outputs, or results already at hand
            if pending[document] == 0:
                finish(document)
        pool.run(tasks, done)
    finally:
        pool.stop()  # the helpers serve one build: forked again, they see the state of the next one
        for plan in plans:
            plan.close()
    written = [path for work in works if work.document not in failed for path in work.outputs]
    return Outcome(written, failed, len(tasks) - len(before))


def raise_failures(outcome: Outcome) -> list[Path]:
    """The outputs, or a SourceError with every document's problems (for callers of one builder)."""
    if outcome.failed:
        problems: list[Problem] = []
        for found in outcome.failed.values():
            problems += [p for p in found if p not in problems]
        raise SourceError(problems)
    return outcome.written


def _add(failed: dict[str, list[Problem]], document: str, problems) -> None:
    found = failed.setdefault(document, [])
    found += [p for p in problems if p not in found]
