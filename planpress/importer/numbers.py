"""Clause numbers in the forms hospital documents use, typed or displayed by Word's numbering:
decimal 1, 5.1, 5.1.1, 5.1.1.1 (depth from the number) and list markers a. a) A. （一） 一、 1） （1） 1. ①.
"""

from __future__ import annotations

import dataclasses
import re

CN_DIGITS = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# what may follow a number that is a quantity, not a clause number ("2007年", "15 分钟", "3 个")
UNITS = "年月日号时分秒%％‰个名次条项页元万千百岁天周级类种人份张部台套米吨度"
MULTI_UNITS = ("分钟", "小时", "天", "元", "万元", "米", "倍", "公斤", "千克", "岁", "吨", "毫升", "升", "度", "秒")

DECIMAL = re.compile(r"(\d{1,2}(?:[.．]\d{1,2})*)(?:[.．](?!\d))?[ \t\u3000]*")
MARKERS = (  # (style, pattern); the style names a list level's kind, the group its ordinal
    ("a.", re.compile(r"([a-z])[.．、][ \t\u3000]*")),
    ("a)", re.compile(r"([a-z])[)）][ \t\u3000]*")),
    ("A.", re.compile(r"([A-Z])[.．、][ \t\u3000]*(?![0-9])")),
    ("(一)", re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）][ \t\u3000]*")),
    ("一、", re.compile(r"([一二三四五六七八九十]{1,3})、[ \t\u3000]*")),
    ("(1)", re.compile(r"[（(](\d{1,2})[)）][ \t\u3000]*")),
    ("1)", re.compile(r"(\d{1,2})[)）][ \t\u3000]*")),
    ("①", re.compile(r"([①-⑳])[ \t\u3000]*")),
    ("•", re.compile(r"([•●○■□◆◇▪►])[ \t\u3000]*")),
)


@dataclasses.dataclass(frozen=True)
class Number:
    """A parsed clause number: decimal parts, or a list marker's style and ordinal."""

    raw: str                         # as written: "5.4.5", "a.", "（一）"
    parts: tuple[int, ...] = ()      # decimal: (5, 4, 5)
    style: str | None = None         # list marker: "a.", "a)", "(一)" …
    ordinal: int = 0                 # list marker: a → 1

    @property
    def decimal(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return ".".join(map(str, self.parts)) if self.parts else self.raw.strip()


def split(text: str) -> tuple[Number | None, str]:
    """The number a paragraph starts with, and the text after it."""
    stripped = text.lstrip(" \t\u3000")
    match = DECIMAL.match(stripped)
    if match:
        rest = stripped[match.end():]
        dotted = "." in match.group(0) or "．" in match.group(0)
        multi = bool(re.match(r"\d{1,2}[.．]\d", stripped))
        quantity = rest[:1] in "%％‰" or rest.startswith(MULTI_UNITS) if multi else rest[:1] in UNITS
        if rest and not rest[0].isdigit() and not quantity and rest[0] not in ")）、" and not (
                rest[0] in ".．" or (not dotted and rest[0] in "-—/:：,，")):
            parts = tuple(int(p) for p in re.split(r"[.．]", match.group(1)))
            if len(parts) == 1 and re.match(r"\d{1,2}[.．]", stripped):  # "1." is a list marker
                return Number(match.group(0), style="1.", ordinal=parts[0]), rest
            return Number(match.group(0), parts=parts), rest
    for style, pattern in MARKERS:
        match = pattern.match(stripped)
        if match:
            rest = stripped[match.end():]
            if not rest.strip():
                continue
            return Number(match.group(0), style=style, ordinal=ordinal(style, match.group(1))), rest
    return None, text


def ordinal(style: str, token: str) -> int:
    if style in ("a.", "a)"):
        return ord(token) - ord("a") + 1
    if style == "A.":
        return ord(token) - ord("A") + 1
    if style in ("(一)", "一、"):
        return chinese_number(token)
    if style == "①":
        return CIRCLED.index(token) + 1
    if style == "•":
        return 0  # bullets have no order to check
    return int(token)


def chinese_number(token: str) -> int:
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + CN_DIGITS.index(token[1]) + 1
    if "十" in token:
        tens, _, ones = token.partition("十")
        return (CN_DIGITS.index(tens) + 1) * 10 + (CN_DIGITS.index(ones) + 1 if ones else 0)
    return CN_DIGITS.index(token) + 1


def label(style: str, value: int) -> str:
    """The marker a list style shows for `value` (for messages: “缺少 c.”)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    if style in ("a.", "a)"):
        return letters[(value - 1) % 26] + style[1]
    if style == "A.":
        return letters[(value - 1) % 26].upper() + "."
    if style in ("(一)", "一、"):
        text = to_chinese(value)
        return f"（{text}）" if style == "(一)" else f"{text}、"
    if style == "①":
        return CIRCLED[value - 1] if value <= len(CIRCLED) else str(value)
    if style == "(1)":
        return f"（{value}）"
    if style == "1)":
        return f"{value}）"
    return f"{value}."


def to_chinese(value: int) -> str:
    if value <= 10:
        return "十" if value == 10 else CN_DIGITS[value - 1]
    tens, ones = divmod(value, 10)
    return (CN_DIGITS[tens - 1] if tens > 1 else "") + "十" + (CN_DIGITS[ones - 1] if ones else "")
