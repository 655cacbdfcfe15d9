"""Card styles for the scenarios an import brings in: `planpress check` wants a style (colour, text
colour, icon) in source/planpress.yaml `cards.styles` for every scenario key, so import proposes
one for each new key and marks it for review.

The proposal: an icon matched to the scenario by its words (火 → flame, 水/漏 → drop, 电 → bolt,
电梯 → elevator, 盗/窃 → lock, 病毒/安全 → shield, 网络/系统/软件 → monitor or server), one that no
other style uses where possible; a background colour that no other style uses, whose contrast with
its text colour is at least 4.5:1 (WCAG AA, as check computes it).

The file is edited line by line: ruamel.yaml's round trip finds where `cards.styles` ends, the new
lines go there, and nothing else moves (ruamel's own dump would re-space the aligned flow mappings
of the file). The result is read back with ruamel and must hold exactly the old settings plus the
new styles.
"""

from __future__ import annotations

import dataclasses
import colorsys
import re
from pathlib import Path

from ..cards.colors import MIN_TEXT_CONTRAST, contrast_ratio
from .report import Report
from .stream import Place

REVIEW = "待核对：planpress import 建议的样式"
WHITE, BLACK = "#FFFFFF", "#000000"
# (words of the scenario's title or key, icons that fit, colours that fit), first match wins
ICON_RULES = [
    (("电梯", "elevator"), ("elevator",), ("#33691E", "#1B5E20")),
    (("火", "燃", "烟", "fire", "smoke"), ("flame",), ("#B71C1C", "#BF360C")),
    (("水", "漏", "涝", "洪", "water", "flood", "leak"), ("drop",), ("#0D47A1", "#01579B")),
    (("停电", "断电", "电", "power"), ("bolt",), ("#FFD600",)),
    (("盗", "窃", "抢", "theft", "burglary"), ("lock",), ("#4A148C",)),
    (("病毒", "勒索", "攻击", "安全", "暴力", "恐", "virus", "ransomware", "security", "attack"), ("shield",), ("#311B92", "#880E4F")),
    (("服务器", "机房", "数据", "server", "data"), ("server", "monitor"), ("#006064", "#004D40")),
    (("网络", "系统", "软件", "信息", "设备", "network", "system", "software", "his", "it"), ("monitor", "server"), ("#1B5E20", "#006064")),
    (("电话", "通讯", "联络", "phone"), ("phone",), ("#263238",)),
]
PALETTE = ("#B71C1C", "#0D47A1", "#4A148C", "#1B5E20", "#006064", "#3E2723", "#880E4F", "#311B92", "#33691E",
           "#01579B", "#BF360C", "#263238", "#1A237E", "#004D40", "#5D4037", "#AD1457", "#6A1B9A", "#283593")


@dataclasses.dataclass
class Proposal:
    key: str
    title: str
    color: str
    text: str | None   # None: the default white
    icon: str
    matched: bool      # the icon was matched to the scenario's words

    def line(self) -> str:
        parts = [f'color: "{self.color}"'] + ([f'text: "{self.text}"'] if self.text else []) + [f"icon: {self.icon}"]
        return "{" + ", ".join(parts) + "}"


def icons_of(root: Path) -> list[str]:
    """The card icons of the project (templates/cards/icons/), else those planpress ships."""
    for folder in (root / "templates" / "cards" / "icons", Path(__file__).resolve().parents[2] / "templates" / "cards" / "icons"):
        found = sorted(p.stem for p in folder.glob("*.svg"))
        if found:
            return found
    return []


def propose(key: str, title: str, styles: dict, icons: list[str]) -> Proposal:
    used_colors = {str(s.get("color", "")).upper() for s in styles.values() if isinstance(s, dict)}
    used_icons = {s.get("icon") for s in styles.values() if isinstance(s, dict)}
    words = f"{title} {key}".lower()
    rule = next((r for r in ICON_RULES if any(_has(words, w) for w in r[0])), None)
    fitting = [i for i in (rule[1] if rule else ()) if i in icons]
    free = [i for i in icons if i not in used_icons and i != "phone"]
    icon = next((i for i in fitting if i not in used_icons), None) or (free[0] if free else None) or \
        (fitting[0] if fitting else (icons[0] if icons else "shield"))
    matched = icon in fitting
    preferred = [c for r in ICON_RULES if icon in r[1] for c in r[2]] if matched else []
    for color in [*preferred, *PALETTE, *_more_colors()]:
        if color.upper() in used_colors:
            continue
        for text in (None, BLACK):
            if contrast_ratio(color, text or WHITE) >= MIN_TEXT_CONTRAST:
                return Proposal(key, title, color, text, icon, matched)
    raise AssertionError("no free card colour")  # pragma: no cover - hundreds of colours


