"""Edit a working copy the way a careful person would: change only the lines that must change.

ruamel.yaml's round-trip mode keeps comments, key order, quoting, flow style and blank lines. Its
one habit to correct: a comment block between two top-level fields ("# 10 审核批准 …") belongs,
for ruamel, to the last scalar of the field above it. When that field's list or mapping is
replaced, emptied or extended, we move that comment block to whatever now ends the field, so the
comment stays where the editor wrote it.

Writes are compare-and-swap: the file is replaced atomically only if it still holds the bytes
the edit was computed from (someone saving the file in an editor meanwhile is a conflict). The new
file keeps what the editor's machine chose: its line endings (CRLF from a Windows editor), a UTF-8
byte order mark, and its permissions and owner.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedBase, CommentedMap, CommentedSeq
from ruamel.yaml.tokens import CommentToken

from ..problems import Location, SourceError, error
from ..render import atomic


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.preserve_quotes = True
    _no_date_aliases(yaml)
    yaml.width = 1_000_000  # never fold a long Chinese line
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of the shipped sources
    return yaml


class Edit:
    """One working copy, loaded for editing: change `data` through the methods, then `text()`."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.original = path.read_bytes()
        except OSError as exc:
            raise SourceError([error(Location(path), "", f"无法读取文件（{exc.strerror}）。", "检查路径和文件权限。")]) from None
        self.data: CommentedMap = _yaml().load(self.original.decode("utf-8-sig"))

    # -- edits of top-level fields -------------------------------------------------------------

    def set(self, key: str, value: Any, after: str | None = None) -> None:
        """Set a top-level field; its end-of-line comment stays (aligned where it was). A field
        that is not there yet is added after the field `after`."""
        if key not in self.data and after in self.data:
            self.data.insert(list(self.data).index(after) + 1, key, value)
            return
        self._keeping_trailing_comment(key, lambda: self.data.__setitem__(key, value))

    def append(self, key: str, item: dict) -> None:
        """Append a mapping to a top-level list (an empty [] becomes a block list)."""
        def change():
            sequence = self.data[key]
            if not sequence:
                sequence = CommentedSeq()
                self.data[key] = sequence
            sequence.append(CommentedMap(item))
        self._keeping_trailing_comment(key, change)

    def clear(self, key: str) -> None:
        """Empty a top-level list: it is written as []."""
        def change():
            empty = CommentedSeq()
            empty.fa.set_flow_style()
            self.data[key] = empty
        self._keeping_trailing_comment(key, change)

    def update_item(self, key: str, index: int, values: dict) -> None:
        """Set fields of the mapping at `index` of a top-level list, in place (new fields go last)."""
        def change():
            item = self.data[key][index]
            for name, value in values.items():
                item[name] = value
        self._keeping_trailing_comment(key, change)

    def replace_item(self, key: str, index: int, item: dict) -> None:
        """Replace the mapping at `index` of a top-level list by `item` (its fields, in order)."""
        def change():
            self.data[key][index] = CommentedMap(item)
        self._keeping_trailing_comment(key, change)

    def remove(self, key: str) -> None:
        """Remove a top-level field; the comment block below it stays, below the field before it."""
        if key not in self.data:
            return
        keys = list(self.data)
        index = keys.index(key)
        token = _take_trailing(self.data, key) or _take_end(self.data, key)
        del self.data[key]
        if token is not None and index > 0:
            _put_trailing(self.data, keys[index - 1], token)

    # -- output --------------------------------------------------------------------------------

    def text(self) -> str:
        stream = io.StringIO()
        _yaml().dump(self.data, stream)
        return stream.getvalue()

    def write(self, text: str, before_replace: Callable[[], None] | None = None) -> None:
        """Replace the file with `text` unless it changed since it was read (then nothing is written)."""
        if before_replace:
            before_replace()
        try:
            current = self.path.read_bytes()
        except OSError:
            current = b""
        if hashlib.sha256(current).digest() != hashlib.sha256(self.original).digest():
            raise SourceError([error(Location(self.path), "", "文件在命令运行期间被修改了（可能有人在编辑器里保存了它），"
                                     "为免覆盖别人的修改，这次没有写入。",
                                     "保存并关闭编辑器里的这个文件，确认内容后重新运行这条命令。")])
        atomic.write_bytes(self.path, self._as_original(text), like=self.path)

    def _as_original(self, text: str) -> bytes:
        """`text` (as ruamel writes it: LF, no BOM) in the line endings and BOM of the file read."""
        if self.original.count(b"\r\n") * 2 > self.original.count(b"\n"):
            text = text.replace("\r\n", "\n").replace("\n", "\r\n")
        data = text.encode("utf-8")
        return b"\xef\xbb\xbf" + data if self.original.startswith(b"\xef\xbb\xbf") else data

    # -- the comment block below a field ---------------------------------------------------------

    def _keeping_trailing_comment(self, key: str, change: Callable[[], None]) -> None:
        token = _take_trailing(self.data, key) or _take_end(self.data, key)
        change()
        if token is not None:
            _put_trailing(self.data, key, token)


def _last_holder(container: CommentedBase, key: Any) -> tuple[CommentedBase, Any, int]:
    """Where ruamel keeps the comment that follows container[key]: (node, key, slot)."""
    value = container[key]
    if isinstance(value, CommentedMap) and value and not value.fa.flow_style():
        return _last_holder(value, list(value)[-1])
    if isinstance(value, CommentedSeq) and value and not value.fa.flow_style():
        return _last_holder(value, len(value) - 1)
    return container, key, (0 if isinstance(container, CommentedSeq) else 2)


def _take_trailing(data: CommentedMap, key: str) -> CommentToken | None:
    """Detach the full-line comments and blank lines after field `key`; keep an end-of-line comment."""
    node, at, slot = _last_holder(data, key)
    entry = node.ca.items.get(at)
    if not entry or entry[slot] is None:
        return None
    token = entry[slot]
    head, newline, rest = token.value.partition("\n")
    if not rest:
        return None  # only an end-of-line comment: it belongs to its line
    token.value = head + newline
    if not head.strip():
        entry[slot] = None
    return CommentToken("\n" + rest, token.start_mark, None)


def _take_end(data: CommentedMap, key: str) -> CommentToken | None:
    """The comment block after field `key` when ruamel keeps it as the `end` comments of the
    field's list or mapping (it does when the last item ends with a flow collection: {…} or […])."""
    node, tokens = data[key], []
    while isinstance(node, (CommentedMap, CommentedSeq)) and not node.fa.flow_style():
        if getattr(node.ca, "end", None):
            tokens += node.ca.end
            node.ca.end = []
        if not node:
            break
        node = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    if not tokens:
        return None
    return CommentToken("\n" + "".join(t.value for t in tokens), tokens[0].start_mark, None)


def _put_trailing(data: CommentedMap, key: str, token: CommentToken) -> None:
    node, at, slot = _last_holder(data, key)
    entry = node.ca.items.setdefault(at, [None, None, None, None])
    if entry[slot] is not None:  # an end-of-line comment there: the block follows it
        entry[slot].value = entry[slot].value.rstrip("\n") + token.value
    else:
        entry[slot] = token


def _no_date_aliases(yaml: YAML) -> None:
    """The same date used twice (revised and the record row) is written twice, not as &id001 / *id001."""
    representer = yaml.representer
    default = representer.ignore_aliases
    representer.ignore_aliases = lambda data: isinstance(data, datetime.date) or default(data)
