"""Keep a PDF whose inputs have not changed since it was written, instead of rendering it again.

Rendering is deterministic, so a PDF depends only on:
  - its HTML (every word of the version, its state mark, the font names, the metadata);
  - the files under templates/ (the stylesheet, and anything the page may fetch: the URL fetcher
    reads nothing else);
  - the font files the configured families resolve to (path, face, size, modification time);
  - the renderer: planpress's own code, WeasyPrint and pydyf (their files' size and time);
  - the options (PDF/A).
The SHA-256 of these is recorded with the SHA-256 of the PDF in .cache/pdf-inputs.json. When both
still match, the file in build/ is byte for byte what rendering would write again. This matters
because a document has a PDF per version: superseded versions never change, and re-rendering each
of them at every `make` would cost more with every revision.

Not in the key: the system's Pango/HarfBuzz libraries. After upgrading them, `make clean` (which
empties .cache/ and build/) renders everything again.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from collections.abc import Iterable
from pathlib import Path

from ..render import TEMPLATES_DIR, atomic
from ..render.fonts import FontFace

FORMAT = 1  # change when what goes into the key changes
MANIFEST = Path(".cache") / "pdf-inputs.json"


def inputs_digest(root: Path, html: str, faces: Iterable[FontFace], *, pdfa: bool) -> str:
    digest = hashlib.sha256()
    for part in (f"format {FORMAT}", f"pdfa {pdfa}", _renderer(), _templates(root / TEMPLATES_DIR),
                 *(_face(face) for face in faces), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def up_to_date(root: Path, pdf: Path, inputs: str) -> bool:
    recorded = _manifest(root).get(_key(root, pdf))
    if not recorded or recorded.get("inputs") != inputs:
        return False
    try:
        return hashlib.sha256(pdf.read_bytes()).hexdigest() == recorded.get("pdf")
    except OSError:
        return False


def record(root: Path, written: dict[Path, tuple[str, bytes]]) -> None:
    """Remember the inputs of each PDF just written (`written`: path → (inputs, bytes))."""
    if not written:
        return
    manifest = _manifest(root)
    for pdf, (inputs, data) in written.items():
        manifest[_key(root, pdf)] = {"inputs": inputs, "pdf": hashlib.sha256(data).hexdigest()}
    try:
        atomic.write_text(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    except OSError:
        pass  # without the record the PDFs are simply rendered again next time


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


@functools.cache
def _renderer() -> str:
    """planpress's own source files by content; WeasyPrint and pydyf by their installed files."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    parts = [f"planpress {digest.hexdigest()}"]
    for name in ("weasyprint", "pydyf"):
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        stat = origin.stat() if origin else None
        parts.append(f"{name} {origin} {stat.st_size if stat else ''} {stat.st_mtime_ns if stat else ''}")
    return "\n".join(parts)
