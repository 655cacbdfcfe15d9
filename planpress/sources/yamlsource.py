"""Read one YAML source file into plain data, remembering where every value came from.

ruamel.yaml parses the file into events (with its C parser when ruamel.yaml.clib is installed,
about eight times faster on Chinese text); we turn the events into dicts, lists and strings
ourselves, without recursion, so that nothing a user can type raises a Python error: dates stay
strings for the validator to judge (2020-02-30 is reported, not a traceback), duplicate keys are
reported with both places, every value and key keeps its line and column for messages, and a
hostile file (nested 10,000 levels deep, an alias bomb, a recursive alias, a symlink, a FIFO) is
reported in Chinese within the limits of planpress.sources.limits instead of exhausting memory,
the stack or the patience of the machine.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                                ScalarEvent, SequenceEndEvent, SequenceStartEvent)
from ruamel.yaml.reader import ReaderError

from ..problems import Location, Problem, SourceError, error
from . import hygiene, limits, slips
from .fields import format_field

MAX_BYTES = limits.MAX_BYTES

FieldPath = tuple[str | int, ...]


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """A parsed source file: its data and where each value and key stands in the file."""

    path: Path
    data: Any
    value_marks: dict[FieldPath, tuple[int, int]]
    key_marks: dict[FieldPath, tuple[int, int]]
    warnings: tuple[Problem, ...] = ()  # what reading found but did not refuse (an archive's characters)
    digest: str = ""  # SHA-256 of the text parsed: what a cache of checks on this file is keyed by

    def at(self, path: FieldPath) -> Location:
        """Location of the value at `path`, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            mark = self.value_marks.get(path[:end])
            if mark:
                return Location(self.path, *mark)
        return Location(self.path, 1, 1)

    def key_at(self, path: FieldPath) -> Location:
        """Location of the key that names the value at `path` (for unknown or misplaced fields)."""
        mark = self.key_marks.get(path)
        return Location(self.path, *mark) if mark else self.at(path)


def read_source(path: Path, text: str | None = None, *, archived: bool = False) -> SourceFile:
    """Parse `path` (or `text` as if it were the content of `path`, to check an edit before it is
    written); raise SourceError with Chinese problems for anything unreadable, and for text that
    no output can show (control characters: see hygiene). `archived`: a frozen snapshot, whose
    text can no longer be edited; its character problems are warnings, kept in `warnings`."""
    if text is None:
        text = _read_text(path)
    builder = _Builder(path, text)
    try:
        found, data = builder.build(_yaml().parse(text))
    except _Stop:
        raise SourceError(builder.problems) from None
    except MarkedYAMLError as exc:
        raise SourceError(_syntax_problems(path, text, exc)) from None
    except ReaderError as exc:  # a character YAML does not allow at all (a raw ESC, a NUL…)
        raise SourceError([hygiene.reader_problem(path, text, exc.position, exc.character)]) from None
    except YAMLError as exc:
        raise SourceError([error(Location(path, 1, 1), "", f"文件里有 YAML 不允许的内容（{exc}）。",
                                 "删除不可见的控制字符后再保存；可用编辑器的“显示不可见字符”查找。")]) from None
    if not found:
        raise SourceError([error(Location(path, 1, 1), "", "文件是空的。",
                                 "参照 source/ 里现有的文件填写内容，或删除这个文件。")])
    if builder.problems:
        raise SourceError(builder.problems)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    source = SourceFile(path, data, builder.value_marks, builder.key_marks, digest=digest)
    characters = hygiene.check(source, text, builder.quoted_forbidden)
    if characters and not archived:
        raise SourceError(characters)
    return dataclasses.replace(source, warnings=tuple(characters)) if characters else source


def _yaml() -> YAML:
    return YAML(typ="safe")  # only its parser is used: the C parser from ruamel.yaml.clib when present


