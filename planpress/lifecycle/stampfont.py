"""A font file pyHanko can embed for the Chinese text of a visible signature stamp.

pyHanko reads one OpenType/TrueType font per file and cannot pick a face out of a collection
(.ttc/.otc, which is how Debian ships Noto CJK). fontconfig tells which file and face the
configured heading font is; a collection face is extracted once with fontTools into the project's
.cache/ (about 0.6 s, 16 MB, never committed), and reused while the source file is unchanged.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..problems import Location, SourceError, error
from ..render import atomic
from ..render.fonts import FontNotFound, find_font

CACHE_DIR = Path(".cache") / "fonts"


def stamp_font(root: Path, family: str) -> Path:
    try:
        face = find_font(family)
    except FontNotFound as exc:
        raise SourceError([error(Location(root / "source" / "planpress.yaml"), "fonts.heading",
                                 f"找不到签名印章要用的字体“{family}”（本机只有替代字体“{exc.found}”）。",
                                 "安装这个字体，或在 source/planpress.yaml 的 fonts.heading 里换成已安装的中文字体。")]) from None
    if face.path.suffix.lower() not in (".ttc", ".otc"):
        return face.path
    stat = face.path.stat()
    key = hashlib.sha256(f"{face.path}|{face.index}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:12]
    target = root / CACHE_DIR / f"{face.path.stem}-{face.index}-{key}.otf"
    if not target.exists():
        from fontTools.ttLib import TTCollection

        collection = TTCollection(str(face.path), lazy=True)
        font = collection.fonts[face.index]
        import io

        buffer = io.BytesIO()
        font.save(buffer)
        atomic.write_bytes(target, buffer.getvalue())
    return target
