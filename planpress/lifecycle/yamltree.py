"""Edits inside a working copy's tree (clause lists, blocks, attachments) through ruamel's round
trip, changing only the lines that must change.

- `put(root, path, value)`: the node at `path` becomes `value` (plain data, as a form makes it).
  The new value is merged into what is there: an equal value keeps its text (quotes, flow style,
  comments); a changed scalar keeps its style; mappings keep their keys' order and comments; lists
  are aligned item by item, so an unchanged item stays byte for byte.
- `insert`, `remove`, `move`: list items with the comment block written above them (a remark about
  the item travels with it; the block above the next item stays where it was).

Paths are tuples of keys and indexes into the data: ("sections", "procedures", 4, "clauses", 0).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      SingleQuotedScalarString)
from ruamel.yaml.tokens import CommentToken

from ruamel.yaml.error import CommentMark

from .yamledit import _last_holder, _put_trailing, _take_end, _take_trailing

Path = tuple[str | int, ...]
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
FLOW_KEYS = frozenset({"mentions", "branches"})  # short mappings written on one line: {总务处: general-affairs}
FLOW_ITEMS_AT_MOST = 80  # characters of a list of short texts written on one line: [分管院长, 病案室主任]
PROSE_LISTS = frozenset({"items", "clauses", "duties", "steps", "text", "nodes", "rows", "composition"})  # never on one line


class PathError(LookupError):
    """A path that does not lead to a node of this file (the form was made from another version)."""


def get(root: Any, path: Path) -> Any:
    node = root
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise PathError(path) from None
    return node


def parent_of(root: Any, path: Path) -> tuple[Any, str | int]:
    if not path:
        raise PathError(path)
    return get(root, path[:-1]), path[-1]


def plain(value: Any) -> Any:
    """The plain data of a ruamel value (what a form and `check` see: dates as ISO text)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _same(old: Any, new: Any) -> bool:
    return json.dumps(plain(old), ensure_ascii=False, sort_keys=True) == json.dumps(new, ensure_ascii=False, sort_keys=True)


# -- put --------------------------------------------------------------------------------------------

def put(root: Any, path: Path, value: Any) -> None:
    """Set the node at `path` to `value`, merged into what is there."""
    container, key = parent_of(root, path)
    try:
        old = container[key]
    except (KeyError, IndexError, TypeError):
        raise PathError(path) from None
    merged = merge(old, value, key=key)
    if merged is not old:
        container[key] = merged


def merge(old: Any, new: Any, key: Any = None) -> Any:
    """`new` (plain data) in the shape of `old` (ruamel data): `old` itself, changed in place where
    it can be, or a new ruamel value."""
    if _same(old, new):
        return old
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for name in [k for k in old if k not in new]:
            _drop_key(old, name)
        for index, (name, value) in enumerate(new.items()):
            if name in old:
                merged = merge(old[name], value, key=name)
                if merged is not old[name]:
                    old[name] = merged
            else:
                old.insert(min(index, len(old)), name, build(value, key=name))
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        _merge_list(old, new, key)
        return old
    if isinstance(new, str) and not isinstance(old, (dict, list)):
        return _styled_like(old, new)
    return build(new, key=key)


def _drop_key(mapping: CommentedMap, name: Any) -> None:
    """Delete `name`, its own end-of-line comment with it; the comment lines and blank lines after
    it (which belong to what follows: the next key's, the next section's) go to the key before."""
    keys = list(mapping)
    entry = mapping.ca.items.get(name)
    token = entry[2] if entry and len(entry) > 2 else None
    del mapping[name]
    rest = token.value.split("\n", 1)[1] if token is not None and "\n" in token.value else ""
    position = keys.index(name)
    if not rest or position == 0:
        return
    before = keys[position - 1]
    if isinstance(mapping[before], (CommentedMap, CommentedSeq)):  # its last line is deeper down: not handled
        return
    slot = mapping.ca.items.setdefault(before, [None, None, None, None])
    own = slot[2]
    slot[2] = CommentToken((own.value if own is not None else "\n") + rest, own.start_mark if own else CommentMark(0), None)


def _merge_list(old: CommentedSeq, new: list, key: Any) -> None:
    if old.fa.flow_style() and all(not isinstance(v, (dict, list)) for v in new):
        del old[:]  # a flow list [a, b] is one line: rewrite its items, keep it flow
        old.extend(build(v, key=_item_key(key)) for v in new)
        return
    before = [json.dumps(plain(v), ensure_ascii=False, sort_keys=True) for v in old]
    after = [json.dumps(v, ensure_ascii=False, sort_keys=True) for v in new]
    operations = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    shift = 0
    for tag, i1, i2, j1, j2 in operations:
        if tag == "equal":
            continue
        start = i1 + shift
        common = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        for k in range(common):  # an item changed in place keeps its comments and untouched parts
            merged = merge(old[start + k], new[j1 + k], key=_item_key(key))
            if merged is not old[start + k]:
                old[start + k] = merged
        for _ in range(i2 - i1 - common):
            remove(old, start + common)
        for k in range(j2 - j1 - common):
            insert(old, start + common + k, build(new[j1 + common + k], key=_item_key(key)))
        shift += (j2 - j1) - (i2 - i1)


