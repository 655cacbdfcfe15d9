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
fontconfig's answers are cached in .cache/fonts/ (planpress.render.fonts.use_cache).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..model import Document, Project
from ..problems import Problem, Severity, SourceError

CACHE_DIR = Path(".cache") / "fonts"
ARCHIVED_HINT = ("存档不能修改，这一版的 PDF 因此不会生成（原有的 PDF 保留）。要消除这个警告，"
                 "用 planpress revise 发布不含这个字符的新版本，或换用包含这个字的字体。")


def check(project: Project) -> list[Problem]:
    from ..render import fonts

    fonts.use_cache(project.root / CACHE_DIR)
    problems: list[Problem] = []
    for doc in project.documents:
        found = pdf_problems(project, doc) + card_problems(project, doc)
        # A released working copy is its archived version: frozen, like the archive itself.
        problems += _frozen(found) if doc.is_released else found
    working = {(d.number, d.version) for d in project.documents if d.is_released}
    for doc in project.archive:
        if (doc.number, doc.version) not in working:  # else just checked as its working copy
            problems += _frozen(pdf_problems(project, doc))
    return problems


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
    from ..cards import content, fontcheck
    from ..render import fonts

    settings = content.card_settings(project, doc)
    try:
        face = fonts.find_font(settings.fonts.heading)
        cards = content.cards_of(project, doc)
    except (fonts.FontNotFound, SourceError):
        return []  # a missing font is reported for the PDF; missing styles by the card rules
    return fonts.uncovered(fontcheck.source_texts(doc, cards), [face])
