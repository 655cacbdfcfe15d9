"""Slips of the keyboard in YAML syntax, named as what they are.

A Chinese input method types full-width punctuation: `actor： 现场人员` has a full-width colon where
YAML needs `: `, and the parser then complains about the *next* line in English ("could not find
expected ':'"). An editor copying from Word indents with tabs, and the parser stops at the first
one. An unquoted `0316` is text to planpress but 316 (or an octal number) to other YAML readers.

Two passes find these:

- `line_slips(text)`: when the parser refuses a file, every line with a slip in its syntax (tab or
  full-width space in the indentation, a full-width colon after a key, a full-width list dash,
  full-width punctuation inside [ ] or { }), each at its own line and column, all in one run.
  `repaired(text)` is the text with those slips put right (same lines and columns), so what the
  parser says of the repaired text is a real further mistake, not an echo of these.
- `scalar_slip(...)`: a value the parser accepted but that was most likely meant as syntax
  (`- title： 组织体系` read as the text "title： 组织体系"; `[病案室主任， 医务科科长]` read as one
  item), and numbers that start with 0.
"""

from __future__ import annotations

import dataclasses
import re

FULL_COLON = "："
FULL_COMMA = "，"
FULL_DASH = "－"
FULL_SPACE = "\u3000"
FULL_BRACKETS = "［］｛｝"

# A key as planpress's files write them (ASCII, or quoted), then a full-width colon.
_BLOCK_KEY = re.compile(r"^(?P<lead>[ \t\u3000]*(?:[-－][ \t\u3000]+)*)"
                        r"(?P<key>[A-Za-z_][A-Za-z0-9_-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*(?P<colon>：)")
_DASH = re.compile(r"^(?P<lead>[ \t\u3000]*(?:-[ \t]+)*)(?P<dash>－)(?:[ \t\u3000]|$)")
_ASCII_KEY_THEN_COLON = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*[ \t]*：")
_KEYS_AROUND_COMMA = re.compile(r"[a-z][a-z0-9-]*(\s*，\s*[a-z][a-z0-9-]*)+")
# Numbers as YAML 1.1 / 1.2 readers take them that start with 0: 0316, -0123, 012.5, 0e5, 0o17, 0x1F.
_ZERO_LED = re.compile(r"[-+]?0[0-9_]+(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?0[eE][-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")


@dataclasses.dataclass(frozen=True)
class Slip:
    line: int  # 1-based
    column: int  # 1-based, in characters
    message: str
    hint: str


def _indent_slips(number: int, line: str) -> list[Slip]:
    indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
    if not line.strip(" \t\u3000"):
        return []
    if "\t" in indent:
        return [Slip(number, indent.index("\t") + 1, "这一行的缩进里有制表符（Tab）。",
                     "YAML 只能用空格缩进：把这一行开头的 Tab 换成空格，与同级的行对齐。")]
    if FULL_SPACE in indent:
        return [Slip(number, indent.index(FULL_SPACE) + 1, "这一行的缩进里有全角空格（中文输入法的空格）。",
                     "把行首的全角空格删掉，改用英文空格缩进，与同级的行对齐。")]
    return []


def _colon_slip(number: int, line: str) -> Slip | None:
    match = _BLOCK_KEY.match(line)
    if not match:
        return None
    key = match.group("key")
    return Slip(number, match.start("colon") + 1,
                f"“{key}”后面的冒号是全角的“：”（中文输入法打出的），YAML 不认识它。",
                f"把“{key}：”改成“{key}: ”：英文冒号，后面再加一个空格。")


def _flow_slips(number: int, line: str) -> list[Slip]:
    """Full-width punctuation used as the syntax of [ ] or { } outside quotes: a colon after a key
    of a flow mapping ({医院保卫处： security}), a comma between keys ([security， police]). A
    full-width comma inside a text item ([系统恢复，核对数据]) is ordinary Chinese and left alone."""
    found, stack, quote, start = [], [], "", 0
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
            continue
        if char in "\"'" and stack:
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            break
        elif char in "[{":
            stack.append(char)
            start = index + 1
        elif char in "]}":
            if stack:
                stack.pop()
            start = index + 1
        elif char == "," and stack:
            start = index + 1
        elif stack and stack[-1] == "{" and char == FULL_COLON and ":" not in line[start:index]:
            found.append(Slip(number, index + 1, "花括号里的冒号是全角的“：”（中文输入法打出的），YAML 不认识它。",
                              "写成英文冒号加一个空格，例如 {医院保卫处: security}。"))
        elif stack and char == FULL_COMMA and _KEYS_AROUND_COMMA.fullmatch(_item_at(line, start)):
            found.append(Slip(number, index + 1, "方括号里的键之间用了全角逗号“，”（中文输入法打出的），YAML 把它们读成了一项。",
                              "键与键之间用英文逗号“,”分隔，例如 [security, police]。"))
    for index, char in enumerate(line):
        if char in FULL_BRACKETS and not _quoted_at(line, index):
            found.append(Slip(number, index + 1, f"这里的括号是全角的“{char}”（中文输入法打出的），YAML 不把它当作列表或映射。",
                              "列表写英文方括号 [ ]，映射写英文花括号 { }，例如 call: [fire-alarm]。"))
            break
    return found


