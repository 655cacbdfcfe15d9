"""Keep a document's cards whose inputs have not changed since they were written.

The cards of a document are one folder (build/<number>/cards/), written whole. Its files depend
only on the passes laid out for it: each pass's every field (its HTML: every word and number of
its cards, copies and checklist, the state band, the QR codes, the font name; the paper; the
files it is cut into and their titles); and on the templates/ folder (styles, icons), the font
file of the cards' family, planpress's own files and the installed libraries. The SHA-256 of these is recorded with
the size and modification time of every file of the folder in .cache/cards-inputs.json; when both
still match, the folder is what laying out again would write.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from .. import inputs
from ..problems import Location
from ..render import TEMPLATES_DIR, atomic
from ..render.fonts import FontFace

FORMAT = 1
MANIFEST = Path(".cache") / "cards-inputs.json"


class Manifest:
    def __init__(self, root: Path):
        self.root = root
        try:
            data = json.loads((root / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        self.entries: dict = data if isinstance(data, dict) else {}
        self.changed = False
        self._templates: str | None = None

    def inputs_digest(self, passes: Sequence, face: FontFace) -> str:
        if self._templates is None:
            self._templates = inputs.tree(self.root / TEMPLATES_DIR)
        stat = face.path.stat()
        parts = [f"format {FORMAT}", inputs.code(), inputs.libraries(), self._templates,
                 f"font {face.family} {face.path} {face.index} {stat.st_size} {stat.st_mtime_ns}"]
        parts += [repr(_canonical(job)) for job in passes]
        return inputs.combine(*parts)

    def document_key(self, inputs_key: str, face: FontFace) -> str:
        """The key of a document's cards before any HTML is made: the key of its sources, with
        everything else the cards depend on."""
        if self._templates is None:
            self._templates = inputs.tree(self.root / TEMPLATES_DIR)
        stat = face.path.stat()
        return inputs.combine(f"format {FORMAT}", "document", inputs_key, inputs.code(), inputs.libraries(),
                              self._templates, f"font {face.family} {face.path} {face.index} {stat.st_size} {stat.st_mtime_ns}")

    def kept_document(self, folder: Path, planned: str) -> list[str] | None:
        """The files of a folder planned with the same key last time, if they are intact."""
        recorded = self.entries.get(self._key(folder))
        if not recorded or recorded.get("planned") != planned:
            return None
        files = recorded.get("files", {})
        return sorted(files) if files and _stats(folder) == files else None

    def up_to_date(self, folder: Path, key: str, names: Iterable[str]) -> bool:
        recorded = self.entries.get(self._key(folder))
        if not recorded or recorded.get("inputs") != key:
            return False
        files = recorded.get("files", {})
        return sorted(files) == sorted(names) and _stats(folder) == files

    def remember(self, folder: Path, key: str, planned: str | None = None) -> None:
        self.entries[self._key(folder)] = {"inputs": key, "files": _stats(folder), "planned": planned}
        self.changed = True

    def save(self) -> None:
        if self.changed:
            try:
                atomic.write_text(self.root / MANIFEST, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")
            except OSError:
                pass  # without the record the cards are simply laid out again next time
            self.changed = False

    def _key(self, folder: Path) -> str:
        try:
            return folder.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(folder.resolve())


def _canonical(value):
    """A pass as plain nested tuples for its key: every field (its HTML, the cards, the files to cut
    and their titles, the paper …), whatever fields it has, but not where the project or the sources
    lie on disk (the project folder, the source lines kept for messages): a moved project or a
    comment added in a YAML file does not make the cards stale."""
    if isinstance(value, (Location, Path)):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,) + tuple((f.name, _canonical(getattr(value, f.name)))
                                               for f in dataclasses.fields(value))
    if isinstance(value, Mapping):
        return ("map",) + tuple((key, _canonical(item)) for key, item in value.items())
    if isinstance(value, (tuple, list)):
        return tuple(_canonical(item) for item in value)
    return value


def _stats(folder: Path) -> dict[str, list[int]]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    found = {}
    for entry in entries:
        stat = entry.stat(follow_symlinks=False)
        found[entry.name] = [stat.st_size, stat.st_mtime_ns]
    return dict(sorted(found.items()))
