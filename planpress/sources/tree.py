"""Walking a document's parsed data (format v2) with the path of everything found.

The rules run before the model exists (they decide whether it can be built), so they read the
schema-valid data; these walkers are the one place that knows where clauses, blocks, texts and
contact references stand in it. Paths are the yamlsource field paths, for messages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Path = tuple


def node_lists(data: dict) -> Iterator[tuple[Path, list]]:
    """The top-level clause lists: each section written as clauses, each attachment's clauses."""
    for key, value in (data.get("sections") or {}).items():
        if isinstance(value, list):
            yield ("sections", key), value
    for a, attachment in enumerate(data.get("attachments") or []):
        if isinstance(attachment.get("clauses"), list):
            yield ("attachments", a, "clauses"), attachment["clauses"]


def nodes(data: dict) -> Iterator[tuple[Path, Any]]:
    """Every node of every clause list, depth first in reading order (strings included)."""
    for path, items in node_lists(data):
        yield from _nodes(items, path)


def _nodes(items: list, path: Path) -> Iterator[tuple[Path, Any]]:
    for index, node in enumerate(items):
        here = path + (index,)
        yield here, node
        if isinstance(node, dict) and not node.get("type") and isinstance(node.get("clauses"), list):
            yield from _nodes(node["clauses"], here + ("clauses",))


def blocks(data: dict, kind: str) -> Iterator[tuple[Path, dict]]:
    """The typed blocks of one kind (scenario, table, flow, group, references)."""
    for path, node in nodes(data):
        if isinstance(node, dict) and node.get("type") == kind:
            yield path, node


def items(node: dict, path: Path, depth: int = 0) -> Iterator[tuple[Path, Any, int]]:
    """A clause's lettered list, nested items included, with their depth (0 = a.)."""
    for index, item in enumerate(node.get("items") or []):
        here = path + ("items", index)
        yield here, item, depth
        if isinstance(item, dict):
            yield from items(item, here, depth + 1)


def texts(data: dict) -> Iterator[tuple[Path, str]]:
    """Every prose text a reader sees as a paragraph: section texts, clause and item texts, group
    texts and duties, step texts and card wordings (not titles, table cells or flowchart nodes)."""
    for key, value in (data.get("sections") or {}).items():
        if isinstance(value, str):  # a section of one paragraph (a list is walked as nodes below)
            yield ("sections", key), value
    for path, node in nodes(data):
        if isinstance(node, str):
            yield path, node
            continue
        if not isinstance(node, dict):
            continue
        yield from _paragraphs(node.get("text"), path + ("text",))
        for item_path, item, _ in items(node, path):
            if isinstance(item, str):
                yield item_path, item
            elif isinstance(item, dict) and isinstance(item.get("text"), str):
                yield item_path + ("text",), item["text"]
        if node.get("type") == "group":
            for d, duty in enumerate(node.get("duties") or []):
                yield path + ("duties", d), duty
        if node.get("type") == "scenario":
            for s, step in enumerate(node.get("steps") or []):
                yield path + ("steps", s, "text"), step["text"]
                if isinstance(step.get("card"), str):
                    yield path + ("steps", s, "card"), step["card"]


def _paragraphs(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        yield from ((path + (i,), text) for i, text in enumerate(value) if isinstance(text, str))


def mentions(data: dict) -> Iterator[tuple[Path, str, dict]]:
    """(path of the holder, its text, its mentions) for every text with linked words."""
    for path, node in nodes(data):
        if not isinstance(node, dict):
            continue
        if isinstance(node.get("mentions"), dict):
            yield path, _joined(node.get("text")), node["mentions"]
        for item_path, item, _ in items(node, path):
            if isinstance(item, dict) and isinstance(item.get("mentions"), dict):
                yield item_path, item.get("text", ""), item["mentions"]
        if node.get("type") == "scenario":
            for s, step in enumerate(node.get("steps") or []):
                if isinstance(step.get("mentions"), dict):
                    yield path + ("steps", s), step["text"], step["mentions"]


def _joined(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


def scenario_keys(data: dict) -> list[str]:
    return [node["key"] for _, node in blocks(data, "scenario")]
