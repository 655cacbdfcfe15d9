"""Which released version is in force, which are superseded, and which version each label means."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ..model import Document, Project, Version

WORKING = "工作副本"  # the label `diff` and `status` use for source/<number>.yaml


def attach(documents: Iterable[Document], archive: Iterable[Document],
           today: dt.date) -> tuple[tuple[Document, ...], tuple[Document, ...]]:
    """Give every working copy its release (if its version was released) and every archived
    version its place: the latest released version whose effective date has come is in force;
    every older one is superseded (已作废)."""
    archive = sorted(archive, key=lambda d: (d.number, d.version.sort_key()))
    placed: list[Document] = []
    for number in dict.fromkeys(d.number for d in archive):
        versions = [d for d in archive if d.number == number]
        in_force = [d for d in versions if d.effective and d.effective <= today]
        current = in_force[-1].version.sort_key() if in_force else None
        placed += [dataclasses.replace(d, as_of=today,
                                       superseded=current is not None and d.version.sort_key() < current)
                   for d in versions]
    releases = {(d.number, d.version): d.release for d in placed}
    working = tuple(dataclasses.replace(d, as_of=today, release=releases.get((d.number, d.version)))
                    for d in documents)
    return working, tuple(placed)


def last_release(project: Project, number: str) -> Document | None:
    history = project.history(number)
    return history[-1] if history else None


def resolve(project: Project, number: str, label: str | None) -> Document | None:
    """A version by its label: "A/0", "A-0", or 工作副本/working for the working copy."""
    if label is None:
        return None
    if label in (WORKING, "working", "work", "当前"):
        return project.document(number)
    try:
        version = Version.parse(label.replace("-", "/").replace(" ", ""))
    except ValueError:
        return None
    for doc in project.history(number):
        if doc.version == version:
            return doc
    working = project.document(number)
    return working if working.version == version else None


def labels(project: Project, number: str) -> list[str]:
    """What `resolve` accepts for this document, for messages."""
    found = [f"{d.version}（{d.state.value}）" for d in project.history(number)]
    working = project.document(number)
    if not working.is_released:
        found.append(f"{working.version}（{WORKING}）")
    return found
