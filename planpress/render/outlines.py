"""Words drawn as the outlines of their glyphs (vector paths), not as text.

The 草稿 / 作废 watermark lies across every page. Drawn as text, its characters join the page's
text layer, and pdftotext, search and copy in a PDF viewer read them in the middle of the
sentences they cross ("病案室负责病草案的借阅"). Drawn as paths, it looks the same and the text
layer holds only the document's words.

The outlines come from the configured font file (fontTools reads its glyphs) and are cached
under .cache/outlines/ by the word, the font file (path, face, size, modification time) and the
spacing: reading a CJK font's character map takes about 0.4 s, the cached answer a millisecond.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path

from .fonts import find_font

CACHE_DIR = Path(".cache", "outlines")
_FORMAT = 1  # of the cached answer


@dataclasses.dataclass(frozen=True)
class Outline:
    path: str  # SVG path data, in font units, y growing downwards, the baseline at y = ascent
    width: float  # the advance of the whole word, spacing included
    height: float  # ascent + descent
    per_em: int  # font units per em

    def svg(self, fill: str, opacity: float) -> str:
        """An <svg> element one em high (scale it with CSS height), filled in `fill`."""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width:g} {self.height:g}" '
                f'preserveAspectRatio="xMidYMid meet">'
                f'<path d="{self.path}" fill="{fill}" fill-opacity="{opacity:g}"/></svg>')


def outline(word: str, family: str, root: Path, spacing: float = 0.4) -> Outline:
    """`word` in the font fontconfig finds for `family`, `spacing` em between its characters."""
    face = find_font(family)
    stat = face.path.stat()
    key = hashlib.sha256(json.dumps([_FORMAT, word, str(face.path), face.index, stat.st_size, stat.st_mtime_ns,
                                     spacing]).encode("utf-8")).hexdigest()
    cached = root / CACHE_DIR / f"{key}.json"
    if cached.is_file():
        try:
            return Outline(**json.loads(cached.read_text("utf-8")))
        except (ValueError, TypeError):
            pass  # a damaged cache entry: made again below
    result = _draw(word, face.path, face.index, spacing)
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{key[:8]}.tmp")
    temporary.write_text(json.dumps(dataclasses.asdict(result)), "utf-8")
    temporary.replace(cached)
    return result


def _draw(word: str, path: Path, index: int, spacing: float) -> Outline:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), fontNumber=index, lazy=True)
    try:
        per_em = font["head"].unitsPerEm
        if "OS/2" in font:  # the em box of the design (CJK: the ideographic frame)
            ascent, descent = font["OS/2"].sTypoAscender, -font["OS/2"].sTypoDescender
        else:
            ascent, descent = font["hhea"].ascent, -font["hhea"].descent
        cmap = font.getBestCmap()
        glyphs = font.getGlyphSet()
        pen = SVGPathPen(glyphs, ntos=lambda value: f"{value:.0f}")
        x = 0.0
        for position, char in enumerate(word):
            name = cmap.get(ord(char))
            if name is None:  # not in the font (the font check reports it): leave its place empty
                x += per_em
                continue
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))
            x += glyphs[name].width + (spacing * per_em if position < len(word) - 1 else 0)
        return Outline(pen.getCommands(), x, ascent + descent, per_em)
    finally:
        font.close()
