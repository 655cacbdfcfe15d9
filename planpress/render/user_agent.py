"""WeasyPrint's user-agent style sheet without its footnote and note rules, for documents without either.

WeasyPrint's HTML style sheet has five rules for pseudo-elements of every element (`::footnote-call`,
`::footnote-marker`, `::note-call`, `::note-marker`, `::note-callback`). It matches them and computes
their styles for each element of a document whether or not anything in it is a footnote: about a
fourteenth of the instructions of laying out a card pass or a plan's PDF. Those pseudo-elements are
only made for an element floated as a footnote or positioned as a note, which planpress's templates never do, so
leaving the rules out changes nothing that is laid out (the bytes are the same; tests/test_render_lean.py).

A document whose HTML or templates mention footnotes or notes is laid out with WeasyPrint's own
sheet. So is every document when this WeasyPrint's sheet is not the one these rules were taken from.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from .libraries import import_weasyprint

_RULES = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}\n]*\}\n", re.M)
EXPECTED_RULES = 5
# What makes WeasyPrint generate those pseudo-elements: `float: footnote`, `position: note(…)`.
_MENTIONS = re.compile(r"footnote|\bnote\(", re.I)


@functools.cache
def lean_html_class():
    """A weasyprint.HTML whose user-agent sheet lacks the five rules, or None if they are not found
    as expected (another WeasyPrint)."""
    import_weasyprint()
    from weasyprint import CSS, HTML
    from weasyprint import html as html_module
    from weasyprint.css.counters import CounterStyle

    text = getattr(html_module, "UA", None)
    if not isinstance(text, str) or not callable(getattr(HTML, "_ua_stylesheets", None)):
        return None
    lean, found = _RULES.subn("", text)
    if found != EXPECTED_RULES:
        return None
    # Its @counter-style rules are WeasyPrint's own, already known to every document: a throwaway
    # register for them, so that WeasyPrint's is not changed.
    sheet = CSS(string=lean, counter_style=CounterStyle())
    forms = html_module.UA_FORM_STYLESHEET

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms_too=False):
            return [sheet, forms] if forms_too else [sheet]

    return LeanHTML


def html_class(html: str, templates: Path):
    """The weasyprint.HTML class to lay out `html` with (its relative URLs resolve in `templates`)."""
    lean = lean_html_class()
    if lean is None or _MENTIONS.search(html) or _templates_mention_notes(_signature(templates)):
        return import_weasyprint().HTML
    return lean


def _signature(templates: Path) -> tuple:
    """The style sheets under `templates` with their sizes and times: what `_templates_mention_notes` reads."""
    found = []
    for folder, _, names in os.walk(templates):
        for name in names:
            if name.endswith(".css"):
                path = os.path.join(folder, name)
                try:
                    status = os.stat(path)
                except OSError:
                    continue
                found.append((path, status.st_size, status.st_mtime_ns))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=8)
def _templates_mention_notes(signature: tuple) -> bool:
    for path, _, _ in signature:
        try:
            text = Path(path).read_text("utf-8", errors="replace")
        except OSError:
            return True  # unreadable: WeasyPrint's own sheet, to be safe
        if _MENTIONS.search(re.sub(r"/\*.*?\*/", "", text, flags=re.S)):
            return True
    return False
