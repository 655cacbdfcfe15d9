"""Find the configured fonts and make sure they cover every character the document prints.

fontconfig answers both questions (which file a family name means, and which characters that
file covers) from its cache in milliseconds; Pango, WeasyPrint's text layout, chooses fonts the
same way, so its answer is the one that matters.

`planpress check` asks too (every character is checked before `approve` and `release`), and
fc-match is a process of ~20 ms per family: its answers are kept in .cache/fonts/ (use_cache),
each valid while the font file has the same path, size and modification time and fontconfig's
configuration and cache folders have not changed (installing a font and running fc-cache changes
them). A family fontconfig does not have is never cached: it is asked again every time.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..problems import Location, Problem, error


@dataclasses.dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    index: int
    ranges: tuple[tuple[int, int], ...]  # covered code points, sorted inclusive ranges

    def covers(self, char: str) -> bool:
        code = ord(char)
        position = bisect.bisect_right(self.ranges, (code, 0x10FFFF + 1)) - 1
        return position >= 0 and self.ranges[position][0] <= code <= self.ranges[position][1]


class FontNotFound(Exception):
    def __init__(self, family: str, found: str):
        self.family = family
        self.found = found
        super().__init__(family)


_cache_dir: Path | None = None
# fontconfig's configuration and caches: a font installed (and fc-cache run) changes one of them.
_FONTCONFIG_PLACES = ("/etc/fonts", "/etc/fonts/conf.d", "/usr/share/fonts", "/usr/local/share/fonts",
                      "/var/cache/fontconfig", "~/.fonts", "~/.local/share/fonts", "~/.cache/fontconfig",
                      "~/.config/fontconfig")


def use_cache(folder: Path) -> None:
    """Keep fontconfig's answers in `folder` (e.g. <project>/.cache/fonts) from now on."""
    global _cache_dir
    _cache_dir = folder


@functools.cache
def find_font(family: str) -> FontFace:
    """The installed font file for `family`; FontNotFound when fontconfig only has a substitute."""
    cached = _cached(family)
    if cached is not None:
        return cached
    import shutil
    import subprocess

    if not shutil.which("fc-match"):
        raise FontNotFound(family, "（本机没有 fontconfig 的 fc-match 命令）")
    output = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}\n%{charset}\n", family],
                            capture_output=True, text=True, check=False).stdout.split("\n")
    if len(output) < 4:
        raise FontNotFound(family, "")
    families, file, index, charset = output[:4]
    names = [name.strip().lower() for name in families.split(",")]
    if family.strip().lower() not in names:
        raise FontNotFound(family, families.split(",")[0])
    face = FontFace(family, Path(file), int(index or 0), _parse_charset(charset))
    _remember(family, face, charset)
    return face


def fontconfig_stamp() -> list:
    """fontconfig's configuration and cache folders as they are now (installing a font changes it)."""
    places = []
    for place in _FONTCONFIG_PLACES:
        try:
            places.append(os.stat(os.path.expanduser(place)).st_mtime_ns)
        except OSError:
            places.append(None)
    return places


def _stamp(file: Path) -> list | None:
    """What a cached answer about `file` is valid for: the file's size and time, fontconfig's state."""
    try:
        info = os.stat(file)
    except OSError:
        return None
    return [str(file), info.st_size, info.st_mtime_ns, fontconfig_stamp()]


def _cache_file(family: str) -> Path | None:
    if _cache_dir is None:
        return None
    return _cache_dir / f"{hashlib.sha256(family.encode()).hexdigest()[:24]}.json"


def _cached(family: str) -> FontFace | None:
    path = _cache_file(family)
    if path is None:
        return None
    try:
        entry = json.loads(path.read_text("utf-8"))
        if entry["family"] != family or entry["stamp"] != _stamp(Path(entry["file"])):
            return None
        return FontFace(family, Path(entry["file"]), int(entry["index"]), _parse_charset(entry["charset"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(family: str, face: FontFace, charset: str) -> None:
    path = _cache_file(family)
    if path is None:
        return
    entry = {"family": family, "file": str(face.path), "index": face.index, "charset": charset,
             "stamp": _stamp(face.path)}
    try:
        from . import atomic

        atomic.write_text(path, json.dumps(entry))
    except Exception:  # noqa: BLE001 - a cache that cannot be written (read-only project) only costs time
        pass


def _parse_charset(text: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for part in text.split():
        start, _, end = part.partition("-")
        ranges.append((int(start, 16), int(end or start, 16)))
    return tuple(sorted(ranges))


# Characters already known to be in a font file (path, index): most texts share most characters,
# so a check of many documents asks each font about each character once.
_covered: dict[tuple[Path, int], set[str]] = {}


def _missing(chars: set[str], faces: list[FontFace]) -> set[str]:
    missing = set()
    for char in chars:
        if char in "\n\t":
            continue
        for face in faces:
            known = _covered.setdefault((face.path, face.index), set())
            if char in known:
                break
            if face.covers(char):
                known.add(char)
                break
        else:
            missing.add(char)
    return missing


def uncovered(texts: Iterable[tuple[str, Location]], faces: list[FontFace]) -> list[Problem]:
    """One problem per character that none of `faces` covers, at its first occurrence."""
    texts = list(texts)
    chars: set[str] = set()
    for text, _ in texts:
        chars.update(text)
    missing = _missing(chars, faces)
    if not missing:
        return []
    reported: set[str] = set()
    problems = []
    for text, location in texts:
        for char in text:
            if char in reported or char not in missing:
                continue
            reported.add(char)
            families = "、".join(dict.fromkeys(face.family for face in faces))
            problems.append(error(
                location, "", f"字符“{char}”（U+{ord(char):04X}）在所选字体（{families}）里没有，会印成空白方框。",
                "换成常用写法（例如把生僻字、特殊符号改成常用字），或在 source/planpress.yaml 里换用包含这个字的字体。"))
    return problems
