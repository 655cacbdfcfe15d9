"""Keep a PDF whose inputs have not changed since it was written, instead of rendering it again.

Rendering is deterministic, so a PDF depends only on:
  - its HTML (every word of the version, its state mark, the font names, the metadata);
  - the files under templates/ (the stylesheet, and anything the page may fetch: the URL fetcher
    reads nothing else);
  - the font files the configured families resolve to (path, face, size, modification time);
  - the renderer: planpress's own files and the installed libraries (planpress/inputs.py);
  - the options (PDF/A).
The SHA-256 of these is recorded with the SHA-256 of the PDF in .cache/pdf-inputs.json. When both
still match, the file in build/ is byte for byte what rendering would write again. This matters
because a document has a PDF per version: superseded versions never change, and re-rendering each
of them at every `make` would cost more with every revision; and a register has hundreds.

Not in the key: the system's Pango/HarfBuzz libraries. After upgrading them, `make clean` (which
empties .cache/ and build/) renders everything again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

from .. import inputs as input_digests
from ..render import TEMPLATES_DIR, atomic
from ..render.fonts import FontFace

FORMAT = 2  # change when what goes into the key changes
MANIFEST = Path(".cache") / "pdf-inputs.json"
DOCUMENTS = "documents"  # the manifest's record of each document's planning (not a PDF's path)


class Manifest:
    """The record of one build: read once, consulted for every PDF, written once at the end."""

    def __init__(self, root: Path):
        self.root = root
        self.entries = _manifest(root)
        self.changed = False
        self._templates: str | None = None

    def inputs_digest(self, html: str, faces: Iterable[FontFace], *, pdfa: bool) -> str:
        if self._templates is None:
            self._templates = _templates(self.root / TEMPLATES_DIR)
        return _digest(html, faces, pdfa, self._templates)

    def document_key(self, inputs: str, faces: Iterable[FontFace], *, pdfa: bool) -> str:
        """The key of a document's PDFs before any HTML is made: the key of its sources (`inputs`),
        with everything else a PDF depends on."""
        if self._templates is None:
            self._templates = _templates(self.root / TEMPLATES_DIR)
        return _digest(f"document {inputs}", faces, pdfa, self._templates)

    def kept_document(self, number: str, key: str) -> list[Path] | None:
        """The PDFs of a document planned with the same key last time, if every one is intact."""
        recorded = self.entries.get(DOCUMENTS, {}).get(number)
        if not recorded or recorded.get("key") != key:
            return None
        paths = [self.root / name for name in recorded.get("pdfs", [])]
        entries = [self.entries.get(name) for name in recorded.get("pdfs", [])]
        if not paths or not all(e and self.up_to_date(p, e.get("inputs")) for p, e in zip(paths, entries)):
            return None
        return paths

    def remember_document(self, number: str, key: str, pdfs: list[Path]) -> None:
        self.entries.setdefault(DOCUMENTS, {})[number] = {"key": key, "pdfs": [_key(self.root, p) for p in pdfs]}
        self.changed = True

    def up_to_date(self, pdf: Path, inputs: str) -> bool:
        recorded = self.entries.get(_key(self.root, pdf))
        if not recorded or recorded.get("inputs") != inputs:
            return False
        try:
            return hashlib.sha256(pdf.read_bytes()).hexdigest() == recorded.get("pdf")
        except OSError:
            return False

    def remember(self, pdf: Path, inputs: str, data: bytes) -> None:
        self.entries[_key(self.root, pdf)] = {"inputs": inputs, "pdf": hashlib.sha256(data).hexdigest()}
        self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            atomic.write_text(self.root / MANIFEST, json.dumps(self.entries, indent=1, sort_keys=True) + "\n")
        except OSError:
            pass  # without the record the PDFs are simply rendered again next time
        self.changed = False


def inputs_digest(root: Path, html: str, faces: Iterable[FontFace], *, pdfa: bool) -> str:
    return _digest(html, faces, pdfa, _templates(root / TEMPLATES_DIR))


def up_to_date(root: Path, pdf: Path, inputs: str) -> bool:
    return Manifest(root).up_to_date(pdf, inputs)


def record(root: Path, written: dict[Path, tuple[str, bytes]]) -> None:
    """Remember the inputs of each PDF just written (`written`: path → (inputs, bytes))."""
    manifest = Manifest(root)
    for pdf, (inputs, data) in written.items():
        manifest.remember(pdf, inputs, data)
    manifest.save()


def _digest(html: str, faces: Iterable[FontFace], pdfa: bool, templates: str) -> str:
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", f"pdfa {pdfa}", _renderer(), templates,
                 *(_face(face) for face in faces), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _manifest(root: Path) -> dict:
    try:
        data = json.loads((root / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _key(root: Path, pdf: Path) -> str:
    try:
        return pdf.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(pdf.resolve())


def _templates(folder: Path) -> str:
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        lines.append(f"{path.relative_to(folder).as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}")
    return "\n".join(lines)


def _face(face: FontFace) -> str:
    stat = face.path.stat()
    return f"font {face.family} {face.path} {face.index} {stat.st_size} {stat.st_mtime_ns}"


def _renderer() -> str:
    """planpress's own files by content; the libraries by their installed versions."""
    return f"planpress {input_digests.code()}\nlibraries {input_digests.libraries()}"
