"""The named frames of source/planpress.yaml (`frames`) that a chapter–article policy can be
written in, and the frame import adds when the project has none that numbers the policy the way
the original does (第一章 / 第一条 / （一）, article numbers through the document or per chapter).

A frame fits a policy when its one clause section prints no heading (the chapters, or the
articles, are the body), it lists attachments, revisions and approvals, and its numbering styles
begin with the policy's levels (第一章 [第一节] 第一条) and its list styles with the policy's item
styles. Otherwise import adds one (制度, 制度-节, 制度-条; -2 … when the name is taken) at the end of
`frames` (or after `frame`), line by line as styles.py adds card styles, and checks that the file
reads back as before plus the new frame.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..sources.numbering import Style, parse
from .writer import scalar

REVIEW = "待核对：planpress import 为“章—条”体例的文件加的框架"
GENERATED = ("attachments", "revisions", "approvals")
# what a new frame numbers below the policy's own levels, and its lists when the policy has none
TAIL = ("（一）", "1.", "（1）")
ITEM_SAMPLES = {"(一)": "（一）", "一、": "一、", "1.": "1.", "(1)": "（1）", "1)": "1)", "①": "①", "a.": "a.",
                "a)": "a)", "A.": "A."}
MAX_LEVELS, MAX_ITEMS = 8, 4


def _same(a: Style, b: Style) -> bool:
    return (a.counter, a.prefix, a.suffix, a.continuous) == (b.counter, b.prefix, b.suffix, b.continuous)


@dataclasses.dataclass(frozen=True)
class Wanted:
    """How a policy numbers itself: its clause levels (第一章 [第一节] 第一条) and its list styles."""

    levels: tuple[str | dict, ...]   # samples as planpress.yaml writes them
    items: tuple[str, ...]           # item samples by depth (（一）, 1., （1）)
    base: str                        # the name a new frame gets: 制度, 制度-节, 制度-条

    def level_styles(self) -> tuple[Style, ...]:
        return tuple(parse(s) for s in self.levels)

    def item_styles(self) -> tuple[Style, ...]:
        return tuple(parse(s) for s in self.items)


@dataclasses.dataclass(frozen=True)
class Named:
    name: str
    levels: tuple[Style, ...]
    items: tuple[Style, ...]
    body: str | None          # the key of its one untitled clause section (None: it has not exactly one)
    generated: bool           # it lists attachments, revisions and approvals
    categories: tuple[str, ...]

    def fits(self, wanted: Wanted) -> bool:
        levels, items = wanted.level_styles(), wanted.item_styles()
        own_items = self.items or tuple(parse(s) for s in ("a.", "a)", "①"))
        return (self.body is not None and self.generated and len(self.levels) >= len(levels)
                and all(_same(a, b) for a, b in zip(self.levels, levels))
                and len(own_items) >= len(items) and all(_same(a, b) for a, b in zip(own_items, items)))


@dataclasses.dataclass(frozen=True)
class Choice:
    name: str
    body: str                 # the section key the chapters (or articles) go in
    added: bool               # import adds this frame to planpress.yaml
    by_category: bool         # the document's category already chooses it (no `frame:` needed)


def _named(name, data) -> Named | None:
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return None
    try:
        levels = tuple(parse(s) for s in data.get("numbering") or ())
        items = tuple(parse(s) for s in data.get("item_numbering") or ())
        sections = [s for s in data["sections"] if isinstance(s, dict)]
        clauses = [s for s in sections if s.get("body", "clauses") == "clauses"]
        bodies = {s.get("body") for s in sections}
    except (AttributeError, TypeError, ValueError):
        return None
    if None in levels or None in items:
        return None
    untitled = len(clauses) == 1 and (not clauses[0].get("title") or clauses[0].get("numbered") is False)
    required_text = any(s.get("body") == "text" and not s.get("optional") for s in sections)
    body = str(clauses[0]["key"]) if untitled and not required_text and clauses[0].get("key") else None
    return Named(str(name), levels, items, body, all(b in bodies for b in GENERATED),
                 tuple(str(c) for c in data.get("categories") or ()))


class Settings:
    """source/planpress.yaml as import reads it for frames: its text, and whether a frame can be
    added to it (a file that exists, reads, and writes `frames` as a block, if at all)."""

    def __init__(self, path: Path, text: str | None):
        self.path, self.text = path, text
        self.config = None
        self.named: list[Named] = []
        self.added: list[tuple[str, Wanted, str]] = []  # (name, wanted, document number) to add
        if text is None:
            return
        from ruamel.yaml import YAML
        try:
            config = YAML(typ="rt").load(text)
        except Exception:  # noqa: BLE001 - a broken planpress.yaml is check's business
            return
        if not isinstance(config, dict):
            return
        self.config = config
        frames = config.get("frames")
        if isinstance(frames, dict):
            self.named = [n for n in (_named(name, data) for name, data in frames.items()) if n is not None]

    @classmethod
    def load(cls, root: Path) -> "Settings":
        path = root / "source" / "planpress.yaml"
        try:
            return cls(path, path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError):
            return cls(path, None)

    @property
    def editable(self) -> bool:
        if self.config is None:
            return False
        frames = self.config.get("frames")
        if "frames" in self.config and not (isinstance(frames, dict) and frames and not frames.fa.flow_style()):
            return False
        return True

    def choose(self, wanted: Wanted, category: str | None, number: str) -> Choice | None:
        """The project's frame that fits, or a new one (None: there is none and none can be added)."""
        by_category = next((n for n in self.named if category in n.categories), None)
        if by_category is not None and by_category.fits(wanted):
            return Choice(by_category.name, by_category.body, False, True)
        fitting = next((n for n in self.named if n.fits(wanted)), None)
        if fitting is not None:
            return Choice(fitting.name, fitting.body, False, False)
        for name, added, _ in self.added:
            if added == wanted:
                return Choice(name, _body(wanted), True, False)
        if not self.editable:
            return None
        taken = {n.name for n in self.named} | {name for name, _, _ in self.added} | set(self._all_names())
        name = wanted.base
        counter = 2
        while name in taken:
            name, counter = f"{wanted.base}-{counter}", counter + 1
        self.added.append((name, wanted, number))
        return Choice(name, _body(wanted), True, False)

    def _all_names(self) -> list[str]:
        frames = self.config.get("frames") if self.config is not None else None
        return [str(k) for k in frames] if isinstance(frames, dict) else []

    def new_text(self) -> str | None:
        """planpress.yaml with the added frames, or None when none was added."""
        if not self.added:
            return None
        lines = self.text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        block = [line for name, wanted, number in self.added for line in frame_lines(name, wanted, number, 2)]
        frames = self.config.get("frames")
        from .styles import entry_end
        if isinstance(frames, dict):
            keys = list(frames)
            indent = frames.lc.key(keys[0])[1]
            if indent != 2:
                block = [line for name, wanted, number in self.added for line in frame_lines(name, wanted, number, indent)]
            at = entry_end(lines, frames.lc.key(keys[-1])[0], indent)
            text = "".join(lines[:at] + block + lines[at:])
        else:
            head = ["\n", "# 其他框架：章、条式的制度（文件里写 frame: 框架名 选用）。\n", "frames:\n"]
            if "frame" in self.config:
                at = entry_end(lines, self.config.lc.key("frame")[0], 0)
                text = "".join(lines[:at] + head + block + lines[at:])
            else:
                text = "".join(lines + head + block)
        self._verify(text)
        return text

    def _verify(self, text: str) -> None:
        from ruamel.yaml import YAML
        from .styles import _contains_in_order
        before = YAML(typ="safe", pure=False).load(self.text) or {}
        after = YAML(typ="safe", pure=False).load(text) or {}
        expected = before
        expected.setdefault("frames", {})
        for name, wanted, _ in self.added:
            expected["frames"][name] = frame_data(wanted)
        if _normal(after) != _normal(expected) or not _contains_in_order(text.splitlines(), self.text.splitlines()):
            raise AssertionError("planpress import: the frame written to planpress.yaml does not read back as planned")


