"""The 条款 tab of the editor: the outline of the clause tree and attachments, and the form of one
node (a clause, a block, an attachment, a text section); its views (each save one commit through
saving.save) are in nodeviews.py.

Forms are the block types' own (planpress/web/blocks); this module finds the node, reads the form
back into data, writes it into the file with yamltree (only the lines that changed) and shows
`check`'s problems at the widget they concern.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.template.loader import render_to_string

from ...lifecycle import yamltree
from ...lifecycle.yamledit import Edit
from ...problems import SourceError
from ...sources import blocks as registry
from ...sources.yamlsource import SourceFile, read_source
from .. import blocks
from ..blocks import BlockEditor, EditContext, signatories, widgets
from . import outline, present, project

SECTION_TEXT = "section-text"  # the form of a section written as paragraphs (目的, 适用范围)


@dataclasses.dataclass
class Current:
    """The file as it is now: its text, blob, data with places, and the model of it (if valid)."""

    number: str
    text: str
    blob: str
    source: SourceFile | None
    doc: Any
    project: Any

    @property
    def data(self) -> dict:
        return self.source.data if self.source is not None and isinstance(self.source.data, dict) else {}

    def context(self, path) -> EditContext:
        return EditContext(project=self.project, doc=self.doc, path=tuple(path),
                           numbers=outline.numbers(self.doc, self.source))


def current(number: str) -> Current:
    loaded = project.load()
    data, blob = project.store().read(project.document_file(number))
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    try:
        source = read_source(project.document_file(number), text)
    except SourceError:
        source = None
    return Current(number, text, blob, source, loaded.document(number), loaded.project)


def frame_of(now: Current):
    if now.doc is not None and now.doc.frame is not None:
        return now.doc.frame
    if now.project is not None and now.project.config.frame is not None:
        return now.project.config.frame
    return None


# -- which form -----------------------------------------------------------------------------------

@dataclasses.dataclass
class Target:
    """What the form edits: an existing node at `path`, or a new one at `index` of `list_path`."""

    editor: BlockEditor | None  # None: a text section
    path: tuple
    list_path: tuple = ()
    index: int = 0
    new: bool = False

    @property
    def kind(self) -> str:
        return self.editor.name if self.editor is not None else SECTION_TEXT

    @property
    def hidden(self) -> dict:
        if self.new:
            return {"mode": "insert", "list": outline.path_text(self.list_path), "at": self.index, "type": self.kind}
        return {"mode": "edit", "path": outline.path_text(self.path), "type": self.kind}


def _text_section(now: Current, path: tuple) -> bool:
    frame = frame_of(now)
    if frame is None or len(path) != 2 or path[0] != "sections":
        return False
    return any(s.key == path[1] and s.body == "text" for s in frame.sections)


def target_of(now: Current, query) -> Target | None:
    """The form a request asks for (GET ?node= / ?insert=&at=&type=; POST mode/path/list/at/type)."""
    mode = query.get("mode") or ("insert" if query.get("insert") or query.get("list") else "edit")
    if mode == "insert":
        list_path = outline.parse_path(query.get("insert") or query.get("list") or "")
        try:
            index = max(0, min(int(query.get("at", "0")), 10_000))
        except ValueError:
            raise outline.BadPath(query.get("at")) from None
        kind = query.get("type", registry.PLAIN)
        if list_path == ("attachments",):
            names = [n for n, _ in blocks.attachment_kinds()]
        else:
            if not (outline.is_list_path(now.data, list_path) or outline._creatable_list(now.data, list_path)
                    or _empty_section(now, list_path)):
                raise outline.BadPath(outline.path_text(list_path))
            names = [n for n, _ in blocks.insertable()]
        if kind not in names:
            raise outline.BadPath(kind)
        place = registry.ATTACHMENT if list_path == ("attachments",) else registry.CLAUSES
        return Target(blocks.editor(kind, place), (*list_path, index), list_path, index, new=True)
    path = outline.parse_path(query.get("node") or query.get("path") or "")
    if _text_section(now, path):
        return Target(None, path)
    try:
        node = yamltree.get(now.data, path)
    except yamltree.PathError:
        raise outline.BadPath(outline.path_text(path)) from None
    if path == ("signatories",) and isinstance(node, list):
        return Target(signatories.EDITOR, path)
    if len(path) == 2 and path[0] == "attachments" and isinstance(path[1], int):
        editor = blocks.attachment_editor(node)
        if editor is None:
            raise outline.BadPath(outline.path_text(path))
        return Target(editor, path)
    if not outline.node_path_ok(now.data, path):
        raise outline.BadPath(outline.path_text(path))
    return Target(blocks.node_editor(node), path)


def _empty_section(now: Current, path: tuple) -> bool:
    frame = frame_of(now)
    return (frame is not None and len(path) == 2 and path[0] == "sections"
            and any(s.key == path[1] and s.body == "clauses" for s in frame.sections))


def section_widget(value: Any, title: str) -> widgets.Widget:
    return widgets.Widget("paragraphs", widgets.PREFIX, title, "每段一行；空行不算。", value=widgets.form_text(value),
                          required=True)


def form_context(now: Current, target: Target, value: Any = None, problems: list[dict] | None = None,
                 posted: bool = False) -> dict:
    """What node_form.html shows: the widgets with values and problems, the node's number."""
    context = now.context(target.path)
    if target.editor is None:
        title = next((s.title for s in frame_of(now).sections if s.key == target.path[1]), target.path[1])
        if not posted:
            value = now.data.get("sections", {}).get(target.path[1])
        root = section_widget(value, title)
        heading = title
    else:
        if not posted:
            value = target.editor.new_value() if target.new else yamltree.get(now.data, target.path)
        root = target.editor.widgets(value, context)
        heading = target.editor.title()
    rest = blocks.place_problems(root, problems or [], target.path, target.editor) if problems else []
    clause = context.numbers.get(target.path)
    if target.new or target.editor is None:
        number = ""
    elif target.path == ("signatories",):
        number = "审核批准"
    elif len(target.path) == 2 and target.path[0] == "attachments":  # as the outline and the PDF call it
        number = f"附件 {target.path[1] + 1}"
    else:
        number = outline._number(yamltree.get(now.data, target.path), target.path, context.numbers)
    return {"root": root, "target": target, "heading": heading, "number": number, "clause": clause,
            "form_template": target.editor.template if target.editor is not None else "blocks/_form.html",
            "node_problems": rest, "insertable": blocks.insertable(), "editor": target.editor}