def _item_at(line: str, start: int) -> str:
    end = start
    while end < len(line) and line[end] not in ",]}":
        end += 1
    return line[start:end].strip()


def _quoted_at(line: str, index: int) -> bool:
    before = line[:index]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def line_slips(text: str) -> list[Slip]:
    """Every slip in the syntax of the lines of `text` (for a file the parser refused)."""
    slips: list[Slip] = []
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" \t\u3000")
        if stripped.startswith("#"):
            continue
        slips += _indent_slips(number, line)
        colon = _colon_slip(number, line)
        if colon:
            slips.append(colon)
        dash = _DASH.match(line)
        if dash:
            slips.append(Slip(number, dash.start("dash") + 1, "列表项前面的短横是全角的“－”（中文输入法打出的），YAML 不认识它。",
                              "改成英文短横“-”，后面再加一个空格。"))
        if any(c in line for c in "，：［］｛｝"):
            slips += _flow_slips(number, line)
    return sorted(set(slips), key=lambda s: (s.line, s.column))


def repaired(text: str, tab_width: int = 2) -> str:
    """`text` with the slips of `line_slips` put right, each line keeping its number (columns may
    shift within a repaired indentation)."""
    lines = []
    for line in text.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
        if indent and line.strip(" \t\u3000"):
            line = indent.replace("\t", " " * tab_width).replace(FULL_SPACE, "  ") + line[len(indent):]
        match = _BLOCK_KEY.match(line)
        if match:
            line = line[: match.start("colon")] + ": " + line[match.end("colon"):].lstrip(" ")
        dash = _DASH.match(line)
        if dash:
            line = line[: dash.start("dash")] + "-" + line[dash.end("dash"):]
        if "[" in line or "{" in line:
            line = _repaired_flow(line)
        line = "".join({"［": "[", "］": "]", "｛": "{", "｝": "}"}.get(c, c) for c in line)
        lines.append(line)
    return "\n".join(lines)


def _repaired_flow(line: str, number: int = 0) -> str:
    chars = list(line)
    for slip in _flow_slips(number, line):
        index = slip.column - 1
        chars[index] = {FULL_COLON: ":", FULL_COMMA: ","}.get(chars[index], chars[index])
    return "".join(chars)


def scalar_slip(value: str, *, in_flow: bool, first_on_line: bool, is_key: bool = False) -> tuple[str, str] | None:
    """(message, hint) for a plain (unquoted) value the parser accepted that was most likely meant
    as syntax; None for an ordinary value."""
    if is_key and value.startswith(FULL_SPACE):
        return ("这一行的缩进里有全角空格（中文输入法的空格），YAML 把它读成了键的一部分。",
                "把行首的全角空格删掉，改用英文空格缩进，与同级的行对齐。")
    if first_on_line and _ASCII_KEY_THEN_COLON.match(value):
        key = value.split(FULL_COLON, 1)[0].strip()
        return (f"“{key}”后面的冒号是全角的“：”（中文输入法打出的），整行被读成了一段文字“{value[:30]}”。",
                f"把“{key}：”改成“{key}: ”：英文冒号，后面再加一个空格。")
    if in_flow and FULL_COMMA in value and _KEYS_AROUND_COMMA.fullmatch(value):
        return (f"方括号里的键之间用了全角逗号“，”（中文输入法打出的），YAML 把“{value[:30]}”读成了一项。",
                "键与键之间用英文逗号“,”分隔，例如 [security, police]。")
    if in_flow and is_key and FULL_COLON in value:
        return ("花括号里的冒号是全角的“：”（中文输入法打出的），YAML 不认识它。",
                "写成英文冒号加一个空格，例如 {医院保卫处: security}。")
    if len(value) > 1 and value[0] in "［｛" and value[-1] in "］｝":
        return (f"这里的括号是全角的“{value[0]}{value[-1]}”（中文输入法打出的），YAML 把它读成了一段文字，而不是列表。",
                "列表写英文方括号 [ ]，映射写英文花括号 { }，例如 call: [fire-alarm]。")
    return None


def zero_led(value: str) -> bool:
    """An unquoted value that YAML readers take as a number but that starts with 0 (0316, 012.5,
    0o17, 0x1F): each reader makes something else of it (316, an octal number, text)."""
    return bool(_ZERO_LED.fullmatch(value))


def zero_led_slip(value: str) -> tuple[str, str]:
    return (f"以 0 开头的数字“{value}”没有加引号：不同的程序会把它读成不同的东西（丢掉开头的 0，或当成八进制数）。",
            f"加上引号写成 \"{value}\"（电话号码、编号都要加引号）；如果它是一个数，去掉开头的 0。")
