"""Find the configured fonts and make sure they cover every character the document prints.

fontconfig answers both questions (which file a family name means, and which characters that
file covers) from its cache in milliseconds; Pango, WeasyPrint's text layout, chooses fonts the
same way, so its answer is the one that matters.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import shutil
import subprocess
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


@functools.cache
def find_font(family: str) -> FontFace:
    """The installed font file for `family`; FontNotFound when fontconfig only has a substitute."""
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
    return FontFace(family, Path(file), int(index or 0), _parse_charset(charset))


def _parse_charset(text: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for part in text.split():
        start, _, end = part.partition("-")
        ranges.append((int(start, 16), int(end or start, 16)))
    return tuple(sorted(ranges))


def uncovered(texts: Iterable[tuple[str, Location]], faces: list[FontFace]) -> list[Problem]:
    """One problem per character that none of `faces` covers, at its first occurrence."""
    reported: set[str] = set()
    problems = []
    for text, location in texts:
        for char in text:
            if char in reported or char in "\n\t" or any(face.covers(char) for face in faces):
                continue
            reported.add(char)
            families = "、".join(dict.fromkeys(face.family for face in faces))
            problems.append(error(
                location, "", f"字符“{char}”（U+{ord(char):04X}）在所选字体（{families}）里没有，会印成空白方框。",
                "换成常用写法（例如把生僻字、特殊符号改成常用字），或在 source/planpress.yaml 里换用包含这个字的字体。"))
    return problems
