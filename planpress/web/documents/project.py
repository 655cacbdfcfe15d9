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
from ...sources import loader
from ..gitstore.store import Store

_check_lock = threading.RLock()
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


def _signature(folder: Path, today: dt.date) -> tuple:
    """Cheap and exact enough: every file's name, size, change time and inode (an atomic rewrite
    is a new inode), under source/ (the archive too)."""
    entries = []
    for directory, subdirectories, files in os.walk(folder):
        subdirectories.sort()
        for name in sorted(files):
            try:
                info = os.lstat(os.path.join(directory, name))
            except OSError:
                continue
            entries.append((directory, name, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return (today, hash(tuple(entries)), len(entries))


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


def load() -> Loaded:
    here = root()
    today = dates.today()
    signature = _signature(here / loader.SOURCE_DIR, today)
    with _cache_lock:
        found = _cached.get(here)
        if found is not None and found[0] == signature:
            return found[1]
    with checking():
        loaded = Loaded(register.load(here, today), today)
    with _cache_lock:
        _cached[here] = (signature, loaded)
    return loaded


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
