"""The register as `planpress build` loads it: every valid document, and the problems of the others.

`planpress check` (model.loader.check) gives no model at all when any file has an error. A build
of a register of hundreds of documents must not stop for one: `load` leaves out the documents with
errors and reports every problem exactly as `check` reports it. The checking itself is `check`'s:
the documents to read are checked with `check(root, paths)` together; if some have errors, the
others are checked again without them, so each document's model comes out of `check` with its
released versions, and its problems are `check`'s. An error in a file every document depends on
(contacts.yaml, planpress.yaml, the roster …) means no model, as with `check`.

Each document's result (its working copy and released versions, assembled and placed in their
history as of today, and its problems) is kept in .cache/documents/<number>.pickle, keyed on its
own files (source/<number>.yaml, source/archive/<number>/) and on everything every document
depends on: every other file of source/, the card icons, the fonts, today's date, planpress and
the libraries, and where the project is (the model holds its paths). Unpickling is about ten times
cheaper than checking again, so a build after one edited document checks that document only.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import datetime as dt
import os
import pickle
import tempfile
import types
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import dates
from ..cards import rules as card_rules
from ..lifecycle import archive
from ..model import Document, Project
from ..problems import Problem, has_errors, sort_key
from .. import inputs
from ..model import loader

FORMAT = 2
CACHE_DIR = Path(".cache") / "documents"
SHARED = "_shared.pickle"  # the problems of the files every document depends on, and the project's settings


def _mappingproxy(data: dict) -> types.MappingProxyType:
    return types.MappingProxyType(data)


# The model's mappings are read-only views; pickled, they are the dicts they show.
copyreg.pickle(types.MappingProxyType, lambda proxy: (_mappingproxy, (dict(proxy),)))


@dataclasses.dataclass(frozen=True)
class Register:
    project: Project | None  # the valid documents; None when a file every document depends on has an error
    problems: tuple[Problem, ...]  # every problem found, in the order `planpress check` prints them
    broken: Mapping[str, tuple[Problem, ...]]  # each document left out (by file name) → its errors
    numbers: tuple[str, ...]  # every document of source/ (file names), valid or not
    keys: Mapping[str, str] = dataclasses.field(default_factory=dict)  # document → key of its inputs

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)


@dataclasses.dataclass(frozen=True)
class _Entry:
    """One document's result: its model (None when it has an error) and its own problems."""

    working: Document | None
    archived: tuple[Document, ...]
    problems: tuple[Problem, ...]


@dataclasses.dataclass(frozen=True)
class _Failed:
    problems: tuple[Problem, ...]  # of a check that found an error in a file every document depends on


@dataclasses.dataclass(frozen=True)
class _Shared:
    """What `check` reports of the files every document depends on, and the project without its documents."""

    problems: tuple[Problem, ...]
    project: Project  # documents=(), archive=()


def load(root: Path | str = ".", today: dt.date | None = None, *, cache: bool = True) -> Register:
    root = Path(root)
    source_dir = root / loader.SOURCE_DIR
    today = today or dates.today()
    if not source_dir.is_dir():
        return Register(None, loader.check(root, today=today).problems, {}, ())
    names = _names(source_dir)
    if not names:  # nothing to keep: what `check` says of the shared files
        result = loader.check(root, today=today)
        return Register(result.project, result.problems, {}, ())
    shared_key = _shared_key(root, source_dir, today)
    keys = {name: _entry_key(shared_key, source_dir, name) for name in names}
    folder = root / CACHE_DIR
    entries = {name: entry for name in names
               if (entry := _cached(folder / f"{name}.pickle", keys[name]) if cache else None) is not None}
    shared = _cached(folder / SHARED, shared_key) if cache else None
    missing = [name for name in names if name not in entries]
    if missing or shared is None:
        found = _check(root, source_dir, today, missing or names[:1])  # the shared part comes with any check
        if isinstance(found, _Failed):  # an error every document shares: no model
            return Register(None, found.problems, {}, tuple(names), keys)
        checked, shared = found
        for name, entry in checked.items():
            entries[name] = entry
            if cache:
                _store(folder / f"{name}.pickle", keys[name], entry)
        if cache:
            _store(folder / SHARED, shared_key, shared)
    problems = list(shared.problems)
    broken: dict[str, tuple[Problem, ...]] = {}
    for name in names:
        entry = entries[name]
        problems += entry.problems
        if entry.working is None and not entry.archived:
            broken[name] = tuple(p for p in entry.problems if p.is_error)
    if not broken:  # `check` of the whole register also reports a card style that no scenario uses
        used = {card_rules.CONTACT_CARD} | {s.key for e in entries.values() if e.working for s in e.working.scenarios}
        problems += [p for p in _unused_styles(source_dir, used) if p not in problems]
    good = [entries[name] for name in names if name not in broken]
    project = dataclasses.replace(shared.project, documents=tuple(e.working for e in good if e.working is not None),
                                  archive=tuple(d for e in good for d in e.archived))
    return Register(project, _ordered(problems), broken, tuple(names), keys)