def _styled_like(old: Any, new: str) -> Any:
    """A changed text keeps the way the old one was written (quotes, block style)."""
    if "\n" in new:
        return LiteralScalarString(new if new.endswith("\n") else new)
    for style in (DoubleQuotedScalarString, SingleQuotedScalarString):
        if isinstance(old, style):
            return style(new)
    if isinstance(old, (dt.date, dt.datetime)) or (old is None and _DATE.match(new)):
        return _date_or_text(new)
    if isinstance(old, (LiteralScalarString, FoldedScalarString)):
        return new  # one line now: plain
    return _date_or_text(new) if _DATE.match(new) else new


def _date_or_text(text: str) -> Any:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _item_key(key: Any) -> Any:
    """What the items of the list under `key` are, for `build`: a table's rows hold cells."""
    return {"rows": "__row__", "__row__": "__cell__"}.get(key)


def build(value: Any, key: Any = None) -> Any:
    """New ruamel data for plain `value`, written as a person writes these files: short lists of
    short texts, mappings under `mentions`/`branches` and a table's rows of cells on one line
    ([a, {contact: it}]); everything else in blocks; multi-line text as a literal block (|)."""
    if isinstance(value, dict):
        mapping = CommentedMap()
        for name, item in value.items():
            mapping[name] = build(item, key=name)
        if key in FLOW_KEYS or key == "__cell__":
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        sequence = CommentedSeq(build(v, key=_item_key(key)) for v in value)
        short = all(isinstance(v, str) and "\n" not in v for v in value) and \
            sum(len(v) + 2 for v in value) <= FLOW_ITEMS_AT_MOST
        if value and ((short and key not in PROSE_LISTS) or key == "__row__"):
            sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str):
        if "\n" in value:
            return LiteralScalarString(value)
        return _date_or_text(value) if _DATE.match(value) else value
    return value


# -- list items with their comments -------------------------------------------------------------------

@dataclasses.dataclass
class Removed:
    """A list item taken out, with the comment block that was written above it."""

    value: Any
    above: CommentToken | None


def _take_after(sequence: CommentedSeq, index: int) -> CommentToken | None:
    """The comment block (and blank lines) after item `index`, detached."""
    if not 0 <= index < len(sequence):
        return None
    token = _take_trailing(sequence, index)
    if token is None and isinstance(sequence[index], (CommentedMap, CommentedSeq)):
        token = _take_end(sequence, index)
    return token


def _blank_line_after(sequence: CommentedSeq, index: int) -> bool:
    node, at, slot = _last_holder(sequence, index)
    entry = node.ca.items.get(at)
    token = entry[slot] if entry else None
    if token is None and isinstance(sequence[index], (CommentedMap, CommentedSeq)):
        ends = getattr(sequence[index].ca, "end", None)
        return bool(ends) and ends[0].value.startswith("\n")
    return token is not None and "\n\n" in token.value


def _put_after(sequence: CommentedSeq, index: int, token: CommentToken | None) -> None:
    if token is not None and 0 <= index < len(sequence):
        _put_trailing(sequence, index, token)


def remove(sequence: CommentedSeq, index: int) -> Removed:
    """Take item `index` out of `sequence`: the block above it goes with it, the block below it
    (above the next item, or after the list) stays where it was."""
    above = _take_after(sequence, index - 1) if index > 0 else None
    below = _take_after(sequence, index)
    value = sequence.pop(index)
    if index > 0:
        _put_after(sequence, index - 1, below)
    elif below is not None and sequence:
        _put_after(sequence, 0, _joined(below, _take_after(sequence, 0)))  # nothing above item 0 to hold it
    elif below is not None:
        above = _joined(above, below)
    return Removed(value, above)


def insert(sequence: CommentedSeq, index: int, value: Any, above: CommentToken | None = None) -> None:
    """Put `value` at `index` of `sequence`, with the comment block `above` it."""
    index = max(0, min(index, len(sequence)))
    if index > 0:
        before_next = _take_after(sequence, index - 1)
        if above is None and index >= 2 and _blank_line_after(sequence, index - 2):
            above = CommentToken("\n\n", CommentMark(0), None)  # items set apart by a blank line: this one too
        _put_after(sequence, index - 1, above)
        sequence.insert(index, value)
        _put_after(sequence, index, before_next)
    else:
        sequence.insert(0, value)
        _put_after(sequence, 0, above)


def _joined(first: CommentToken | None, second: CommentToken | None) -> CommentToken | None:
    if first is None or second is None:
        return first or second
    return CommentToken(first.value + second.value.lstrip("\n"), first.start_mark, None)


def move(root: Any, source: Path, target_list: Path, index: int) -> Path:
    """Move the list item at `source` to `index` of the list at `target_list` (in the list as it is
    after the item left it); returns the item's new path."""
    sequence, at = parent_of(root, source)
    if not isinstance(sequence, CommentedSeq) or not isinstance(at, int):
        raise PathError(source)
    target = get(root, target_list)
    if not isinstance(target, CommentedSeq):
        raise PathError(target_list)
    if target_list[: len(source)] == source:
        raise PathError(target_list)  # into itself
    removed = remove(sequence, at)
    insert(target, index, removed.value, removed.above)
    return (*shifted(target_list, source), max(0, min(index, len(target) - 1)))


def shifted(path: Path, removed: Path) -> Path:
    """`path` after the list item at `removed` was taken out of its list (a later sibling, or
    anything under one, moves up by one)."""
    depth = len(removed) - 1
    if len(path) > depth and path[:depth] == removed[:depth] and isinstance(path[depth], int) \
            and path[depth] > removed[depth]:
        return (*path[:depth], path[depth] - 1, *path[depth + 1:])
    return path