def _has(words: str, word: str) -> bool:
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", words) is not None
    return word in words


def _more_colors():
    for lightness in (0.28, 0.22, 0.34):
        for step in range(36):
            red, green, blue = colorsys.hls_to_rgb(step / 36, lightness, 0.75)
            yield "#{:02X}{:02X}{:02X}".format(round(red * 255), round(green * 255), round(blue * 255))


def scenarios_of(data) -> list[tuple[str, str]]:
    """(key, title) of every scenario of an imported document, in order."""
    found = []

    def walk(nodes):
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict):
                if node.get("type") == "scenario":
                    found.append((node["key"], node["title"]))
                walk(node.get("clauses", []))

    for section in (data.get("sections") or {}).values():
        walk(section)
    for attachment in data.get("attachments") or []:
        walk(attachment.get("clauses", []))
    return found


@dataclasses.dataclass
class Styles:
    path: Path
    text: str | None          # the new planpress.yaml, None when nothing changes
    proposals: list[Proposal]


def plan(root: Path, data, number: str, places: dict[str, Place], report: Report, source: Path,
         base: str | None = None) -> Styles:
    """The styles to add for the document's new scenario keys, and planpress.yaml with them
    (`base`: planpress.yaml as import already changed it, else the file)."""
    path = root / "source" / "planpress.yaml"
    scenarios = scenarios_of(data)
    if not scenarios:
        return Styles(path, None, [])
    if not path.exists():
        report.unplaced(None, "项目里没有 source/planpress.yaml，导入没法给场景的应急处置卡加样式。",
                        "从 planpress 仓库复制 source/planpress.yaml，再给每个场景在 cards.styles 下加一行样式。")
        return Styles(path, None, [])
    from ruamel.yaml import YAML
    old = base if base is not None else path.read_text("utf-8")
    try:
        config = YAML(typ="rt").load(old) or {}
    except Exception:  # noqa: BLE001 - a broken planpress.yaml is check's business
        config = None
    if not isinstance(config, dict):
        report.unplaced(None, "source/planpress.yaml 读不出来，导入没有给场景加卡片样式。",
                        "先运行 planpress check 改好 planpress.yaml，再给每个场景在 cards.styles 下加一行样式。")
        return Styles(path, None, [])
    cards = config.get("cards")
    styles = cards.get("styles") if isinstance(cards, dict) else None
    current = dict(styles) if isinstance(styles, dict) else {}
    icons = icons_of(root)
    proposals = []
    if "contacts" not in current:  # the contact card every document with scenarios has
        scenarios = scenarios + [("contacts", "联络卡")]
    for key, title in scenarios:
        if key in current:
            continue
        proposal = propose(key, title, current, icons)
        current[key] = {"color": proposal.color, "icon": proposal.icon, **({"text": proposal.text} if proposal.text else {})}
        proposals.append(proposal)
    if not proposals:
        return Styles(path, None, [])
    text = _with_styles(old, config, proposals, number)
    if text is None:
        lines = "；".join(f"{p.key}: {p.line()}" for p in proposals)
        report.unplaced(None, "source/planpress.yaml 的 cards.styles 不是逐行书写的，导入没有改动它；场景的卡片还没有样式。",
                        f"在 cards.styles 下加上：{lines}")
        return Styles(path, None, [])
    _verify(old, text, proposals)
    for proposal in proposals:
        shown = "白字" if proposal.text is None else f"文字 {proposal.text}"
        why = "按场景的名称选的图标" if proposal.matched else "没有与场景名称对应的图标，选了一个还没用过的"
        card = "联络卡（contacts）" if proposal.key == "contacts" else f"场景“{proposal.title}”（{proposal.key}）的应急处置卡"
        report.review(places.get(proposal.key), f"{card}还没有样式：导入在 source/planpress.yaml "
                      f"的 cards.styles 里加了建议的样式（底色 {proposal.color}、{shown}，图标 {proposal.icon}：{why}），标为待核对。",
                      "核对颜色和图标（与其他卡片分得清，黑白打印也分得清），然后删掉这一行的“待核对”注释。")
    return Styles(path, text, proposals)


