"""Block types: each is one module of this package, found by its name; nothing else lists them.

A module defines one subclass of `BlockType` and an instance of it named `TYPE`. The instance
holds everything the model knows of the type (docs/model.md, "块类型"):

- its schema fragment (`schema_defs`, `node_schema` or `attachment_fields`) and its checks
  (`check`, `check_attachment`) — what planpress.sources consults through its registry;
- its dataclass (defined in the module) and how a node is assembled from data (`assemble`, or
  `assemble_attachment`);
- what it adds to the fingerprint, its plain text (for diff, search and the font check), the
  contacts it shows.

Each output brings one renderer per block type, named after it: templates/pdf/blocks/<name>.html
and planpress/site/blocks/<name>.py (the renderer draws the node kinds in `kinds`). The renderers
are looked up by name; a type without one in an output is not drawn there.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

from ...problems import Location
from ...sources import blocks as registry
from ..base import Clause, Contact

Numbering = Callable[[], tuple[str, str]]  # the next clause number of the list, and its anchor path


class BlockType(registry.BlockType):
    """A block type of the model. Override what the type has; the defaults do nothing."""

    kinds: tuple[str, ...] | None = None  # node kinds it makes and its renderers draw (None: its name)

    def node_kinds(self) -> tuple[str, ...]:
        return (self.name,) if self.kinds is None else self.kinds

    # -- assembling ----------------------------------------------------------------------------

    def assemble(self, builder, node: Any, numbering: Numbering, path: tuple) -> list[Clause]:
        """The clause nodes of one source node. `numbering()` hands out the next clause number of
        the list (call it once per numbered node; an unnumbered block never calls it)."""
        raise NotImplementedError(self.name)

    def assemble_attachment(self, builder, item: dict, common: dict):
        """The Attachment of an attachment of this kind; `common` holds ordinal, code, title, location."""
        raise NotImplementedError(self.name)

    # -- what a node of this type adds ---------------------------------------------------------

    def fingerprint(self, clause: Clause, shown: Callable[[Contact], list]) -> Any:
        """Content the generic clause form does not hold, put under the key `name` in the
        fingerprint's form of the node (None: nothing). Documents without the type keep the form
        they were approved with. `shown(contact)` is how the fingerprint writes a contact: its
        name and its number at each campus of the document."""
        return None

    def lines(self, clause: Clause) -> list[str] | None:
        """The node as plain text lines; None: read as a clause (number, title, text)."""
        return None

    def texts(self, clause: Clause) -> Iterator[tuple[str, Location]]:
        """Every text of the node a renderer may print, beyond its title and text (font check)."""
        return iter(())

    def diff_items(self, clause: Clause, label: str) -> list[tuple[str, str]] | None:
        """(label, text) pieces compared one by one; None: the node is compared as one clause."""
        return None

    def contacts(self, clause: Clause) -> Iterator[Contact]:
        """Directory entries the node shows besides its linked mentions."""
        return iter(())

    def nested(self, clause: Clause) -> Iterator[Clause]:
        """Nodes of other block types it draws inside itself (a form's notes), not among its children."""
        return iter(())

    # -- attachments of this kind --------------------------------------------------------------

    def attachment_fingerprint(self, attachment, shown: Callable[[Contact], list]) -> dict:
        return {"code": attachment.code, "title": attachment.title}

    def attachment_lines(self, doc, attachment) -> list[str]:
        return []

    def attachment_texts(self, attachment) -> Iterator[tuple[str, Location]]:
        return iter(())

    def attachment_diff_items(self, doc, attachment, prefix: str) -> list[tuple[str, str]]:
        return []

    def attachment_contacts(self, attachment) -> Iterator[Contact]:
        return iter(())

    def attachment_nested(self, attachment) -> Iterator[Clause]:
        return iter(())


@functools.cache
def types() -> dict[str, BlockType]:
    """Every block type by name, each module of this package imported once and registered."""
    found = {}
    for module in sorted(info.name for info in pkgutil.iter_modules(__path__)):
        block_type = importlib.import_module(f"{__name__}.{module}").TYPE
        registry.register(block_type)
        found[block_type.name] = block_type
    return found


@functools.cache
def by_kind() -> dict[str, BlockType]:
    """The block type that makes each node kind."""
    return {kind: t for t in types().values() for kind in t.node_kinds()}


def of(clause: Clause) -> BlockType | None:
    """The block type of a node (None for the frame's sections)."""
    return by_kind().get(clause.kind)


def kind(name: str) -> BlockType:
    return types()[name]


def node_type(node: Any) -> BlockType:
    """The type of a node of a clause list (schema-valid data)."""
    types()
    return registry.node_type(node)


def attachment_kind(item: dict) -> BlockType:
    types()
    return registry.attachment_kind(item)
