"""Lay out the PDFs and cards of every document together, on the shared warm helpers.

Each builder that renders (pdf, cards) plans its work per document (`Work`): the outputs it will
report, the layout jobs of the outputs that are not fresh, and how to write their results. `run`
asks every plan for one document's work at a time and hands its jobs to the helpers (render.pool)
as soon as they are made, so the helpers start on the first document while this process prepares
the next, and both cores stay busy across documents and kinds. A document's outputs are written
only when all its jobs have succeeded: a document with an error anywhere (its fonts, a card that
does not fit) keeps every output it had, while the others are written as they finish.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
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
    replaces: Path | None = None  # a folder `finish` swaps in whole: then it holds only `outputs`


@dataclasses.dataclass
class Plan:
    documents: Sequence[Any]  # the documents planned (model.Document), in build order
    work: Callable[[Any], Work | None]  # one document's work, made when the build reaches it
    close: Callable[[], None] = lambda: None  # run once after every work (e.g. save a record)


@dataclasses.dataclass
class Outcome:
    written: list[Path]  # every output reported, in the order of the plans and their works
    failed: dict[str, list[Problem]]  # document → its problems, for each document not written
    jobs: int = 0  # layout jobs run


Before = tuple[Callable[[Any], Any], Any, Callable[[Any], None]]


def run(plans: Sequence[Plan], before: Sequence[Before] = (),
        planned: Callable[[list[Work], int], None] | None = None,
        planned_at: Callable[[int], int] = lambda jobs: 0, helpers: Callable[[], int] | None = None) -> Outcome:
    """Run every plan's jobs on the helpers; `before` are small jobs (function, job, callback) run
    on the same helpers ahead of the first layout job, if there is one (e.g. asking whether
    hb-subset is loaded). `planned(works, left)`, if given, is called once, while the layout goes
    on, when every document is planned and at most `planned_at(jobs)` of its `jobs` layout jobs
    are left to finish, with the works whose outputs will be written when their jobs are done
    (what the other documents' folders hold is already on disk) and the number of jobs left.
    `helpers()`: how many helpers may lay out at once (render.pool.run)."""
    failed: dict[str, list[Problem]] = {}
    made: list[list[Work]] = [[] for _ in plans]  # each plan's works, in document order
    owners: list[tuple[Work, int] | Callable[[Any], None]] = []  # task → (work, job) or a callback
    results: dict[int, list[Any]] = {}  # id of a work → its jobs' results
    pending: dict[str, int] = {}  # document → its jobs not done yet
    works_of: dict[str, list[Work]] = {}
    laid_out = finished = 0
    all_planned = told = False

    def tell() -> None:
        nonlocal told
        if planned is None or told or not all_planned:
            return
        if laid_out - finished > planned_at(laid_out):
            return
        told = True
        planned([work for number, count in pending.items() if count and number not in failed
                 for work in works_of[number]], laid_out - finished)

    def finish(document: str) -> None:
        # Taken out, not looked up: a document's files (its PDFs, a campus's cards and previews, about
        # a megabyte) are kept only until they are written, not for the rest of the build.
        values = [results.pop(id(work), []) for work in works_of[document]]
        if document in failed:
            return
        for work, value in zip(works_of[document], values):
            if work.finish is not None:
                try:
                    work.finish(value)
                except SourceError as exc:
                    _add(failed, document, exc.problems)
                    return

    def tasks() -> Iterator[tuple[Callable, Any]]:
        nonlocal laid_out, all_planned
        numbers = list(dict.fromkeys(doc.number for plan in plans for doc in plan.documents))
        by_number = [{doc.number: doc for doc in plan.documents} for plan in plans]
        waiting_before = list(before)
        for number in numbers:
            works = []
            for p, plan in enumerate(plans):
                doc = by_number[p].get(number)
                work = plan.work(doc) if doc is not None else None
                if work is not None:
                    made[p].append(work)
                    works.append(work)
            works_of[number] = works
            for work in works:
                if work.problems:
                    _add(failed, number, work.problems)
            if number in failed:
                continue
            pending[number] = sum(len(work.jobs) for work in works)
            if pending[number] == 0:  # nothing to lay out: fresh outputs, or results already at hand
                finish(number)
                continue
            for function, job, callback in waiting_before:
                owners.append(callback)
                yield function, job
            waiting_before = []
            for work in works:
                results[id(work)] = [None] * len(work.jobs)
                for j, task in enumerate(work.jobs):
                    owners.append((work, j))
                    laid_out += 1
                    work.jobs[j] = None  # its HTML is the helper's now: not kept for the whole build
                    yield task
        all_planned = True
        tell()

    def done(index: int, value: Any, problems) -> None:
        nonlocal finished
        owner = owners[index]
        if callable(owner):
            owner(value)
            return
        work, j = owner
        if problems is not None:
            _add(failed, work.document, problems)
        else:
            results[id(work)][j] = value
        finished += 1
        pending[work.document] -= 1
        if pending[work.document] == 0:
            finish(work.document)
        tell()

    try:
        pool.run(tasks(), done, helpers)
    finally:
        pool.stop()  # the helpers serve one build: forked again, they see the state of the next one
        for plan in plans:
            plan.close()
    written = [path for works in made for work in works if work.document not in failed for path in work.outputs]
    return Outcome(written, failed, laid_out)


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