def _with_styles(old: str, config, proposals: list[Proposal], number: str) -> str | None:
    """planpress.yaml with the proposals at the end of `cards.styles` (a block mapping), or a new
    `styles:` under `cards:`, or a new `cards:` section; None when `cards.styles` is written in flow
    style (one line), which cannot be extended without rewriting it."""
    lines = old.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    cards = config.get("cards")

    def entry(indent: int, column: int, proposal: Proposal) -> str:
        name = f"{proposal.key}:"
        pad = " " * max(1, column - indent - len(name))
        return f"{' ' * indent}{name}{pad}{proposal.line()}  # {REVIEW}（{number}“{proposal.title}”）\n"

    if not isinstance(cards, dict):
        if "cards" in config:
            return None
        block = ["\n", "# 应急处置卡\n", "cards:\n", "  paper: A4\n", "  styles:\n"]
        block += [entry(4, 0, p) for p in proposals]
        return "".join(lines + block)
    styles = cards.get("styles")
    if styles is None:
        if "styles" in cards or not cards or cards.fa.flow_style():
            return None
        indent = _indent_of(lines, cards)
        last = entry_end(lines, cards.lc.key(list(cards)[-1])[0], indent)
        insert = [f"{' ' * indent}styles:\n"] + [entry(indent + 2, 0, p) for p in proposals]
        return "".join(lines[:last] + insert + lines[last:])
    if not isinstance(styles, dict) or styles.fa.flow_style() or not styles:
        return None
    keys = list(styles)
    indent = styles.lc.key(keys[0])[1]
    column = max(styles.lc.value(k)[1] for k in keys if styles.lc.value(k)[0] == styles.lc.key(k)[0]) \
        if any(styles.lc.value(k)[0] == styles.lc.key(k)[0] for k in keys) else 0
    last = entry_end(lines, styles.lc.key(keys[-1])[0], indent)
    return "".join(lines[:last] + [entry(indent, column, p) for p in proposals] + lines[last:])


def _indent_of(lines: list[str], mapping) -> int:
    first = next(iter(mapping), None)
    return mapping.lc.key(first)[1] if first is not None else 2


def entry_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line of the entry that starts at line `start` (0-based): the lines
    after it that are indented deeper belong to it; blank lines and comments after it do not."""
    end = start + 1
    probe = end
    while probe < len(lines):
        line = lines[probe]
        if not line.strip() or line.lstrip().startswith("#"):
            probe += 1
            continue
        if len(line) - len(line.lstrip(" ")) > indent:
            probe += 1
            end = probe
            continue
        break
    return end


def _verify(old: str, new: str, proposals: list[Proposal]) -> None:
    """The new file holds the old settings and the proposals, and every old line unchanged."""
    from ruamel.yaml import YAML
    before = YAML(typ="safe", pure=False).load(old) or {}
    after = YAML(typ="safe", pure=False).load(new) or {}
    expected = before
    expected.setdefault("cards", {"paper": "A4"})
    expected["cards"].setdefault("styles", {})
    for p in proposals:
        expected["cards"]["styles"][p.key] = {"color": p.color, "icon": p.icon, **({"text": p.text} if p.text else {})}
    added = tuple(f"{p.key}:" for p in proposals)  # keys no old line has
    kept = [line for line in new.splitlines() if not (REVIEW in line and line.lstrip().startswith(added))]
    if after != expected or not _contains_in_order(kept, old.splitlines()):
        raise AssertionError("planpress import: the card styles written to planpress.yaml do not read back as planned")


def _contains_in_order(lines: list[str], wanted: list[str]) -> bool:
    iterator = iter(lines)
    return all(any(line == w for line in iterator) for w in wanted)
