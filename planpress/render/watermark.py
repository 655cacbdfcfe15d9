"""The 草稿 / 作废 watermark as drawn outlines, not text: an inline SVG of the word's glyph outlines
taken from the heading font with fontTools. A watermark set as text puts its characters into the
PDF's text layer, where viewers, search, copy and pdftotext read them into the middle of the
sentences they cross; outlines are only drawn.

Reading a CJK font's outlines takes most of a second (its cmap and CFF index are large), so the
SVG is kept under .cache/watermarks/, keyed by the word, the font file and its mtime; the same
inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .atomic import write_text
from .fonts import find_font

CACHE_DIR = Path(".cache", "watermarks")
SPACING = 0.4  # em between the characters, as the text watermark had (letter-spacing: 0.4em)


def svg(word: str, family: str, root: Path, color: str = "#787878", opacity: float = 0.18) -> str:
    """An <svg> of `word` in `family` (its outlines), filled with `color` at `opacity` (the SVG's
    own attributes: WeasyPrint does not pass the page's CSS into an inline SVG)."""
    face = find_font(family)
    stat = face.path.stat()
    key = hashlib.sha256(json.dumps([word, str(face.path), face.index, stat.st_mtime_ns, stat.st_size, SPACING, color, opacity])
                         .encode("utf-8")).hexdigest()[:32]
    cached = Path(root) / CACHE_DIR / f"{key}.svg"
    try:
        return cached.read_text("utf-8")
    except OSError:
        pass
    text = _draw(word, face.path, face.index, color, opacity)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        write_text(cached, text)
    except OSError:  # a read-only project still builds
        pass
    return text


def _draw(word: str, path: Path, index: int, color: str, opacity: float) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont
    font = TTFont(str(path), fontNumber=index, lazy=True)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    em = font["head"].unitsPerEm
    ascent = font["hhea"].ascent if "hhea" in font else int(0.88 * em)
    height = ascent - (font["hhea"].descent if "hhea" in font else -int(0.12 * em))
    paths, x = [], 0.0
    for char in word:
        glyph = glyphs[cmap.get(ord(char), ".notdef")]
        pen = SVGPathPen(glyphs)
        glyph.draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))  # font units are y up, SVG's y down
        paths.append(f'<path d="{pen.getCommands()}"/>')
        x += glyph.width + SPACING * em
    width = x - SPACING * em
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" preserveAspectRatio="xMidYMid meet" '
            f'fill="{color}" fill-opacity="{opacity:g}">{"".join(paths)}</svg>')
