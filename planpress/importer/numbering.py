"""The number Word displays for an automatically numbered paragraph, computed from the document's
numbering definitions (word/numbering.xml), which python-docx does not do.

A paragraph's numbering comes from its own w:numPr or from its style's (pStyle → numPr, following
basedOn), or from an abstractNum level that names the style (w:lvl/w:pStyle). A w:num points at an
abstractNum and may override levels (lvlOverride/lvl) and their start (startOverride, which restarts
the list where that num is first used). Counters belong to the abstractNum; using a level restarts
the deeper ones (unless their lvlRestart says otherwise). lvlText "%1.%2." shows each level's
counter in that level's numFmt (decimal, lowerLetter, chineseCounting, decimalEnclosedCircle …;
isLgl shows all as decimal).
"""

from __future__ import annotations

import dataclasses

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN = "零一二三四五六七八九"
CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
HEAVENLY = "甲乙丙丁戊己庚辛壬癸"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _val(element, tag: str, default=None):
    if element is None:
        return default
    child = element.find(W + tag)
    if child is None:
        return default
    return child.get(W + "val", default)


@dataclasses.dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    style: str | None = None


def _level(element) -> Level:
    start = _val(element, "start", "1")
    restart = _val(element, "lvlRestart")
    return Level(int(start) if str(start).lstrip("-").isdigit() else 1, _val(element, "numFmt", "decimal"),
                 _val(element, "lvlText", ""), int(restart) if restart and restart.isdigit() else None,
                 element.find(W + "isLgl") is not None and _val(element, "isLgl", "1") not in ("0", "false"),
                 _val(element, "pStyle"))


