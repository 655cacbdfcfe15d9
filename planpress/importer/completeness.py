"""The completeness proof every import runs on itself: each piece of the original's text (a paragraph,
a line, a table cell, a page header or footer, a text box, a footnote, a box of a drawing) is printed
by the imported document or listed in the report as left out, with where it was and why.

"Printed" means the plain text of the document's model (planpress.model.plaintext), built from the
YAML text about to be written exactly as `planpress check` and the outputs build it: a comment in
the YAML prints nowhere and counts for nothing. What the proof compares:
- texts are normalised: full-width forms folded (NFKC), dates written one way (2020年 8月 10日,
  2020-08-10 → 2020年8月10日), and only letters and digits kept (punctuation, symbols such as □ ↓ →,
  spaces and line breaks are layout, not content);
- a clause number typed at the start of a paragraph or line (5.4.5, （一）, 第三章, 第十二条) is not
  content (planpress numbers);
- a sentence (up to 。；！？ or a line break) is accounted for when it is printed, or when the report
  quotes it as left out; otherwise each of its pieces (between commas, colons, brackets, spaces) must
  be, so that a cell rewritten as a directory reference (名称 + 号码) or a date printed in the
  document's own way still counts, while a dropped sentence or word does not;
- a blank to fill in (年  月  日) is not text.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from pathlib import Path

from . import numbers
from .stream import Original, Place

SENTENCE = re.compile(r"[。；;！!？?\n]")
PIECE = re.compile(r"[，,、：:\s\u3000（）()《》〈〉“”\"'‘’/／|｜\[\]【】<>·•]+")
DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.|．)\s*(\d{1,2})\s*(?:月|-|/|\.|．)\s*(\d{1,2})\s*日?")
BLANK = re.compile(r"^[年月日]*$")


def normal(text: str) -> str:
    """Letters and digits only, full-width folded, dates in one form."""
    text = unicodedata.normalize("NFKC", text)
    text = DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


TYPED_ORDINAL = re.compile(r"^[ \t\u3000]*第\s*(?:[一二三四五六七八九十百零〇两]{1,7}|[0-9]{1,3})\s*(?:章(?!程)|节(?![日约点能])|条(?!款|件|例|规))")


def without_number(text: str) -> str:
    """The text without the clause number or list marker typed at its start (5.4.5, a., （一）, ①,
    第三章, 第十二条: planpress numbers chapters and articles too)."""
    ordinal = TYPED_ORDINAL.match(text)
    if ordinal:
        return text[ordinal.end():]
    number, rest = numbers.split(text)
    return rest if number is not None else text


@dataclasses.dataclass(frozen=True)
class Gap:
    place: Place
    sentence: str        # the original's sentence, as written
    pieces: tuple[str, ...]  # its pieces found nowhere (normalised)


def gaps(originals: list[Original], printed: str, left_out: list[str]) -> list[Gap]:
    """The sentences of the original neither printed nor reported as left out. A sentence may be
    partly reported (a document number replaced by --number inside a longer line): what remains of
    it once the reported texts are taken out must be printed."""
    body = normal(printed)
    reported = sorted({normal(text) for text in left_out if normal(text)}, key=len, reverse=True)
    joined = "\x00".join(reported)
    found: list[Gap] = []
    for original in originals:
        for sentence in SENTENCE.split(without_number(original.text.strip())):
            if normal(sentence) in joined or not _unaccounted(normal(sentence), body, reported):
                continue
            lost = []
            for piece in PIECE.split(sentence):
                piece = normal(without_number(piece))
                lost += [] if piece in joined else _unaccounted(piece, body, reported)
            if lost:
                found.append(Gap(original.place, sentence.strip(), tuple(lost)))
    return found


def _unaccounted(text: str, body: str, reported: list[str]) -> list[str]:
    """The parts of `text` (normalised) neither printed nor among the reported texts."""
    if not text or BLANK.match(text) or text in body:
        return []
    parts = [text]
    for fragment in reported:
        if (len(fragment) >= 2 or fragment == text) and any(fragment in part for part in parts):
            parts = [rest for part in parts for rest in part.split(fragment)]
    return [part for part in parts if part and not BLANK.match(part) and part not in body]


def printed_text(target: Path, text: str, root: Path, contacts_text: str | None, config_text: str | None = None) -> str:
    """The plain text of the document `text` (to be written at `target`) as planpress prints it: its
    model assembled with the project's directory (with the entries import adds), frames (with the
    one import adds, `config_text`: planpress.yaml as import writes it; the document uses the frame
    it names or its category chooses) and roster.
    The text must be a document the model takes (import's own bug otherwise; `check` validates
    it against the schema, and the tests check every document they import): the schema is loaded
    only to explain a failure, which saves a fifth of a second on every import."""
    from ..model import assemble, plaintext
    from ..sources.yamlsource import read_source
    source = read_source(target, text)
    directory = _directory(root, contacts_text)
    config = _yaml_data(root / "source" / "planpress.yaml", config_text)
    try:
        frame = assemble.frames_from(config if isinstance(config, dict) else None)
    except Exception:  # noqa: BLE001 - named frames check refuses: the document's own frame then
        frame = assemble.frame_from(config.get("frame") if isinstance(config, dict) else None)
    roster = _yaml_data(root / "source" / "people.yaml")
    people = {}
    if isinstance(roster, dict) and isinstance(roster.get("people"), dict):
        people = {str(key): {"name": str(entry.get("name", "")), "department": str(entry.get("department") or ""),
                             "title": str(entry.get("title") or "")}
                  for key, entry in roster["people"].items() if isinstance(entry, dict)}
    try:
        document = assemble.document_from(source, directory, frame, people)
    except Exception:  # the data is not what the model takes: say what the schema finds wrong
        _explain(source)
        raise
    return plaintext.document_text(document)


def _explain(source) -> None:
    """The schema's verdict on a document assembly could not take (import's own bug). A document
    whose original names no signatory has none: that is for the editor (check says so)."""
    from ..sources import schema
    problems = [p for p in schema.validate(source, "document") if not p.field.startswith("signatories")]
    if problems:
        raise AssertionError("planpress import wrote a document that is not valid: "
                             + "; ".join(f"{p.field} {p.message}" for p in problems))


def _directory(root: Path, contacts_text: str | None):
    from ..model import Directory, assemble
    from ..sources.yamlsource import read_source
    path = root / "source" / "contacts.yaml"
    if contacts_text is None and not path.exists():
        return Directory((), {}, path)
    return assemble.directory_from(read_source(path, contacts_text))


def _yaml_data(path: Path, text: str | None = None):
    if text is None and not path.exists():
        return None
    from ruamel.yaml import YAML
    try:
        return YAML(typ="safe", pure=False).load(text if text is not None else path.read_text("utf-8"))
    except Exception:  # noqa: BLE001 - a broken settings file is check's business; the default frame then
        return None
