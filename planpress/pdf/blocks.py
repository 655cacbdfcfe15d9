"""The renderer of each block type in the PDF: templates/pdf/blocks/<name>.html, found by name.

A block type's template defines `render(clause, ctx)` for the node kinds it makes, and
`attachment(attachment, ctx)` when it is a kind of attachment; it may set `css` (rules added to
the document's stylesheet when the document has such a block). `ctx` is the BlockContext below.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..model import Clause, Document, blocks
from ..problems import Location, SourceError, error
from ..render import TEMPLATES_DIR, templating
from . import grid_widths

FOLDER = "pdf/blocks"


@dataclasses.dataclass(frozen=True)
class Renderer:
    render: Callable | None  # for the node kinds of the type
    attachment: Callable | None  # for an attachment of the kind
    css: str


@functools.cache
def renderers(root: Path) -> Mapping[str, Renderer]:
    """Each block type's renderer (by type name) from the project's templates."""
    env = templating.environment(root)
    found = {}
    for name in blocks.types():
        try:
            module = env.get_template(f"{FOLDER}/{name}.html").module
        except jinja2.TemplateNotFound:
            continue
        found[name] = Renderer(getattr(module, "render", None), getattr(module, "attachment", None),
                               str(getattr(module, "css", "")).strip())
    return found


@dataclasses.dataclass(frozen=True)
class BlockContext:
    """What a block's template is given besides its node: the document and what view.py prepared."""

    root: Path
    doc: Document
    tables: Any  # view.Tables: the approval rows
    flowcharts: Mapping[int, Markup]  # 图 N → its SVG
    duty_notes: Mapping[int, str]  # 附件 N → its duty phone line
    form_header: Callable
    css: Markup

    @classmethod
    def for_document(cls, root: Path, doc: Document, **prepared) -> BlockContext:
        nodes = [c for c in doc.walk() if blocks.of(c) is not None]
        nodes += [n for c in nodes for n in blocks.of(c).nested(c)]
        nodes += [n for a in doc.attachments for n in blocks.kind(a.kind).attachment_nested(a)]
        used = {blocks.of(c).name for c in nodes} | {a.kind for a in doc.attachments}
        found = renderers(root)
        css = "\n".join(found[t].css for t in blocks.types() if t in used and t in found and found[t].css)
        return cls(root=root, doc=doc, css=Markup(css), **prepared)

    def block(self, clause: Clause) -> Markup:
        block_type = blocks.of(clause)
        renderer = renderers(self.root).get(block_type.name) if block_type else None
        if renderer is None or renderer.render is None:
            raise _missing(self.root, block_type.name if block_type else clause.kind)
        return renderer.render(clause, self)

    def widths(self, table) -> list[float]:
        """A table's column widths in % (declared, or balanced from its content: pdf/widths.py)."""
        from .widths import balanced
        rows = [[(cell.text, cell.span) for cell in row] for row in table.rows]
        return balanced(list(table.columns), rows, list(table.widths))

    def attachment(self, attachment) -> Markup:
        renderer = renderers(self.root).get(attachment.kind)
        if renderer is None or renderer.attachment is None:
            raise _missing(self.root, attachment.kind)
        return renderer.attachment(attachment, self)

    @staticmethod
    def grid_widths(grid) -> tuple[float, ...] | None:
        """A form grid's column shares (%): declared, else from the column names and printed cells;
        None for the first syntax's plain grid (equal columns, as it always printed)."""
        if grid.plain:
            return None
        leaves = grid.leaves
        natural = [max(grid_widths.chars(leaf.title), grid_widths.SHORT_NAME) for leaf in leaves]
        minimum = [min(grid_widths.chars(leaf.title), grid_widths.SHORT_NAME) for leaf in leaves]
        for row in grid.rows:
            column = 0
            for cell in row:
                if cell.span == 1 and column < len(leaves):
                    natural[column] = max(natural[column], grid_widths.chars(cell.text))
                    minimum[column] = max(minimum[column], grid_widths.unbreakable(cell.text))
                column += cell.span
        return grid_widths.balance(natural, minimum, [leaf.width for leaf in leaves])


def _missing(root: Path, name: str) -> SourceError:
    return SourceError([error(Location(root / TEMPLATES_DIR / FOLDER / f"{name}.html"), "",
                              f"PDF 模板里没有块类型“{name}”的渲染模板。",
                              f"在 templates/{FOLDER}/ 里加上 {name}.html（定义 render 或 attachment 宏）。")])
