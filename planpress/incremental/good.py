"""The last good version of each document, for the site while the document has an error.

When a document is built without an error, its model (the working copy and its released
versions) is kept in .cache/good/<number>.pickle. When it later has an error, `planpress build`
leaves it out of every output and gives the site this kept version instead, placed again as of
today (a release may have come into force meanwhile): its pages stay what they were, and the
register marks the document for the editors.
"""

from __future__ import annotations

import contextlib
import json
import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..lifecycle import history
from ..model import Document, Project
from . import register  # noqa: F401 - registers the pickling of the model's read-only mappings
from .register import _store

CACHE_DIR = Path(".cache") / "good"
INDEX = "index.json"


def keep(root: Path, project: Project, numbers: Iterable[str], keys: Mapping[str, str]) -> None:
    """Remember the versions of `numbers` in `project` as their last good ones (`keys`: the key of
    each document's inputs: a document whose inputs have not changed is not written again)."""
    folder = root / CACHE_DIR
    index = _index(folder)
    changed = False
    for number in numbers:
        key = keys.get(number)
        if key is None or index.get(number) == key:
            continue
        working = next((d for d in project.documents if d.number == number), None)
        _store(folder / f"{number}.pickle", key, (working, project.history(number)))
        index[number] = key
        changed = True
    if changed:
        with contextlib.suppress(OSError):
            (folder / INDEX).write_text(json.dumps(index, sort_keys=True), "utf-8")


def recall(root: Path, numbers: Iterable[str], today) -> dict[str, tuple[Document | None, tuple[Document, ...]]]:
    """The last good versions of `numbers` that have one, placed as of `today`."""
    found = {}
    for number in numbers:
        try:
            with open(root / CACHE_DIR / f"{number}.pickle", "rb") as stream:
                _, (working, archived) = pickle.load(stream)
        except Exception:  # noqa: BLE001 - none kept, or unreadable: the register still lists the document
            continue
        documents, placed = history.attach([working] if working else [], archived, today)
        found[number] = (documents[0] if documents else None, placed)
    return found


def with_kept(project: Project, kept: Mapping[str, tuple[Document | None, tuple[Document, ...]]]) -> Project:
    """`project` with the kept versions of documents it lacks."""
    import dataclasses

    documents = list(project.documents) + [working for working, _ in kept.values() if working is not None]
    archive = list(project.archive) + [d for _, placed in kept.values() for d in placed]
    documents.sort(key=lambda d: d.number)
    archive.sort(key=lambda d: (d.number, d.version.sort_key()))
    return dataclasses.replace(project, documents=tuple(documents), archive=tuple(archive))


def _index(folder: Path) -> dict:
    try:
        data = json.loads((folder / INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