def _read_text(path: Path) -> str:
    raw = limits.read_regular(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise SourceError([error(Location(path, line, column), "",
                                 "文件不是 UTF-8 编码（可能是用 GBK/GB2312 保存的）。",
                                 "用编辑器“另存为”，编码选择 UTF-8 后再保存。")]) from None


def _syntax_problems(path: Path, text: str, exc: MarkedYAMLError) -> list[Problem]:
    """What is wrong with a file the parser refused. Slips of the keyboard in its syntax (tabs,
    full-width punctuation: sources/slips.py) are each reported at their own line, all of them;
    then the text with them put right is parsed again, and what the parser still finds (a real
    further mistake) is reported too."""
    found = slips.line_slips(text)
    if not found:
        return [_syntax_problem(path, text, exc)]
    problems = [error(Location(path, s.line, s.column), "", s.message, s.hint) for s in found]
    lines = {s.line for s in found}
    remaining = None
    for tab_width in (2, 4, 8):  # a tab's width is a guess: any that parses means nothing else is wrong
        fixed = slips.repaired(text, tab_width)
        try:
            _Builder(path, fixed).build(_yaml().parse(fixed))
        except _Stop:
            remaining = None
            break
        except MarkedYAMLError as again:
            remaining = remaining or _syntax_problem(path, fixed, again)
            continue
        except YAMLError:
            break
        remaining = None
        break
    if remaining is not None and remaining.location.line not in lines:
        problems.append(remaining)
    return problems


def _syntax_problem(path: Path, text: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip())]
    if "escape" in problem:
        message, hint = ("双引号里的转义（以 \\ 开头）写错了，或者会得到不能使用的字符。",
                         "文字里要写反斜杠时写成 \\\\，或改用单引号；不要用 \\u、\\x 写不可见的字符。")
    elif "tab" in problem or "\t" in indent:
        message, hint = "缩进里有制表符（Tab）。", "YAML 只能用空格缩进：把这一行开头的 Tab 换成空格。"
    elif "mapping values are not allowed" in problem:
        message, hint = ("这一行的冒号位置不对，或者缩进和上一行对不齐。",
                         "“键: 值”的值里如果有英文冒号，请给整个值加引号；否则检查缩进是否与同级对齐。")
    elif "quoted scalar" in context:
        message, hint = "引号没有配对：这里开始的引号没有结束。", "补上结尾的引号。"
    elif "flow sequence" in context or "flow mapping" in context:
        message, hint = "方括号 [ ] 或花括号 { } 没有配对，或者元素之间少了逗号。", "检查括号是否成对、元素之间是否用英文逗号分隔。"
    elif "alias" in problem:
        message, hint = "用到了未定义的引用（*名称）。", "删除 * 开头的引用，直接写出内容。"
    elif "cannot start any token" in problem:
        message, hint = ("这里的字符不能出现在值的开头（例如 @ 或 `）。",
                         "给整个值加上引号，例如 \"@内容\"。")
    elif "block" in context or "expected key" in problem or "indicator" in problem:
        message, hint = "缩进不一致：这一行和同级的行没有对齐。", "同一级的键或列表项（-）必须从同一列开始。"
    else:
        message, hint = "YAML 格式错误。", "对照上下文检查缩进、冒号和引号。"
    detail = f"（解析器原文：{exc.problem}）" if exc.problem else ""
    return error(Location(path, line, column), "", message + detail, hint)


class _Stop(Exception):
    """Building cannot go on (a limit was passed): report what was found so far."""


class _Anchor:
    __slots__ = ("value", "size", "height", "done")

    def __init__(self, value: Any, size: int = 1, height: int = 0, done: bool = True):
        self.value, self.size, self.height, self.done = value, size, height, done


class _Frame:
    """An open mapping or list while its events arrive."""

    __slots__ = ("value", "path", "anchor", "size", "height", "expect_key", "key", "skip_value", "first_seen",
                 "skipped", "flow")

    def __init__(self, value: Any, path: FieldPath, anchor: str | None, skipped: bool = False, flow: bool = False):
        self.value, self.path, self.anchor, self.skipped, self.flow = value, path, anchor, skipped, flow
        self.size, self.height = 1, 1
        self.expect_key, self.key, self.skip_value = True, None, False
        self.first_seen: dict[str, int] = {}


