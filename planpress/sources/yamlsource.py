"""Read one YAML source file into plain data, remembering where every value came from.

ruamel.yaml composes the file into nodes (with its C parser when ruamel.yaml.clib is installed,
about eight times faster on Chinese text); we turn the nodes into dicts, lists and strings ourselves
so that nothing a user can type raises a Python error: dates stay strings for the validator to
judge (2020-02-30 is reported, not a traceback), duplicate keys are reported with both places,
and every value and key keeps its line and column for messages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import re

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver

from ..problems import Location, Problem, SourceError, error

MAX_BYTES = 1024 * 1024  # a plan is ~15 KB; anything near this is a mistake, not a plan

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """('scenarios', 'items', 1, 'title') → 'scenarios.items[2].title' (items counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclasses.dataclass(frozen=True)
class SourceFile:
    """A parsed source file: its data and where each value and key stands in the file."""

    path: Path
    data: Any
    value_marks: dict[FieldPath, tuple[int, int]]
    key_marks: dict[FieldPath, tuple[int, int]]

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


def read_source(path: Path, text: str | None = None) -> SourceFile:
    """Parse `path` (or `text` as if it were the content of `path`, to check an edit before it is
    written); raise SourceError with Chinese problems for anything unreadable."""
    if text is None:
        text = _read_text(path)
    try:
        node = _yaml().compose(text)
    except MarkedYAMLError as exc:
        raise SourceError([_syntax_problem(path, text, exc)]) from None
    except YAMLError as exc:  # reader errors: control characters and the like
        raise SourceError([error(Location(path, 1, 1), "", f"文件里有 YAML 不允许的字符（{exc}）。",
                                 "删除不可见的控制字符后再保存；可用编辑器的“显示不可见字符”查找。")]) from None
    if node is None:
        raise SourceError([error(Location(path, 1, 1), "", "文件是空的。",
                                 "参照 source/ 里现有的文件填写内容，或删除这个文件。")])
    builder = _Builder(path)
    data = builder.build(node, ())
    if builder.problems:
        raise SourceError(builder.problems)
    return SourceFile(path, data, builder.value_marks, builder.key_marks)


class _TextResolver(VersionedResolver):
    """Tags every scalar as text; `_scalar` types plain scalars itself, by the YAML 1.2 core rules.

    ruamel's own resolution asks for the YAML version on every scalar and is a third of the time
    of a check; we only need to tell text from numbers, booleans and nulls.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        if kind is SequenceNode:
            return self.DEFAULT_SEQUENCE_TAG
        return self.DEFAULT_MAPPING_TAG


def _yaml() -> YAML:
    yaml = YAML(typ="safe")  # uses the C parser from ruamel.yaml.clib when present
    yaml.Resolver = _TextResolver
    yaml.allow_duplicate_keys = True  # duplicates are reported by _Builder, with both lines
    return yaml


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SourceError([error(Location(path), "", f"文件太大（{size / 1024 / 1024:.1f} MB，上限 1 MB）。",
                                     "一个受控文件通常只有几十 KB；请确认没有把别的文件粘贴进来。")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError([error(Location(path), "", "找不到这个文件。", "检查路径和文件名是否写对。")]) from None
    except IsADirectoryError:
        raise SourceError([error(Location(path), "", "这是一个文件夹，不是 YAML 文件。", "")]) from None
    except OSError as exc:
        raise SourceError([error(Location(path), "", f"无法读取文件（{exc.strerror}）。",
                                 "检查文件权限。")]) from None
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


def _syntax_problem(path: Path, text: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip())]
    if "tab" in problem or "\t" in indent:
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


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.value_marks: dict[FieldPath, tuple[int, int]] = {}
        self.key_marks: dict[FieldPath, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def build(self, node: Any, path: FieldPath) -> Any:
        mark = node.start_mark
        self.value_marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return _scalar(node)

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict:
        result: dict = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_mark = key_node.start_mark
            if not isinstance(key_node, ScalarNode):
                self.problems.append(error(Location(self.path, key_mark.line + 1, key_mark.column + 1),
                                           format_field(path), "键必须是简单的文字。", "把这个键改成一个词，例如 title。"))
                continue
            key = str(key_node.value)
            if key == "<<":
                self.problems.append(error(Location(self.path, key_mark.line + 1, key_mark.column + 1),
                                           format_field(path), "不支持 YAML 合并键 <<。", "把内容直接写出来。"))
                continue
            if key in first_seen:
                self.problems.append(error(
                    Location(self.path, key_mark.line + 1, key_mark.column + 1), format_field(path + (key,)),
                    f"键“{key}”重复了（第 {first_seen[key]} 行已经有一个）。",
                    "同一层里每个键只能出现一次：删除或合并其中一个。"))
                continue
            first_seen[key] = key_mark.line + 1
            self.key_marks[path + (key,)] = (key_mark.line + 1, key_mark.column + 1)
            result[key] = self.build(value_node, path + (key,))
        return result


_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def _scalar(node: ScalarNode) -> Any:
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
