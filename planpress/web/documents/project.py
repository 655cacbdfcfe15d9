"""The project as the pages see it: the register `planpress build` loads, kept in memory while the
files of source/ are unchanged (whoever changed them: a save here, another worker, git).

The loader keeps the state of the check in progress in module globals, so checks in one process
run one at a time (`checking`); a check of one document takes a few hundredths of a second.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import re
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path

from django.conf import settings
from django.http import Http404

from ... import dates
from ...incremental import register
from ...model import Document, Project
from ...problems import Problem
from ...sources.names import ARCHIVE_DIR
from ...model import loader
from ..gitstore.store import Store

_check_lock = threading.RLock()
_request = threading.local()  # a reading request's one look at source/ (OneLookPerRead)
_cache_lock = threading.Lock()
_cached: dict[Path, tuple[tuple, register.Register]] = {}
_stores: dict[Path, Store] = {}
NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@contextlib.contextmanager
def checking() -> Iterator[None]:
    with _check_lock:
        yield


def root() -> Path:
    return Path(settings.PLANPRESS_ROOT)


def source_dir() -> Path:
    return root() / loader.SOURCE_DIR


def store() -> Store:
    here = root()
    if here not in _stores:
        _stores[here] = Store(here, Path(settings.STATE_DIR))
    return _stores[here]


def _file_states(folder: Path) -> dict[str, tuple]:
    """Every file under source/ (the archive too) → its size, change times and inode: cheap, and
    exact enough (an atomic rewrite is a new inode). Called on every page: scandir, no path objects."""
    states: dict[str, tuple] = {}
    pending = [(os.fspath(folder), "")]
    while pending:
        directory, prefix = pending.pop()
        try:
            entries = os.scandir(directory)
        except OSError:
            continue
        with entries:
            for entry in entries:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((entry.path, prefix + entry.name + os.sep))
                        continue
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                states[prefix + entry.name] = (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    return states


class OneLookPerRead:
    """Middleware: a GET or HEAD request (which writes nothing in source/) looks at source/'s files
    once, however many times its view asks for the register; any other request looks every time,
    since it may have just written a file."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        _request.states = {}
        try:
            return self.get_response(request)
        finally:
            _request.states = None


def _states_now(folder: Path) -> dict[str, tuple]:
    remembered = getattr(_request, "states", None)
    if remembered is None:
        return _file_states(folder)
    if folder not in remembered:
        remembered[folder] = _file_states(folder)
    return remembered[folder]


def _documents_of(changed: set[str]) -> set[str] | None:
    """The documents whose own files (source/<n>.yaml, source/archive/<n>/…) these are; None when
    any other file changed (settings, contacts, roster: every document depends on them)."""
    numbers = set()
    for relative in changed:
        parts = Path(relative).parts
        if len(parts) == 1 and parts[0].endswith(".yaml") and parts[0] not in loader._SPECIAL:
            numbers.add(parts[0][: -len(".yaml")])
        elif len(parts) == 3 and parts[0] == ARCHIVE_DIR:
            numbers.add(parts[1])
        else:
            return None
    return numbers


@dataclasses.dataclass(frozen=True)
class Loaded:
    """The register of this moment: the valid documents' model and the others' problems, and what
    pages derive from it (made once per state of the files, `memo`)."""

    register: register.Register
    today: dt.date
    derived: dict = dataclasses.field(default_factory=dict, compare=False)

    def memo(self, key, make):
        if key not in self.derived:
            if len(self.derived) > 200:  # many different searches: start again
                self.derived.clear()
            self.derived[key] = make()
        return self.derived[key]

    def rows(self):
        from . import present

        def make():
            found = [present.row(self.project, d, self.today) for d in self.project.documents] if self.project else []
            found += [present.broken_row(number) for number in self.broken]
            return sorted(found, key=lambda r: r.number)

        return self.memo("rows", make)

    @property
    def project(self) -> Project | None:
        return self.register.project

    @property
    def numbers(self) -> tuple[str, ...]:
        return self.register.numbers

    @property
    def broken(self) -> Mapping[str, tuple[Problem, ...]]:
        return self.register.broken

    def document(self, number: str) -> Document | None:
        if self.project is None:
            return None
        return next((d for d in self.project.documents if d.number == number), None)