def with_paths(problems, text: str, number: str) -> list[dict]:
    """Problems as pages show them, each with the data path it concerns (from its field, else
    from where it is in the text)."""
    path = project.document_file(number)
    try:
        source = read_source(path, text)
    except SourceError:
        source = None
    found = []
    for problem in problems:
        shown = present.problem_dict(problem, project.root())
        if problem.location.file.resolve() == path.resolve():
            shown["path"] = list(blocks.field_path(problem.field)) if problem.field else \
                list(_path_at(source, problem.location.line, problem.location.column))
        found.append(shown)
    return found


def _path_at(source: SourceFile | None, line: int, column: int) -> tuple:
    if source is None:
        return ()
    best: tuple = ()
    best_column = -1
    for path, (at_line, at_column) in source.value_marks.items():
        if at_line == line and at_column <= max(column, 1) and (at_column > best_column or
                                                                (at_column == best_column and len(path) > len(best))):
            best, best_column = path, at_column
    return best


# -- reading a posted form ------------------------------------------------------------------------------

def posted_value(request, now: Current, target: Target) -> Any:
    lists = {name: request.POST.getlist(name) for name in request.POST}
    if target.editor is None:
        return widgets.read(section_widget("", ""), (lists.get(widgets.PREFIX) or [""])[0])
    return target.editor.read(lists, now.context(target.path))


def apply(edit: Edit, target: Target, value: Any) -> tuple:
    """Write `value` as the target node into the file being edited; the node's path after it."""
    root = edit.data
    if target.new:
        if target.list_path == ("attachments",):
            sequence = root.get("attachments")
            if not isinstance(sequence, list) or getattr(sequence.fa, "flow_style", lambda: False)():
                sequence = outline.ensure_list(root, ("attachments",))
        else:
            outline._prepare_target(root, target.list_path)
            sequence = yamltree.get(root, target.list_path)
        index = min(target.index, len(sequence))
        yamltree.insert(sequence, index, yamltree.build(shaped(target, None, value)))
        return (*target.list_path, index)
    old = yamltree.get(root, target.path)
    yamltree.put(root, target.path, shaped(target, yamltree.plain(old), value))
    return target.path


def shaped(target: Target, old: Any, value: Any) -> Any:
    """The node to write: the fields the form edits from `value`, the rest (a clause's children,
    fields the form does not show) kept from `old`; a plain clause of text only is a string."""
    if target.editor is None:
        return value
    managed = target.editor.managed
    if isinstance(value, dict) and managed is not None and isinstance(old, dict):
        value = _kept_around(old, value, managed)
    return target.editor.written(value, old)


def _kept_around(old: dict, value: dict, managed) -> dict:
    """The fields of `old` the form does not edit, in their places; the form's fields where the
    first of them stood (a clause's title before its nested clauses)."""
    result: dict = {}
    placed = False
    for key, kept in old.items():
        if key in managed:
            if not placed:
                result.update({k: v for k, v in value.items() if k not in old})
                placed = True
            if key in value:
                result[key] = value[key]
        else:
            result[key] = kept
    if not placed:
        result.update(value)
    return result


# -- views -----------------------------------------------------------------------------------------------

def outline_context(request, now: Current, target: Target | None = None, **extra) -> dict:
    frame = frame_of(now)
    found = outline.numbers(now.doc, now.source)
    context = {
        "outline": outline.sections(now.doc, frame, now.data, found) if frame is not None and now.source else [],
        "selected": outline.path_text(target.path) if target is not None and not target.new else "",
        "insertable": blocks.insertable(), "attachment_kinds": blocks.attachment_kinds(),
        "signatories": now.doc.signatories if now.doc is not None else (),
    }
    if target is not None and "node" not in extra:
        problems = with_paths(project.load().broken.get(now.number, ()), now.text, now.number)
        context["node"] = form_context(now, target, problems=problems)
    context.update(extra)
    return context


def render_outline_fragment(request, context: dict) -> str:
    return render_to_string("documents/outline.html", context, request=request)
