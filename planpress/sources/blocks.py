"""Block types as the sources stage sees them: the registry the loader fills, and what each type
must tell the reading and checking of YAML.

A block type is one module of `planpress.model.blocks` (docs/model.md): its schema fragment, its
checks, its dataclass, how it is assembled, fingerprinted and read as plain text. The model stage
registers every one of them here when it is imported, so this stage consults them without
importing a later stage (as MkDocs calls its plugins' hooks).

Two places a block type can appear:
- "clauses": as a node of a clause list, chosen by `type:` (the plain clause has no type);
- "attachment": as the kind of an attachment, chosen by the field that holds its content
  (`contacts:`, `form:`, `clauses:`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

FieldPath = tuple
CLAUSES = "clauses"
ATTACHMENT = "attachment"
PLAIN = "clause"  # the plain clause: a string, or a mapping without `type`


class BlockType:
    """One block type's part in reading and checking sources. Subclassed in planpress.model.blocks."""

    name: str = ""  # `type:` of a node; for an attachment kind, the field that holds its content
    places: tuple[str, ...] = (CLAUSES,)
    order: int = 100  # where it is listed (schema enums, messages); built-in types use 0–99
    schema_defs: dict[str, Any] = {}  # JSON Schema definitions it adds to document.schema.json's $defs
    node_schema: str = ""  # the definition a node of this type must match (clauses place)
    attachment_fields: dict[str, Any] = {}  # properties it adds to an attachment (attachment place)
    label: str = ""  # what a reader calls it: 联络表, 空白表单 …
    choice: str = ""  # how to write it, for "write one of …" messages: 空白表单写 form（columns 和 rows）
    secondary_fields: dict[str, str] = {}  # attachment fields besides `name` only this kind may have → what they are
    numbered: bool = False  # a node of it takes a clause number (clause, group, scenario, references)

    # -- reading the data (schema-valid) -------------------------------------------------------

    def data_lists(self, node: dict, path: FieldPath) -> Iterator[tuple[FieldPath, list]]:
        """Clause lists nested in a node of this type (walked like the section's own)."""
        return iter(())

    def data_attachment_lists(self, attachment: dict, path: FieldPath) -> Iterator[tuple[FieldPath, list]]:
        """Clause lists an attachment of this kind holds."""
        return iter(())

    def data_texts(self, node: dict, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
        """Prose a reader sees as a paragraph (checked for typed clause numbers)."""
        return iter(())

    def data_mentions(self, node: dict, path: FieldPath) -> Iterator[tuple[FieldPath, str, dict]]:
        """(path of the holder, its text, its mentions) for each text with linked words."""
        return iter(())

    # -- checking ------------------------------------------------------------------------------

    def check(self, rules, path: FieldPath, node: dict) -> None:
        """Report problems of one node through `rules` (sources.rules.DocumentRules: error, warn,
        contact_key, campuses …)."""

    def check_attachment(self, rules, path: FieldPath, attachment: dict) -> None:
        """Report problems of one attachment of this kind."""


_registry: dict[str, BlockType] = {}
_ordered: list[tuple[BlockType, ...]] = []  # the registry in listing order, once sorted


def register(block_type: BlockType) -> None:
    if block_type.name in _registry and _registry[block_type.name] is not block_type:
        raise ValueError(f"two block types are called {block_type.name!r}")
    _registry[block_type.name] = block_type
    _ordered.clear()


def registered() -> tuple[BlockType, ...]:
    """Every block type, in listing order. The model stage must have been imported."""
    if not _ordered:
        if not _registry:
            raise RuntimeError("no block type is registered: import planpress.model first")
        _ordered.append(tuple(sorted(_registry.values(), key=lambda t: (t.order, t.name))))
    return _ordered[0]


def node_types() -> tuple[BlockType, ...]:
    """The types a clause list may hold, the plain clause first."""
    return tuple(t for t in registered() if CLAUSES in t.places)


def typed_nodes() -> tuple[BlockType, ...]:
    """The types chosen by `type:` (every node type but the plain clause)."""
    return tuple(t for t in node_types() if t.name != PLAIN)


def attachment_kinds() -> tuple[BlockType, ...]:
    return tuple(t for t in registered() if ATTACHMENT in t.places)


def node_type(node: Any) -> BlockType:
    """The type of a node of a clause list (schema-valid data)."""
    name = node.get("type") if isinstance(node, dict) else None
    return _registry[name or PLAIN]


def attachment_kind(attachment: dict) -> BlockType | None:
    """The kind of an attachment: the first kind whose content field it has."""
    return next((kind for kind in attachment_kinds() if kind.name in attachment), None)
