"""`planpress check` proves what `build` will prove: every character prints in the chosen fonts.

The PDF builder and the card builder refuse a character their font lacks (it would print as an
empty box). Checking only then let `approve` and `release` freeze an emoji into the archive, after
which the version could never be printed. So `check` (which `approve` and `release` run) applies
the same coverage rules to the model, through the same functions:

- each working copy: the PDF's roles (body, headings, title, the form's fixed words;
  planpress.pdf.fonts.coverage_problems) and what its cards print from source/ in the card font
  (planpress.cards.fontcheck.source_texts). Errors.
- each released version (archived, or its working copy): the same, in the fonts frozen with it.
  A release cannot be edited, so these are warnings; the PDF builder leaves that version's PDF out
  (and says so) instead of failing every build for good. (A version released before this check
  existed may hold such a character; a new one cannot, since `approve` and `release` refuse it.)

It works on `Document.texts()` and the model, never on YAML, so it follows the document format.

Speed: fontconfig's answers are cached in .cache/fonts/ (planpress.render.fonts.use_cache), and so
is each version found printable (`verdicts.json`). Its key covers everything the verdict depends
on: the SHA-256 of the text of every source file its model is made from (its own file, the
archives of the same number, which decide its state and frozen settings, contacts.yaml and
planpress.yaml), the day (states change with it), fontconfig's state, the PDF templates and the
code of these checks. An unchanged version costs a hash, and none of the PDF and card modules are
imported; a changed one is checked in full. Only "printable" is remembered: a version with
problems is checked (and reported) every time.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..model import Document, Project, hooks
from ..problems import Problem, Severity, SourceError

CACHE_DIR = Path(".cache") / "fonts"
VERDICTS = "verdicts.json"
_CODE = ("render/checkfonts.py", "model/blocks", "pdf/fonts.py", "pdf/view.py", "model/plaintext.py", "render/fonts.py",
         "cards/content.py")  # the code that decides what is printed and checked
_TEMPLATES = ("pdf/document.html", "pdf/clauses.html", "pdf/document.css", "pdf/blocks")
ARCHIVED_HINT = ("存档不能修改，这一版的 PDF 因此不会生成（原有的 PDF 保留）。要消除这个警告，"
                 "用 planpress revise 发布不含这个字符的新版本，或换用包含这个字的字体。")


def check(project: Project, digests: dict | None = None, shared: tuple = ()) -> list[Problem]:
    """Problems of every version; `digests` (resolved path → SHA-256 of the text parsed) and `shared`
    (the paths every model depends on: planpress.yaml, contacts.yaml) let unchanged versions be skipped."""
    from ..render import fonts

    fonts.use_cache(project.root / CACHE_DIR)
    verdicts = _Verdicts(project, digests, shared)
    problems: list[Problem] = []
    for doc in project.documents:
        # A released working copy is its archived version: frozen, like the archive itself.
        problems += verdicts.check(doc, lambda d: pdf_problems(project, d) + card_problems(project, d),
                                   frozen=doc.is_released)
    working = {(d.number, d.version) for d in project.documents if d.is_released}
    for doc in project.archive:
        if (doc.number, doc.version) not in working:  # else just checked as its working copy
            problems += verdicts.check(doc, lambda d: pdf_problems(project, d), frozen=True)
    verdicts.save()
    return problems


class _Verdicts:
    """The versions found printable before, by the SHA-256 of everything the verdict depends on."""

    def __init__(self, project: Project, digests: dict | None, shared: tuple):
        import hashlib
        import json
        import os

        from .. import __version__
        from ..render import TEMPLATES_DIR, fonts

        self.project = project
        self.digests = digests or {}
        self.shared = [self.digests.get(path) for path in shared]
        self.path = project.root / CACHE_DIR / VERDICTS
        package = Path(__file__).resolve().parent.parent
        stamps = [__version__, fonts.fontconfig_stamp()]
        places = [package / name for name in _CODE] + [project.root / TEMPLATES_DIR / name for name in _TEMPLATES]
        places = [inner for place in places for inner in (sorted(place.glob("*")) if place.is_dir() else [place])]
        for place in places:
            try:
                info = os.stat(place)
                stamps.append((str(place), info.st_size, info.st_mtime_ns))
            except OSError:
                stamps.append((str(place), None))
        self.base = hashlib.sha256(repr(stamps).encode()).digest()
        try:
            known = json.loads(self.path.read_text("utf-8"))
            self.known = set(known) if isinstance(known, list) else set()
        except (OSError, ValueError):
            self.known = set()
        self.found: set[str] = set()

    def key(self, doc: Document) -> str | None:
        """None when a source of `doc` has no digest (nothing is then cached)."""
        import hashlib

        own = (doc.release.path if doc.archived else doc.source).resolve()
        history = [d.release.path.resolve() for d in self.project.history(doc.number)]
        parts = [self.digests.get(path) for path in [own, *history]] + self.shared
        if not self.digests or None in parts:
            return None
        subject = repr((parts, str(doc.as_of), str(own))).encode()
        return hashlib.sha256(self.base + subject).hexdigest()

    def check(self, doc: Document, problems_of, frozen: bool) -> list[Problem]:
        key = self.key(doc)
        if key is not None and key in self.known:
            self.found.add(key)
            return []
        found = problems_of(doc)
        if not found and key is not None:
            self.found.add(key)
        return _frozen(found) if frozen else found

    def save(self) -> None:
        """Keep the verdicts of this check (those of versions no longer there are dropped)."""
        if self.found == self.known:
            return
        import json

        from ..render import atomic

        try:
            atomic.write_text(self.path, json.dumps(sorted(self.found)))
        except OSError:
            pass  # a read-only project: checked in full every time, only slower


def _frozen(problems: list[Problem]) -> list[Problem]:
    """The problems of a released version, as warnings. A frozen font that is no longer installed is
    left to `build`, which names the archive's settings line (installing the font fixes it)."""
    return [dataclasses.replace(p, severity=Severity.WARNING, hint=ARCHIVED_HINT)
            for p in problems if not p.field.startswith("fonts.")]


def pdf_problems(project: Project, doc: Document) -> list[Problem]:
    from ..pdf import fonts

    try:
        faces = fonts.resolve(project.config_for(doc))
    except SourceError as exc:
        return list(exc.problems)
    return fonts.coverage_problems(project, doc, faces)


def card_problems(project: Project, doc: Document) -> list[Problem]:
    if not doc.scenarios:
        return []
    from ..cards import content
    from ..render import fonts

    settings = content.card_settings(project, doc)
    try:
        face = fonts.find_font(settings.fonts.heading)
        cards = content.cards_of(project, doc)
    except (fonts.FontNotFound, SourceError):
        return []  # a missing font is reported for the PDF; missing styles by the card rules
    return fonts.uncovered(content.printed_source_texts(doc, cards), [face])


class FontStage(hooks.Stage):
    """The fonts' part in loading (model/hooks.py): every character of every version prints."""

    name = "fonts"
    order = 90  # after the lifecycle: a released version is checked in the fonts frozen with it

    def on_check(self, run, project: Project) -> list[Problem]:
        shared = tuple(source.path.resolve() for source in (run.config, run.directory))
        return check(project, run.digests, shared)


STAGE = FontStage()