def _normal(value):
    if isinstance(value, dict):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, float) and value == int(value):
        return f"{int(value)}."  # YAML reads 1. as a number
    return value


def _body(wanted: Wanted) -> str:
    return "articles" if len(wanted.levels) == 1 else "chapters"


def _styles(wanted: Wanted) -> tuple[list, list]:
    """The new frame's numbering and item_numbering: the policy's own, then the usual ones."""
    items = list(wanted.items)
    for sample in TAIL:
        if len(items) >= 3:
            break
        if all(not _same(parse(sample), parse(s)) for s in items):
            items.append(sample)
    levels = list(wanted.levels) + items
    return levels[:MAX_LEVELS], items[:MAX_ITEMS]


def frame_data(wanted: Wanted) -> dict:
    levels, items = _styles(wanted)
    return {"numbering": levels, "item_numbering": items, "sections": [
        {"key": _body(wanted)},
        {"key": "forms", "title": "附件", "body": "attachments", "numbered": False},
        {"key": "revisions", "title": "文件修订记录", "body": "revisions", "numbered": False},
        {"key": "approvals", "title": "审核批准", "body": "approvals", "numbered": False}]}


def _flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return scalar(value, flow=True)


def frame_lines(name: str, wanted: Wanted, number: str, indent: int) -> list[str]:
    data = frame_data(wanted)
    pad = " " * indent
    lines = [f"{pad}{scalar(name)}:  # {REVIEW}（{number}）\n",
             f"{pad}  numbering: {_flow(data['numbering'])}\n",
             f"{pad}  item_numbering: {_flow(data['item_numbering'])}\n",
             f"{pad}  sections:\n"]
    lines += [f"{pad}    - {_flow(section)}\n" for section in data["sections"]]
    return lines