class _Builder:
    """Plain data from the parser's events, without recursion (so nesting cannot exhaust Python's
    stack) and within the limits of planpress.sources.limits: depth, number of aliases, and values
    added by aliases (a recursive alias is reported, not followed)."""

    def __init__(self, path: Path, text: str = ""):
        self.path = path
        self.text = text
        self._lines: list[str] | None = None
        self.flow = 0  # how many flow collections ([…], {…}) the next value is inside
        self.value_marks: dict[FieldPath, tuple[int, int]] = {}
        self.key_marks: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.anchors: dict[str, _Anchor] = {}
        self.aliases = 0
        self.alias_nodes = 0
        # A double-quoted scalar is the only place an escape (\e, \u202e) can make a character that
        # is not in the file's text: hygiene.check walks the data only when one did (or the text has one).
        self.quoted_forbidden = False

    def _where(self, mark) -> Location:
        return Location(self.path, mark.line + 1, mark.column + 1)

    def _stop(self, mark, field: FieldPath, message: str, hint: str) -> _Stop:
        self.problems.append(error(self._where(mark), format_field(field), message, hint))
        return _Stop()

    def build(self, events) -> tuple[bool, Any]:
        """(found a document, its data); raises _Stop past a limit."""
        stack: list[_Frame] = []
        root: list[Any] = []
        documents = 0
        for event in events:
            kind = type(event)
            if kind is ScalarEvent:
                if event.style == '"' and not self.quoted_forbidden and hygiene.FORBIDDEN.search(event.value):
                    self.quoted_forbidden = True
                if not event.style and event.value[:1] in _SLIP_STARTS or "：" in event.value or "，" in event.value:
                    self._slip(stack, event)
                self._place(stack, root, event, _scalar(event), 1, 0, event.anchor)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self._open(stack, root, event, {} if kind is MappingStartEvent else [])
                self.flow += bool(event.flow_style)
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frame = stack.pop()
                self.flow -= bool(frame.flow)
                if frame.anchor is not None and not frame.skipped:
                    anchor = self.anchors[frame.anchor]
                    anchor.size, anchor.height, anchor.done = frame.size, frame.height, True
                if stack:
                    stack[-1].size += frame.size
                    stack[-1].height = max(stack[-1].height, frame.height + 1)
            elif kind is AliasEvent:
                self._alias(stack, root, event)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise self._stop(event.start_mark, (), "文件里有不止一个 YAML 文档（这里又以 --- 开始了一个）。",
                                     "一个文件只写一个文档：删除这一行的 ---，或把后面的内容移到别的文件。")
        return bool(documents), (root[0] if root else None)

    def _slip(self, stack: list[_Frame], event) -> None:
        """A plain value that was most likely meant as syntax, or a number led by 0 (slips.py)."""
        if event.style:
            return
        value = event.value
        mark = event.start_mark
        if slips.zero_led(value):
            found = slips.zero_led_slip(value)
        else:
            if self._lines is None:
                self._lines = self.text.split("\n")
            line = self._lines[mark.line] if mark.line < len(self._lines) else ""
            first = not line[: mark.column].strip(" -\t")
            parent = stack[-1] if stack else None
            is_key = parent is not None and isinstance(parent.value, dict) and parent.expect_key
            found = slips.scalar_slip(value, in_flow=self.flow > 0, first_on_line=first, is_key=is_key)
        if found is None:
            return
        parent = stack[-1] if stack else None
        field = parent.path if parent is not None else ()
        if parent is not None and isinstance(parent.value, list):
            field = parent.path + (len(parent.value),)
        elif parent is not None and not parent.expect_key:
            field = parent.path + (parent.key,)
        self.problems.append(error(self._where(mark), format_field(field), *found))

    def _slot(self, stack: list[_Frame], mark, key_allowed: bool) -> tuple[FieldPath | None, _Frame | None]:
        """Where the next value goes: its path, or None when it is to be dropped (a bad key's value)."""
        if not stack:
            return (), None
        parent = stack[-1]
        if parent.skipped:
            return None, parent
        if isinstance(parent.value, list):
            return parent.path + (len(parent.value),), parent
        if parent.expect_key:
            if not key_allowed:
                self.problems.append(error(self._where(mark), format_field(parent.path), "键必须是简单的文字。",
                                           "把这个键改成一个词，例如 title。"))
                parent.expect_key, parent.skip_value = False, True
                return None, parent
            return "key", parent  # type: ignore[return-value]
        parent.expect_key = True
        if parent.skip_value:
            parent.skip_value = False
            return None, parent
        return parent.path + (parent.key,), parent

    def _key(self, parent: _Frame, event) -> None:
        mark = event.start_mark
        key = str(event.value)
        parent.expect_key = False
        if key == "<<":
            self.problems.append(error(self._where(mark), format_field(parent.path), "不支持 YAML 合并键 <<。",
                                       "把内容直接写出来。"))
            parent.skip_value = True
            return
        if key in parent.first_seen:
            self.problems.append(error(
                self._where(mark), format_field(parent.path + (key,)),
                f"键“{key}”重复了（第 {parent.first_seen[key]} 行已经有一个）。",
                "同一层里每个键只能出现一次：删除或合并其中一个。"))
            parent.skip_value = True
            return
        parent.first_seen[key] = mark.line + 1
        parent.key = key
        self.key_marks[parent.path + (key,)] = (mark.line + 1, mark.column + 1)

    def _store(self, parent: _Frame | None, root: list, path: FieldPath, value: Any, mark) -> None:
        self.value_marks[path] = (mark.line + 1, mark.column + 1)
        if parent is None:
            root.append(value)
        elif isinstance(parent.value, list):
            parent.value.append(value)
        else:
            parent.value[parent.key] = value

    def _place(self, stack, root, event, value, size: int, height: int, anchor: str | None) -> None:
        path, parent = self._slot(stack, event.start_mark, key_allowed=True)
        if path == "key":
            self._key(parent, event)
            return
        if anchor is not None and path is not None:
            self.anchors[anchor] = _Anchor(value)
        if path is None:
            return
        self._store(parent, root, path, value, event.start_mark)
        if parent is not None:
            parent.size += size
            parent.height = max(parent.height, height + 1)

    def _open(self, stack: list[_Frame], root: list, event, value: Any) -> None:
        path, parent = self._slot(stack, event.start_mark, key_allowed=False)
        if len(stack) >= limits.MAX_DEPTH:
            raise self._stop(event.start_mark, path if isinstance(path, tuple) else (),
                             f"嵌套太深：超过 {limits.MAX_DEPTH} 层。",
                             "受控文件的层次不会这么深：检查缩进或括号 [ ] { } 是否写错（例如少了结尾的括号）。")
        flow = bool(event.flow_style)
        if path is None:
            stack.append(_Frame(value, (), None, skipped=True, flow=flow))
            return
        self._store(parent, root, path, value, event.start_mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = _Anchor(value, done=False)
        stack.append(_Frame(value, path, event.anchor, flow=flow))

    def _alias(self, stack: list[_Frame], root: list, event) -> None:
        mark, name = event.start_mark, event.anchor
        path, parent = self._slot(stack, mark, key_allowed=False)
        if path is None:
            return
        field = path if isinstance(path, tuple) else ()
        anchor = self.anchors.get(name)
        if anchor is None:
            self.problems.append(error(self._where(mark), format_field(field), f"用到了未定义的引用（*{name}）。",
                                       "删除 * 开头的引用，直接写出内容。"))
            return
        if not anchor.done:
            raise self._stop(mark, field, f"引用 *{name} 指向包含它自己的内容（递归引用），无法展开。",
                             f"删除这个引用，直接写出内容；&{name} 标出的内容里不能再引用 *{name}。")
        self.aliases += 1
        if self.aliases > limits.MAX_ALIASES:
            raise self._stop(mark, field, f"引用（*名称）太多：超过 {limits.MAX_ALIASES} 个。",
                             "受控文件不需要 YAML 引用：把内容直接写出来。")
        self.alias_nodes += anchor.size
        if self.alias_nodes > limits.MAX_ALIAS_NODES:
            raise self._stop(mark, field, f"引用（*名称）展开后的内容太多：超过 {limits.MAX_ALIAS_NODES} 项"
                                          "（一个引用套着另一个引用，会成倍增长）。",
                             "受控文件不需要 YAML 引用：删除 & 和 * 标记，把内容直接写出来。")
        if len(stack) + anchor.height > limits.MAX_DEPTH:
            raise self._stop(mark, field, f"嵌套太深：引用 *{name} 展开后超过 {limits.MAX_DEPTH} 层。",
                             "删除这个引用，直接写出内容。")
        self._store(parent, root, path, _copy(anchor.value), mark)
        if parent is not None:
            parent.size += anchor.size
            parent.height = max(parent.height, anchor.height + 1)


def _copy(value: Any) -> Any:
    """A copy of an anchored value (depth and size are bounded by the limits already checked)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


_SLIP_STARTS = frozenset("0+-［｛\u3000")  # a plain value starting so may be a number led by 0 or a bracket slip
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def _scalar(node: ScalarEvent) -> Any:
    """A scalar's value by the YAML 1.2 core schema. Quoted and block scalars are always text;
    dates stay text for the schema and rules to judge; 0-led numbers (0531…) stay text too."""
    value = node.value
    if node.style:
        return value
    if _NULL.fullmatch(value):
        return None
    if _BOOL.fullmatch(value):
        return value.lower() == "true"
    if _INT.fullmatch(value):
        digits = value.lstrip("+-")
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return value
        return int(value, 0) if digits[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value
