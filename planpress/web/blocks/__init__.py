"""Each block type's editing form, found by the block's name as its renderers are
(docs/model.md, "每种输出一个渲染器"): planpress/web/blocks/<name>.py (a module with an `EDITOR`)
and/or planpress/web/templates/blocks/<name>.html. A block type with neither gets a form derived
from its schema fragment (widgets.py), so adding a block type needs no change here.

An editor turns a node's data into widgets (`widgets`), and posted fields back into the node's
plain data (`read`); saving writes that data into the file through yamltree (only the lines that
changed) and `planpress check` judges it, its problems shown at the widget they concern.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import importlib.util
import re
from collections.abc import Mapping
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from ...model import blocks as model_blocks
from ...sources import blocks as registry
from ...sources.schema import composed
from . import widgets
from .widgets import PREFIX, Widget

Path = tuple[str | int, ...]


@dataclasses.dataclass
class EditContext:
    """What an editor may consult besides the node: the directory (contact pickers), the document
    and project model (numbers as they print, the card's paper), the problems of the last save."""

    project: Any = None  # model.Project, or None while the register has an error
    doc: Any = None  # model.Document of the file as saved, or None
    path: Path = ()  # where the node is in the file
    numbers: Mapping[Path, Any] = dataclasses.field(default_factory=dict)  # data path → model Clause

    @property
    def directory(self):
        return self.project.directory if self.project is not None else None

    def clause_at(self, relative: Path):
        return self.numbers.get(self.path + tuple(relative))


class BlockEditor:
    """The form of one block type. The default is derived from the type's schema fragment; a
    block's own module subclasses it to improve what the schema cannot say."""

    label = ""  # what the outline calls a node of this type; default: the schema's description
    managed: frozenset[str] | None = None  # the node's fields the form edits (None: all); others are kept

    def __init__(self, block_type, place: str = ""):
        self.block_type = block_type
        self.name = block_type.name
        # where the node stands (a type may be both a block in a clause list and an attachment)
        self.place = place or (registry.CLAUSES if registry.CLAUSES in block_type.places else registry.ATTACHMENT)

    @property
    def template(self) -> str:
        return template_for(self.name)

    def schema(self) -> tuple[dict, dict]:
        """(fragment, $defs) of a node, or of an attachment of this kind."""
        document = composed("document")
        defs = document["$defs"]
        if self.place == registry.ATTACHMENT:
            attachment = defs["attachment"]
            properties = {"code": attachment["properties"]["code"], "title": attachment["properties"]["title"],
                          **self.block_type.attachment_fields}
            required = ["code", "title", self.name]
            return {"type": "object", "properties": properties, "required": required}, defs
        return {"$ref": self.block_type.node_schema}, defs

    def title(self) -> str:
        if self.label:
            return self.label
        if self.block_type.label:
            return self.block_type.label
        fragment, defs = self.schema()
        return widgets.label_of(widgets.resolve(fragment, defs), self.name)[0]

    def widgets(self, value: Any, context: EditContext) -> Widget:
        fragment, defs = self.schema()
        root = widgets.build(PREFIX, fragment, defs, value, key="", directory=context.directory)
        self.number(root, context)
        return root

    def number(self, root: Widget, context: EditContext) -> None:
        """Each widget of a list item gets the number the model gives that item (a. · 5.5.1.a)."""
        for widget in root.walk():
            relative = relative_path(widget.name)
            clause = context.clause_at(relative) if relative is not None else None
            if clause is not None and widget is not root:
                widget.number = clause.number

    def read(self, posted: Mapping[str, list[str]], context: EditContext) -> Any:
        """The node's plain data from what the browser sent."""
        root = self.widgets(None, context)
        return widgets.read(root, widgets.posted_tree(posted))

    def widget_path(self, relative: Path) -> Path:
        """Where a problem about the node's field `relative` is shown (a form may show several
        fields of the data in one widget)."""
        return relative

    def written(self, value: Any, old: Any) -> Any:
        """The node as it is written into the file (`old`: what was there, None for a new node)."""
        return value

    def new_value(self) -> Any:
        """The data of a new node of this type, before anything is typed."""
        if self.place == registry.ATTACHMENT:
            return {}
        return {"type": self.name} if self.name != registry.PLAIN else {}


@functools.cache
def editor(name: str, place: str = "") -> BlockEditor:
    """The editor of a block type (as a block in a clause list, or as an attachment when `place`
    says so): its own module's EDITOR, else one derived from its schema."""
    block_type = model_blocks.types()[name]
    module_name = f"{__name__}.{name}"
    if re.fullmatch(r"[a-z][a-z0-9_]*", name) and importlib.util.find_spec(module_name) is not None:
        return importlib.import_module(module_name).EDITOR(block_type, place)
    return BlockEditor(block_type, place)


@functools.cache
def template_for(name: str) -> str:
    try:
        get_template(f"blocks/{name}.html")
        return f"blocks/{name}.html"
    except TemplateDoesNotExist:
        return "blocks/_form.html"


def node_editor(node: Any) -> BlockEditor:
    return editor(registry.node_type(node).name)


def attachment_editor(item: dict) -> BlockEditor | None:
    kind = registry.attachment_kind(item) if isinstance(item, dict) else None
    return editor(kind.name, registry.ATTACHMENT) if kind is not None else None


def insertable() -> list[tuple[str, str]]:
    """(name, label) of every block type a clause list may hold, in listing order."""
    model_blocks.types()
    return [(t.name, editor(t.name).title()) for t in registry.node_types()]


def attachment_kinds() -> list[tuple[str, str]]:
    model_blocks.types()
    return [(t.name, editor(t.name, registry.ATTACHMENT).title()) for t in registry.attachment_kinds()]


# -- paths and problems ------------------------------------------------------------------------------

_FIELD_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def field_path(field: str) -> Path:
    """A problem's field ("sections.procedures[5].clauses[1].steps[2].actor", items counted from 1)
    as a data path."""
    path: list[str | int] = []
    for name, index in _FIELD_PART.findall(field or ""):
        path.append(int(index) - 1 if index else name)
    return tuple(path)


def relative_path(name: str) -> Path | None:
    """A widget's name ("n.steps.2.actor") as a path under its node."""
    parts = name.split(".")
    if parts[0] != PREFIX or widgets.NEW in parts:
        return None
    return tuple(int(p) if p.isdigit() else p for p in parts[1:])


def place_problems(root: Widget, problems: list[dict], node_path: Path, editor: BlockEditor | None = None) -> list[dict]:
    """Each problem (present.problem_dict, with its data `path`) at the deepest widget it concerns;
    the ones that concern no widget of this node are returned."""
    by_path = {}
    for widget in root.walk():
        relative = relative_path(widget.name)
        if relative is not None:
            by_path[relative] = widget
    rest = []
    for problem in problems:
        path = tuple(problem.get("path") or ())
        if path[: len(node_path)] != tuple(node_path):
            rest.append(problem)
            continue
        relative = path[len(node_path):]
        if editor is not None:
            relative = editor.widget_path(relative)
        for end in range(len(relative), -1, -1):
            widget = by_path.get(relative[:end])
            if widget is not None:
                widget.problems.append(problem)
                break
        else:
            rest.append(problem)
    return rest
