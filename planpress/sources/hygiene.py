"""Characters no output can show: refused in every key and text of every source file.

A control character (ESC starts the terminal codes that can hide a line from a reviewer running
`planpress diff`; NUL, carriage return…), a bidirectional override (which reorders what a reader
sees), an invisible zero-width character, a line separator or a lone surrogate has no place in a
controlled document: the PDF cannot print it, a terminal obeys it, search cannot find the words it
splits. YAML's reader already refuses most raw control characters; the rest arrive through escapes
in double quotes ("\\e", "\\x1b", "\\u202e") or are printable for YAML (U+202E, U+200B).

The check is generic: it walks the parsed data of any source (document, contacts.yaml,
planpress.yaml, archive snapshots), keys included, so it does not depend on the document format.
Tabs and line breaks are allowed (block scalars have line breaks; a tab prints as a space).
"""

from __future__ import annotations

import re
from typing import Any

from ..problems import Location, Problem, error
from .fields import format_field

# C0 controls except tab and line feed, DEL, C1 controls, Arabic letter mark, zero-width space /
# joiners / directional marks, line and paragraph separators, directional embeddings and overrides,
# word joiner and invisible operators, directional isolates, byte order mark, noncharacters,
# surrogates (only a "\ud800" escape can make one), invisible tag characters, and the two
# noncharacters at the end of every plane.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064"
                       "\u2066-\u2069\ufeff\ufdd0-\ufdef\ud800-\udfff\U000e0000-\U000e007f"
                       + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
                       + "]")

_NAMES = {
    0x00: "NUL，空字符", 0x07: "BEL，响铃", 0x08: "BS，退格", 0x0B: "VT，垂直制表符", 0x0C: "FF，换页符",
    0x0D: "CR，回车符", 0x1B: "ESC，终端控制码的开头", 0x7F: "DEL，删除符", 0x85: "NEL，下一行",
    0x200B: "零宽空格", 0x200C: "零宽非连接符", 0x200D: "零宽连接符", 0x200E: "从左到右标记",
    0x200F: "从右到左标记", 0x2028: "行分隔符", 0x2029: "段分隔符", 0x202A: "从左到右嵌入",
    0x202B: "从右到左嵌入", 0x202C: "方向格式结束", 0x202D: "从左到右强制", 0x202E: "从右到左强制，会把文字倒过来显示",
    0x2060: "零宽不换行符", 0x2066: "从左到右隔离", 0x2067: "从右到左隔离", 0x2068: "方向隔离",
    0x2069: "方向隔离结束", 0xFEFF: "零宽不换行空格（BOM）",
}

HINT = ("删除这个字符（在编辑器里打开“显示不可见字符”可以看到它；在双引号里时，它可能写成了 \\e、\\x1b、\\u202e "
        "这样的转义）。这类字符 PDF 印不出来，终端会把它当作命令执行，搜索也找不到被它隔开的词。")


def describe(char: str) -> str:
    """"U+001B（ESC，终端控制码的开头）" for a message."""
    code = ord(char)
    name = _NAMES.get(code)
    if name is None:
        import unicodedata

        category = unicodedata.category(char) if not 0xD800 <= code <= 0xDFFF else "Cs"
        name = {"Cc": "控制字符", "Cf": "不可见的格式字符", "Cs": "不成对的代理字符", "Cn": "非字符"}.get(category, "不可见字符")
    return f"U+{code:04X}（{name}）"


def check(source, text: str, escaped: bool = True) -> list[Problem]:
    """One problem per key or text of `source` (a yamlsource.SourceFile) with a forbidden character.
    `escaped`: whether a double-quoted scalar's escapes made one (the parser knows)."""
    if not escaped and not FORBIDDEN.search(text):
        return []  # nothing raw, and no escape that made one: the usual case, at no cost
    problems: list[Problem] = []
    lines = text.splitlines()
    pending: list[tuple[tuple, Any]] = [((), source.data)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and FORBIDDEN.search(key):
                    problems.append(_problem(source, source.key_at(path + (key,)), path + (key,), key, lines, "键"))
                pending.append((path + (key,), item))
        elif isinstance(value, list):
            pending.extend((path + (index,), item) for index, item in enumerate(value))
        elif isinstance(value, str) and FORBIDDEN.search(value):
            problems.append(_problem(source, source.at(path), path, value, lines, "文字"))
    problems.sort(key=lambda p: (p.location.line, p.location.column))
    return problems


def _problem(source, where: Location, path: tuple, value: str, lines: list[str], what: str) -> Problem:
    char = FORBIDDEN.search(value).group(0)
    line, column = where.line, where.column
    # The character itself, when it is written raw on the value's line: point at it exactly.
    if 0 < line <= len(lines):
        found = lines[line - 1].find(char, max(column - 1, 0))
        if found >= 0:
            column = found + 1
    place = Location(where.file, line, column)
    return error(place, format_field(path), f"{what}里有不可见的控制字符 {describe(char)}，不能使用。", HINT)


def reader_problem(path, text: str, position: int | None, code: int | None) -> Problem:
    """YAML's reader refused a raw character: say where, and which. (The C reader counts `position`
    in bytes, the Python one in characters: the first occurrence of the character is the place.)"""
    char = chr(code) if isinstance(code, int) else None
    found = text.find(char) if char else -1
    if found < 0:
        found = min(position or 0, len(text))
        char = text[found] if found < len(text) else "\x00"
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return error(Location(path, line, column), "", f"这里有不可见的控制字符 {describe(char)}，YAML 文件里不能有它。", HINT)
