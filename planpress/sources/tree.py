"""Walking a document's parsed data (format v2) with the path of everything found.

The rules run before the model exists (they decide whether it can be built), so they read the
schema-valid data; these walkers are the one place that knows where clause lists stand in it.
What each block type holds (its texts, its linked words, clause lists nested in it) its block
type says (sources/blocks.py). Paths are the yamlsource field paths, for messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import blocks

Path = tuple


def node_lists(data: dict) -> Iterator[tuple[Path, list]]:
    """The top-level clause lists: each section written as clauses, each attachment's clauses."""
    for key, value in (data.get("sections") or {}).items():
        if isinstance(value, list):
            yield ("sections", key), value
    for a, attachment in enumerate(data.get("attachments") or []):
        kind = blocks.attachment_kind(attachment) if isinstance(attachment, dict) else None
        if kind is not None:
            yield from kind.data_attachment_lists(attachment, ("attachments", a))


def nodes(data: dict) -> Iterator[tuple[Path, Any]]:
    """Every node of every clause list, depth first in reading order (strings included)."""
    for path, items in node_lists(data):
        yield from _nodes(items, path)


def _nodes(items: list, path: Path) -> Iterator[tuple[Path, Any]]:
    for index, node in enumerate(items):
        here = path + (index,)
        yield here, node
        for inner_path, inner in blocks.node_type(node).data_lists(node, here):
            yield from _nodes(inner, inner_path)


def levels(data: dict, top: dict[str, int]) -> Iterator[tuple[Path, int]]:
    """Every numbered node of the sections and attachments with the clause level its number stands
    at: `top` gives the level of each section's own nodes (attachments' nodes are at level 1)."""
    for key, value in (data.get("sections") or {}).items():
        if isinstance(value, list):
            yield from _levels(value, ("sections", key), top.get(key, 1))
    for a, attachment in enumerate(data.get("attachments") or []):
        kind = blocks.attachment_kind(attachment) if isinstance(attachment, dict) else None
        if kind is not None:
            for path, items in kind.data_attachment_lists(attachment, ("attachments", a)):
                yield from _levels(items, path, 1)


def _levels(items: list, path: Path, level: int) -> Iterator[tuple[Path, int]]:
    for index, node in enumerate(items):
        here = path + (index,)
        block_type = blocks.node_type(node)
        if block_type.numbered:
            yield here, level
            if isinstance(node, dict) and node.get("type") == "references" and "title" in node:
                yield here + ("items", 0), level + 1
        for inner_path, inner in block_type.data_lists(node, here):
            yield from _levels(inner, inner_path, level + 1 if block_type.numbered else level)


def typed(data: dict, kind: str) -> Iterator[tuple[Path, dict]]:
    """The typed blocks of one kind (scenario, table, flow, group, references …)."""
    for path, node in nodes(data):
        if isinstance(node, dict) and node.get("type") == kind:
            yield path, node


def texts(data: dict) -> Iterator[tuple[Path, str]]:
    """Every prose text a reader sees as a paragraph: section texts, clause and item texts, and the
    prose of blocks (a group's duties, a step's text and card wording …; not titles, table cells or
    flowchart nodes)."""
    for key, value in (data.get("sections") or {}).items():
        if isinstance(value, str):  # a section of one paragraph (a list is walked as nodes below)
            yield ("sections", key), value
    for path, node in nodes(data):
        yield from blocks.node_type(node).data_texts(node, path)


def mentions(data: dict) -> Iterator[tuple[Path, str, dict]]:
    """(path of the holder, its text, its mentions) for every text with linked words."""
    for path, node in nodes(data):
        yield from blocks.node_type(node).data_mentions(node, path)


def scenario_keys(data: dict) -> list[str]:
    return [node["key"] for _, node in typed(data, "scenario")]
