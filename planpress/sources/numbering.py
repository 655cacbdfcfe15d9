"""Numbering styles of a frame: how the clauses of each level, and the items of lists, are numbered.

A style is written as its first number looks (planpress.yaml `numbering`, `item_numbering`):
"1.1" joins the number to its parent's (5 → 5.1 → 5.1.1, the seed's style and the default);
"第一章", "第一条", "（一）", "一、", "1.", "（1）", "①", "a.", "a)" number on their own. A style
ending in 条 runs through the whole document (第一章 holds 第一条–第三条, 第二章 goes on with 第四条),
as Chinese policies number their articles; every other style starts again under each parent.
"""

from __future__ import annotations

import dataclasses
import re

frozen = dataclasses.dataclass(frozen=True)

DECIMAL = "decimal"
_DECIMAL_SAMPLE = re.compile(r"\d+(\.\d+)*")
# the counter in a sample: a Chinese numeral, an Arabic number, a circled number or a letter
_COUNTERS = {"一": "chinese", "1": "arabic", "①": "circled", "a": "latin", "A": "LATIN"}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 110 → 一百一十 (as policies count articles)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                    (_DIGITS[rest // 10] + "十" + (_DIGITS[rest % 10] if rest % 10 else "")))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def latin(index: int, upper: bool = False) -> str:
    """1 → a, 26 → z, 27 → aa (a list rarely has more than 26 items)."""
    text = ""
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("a") + rest) + text
    return text.upper() if upper else text


@frozen
class Style:
    """One level's numbering: `counter` is decimal (joined to the parent's decimal number),
    chinese, arabic, circled, latin or LATIN, written between `prefix` and `suffix`."""

    sample: str  # as planpress.yaml writes it: 第一条, （一）, 1.1 …
    counter: str
    prefix: str = ""
    suffix: str = ""
    continuous: bool = False  # the count runs through the document instead of restarting per parent

    @property
    def is_decimal(self) -> bool:
        return self.counter == DECIMAL

    @property
    def name(self) -> str:
        """What a renderer calls the style (a CSS class): "" for the seed's decimal, else chapter,
        article, ordinal (第一节 …), chinese, arabic, circled, latin."""
        if self.is_decimal:
            return ""
        if self.prefix == "第":
            return {"章": "chapter", "条": "article"}.get(self.suffix, "ordinal")
        return self.counter.lower()

    def format(self, n: int, parent: str = "") -> str:
        """The number of the n-th clause of this level (`parent`: the parent's number if it is decimal)."""
        if self.is_decimal:
            return f"{parent}.{n}" if parent else str(n)
        if self.counter == "chinese":
            core = chinese_numeral(n)
        elif self.counter == "circled":
            core = CIRCLED[n - 1] if n <= len(CIRCLED) else f"({n})"
        elif self.counter in ("latin", "LATIN"):
            core = latin(n, upper=self.counter == "LATIN")
        else:
            core = str(n)
        return f"{self.prefix}{core}{self.suffix}"

    def anchor(self, n: int, parent_anchor: str, scope: str = "") -> str:
        """The anchor path of the n-th clause. Decimal styles extend the parent's path (5.1.1 →
        5-1-1, as before styles existed); a style running through the document is unique in its
        scope on its own (article-12; appendix-2-article-1 in an attachment); others extend their
        parent's path (article-3.1 → article-3-1), or start one named after the style."""
        if self.is_decimal:
            return f"{parent_anchor}.{n}" if parent_anchor else str(n)
        own = f"{self.name}-{n}"
        if self.continuous or not parent_anchor:
            return f"{scope}.{own}" if scope else own
        return f"{parent_anchor}.{n}"


def parse(sample: str | dict) -> Style | None:
    """The style a sample names ("第一条", {style: （1）, continuous: true}); None if it names none."""
    continuous = None
    if isinstance(sample, dict):
        continuous = sample.get("continuous")
        sample = sample.get("style", "")
    if isinstance(sample, float):  # YAML reads 1. as the number 1.0, and 1.1 as 1.1
        sample = "1." if sample == int(sample) else str(sample)
    text = str(sample).strip()
    if _DECIMAL_SAMPLE.fullmatch(text) and (text == "1" or "." in text):
        style = Style(text, DECIMAL)
    else:
        at = next((i for i, ch in enumerate(text) if ch in _COUNTERS), None)
        if at is None:
            return None
        prefix, suffix = text[:at], text[at + 1:]
        if prefix == "第":  # 第一章, 第一条, 第一部分: any word after the numeral
            if not 1 <= len(suffix) <= 3 or any(ch.isdigit() or ch in _COUNTERS or ch in _DIGITS for ch in suffix):
                return None
        elif any(ch.isalnum() for ch in prefix + suffix) or len(prefix + suffix) > 3:
            return None
        style = Style(text, _COUNTERS[text[at]], prefix, suffix)
        style = dataclasses.replace(style, continuous=style.name == "article")
    if continuous is not None:
        style = dataclasses.replace(style, continuous=bool(continuous) and not style.is_decimal)
    return style


SEED_ITEMS = (Style("a.", "latin", "", "."), Style("a)", "latin", "", ")"), Style("①", "circled"))


@frozen
class Numbering:
    """A frame's styles: `levels` for the clause levels (empty: decimal at every level), `items` for
    the levels of a clause's list (empty: the seed's a. → a) → ①)."""

    levels: tuple[Style, ...] = ()
    items: tuple[Style, ...] = ()

    @property
    def is_seed(self) -> bool:
        return all(s.is_decimal for s in self.levels) and not self.items

    def level(self, level: int) -> Style:
        """The style of clause level `level` (1-based); beyond the declared levels, the last one."""
        if not self.levels:
            return Style("1.1", DECIMAL)
        return self.levels[min(level, len(self.levels)) - 1]

    @property
    def depth(self) -> int | None:
        """How many clause levels have a style (None: any number, the last style being decimal)."""
        if not self.levels or self.levels[-1].is_decimal:
            return None
        return len(self.levels)

    @property
    def item_styles(self) -> tuple[Style, ...]:
        return self.items or SEED_ITEMS

    def item_label(self, depth: int, index: int) -> str:
        """The label of the index-th item (0-based) of a list at `depth` (0: the clause's own list)."""
        styles = self.item_styles
        style = styles[min(depth, len(styles) - 1)]
        if not self.items and style.counter == "circled" and index >= len(CIRCLED):
            return f"({index + 1})"
        return style.format(index + 1)

    def item_style_name(self, depth: int) -> str:
        """"" for the seed's lettered lists (drawn as before), else the style's name."""
        if not self.items:
            return ""
        return self.items[min(depth, len(self.items) - 1)].name

    def samples(self, styles: tuple[Style, ...]) -> str:
        return " → ".join(s.sample for s in styles)


def citation(number: str, style: Style, parent_citation: str) -> str:
    """How a card or a page cites a clause: 第 5.5.1 条; 第四条; 第三条（一）."""
    if style.is_decimal:
        return f"第 {number} 条"
    if number.startswith("第"):
        return number
    return f"{parent_citation}{number}" if parent_citation else number
