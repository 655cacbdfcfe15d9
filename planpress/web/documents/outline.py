"""The clause tree as an outline: the sections of the frame, each with its clauses and blocks
nested as they print, every number taken from the model (never typed, never computed here); and
the operations on it (move, indent, outdent, delete, undo), each one save of the file.

A node is addressed by its data path in the file ("sections.procedures.4.clauses.0"); the model's
clause of a node is found by where it is written (the loader keeps each node's line and column).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ...lifecycle import yamltree
from ...model import Document
from ...sources import blocks as registry
from ...sources.yamlsource import SourceFile
from .. import blocks

Path = tuple[str | int, ...]
_PART = re.compile(r"^[a-z0-9_][a-z0-9_-]{0,99}$")
SUMMARY = 48  # characters of a node's text shown in the outline


class BadPath(ValueError):
    """A path that does not name a node the outline can edit."""


def parse_path(text: str) -> Path:
    """"sections.procedures.4.clauses.0" → ("sections", "procedures", 4, "clauses", 0)."""
    parts = (text or "").split(".")
    if not text or len(parts) > 40 or not all(_PART.match(p) for p in parts):
        raise BadPath(text)
    return tuple(int(p) if p.isdigit() else p for p in parts)


def path_text(path: Path) -> str:
    return ".".join(str(p) for p in path)


# -- numbers from the model -----------------------------------------------------------------------

def numbers(doc: Document | None, source: SourceFile | None) -> dict[Path, Any]:
    """Each data path of the file → the model's clause written there (its number, caption …)."""
    if doc is None or source is None:
        return {}
    by_place = {}
    for clause in doc.walk():
        by_place.setdefault((clause.location.line, clause.location.column), clause)
    found = {}
    for path, (line, column) in source.value_marks.items():
        clause = by_place.get((line, column))
        if clause is not None:
            found[path] = clause
    return found


# -- the outline ------------------------------------------------------------------------------------

@dataclasses.dataclass
class Item:
    path: Path
    kind: str  # the block type's name
    label: str  # 条款, 处置场景, 表格 …
    number: str
    summary: str
    children: list[Item]
    children_path: Path | None  # where nested clauses go (indent into it); None: it takes none
    first: bool = False  # first of its list: cannot be indented
    nested: bool = False  # inside another clause: can be outdented

    @property
    def id(self) -> str:
        return path_text(self.path)

    @property
    def list_id(self) -> str:
        return path_text(self.path[:-1])

    @property
    def after(self) -> int:
        return self.path[-1] + 1

    @property
    def children_id(self) -> str:
        return path_text(self.children_path) if self.children_path else ""


@dataclasses.dataclass
class Section:
    key: str
    number: str
    title: str
    body: str  # clauses, text, attachments, or generated (revisions, approvals)
    path: Path
    text: str = ""
    items: list[Item] = dataclasses.field(default_factory=list)
    none: bool = False  # written as 无 / []

    @property
    def id(self) -> str:
        return path_text(self.path)


def sections(doc: Document | None, frame, data: Mapping, found: Mapping[Path, Any]) -> list[Section]:
    """The frame's sections with what the file holds in each."""
    written = data.get("sections") if isinstance(data.get("sections"), dict) else {}
    numbered = {c.title: c for c in doc.clauses} if doc is not None else {}
    result = []
    for index, section in enumerate(frame.sections, start=1):
        clause = numbered.get(section.title)
        number = clause.number if clause is not None else str(index)
        path: Path = ("sections", section.key)
        entry = Section(section.key, number, section.title, section.body, path)
        value = written.get(section.key)
        if section.body == "text":
            entry.text = _joined(value)
        elif section.body == "clauses":
            if isinstance(value, list) and value:
                entry.items = items(value, path, found, nested=False)
            else:
                entry.none = True
                entry.text = value if isinstance(value, str) else ""
        elif section.body == "attachments":
            entry.path = ("attachments",)
            entry.items = attachments(data.get("attachments"), doc)
        result.append(entry)
    return result


def items(nodes: list, path: Path, found: Mapping[Path, Any], nested: bool) -> list[Item]:
    result = []
    for index, node in enumerate(nodes):
        here = (*path, index)
        block = registry.node_type(node) if isinstance(node, (str, dict)) else None
        name = block.name if block is not None else registry.PLAIN
        editor = blocks.editor(name)
        children, children_path = [], None
        if name == registry.PLAIN:
            children_path = (*here, "clauses")
            if isinstance(node, dict) and isinstance(node.get("clauses"), list):
                children = items(node["clauses"], children_path, found, nested=True)
        result.append(Item(here, name, editor.title(), _number(node, here, found), _summary(node, here, found),
                           children, children_path, first=index == 0, nested=nested))
    return result


