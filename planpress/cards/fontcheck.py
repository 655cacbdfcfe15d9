"""Every character a card prints must be in the configured font, or it prints as an empty box.

Text from source/ is checked first, so a missing glyph is reported where the editor wrote it;
whatever else the rendered HTML prints (template wording, numbers, dates) is checked after.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Iterator

from ..model import Document, Project
from ..problems import Location, SourceError, error
from ..render import TEMPLATES_DIR, fonts
from .content import card_settings, printed_source_texts
from .parts import Composition

_TEXT = re.compile(r">([^<]+)<")


def card_face(project: Project, doc: Document) -> fonts.FontFace:
    """The font file of the cards' family (the version's heading font); a Chinese error if missing."""
    settings = card_settings(project, doc)
    family = settings.fonts.heading
    try:
        return fonts.find_font(family)
    except fonts.FontNotFound as exc:
        found = f"，本机会用“{exc.found}”代替" if exc.found else ""
        raise SourceError([error(settings.location("fonts.heading"), "fonts.heading",
                                 f"找不到卡片用的字体“{family}”{found}。",
                                 "安装这个字体，或在 source/planpress.yaml 的 fonts.heading 里写本机已安装的字体名"
                                 "（fc-list : family 可列出）。")]) from None


def require_coverage(project: Project, doc: Document, rendering: Composition) -> None:
    face = card_face(project, doc)
    problems = fonts.uncovered(_printed_texts(project, doc, rendering), [face])
    if problems:
        raise SourceError(problems)


def _printed_texts(project: Project, doc: Document, rendering: Composition) -> Iterator[tuple[str, Location]]:
    yield from printed_source_texts(doc, [part.card for part in rendering.cards])
    template = Location(project.root / TEMPLATES_DIR / "cards")
    body = rendering.html.split("<body", 1)[-1]
    for match in _TEXT.finditer(body):
        yield html_module.unescape(match.group(1)), template