SPLICE_AT_MOST = 5  # documents changed since the last load; more: the register is loaded again


def load() -> Loaded:
    """The register now. After a save (or a git pull) that changed a few documents' own files, only
    those are checked again (`planpress check` of each) and put in place of their old models;
    anything else changed, and it is loaded whole (incremental.register, with its cache on disk)."""
    here = root()
    today = dates.today()
    states = _states_now(here / loader.SOURCE_DIR)
    with _cache_lock:
        found = _cached.get(here)
    if found is not None and found[0] == (today, states):
        return found[1]
    loaded = None
    if found is not None and found[0][0] == today and found[1].project is not None:
        old = found[0][1]
        numbers = _documents_of({p for p in old.keys() | states.keys() if old.get(p) != states.get(p)})
        if numbers is not None and len(numbers) <= SPLICE_AT_MOST:
            loaded = _spliced(found[1], numbers, here, today)
    if loaded is None:
        with checking():
            loaded = Loaded(register.load(here, today), today)
    with _cache_lock:
        _cached[here] = ((today, states), loaded)
    return loaded


def _spliced(previous: Loaded, numbers: set[str], here: Path, today: dt.date) -> Loaded | None:
    """`previous` with the documents `numbers` checked again; None when that is not enough (an
    error in a file they share, a document left with only its archive)."""
    source = here / loader.SOURCE_DIR
    project_model, broken = previous.project, dict(previous.broken)
    problems = [p for p in previous.register.problems if register._owner(p, source) not in numbers]
    working = {d.number: d for d in project_model.documents if d.number not in numbers}
    archived = {d.number: [] for d in project_model.archive if d.number not in numbers}
    for doc in project_model.archive:
        if doc.number not in numbers:
            archived[doc.number].append(doc)
    names = set(previous.numbers)
    for number in sorted(numbers):
        path = source / f"{number}.yaml"
        broken.pop(number, None)
        if not path.exists():
            if (source / ARCHIVE_DIR / number).exists():
                return None  # released versions without a working copy: the whole register's check
            names.discard(number)
            continue
        with checking():
            result = loader.check(here, [path], today)
        own = [p for p in result.problems if register._owner(p, source) == number]
        if any(p.is_error and register._owner(p, source) is None for p in result.problems):
            return None
        problems += own
        names.add(number)
        if result.project is None:
            broken[number] = tuple(p for p in own if p.is_error)
            continue
        doc = next((d for d in result.project.documents if d.number == number and d.source.stem == number), None)
        if doc is None:
            return None
        working[number] = doc
        archived[number] = list(result.project.history(number))
    order = sorted(working)
    spliced_project = dataclasses.replace(project_model, documents=tuple(working[n] for n in order),
                                          archive=tuple(d for n in sorted(archived) for d in archived[n]))
    spliced = dataclasses.replace(previous.register, project=spliced_project, broken=broken,
                                  problems=tuple(problems), numbers=tuple(sorted(names)))
    return Loaded(spliced, today)


def document_file(number: str) -> Path:
    """source/<number>.yaml of a document of the register; 404 for anything else (the number comes
    from a URL: it is matched against the register before it reaches a path)."""
    if not NUMBER.match(number) or number in ("contacts", "planpress", "people"):
        raise Http404(number)
    loaded = load()
    if number not in loaded.numbers:
        raise Http404(number)
    return source_dir() / f"{number}.yaml"


_OWNER = re.compile(r"^owner:[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(?:#.*)?$", re.M)


def owner_of(number: str) -> str:
    """制定部门 of a document: from the model, or read from the file while it has an error."""
    doc = load().document(number)
    if doc is not None:
        return doc.owner
    try:
        text = document_file(number).read_text("utf-8", errors="replace")
    except OSError:
        return ""
    match = _OWNER.search(text)
    return match.group(1).strip() if match else ""


def check_text(number: str, text: str, *, lifecycle: bool = True) -> loader.CheckResult:
    """What `planpress check` says of the project if source/<number>.yaml held `text`."""
    path = document_file(number)
    with checking():
        return loader.check(root(), [path], dates.today(), lifecycle=lifecycle, overrides={path: text})