def attachments(value: Any, doc: Document | None) -> list[Item]:
    result = []
    for index, item in enumerate(value if isinstance(value, list) else []):
        editor = blocks.attachment_editor(item) if isinstance(item, dict) else None
        model = doc.attachments[index] if doc is not None and index < len(doc.attachments) else None
        number = f"附件 {model.ordinal}" if model is not None else f"附件 {index + 1}"
        title = f"{item.get('code', '')} {item.get('title', '')}".strip() if isinstance(item, dict) else ""
        name = editor.name if editor else ""
        children_path = ("attachments", index, "clauses") if name == "clauses" else None
        children = items(item["clauses"], children_path, {}, nested=True) \
            if children_path and isinstance(item.get("clauses"), list) else []
        result.append(Item(("attachments", index), name, editor.title() if editor else "附件", number, title,
                           children, children_path, first=index == 0))
    return result


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return "" if value is None else str(value)


def _number(node: Any, path: Path, found: Mapping[Path, Any]) -> str:
    clause = found.get(path)
    if clause is not None:
        if clause.kind in ("table", "flow"):
            return clause.title.split(" ", 2)[0] + " " + clause.title.split(" ", 2)[1] \
                if clause.title.count(" ") >= 1 else clause.title
        if clause.kind == "note":
            return clause.title
        return clause.number
    if isinstance(node, dict) and node.get("type") == "references" and "title" not in node:
        first, last = found.get((*path, "items", 0)), found.get((*path, "items", len(node.get("items") or []) - 1))
        if first is not None and last is not None:
            return first.number if first is last else f"{first.number}–{last.number}"
    return ""


def _summary(node: Any, path: Path, found: Mapping[Path, Any]) -> str:
    if isinstance(node, str):
        text = node
    elif isinstance(node, dict):
        text = node.get("title") or node.get("label") or ""
        if not text:
            clause = found.get(path)
            text = (clause.text if clause is not None else "") or _joined(node.get("text"))
        if not text and node.get("type") == "references":
            text = "、".join(f"《{i.get('title', '')}》" for i in node.get("items") or [] if isinstance(i, dict))
    else:
        text = ""
    text = " ".join(str(text).split())
    return text if len(text) <= SUMMARY else text[: SUMMARY - 1] + "…"


def walk(found: list[Item]) -> Iterator[Item]:
    for item in found:
        yield item
        yield from walk(item.children)


# -- operations ---------------------------------------------------------------------------------------

class Refused(ValueError):
    """An operation that cannot be done here (the message says why, in Chinese)."""


def is_list_path(root: Any, path: Path) -> bool:
    """A clause list the outline may put nodes in: a section's, a plain clause's, an attachment's."""
    if len(path) == 2 and path[0] == "sections":
        return True
    if len(path) == 3 and path[0] == "attachments" and path[2] == "clauses":
        return True
    if len(path) >= 2 and path[-1] == "clauses":
        try:
            parent = yamltree.get(root, path[:-1])
        except yamltree.PathError:
            return False
        return isinstance(parent, (dict, str)) and not (isinstance(parent, dict) and parent.get("type"))
    return False


def node_path_ok(root: Any, path: Path) -> bool:
    return len(path) >= 3 and isinstance(path[-1], int) and is_list_path(root, path[:-1])


def ensure_list(root: CommentedMap, path: Path) -> CommentedSeq:
    """The clause list at `path`, made if it is not there (a plain clause's `clauses`, a section
    written as 无 or [])."""
    container, key = yamltree.parent_of(root, path)
    if not isinstance(container, dict):
        raise Refused("只有普通条款下面可以有下一级条款。")
    current = container.get(key)
    if isinstance(current, CommentedSeq):
        if current.fa.flow_style():
            current.fa.set_block_style()
        return current
    container[key] = CommentedSeq()
    return container[key]


def as_mapping(root: CommentedMap, path: Path) -> CommentedMap:
    """The plain clause at `path` as a mapping (a clause written as one string becomes {text: …})."""
    container, key = yamltree.parent_of(root, path)
    node = container[key]
    if isinstance(node, str):
        mapping = CommentedMap()
        mapping["text"] = node
        container[key] = mapping
        return mapping
    if isinstance(node, dict) and not node.get("type"):
        return node
    raise Refused("只有普通条款下面可以有下一级条款：表格、处置场景、小组这些块不能再往里放条款。")