def roman(value: int) -> str:
    out = ""
    for number, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                            (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while value >= number:
            out, value = out + letters, value - number
    return out


def chinese(value: int, digits: str = CN) -> str:
    if value < 10:
        return digits[value]
    if value < 20:
        return ("十" if digits is CN else "拾") + (digits[value % 10] if value % 10 else "")
    if value < 100:
        ten = "十" if digits is CN else "拾"
        return digits[value // 10] + ten + (digits[value % 10] if value % 10 else "")
    return str(value)


def letters(value: int) -> str:
    # Word repeats the letter: a … z, aa … zz
    value = max(value, 1)
    return chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)


def format_value(value: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(ch) + 0xFEE0) for ch in str(value))
    if fmt == "lowerLetter":
        return letters(value)
    if fmt == "upperLetter":
        return letters(value).upper()
    if fmt == "lowerRoman":
        return roman(value)
    if fmt == "upperRoman":
        return roman(value).upper()
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
               "ideographDigital", "japaneseCounting"):
        return chinese(value)
    if fmt == "chineseLegalSimplified":
        return chinese(value, CN_LEGAL)
    if fmt in ("ideographTraditional", "ideographZodiac"):
        return HEAVENLY[(value - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return CIRCLED[value - 1] if 0 < value <= len(CIRCLED) else str(value)
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt in ("none", "bullet"):
        return ""
    return str(value)


class Numbering:
    def __init__(self, numbering, styles):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}   # abstractNumId → numbering style name (numStyleLink)
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None, str | None]] = {}  # id → (numId, ilvl, outline, basedOn)
        self.style_names: dict[str, str] = {}
        self.counters: dict[str, dict[int, int | None]] = {}
        self.used_nums: set[str] = set()
        if styles is not None:
            for style in styles.iter(W + "style"):
                sid = style.get(W + "styleId")
                ppr = style.find(W + "pPr")
                numpr = ppr.find(W + "numPr") if ppr is not None else None
                outline = _val(ppr, "outlineLvl")
                name = _val(style, "name", "") or ""
                self.style_names[sid] = name
                self.styles[sid] = (_val(numpr, "numId"), _val(numpr, "ilvl"),
                                    int(outline) if outline and outline.isdigit() else None, _val(style, "basedOn"))
        if numbering is None:
            return
        for abstract in numbering.iter(W + "abstractNum"):
            aid = abstract.get(W + "abstractNumId")
            self.abstract[aid] = {int(l.get(W + "ilvl", "0")): _level(l) for l in abstract.iter(W + "lvl")}
            link = _val(abstract, "numStyleLink")
            if link:
                self.style_links[aid] = link
        for num in numbering.iter(W + "num"):
            nid = num.get(W + "numId")
            overrides, starts = {}, {}
            for override in num.iter(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                start = _val(override, "startOverride")
                if start is not None and start.lstrip("-").isdigit():
                    starts[ilvl] = int(start)
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    overrides[ilvl] = _level(lvl)
            self.nums[nid] = (_val(num, "abstractNumId"), overrides, starts)
        self.level_styles = {level.style: (aid, ilvl) for aid, levels in self.abstract.items()
                             for ilvl, level in levels.items() if level.style}

    # -- which numbering a paragraph has --------------------------------------------------------
    def _style_chain(self, sid: str | None):
        seen = set()
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            yield sid, self.styles[sid]
            sid = self.styles[sid][3]

    def numbering_of(self, ppr) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph, or None when it is not numbered."""
        style = _val(ppr, "pStyle")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id = _val(numpr, "numId")
        ilvl = _val(numpr, "ilvl")
        if num_id is None:
            for sid, (snum, silvl, _, _) in self._style_chain(style):
                if snum is not None:
                    num_id = snum
                    if ilvl is None:
                        ilvl = silvl
                    break
        if ilvl is None:
            linked = self.level_styles.get(style) if hasattr(self, "level_styles") else None
            ilvl = str(linked[1]) if linked else "0"
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, int(ilvl) if str(ilvl).isdigit() else 0

    def is_toc(self, ppr) -> bool:
        """A paragraph of Word's table of contents (style TOC 1, toc 2, 目录 1 …)."""
        for sid, _ in self._style_chain(_val(ppr, "pStyle")):
            name = self.style_names.get(sid, "").lower().replace(" ", "")
            if name.startswith(("toc", "目录")) and name[-1:].isdigit():
                return True
        return False

    def heading_level(self, ppr) -> int | None:
        """1 for Heading 1 / 标题 1 (or an outline level 0), None for body text."""
        level = _val(ppr, "outlineLvl")
        if level is not None and level.isdigit() and int(level) < 9:
            return int(level) + 1
        for sid, (_, _, outline, _) in self._style_chain(_val(ppr, "pStyle")):
            if outline is not None and outline < 9:
                return outline + 1
            name = self.style_names.get(sid, "").lower().replace(" ", "")
            for prefix in ("heading", "标题"):
                if name.startswith(prefix) and name[len(prefix):].isdigit():
                    return int(name[len(prefix):])
        return None

    # -- the label -------------------------------------------------------------------------------
    def _levels(self, num_id: str) -> tuple[str, dict[int, Level]]:
        aid, overrides, _ = self.nums[num_id]
        levels = dict(self.abstract.get(aid, {}))
        if aid in self.style_links:  # numStyleLink: the levels live with the numbering style's num
            for sid, (snum, _, _, _) in self._style_chain(self.style_links[aid]):
                if snum and snum in self.nums and self.nums[snum][0] != aid:
                    aid = self.nums[snum][0]
                    levels = dict(self.abstract.get(aid, {}))
                    break
        levels.update(overrides)
        return aid, levels

    def label(self, num_id: str, ilvl: int) -> str | None:
        """The label Word shows for the next paragraph of list `num_id` at level `ilvl` (advances
        the counters); None for a level without a number (bullet, none)."""
        aid, levels = self._levels(num_id)
        level = levels.get(ilvl, Level())
        counters = self.counters.setdefault(aid, {})
        _, _, starts = self.nums[num_id]
        if num_id not in self.used_nums:
            self.used_nums.add(num_id)
            for lvl, start in starts.items():
                counters[lvl] = start - 1
        current = counters.get(ilvl)
        counters[ilvl] = (level.start if current is None else current + 1)
        for deeper in list(counters):
            if deeper > ilvl:
                restart = levels.get(deeper, Level()).restart
                if restart is None or (restart != 0 and ilvl < restart):
                    counters[deeper] = None
        if level.fmt == "bullet":
            return level.text or "•"
        if level.fmt == "none" or not level.text:
            return None
        text = level.text
        for k in range(9, 0, -1):
            token = f"%{k}"
            if token in text:
                lvl = levels.get(k - 1, Level())
                value = counters.get(k - 1)
                value = lvl.start if value is None else value
                text = text.replace(token, format_value(value, "decimal" if level.legal and lvl.fmt != "none" else lvl.fmt))
        return text.strip() or None