def _check(root: Path, source_dir: Path, today: dt.date, names: list[str]):
    """`check` of the documents `names`: ({name: entry}, shared), or the problems when a file every
    document depends on has an error. A document with an error gets an entry without a model, and
    the others are checked again without it (its error would leave them without one too)."""
    entries: dict[str, _Entry] = {}
    remaining = list(names)
    while True:
        paths = [source_dir / f"{name}.yaml" for name in remaining if (source_dir / f"{name}.yaml").exists()]
        orphans = [name for name in remaining if not (source_dir / f"{name}.yaml").exists()]
        # Released versions whose working copy is gone are only read by a check of all of source/.
        result = loader.check(root, None if orphans else paths, today)
        owned: dict[str | None, list[Problem]] = {}
        for problem in result.problems:
            owned.setdefault(_owner(problem, source_dir), []).append(problem)
        if has_errors(owned.get(None, [])):
            return _Failed(result.problems)
        if result.project is not None:
            project = result.project
            for name in remaining:
                working = next((d for d in project.documents if d.number == name and d.source.stem == name), None)
                entries[name] = _Entry(working, project.history(name), tuple(owned.get(name, ())))
            shared = _Shared(tuple(owned.get(None, ())), dataclasses.replace(project, documents=(), archive=()))
            return entries, shared
        failing = [name for name in remaining if has_errors(owned.get(name, []))]
        if not failing:  # an error that names no document and no shared file: give up the model, as `check`
            return _Failed(result.problems)
        for name in failing:
            entries[name] = _Entry(None, (), tuple(owned[name]))
        remaining = [name for name in remaining if name not in failing]
        if not remaining:  # every document has an error: the shared part from a check of none of them
            result = loader.check(root, [], today)
            if result.project is None:
                return _Failed(result.problems)
            owned_none = [p for p in result.problems if _owner(p, source_dir) is None]
            return entries, _Shared(tuple(owned_none), dataclasses.replace(result.project, documents=(), archive=()))


def _names(source_dir: Path) -> list[str]:
    """Every document: a working copy source/<name>.yaml, or released versions source/archive/<name>/."""
    found = {p.stem for p in loader._document_paths(source_dir, None)}
    if (source_dir / archive.ARCHIVE_DIR).is_dir():
        found.update(p.parent.name for p in archive.snapshot_paths(source_dir))
    return sorted(found)


def _owner(problem: Problem, source_dir: Path) -> str | None:
    """The document a problem belongs to: its own file or one of its archived versions; None for
    contacts.yaml, planpress.yaml and anything else every document depends on."""
    try:
        relative = problem.location.file.resolve().relative_to(source_dir.resolve())
    except (ValueError, OSError):
        return None
    parts = relative.parts
    if len(parts) == 1 and parts[0].endswith(".yaml") and parts[0] not in loader._SPECIAL:
        return parts[0][:-len(".yaml")]
    if len(parts) == 3 and parts[0] == archive.ARCHIVE_DIR:
        return parts[1]
    return None


def _shared_key(root: Path, source_dir: Path, today: dt.date) -> str:
    """Everything each document is checked against: every file of source/ that is neither a
    document nor an archived version (settings, contacts, roster, certificates …), the card icons,
    the fonts (checked at `check`), the trust-anchor pins of this machine (they decide which
    approvals count), today, planpress and the libraries."""
    documents = {p.name for p in loader._document_paths(source_dir, None)}
    # Where the project is, as given and as it is: the model holds its paths (Project.root, each
    # document's file, every location a message names). A moved or copied project is checked again.
    parts = [f"format {FORMAT}", str(root), str(root.resolve()), os.getcwd(), inputs.code(), inputs.libraries(),
             inputs.fonts(), inputs.trust_pins(), today.isoformat()]
    for path in inputs.files(source_dir, {archive.ARCHIVE_DIR}):
        if path.parent == source_dir and path.name in documents:
            continue
        parts += [path.relative_to(source_dir).as_posix(), inputs.file(path)]
    parts += sorted(p.name for p in (root / card_rules.ICONS_DIR).glob("*"))
    return inputs.combine(*parts)


def _entry_key(shared_key: str, source_dir: Path, name: str) -> str:
    parts = [shared_key, name, inputs.file(source_dir / f"{name}.yaml")]
    for path in inputs.files(source_dir / archive.ARCHIVE_DIR / name):
        parts += [path.name, inputs.file(path)]
    return inputs.combine(*parts)


def _unused_styles(source_dir: Path, used: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    config = loader._parse(source_dir / loader.CONFIG_FILE, "config", problems)
    return card_rules.unused_styles(config, used) if config is not None and not problems else []


def _ordered(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(dict.fromkeys(problems), key=sort_key))


def _cached(path: Path, key: str):
    try:
        with open(path, "rb") as stream:
            stored_key, value = pickle.load(stream)
    except Exception:  # noqa: BLE001 - missing, damaged or from another planpress: check again
        return None
    return value if stored_key == key else None


def _store(path: Path, key: str, value) -> None:
    """A cache file, replaced in one step (not synced: a damaged one is only checked again). A value
    that cannot be pickled is simply not kept."""
    with contextlib.suppress(OSError, pickle.PicklingError, TypeError, AttributeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((key, value), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