def tidy(root: CommentedMap, list_path: Path) -> None:
    """A clause list left empty: a plain clause's `clauses` is removed, a section's becomes []."""
    try:
        sequence = yamltree.get(root, list_path)
    except yamltree.PathError:
        return
    if sequence:
        return
    container, key = yamltree.parent_of(root, list_path)
    if key == "clauses" and isinstance(container, dict) and list_path[0] != "attachments":
        del container[key]
    elif list_path[0] == "sections":
        empty = CommentedSeq()
        empty.fa.set_flow_style()
        container[key] = empty


def move(root: CommentedMap, source: Path, target_list: Path, index: int) -> Path:
    if not node_path_ok(root, source):
        raise BadPath(path_text(source))
    if target_list[: len(source)] == source:
        raise Refused("不能把一条条款放进它自己下面。")
    if not is_list_path(root, target_list) and not _creatable_list(root, target_list):
        raise BadPath(path_text(target_list))
    left = yamltree.get(root, source[:-1])
    _prepare_target(root, target_list)
    new_path = yamltree.move(root, source, target_list, index)
    _tidy_object(root, left)
    return new_path


def _tidy_object(root: CommentedMap, sequence: Any) -> None:
    """`tidy` the list object `sequence`, wherever it now is."""
    if sequence:
        return
    found = _path_of(root, sequence, ())
    if found is not None:
        tidy(root, found)


def _path_of(node: Any, target: Any, path: Path) -> Path | None:
    if node is target:
        return path
    if isinstance(node, dict):
        children = node.items()
    elif isinstance(node, list):
        children = enumerate(node)
    else:
        return None
    for key, child in children:
        if isinstance(child, (dict, list)):
            found = _path_of(child, target, (*path, key))
            if found is not None:
                return found
    return None


def _creatable_list(root: CommentedMap, path: Path) -> bool:
    if path[-1] != "clauses":
        return False
    try:
        parent = yamltree.get(root, path[:-1])
    except yamltree.PathError:
        return False
    return isinstance(parent, str) or (isinstance(parent, dict) and not parent.get("type"))


def _prepare_target(root: CommentedMap, target_list: Path) -> None:
    if target_list[0] == "sections" and len(target_list) == 2:
        ensure_list(root, target_list)
    elif target_list[0] == "attachments" and len(target_list) == 3:
        yamltree.get(root, target_list)
    else:
        as_mapping(root, target_list[:-1])
        ensure_list(root, target_list)


def indent(root: CommentedMap, path: Path) -> Path:
    """The node becomes the last clause under the node before it."""
    if not node_path_ok(root, path):
        raise BadPath(path_text(path))
    if path[-1] == 0:
        raise Refused("第一条前面没有条款，不能缩进（缩进是放到前一条下面）。")
    previous = (*path[:-1], path[-1] - 1)
    as_mapping(root, previous)
    target = ensure_list(root, (*previous, "clauses"))
    return yamltree.move(root, path, (*previous, "clauses"), len(target))


def outdent(root: CommentedMap, path: Path) -> Path:
    """The node leaves its parent clause and follows it."""
    if not node_path_ok(root, path):
        raise BadPath(path_text(path))
    if len(path) < 5 or path[-2] != "clauses" or not isinstance(path[-3], int):
        raise Refused("这一条已经在最上一级，不能再退出缩进。")
    parent = path[:-2]
    left = yamltree.get(root, path[:-1])
    new_path = yamltree.move(root, path, parent[:-1], parent[-1] + 1)
    _tidy_object(root, left)
    return new_path


def delete(root: CommentedMap, path: Path) -> yamltree.Removed:
    if not node_path_ok(root, path) and not (len(path) == 2 and path[0] == "attachments"):
        raise BadPath(path_text(path))
    removed = yamltree.remove(yamltree.get(root, path[:-1]), path[-1])
    tidy(root, path[:-1])
    return removed


def restore(root: CommentedMap, path: Path, removed: yamltree.Removed) -> Path:
    """Put a deleted node back where it was (its list made again if it had gone)."""
    list_path = path[:-1]
    if list_path == ("attachments",):
        sequence = root.setdefault("attachments", CommentedSeq())
    else:
        _prepare_target(root, list_path)
        sequence = yamltree.get(root, list_path)
    yamltree.insert(sequence, path[-1], removed.value, removed.above)
    return (*list_path, min(path[-1], len(sequence) - 1))
