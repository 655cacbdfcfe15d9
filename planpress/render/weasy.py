"""HTML → PDF with WeasyPrint, closed to the outside and deterministic.

The same HTML gives the same bytes: no creation date unless the caller passes one from the
source (for instance the effective date), and a PDF identifier derived from the content.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
import time
from pathlib import Path
from typing import NamedTuple

from .. import inputs
from ..problems import Location, SourceError, error
from .libraries import import_weasyprint
from . import TEMPLATES_DIR

# What tells fontconfig where its configuration, fonts and caches are, besides inputs.fonts().
FONTCONFIG_ENVIRONMENT = ("FONTCONFIG_FILE", "FONTCONFIG_PATH", "FONTCONFIG_SYSROOT", "HOME",
                          "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME")
FONTS_RECHECK_SECONDS = 60  # how soon a long-lived process notices a font installed


class _Fonts(NamedTuple):  # font_config()'s shared FontConfiguration and what it was made from
    environment: tuple
    folders: str  # inputs.fonts()
    checked: tuple[int, float]  # process and time.monotonic() when `folders` was last compared
    config: object


_fonts: _Fonts | None = None


@functools.cache
def has_hb_subset() -> bool:
    """True when HarfBuzz's subsetter is loaded: fonts subset in 0.4 s instead of 16 s."""
    import_weasyprint()
    from weasyprint.text import ffi
    return ffi.harfbuzz_subset is not None


def render(html: str, root: Path, css: str = ""):
    """Lay out `html` (relative URLs resolve inside templates/); returns a weasyprint Document.
    `css`: a style sheet applied after the document's own (for values known only at layout time)."""
    weasyprint = import_weasyprint()
    from .fetcher import ForbiddenReference, ProjectFetcher  # imports weasyprint: only after the fast import
    from .user_agent import html_class

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    templates = (root / TEMPLATES_DIR).resolve()
    fetcher = ProjectFetcher([templates])
    try:
        stylesheets = [weasyprint.CSS(string=css)] if css else None
        return html_class(html, templates)(string=html, base_url=templates.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets, font_config=font_config())
    except ForbiddenReference as exc:
        raise SourceError([error(Location(templates), "", f"{exc.reason}：{exc.url}",
                                 "模板只能引用 templates/ 里的文件（样式、图片、字体）或 data: 网址；删除或改正这个引用。")]) from None


def write_pdf(document, *, pdf_variant: str | None = None, finisher=None, compact_fonts: bool = False,
              tags: bool = True) -> bytes:
    """The PDF bytes of a rendered document: tagged for screen readers, content-derived identifier.

    `finisher(document, pdf)` may add to the pydyf PDF just before it is written. `compact_fonts`
    embeds CID-keyed CJK fonts as compact CFF programs (see render.compact_fonts): a third of the
    size, and faster. `tags=False` leaves out the structure tree (a fifth of the writing time)."""
    options = {"pdf_tags": tags, "pdf_identifier": True}
    if pdf_variant:
        options["pdf_variant"] = pdf_variant
    if not compact_fonts:
        return document.write_pdf(finisher=finisher, **options)
    from .compact_fonts import CompactFonts

    with CompactFonts() as compact:
        def finish(document, pdf):
            if finisher:
                finisher(document, pdf)
            compact.finish(document, pdf)

        return document.write_pdf(finisher=finish, **options)


def font_config():
    """The WeasyPrint FontConfiguration that the documents laid out in this process's main thread
    share; None (one per document, WeasyPrint's default) in any other thread.

    WeasyPrint makes one per document by default, which opens, measures and shapes the same fonts
    again for every PDF and every campus's cards: sharing one makes each 5–10 % cheaper, with the
    same bytes (tests/test_shared_fonts.py). A new one is made when what fontconfig reads changes
    (fontconfig pointed elsewhere; a font installed, noticed within FONTS_RECHECK_SECONDS: the
    intranet application runs for months) and after a document whose style sheets added
    @font-face fonts to it (they would stay for the next documents). Pango's font map is not for
    several threads at once, and the intranet application may lay out a PDF in a request's thread:
    only the main thread shares (the helper processes lay out there)."""
    global _fonts
    if threading.current_thread() is not threading.main_thread():
        return None
    environment = tuple(os.environ.get(name) for name in FONTCONFIG_ENVIRONMENT)
    now = (os.getpid(), time.monotonic())
    fonts = _fonts
    if fonts is None or fonts.environment != environment or fonts.config.faces_added:
        fonts = _Fonts(environment, inputs.fonts(), now, _shared_font_class()())
    elif fonts.checked[0] != now[0] or now[1] - fonts.checked[1] >= FONTS_RECHECK_SECONDS:
        # The font folders are walked once in each process (a helper serves one build), then once
        # a minute: not for every document.
        folders = inputs.fonts()
        fonts = _Fonts(environment, folders, now,
                       fonts.config if folders == fonts.folders else _shared_font_class()())
    _fonts = fonts
    return fonts.config


@functools.cache
def _shared_font_class():
    from weasyprint.text.fonts import FontConfiguration

    class SharedFontConfiguration(FontConfiguration):
        faces_added = False

        def add_font_face(self, rule_descriptors, url_fetcher):
            self.faces_added = True
            return super().add_font_face(rule_descriptors, url_fetcher)

    return SharedFontConfiguration
