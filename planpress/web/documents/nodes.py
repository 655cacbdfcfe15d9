"""The 条款 tab of the editor: the outline of the clause tree and attachments, and the form of one
node (a clause, a block, an attachment, a text section), each save one commit through saving.save.

Forms are the block types' own (planpress/web/blocks); this module finds the node, reads the form
back into data, writes it into the file with yamltree (only the lines that changed) and shows
`check`'s problems at the widget they concern.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ...lifecycle import yamltree
from ...lifecycle.yamledit import Edit, _yaml
from ...problems import SourceError
from ...sources import blocks as registry
from ...sources.yamlsource import SourceFile, read_source
from .. import blocks
from ..blocks import BlockEditor, EditContext, widgets
from . import access, outline, present, project, saving
from .models import leave

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
    number = "" if target.new else (outline._number(yamltree.get(now.data, target.path), target.path, context.numbers)
                                    if target.editor is not None else "")
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
    }
    if target is not None and "node" not in extra:
        problems = with_paths(project.load().broken.get(now.number, ()), now.text, now.number)
        context["node"] = form_context(now, target, problems=problems)
    context.update(extra)
    return context


def _query(number: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"/documents/{number}/edit/?" + urlencode({"tab": "outline", **params})


@login_required
@require_POST
def save_node(request, number: str):
    from .editor import render_edit

    access.require_edit(request.user, number)
    now = current(number)
    base = request.POST.get("base", "")
    try:
        target = target_of(now, request.POST)
    except (outline.BadPath, ValueError):
        return HttpResponseBadRequest("表单所指的条款不存在（文件可能已被别人改动）。请回到编辑页重新打开。")
    value = posted_value(request, now, target)
    placed: list[tuple] = []
    label = target.editor.title() if target.editor is not None else "正文"
    if target.new:
        summary = f"新增 {number} 的{label}"
    else:
        shown = form_context(now, target)
        summary = f"修改 {number} {shown['number'] or shown['heading']} {label}".replace(" 正文", "") \
            if target.editor is not None else f"修改 {number} {shown['heading']}"

    def make_text(current_bytes: bytes) -> str:
        edit = Edit(project.document_file(number))
        try:
            placed.append(apply(edit, target, value))
        except (yamltree.PathError, outline.Refused) as exc:
            raise _Stale(str(exc)) from None
        return edit.text()

    try:
        outcome = saving.save(request.user, number, base, make_text, summary)
    except _Stale:
        outcome = None
    if outcome is not None and outcome.status in ("saved", "unchanged"):
        leave(request.user, number)
        node = outline.path_text(placed[0]) if placed else outline.path_text(target.path)
        return redirect(_query(number, node=node, saved=outcome.commit[:12] if outcome.commit else "unchanged"))
    fresh = current(number)
    if outcome is None or outcome.status == "conflict":
        theirs = None
        try:
            if target.new:
                raise yamltree.PathError(target.path)
            their_value = yamltree.get(fresh.data, target.path)
            their_editor = blocks.node_editor(their_value) if target.editor is not None and target.path[0] != "attachments" \
                else target.editor
            if target.editor is not None and their_editor is not None and their_editor.name == target.editor.name:
                theirs = form_context(fresh, target, their_value, posted=True)
        except (yamltree.PathError, ValueError, AttributeError):
            theirs = None
        both: list = []
        if theirs is not None:
            opened = _base_node(base, target.path, number)
            if opened is not None:
                value = merge3(yamltree.plain(opened), value, yamltree.plain(yamltree.get(fresh.data, target.path)), both)
        node = form_context(fresh, target, value, posted=True)
        return render_edit(request, number, "outline", status=409, base=fresh.blob,
                           extra=outline_context(request, fresh, target, node=node, theirs=theirs,
                                                 conflict=outcome.conflict if outcome else None,
                                                 node_conflict=True, both_changed=both))
    if outcome.status == "invalid":
        problems = with_paths(outcome.problems, outcome.text, number)
        node = form_context(now, target, value, problems=problems, posted=True)
        return render_edit(request, number, "outline", status=422, base=base,
                           extra=outline_context(request, now, target, node=node))
    node = form_context(now, target, value, posted=True)
    return render_edit(request, number, "outline", status=503, base=base,
                       extra=outline_context(request, now, target, node=node, failure=outcome.message))


def merge3(base: Any, mine: Any, theirs: Any, both: list | None = None, at: tuple = ()) -> Any:
    """The editor's node with the other person's changes taken in, field by field against the
    version the form was opened on: what only they changed is theirs, what only the editor changed
    is the editor's; where both changed it differently the editor's stays (listed in `both`)."""
    if mine == theirs:
        return mine
    if mine == base:
        return theirs
    if theirs == base:
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict) and isinstance(base, dict):
        keys = list(dict.fromkeys([*mine, *theirs]))
        merged = {k: merge3(base.get(k), mine.get(k), theirs.get(k), both, (*at, k)) for k in keys}
        return {k: v for k, v in merged.items() if v is not None}
    if isinstance(mine, list) and isinstance(theirs, list) and isinstance(base, list) \
            and len(mine) == len(theirs) == len(base):
        return [merge3(b, m, t, both, (*at, i)) for i, (b, m, t) in enumerate(zip(base, mine, theirs))]
    if both is not None:
        both.append(at)
    return mine


def _base_node(blob: str, path: tuple, number: str) -> Any:
    """The node at `path` in the version the form was opened on (None if it is not known)."""
    try:
        data = project.store().repository.object(blob)
        source = read_source(project.document_file(number), data.decode("utf-8-sig", "replace")) if data else None
        return yamltree.get(source.data, path) if source is not None else None
    except Exception:  # no git object (an outside change never committed), no git, not there
        return None


class _Stale(Exception):
    """The form's node is not where it was (the file changed in a way the path no longer fits)."""


OPERATIONS = {"move": "移动", "indent": "缩进", "outdent": "退出缩进", "delete": "删除", "undo": "恢复删除的"}


@login_required
@require_POST
def outline_operation(request, number: str):
    """move / indent / outdent / delete / undo of one node: one save each."""
    from .editor import render_edit

    access.require_edit(request.user, number)
    now = current(number)
    op = request.POST.get("op", "")
    if op not in OPERATIONS:
        return HttpResponseBadRequest("不认识的操作。")
    try:
        path = outline.parse_path(request.POST.get("path", ""))
        to = outline.parse_path(request.POST.get("list")) if op == "move" else None
        index = int(request.POST.get("at", "0")) if op == "move" else 0
        restored = _removed_from(request.POST.get("from", ""), path, number) if op == "undo" else None
    except (outline.BadPath, ValueError, yamltree.PathError):
        return HttpResponseBadRequest("操作所指的条款不存在（文件可能已被别人改动）。请刷新编辑页。")
    found = outline.numbers(now.doc, now.source)
    try:
        described = _describe(now, path, found) if op != "undo" else _describe_removed(restored)
    except yamltree.PathError:
        described = outline.path_text(path)
    moved: list[tuple] = []

    def make_text(current_bytes: bytes) -> str:
        edit = Edit(project.document_file(number))
        root = edit.data
        try:
            if op == "move":
                moved.append(outline.move(root, path, to, index))
            elif op == "indent":
                moved.append(outline.indent(root, path))
            elif op == "outdent":
                moved.append(outline.outdent(root, path))
            elif op == "delete":
                outline.delete(root, path)
            else:
                moved.append(outline.restore(root, path, restored))
        except (yamltree.PathError, outline.BadPath) as exc:
            raise _Stale(str(exc)) from None
        return edit.text()

    try:
        outcome = saving.save(request.user, number, request.POST.get("base", ""), make_text,
                              f"{OPERATIONS[op]} {number} {described}".rstrip())
    except outline.Refused as exc:
        return render_edit(request, number, "outline", status=422,
                           extra=outline_context(request, now, failure=str(exc)))
    except _Stale:
        outcome = None
    if outcome is not None and outcome.status in ("saved", "unchanged"):
        params = {"saved": outcome.commit[:12] if outcome.commit else "unchanged"}
        if op == "delete":
            params.update({"deleted": outline.path_text(path), "from": request.POST.get("base", ""),
                           "what": described})
        elif moved:
            params["node"] = outline.path_text(moved[0])
        return redirect(_query(number, **params) + f"#outline")
    fresh = current(number)
    if outcome is None or outcome.status == "conflict":
        return render_edit(request, number, "outline", status=409, base=fresh.blob,
                           extra=outline_context(request, fresh, failure="文件在您打开编辑页之后被别人改过了，这次操作没有做。"
                                                                         "下面是最新的大纲，请在它上面再操作一次。"))
    if outcome.status == "invalid":
        problems = [present.problem_dict(p, project.root()) for p in outcome.problems]
        return render_edit(request, number, "outline", status=422,
                           extra=outline_context(request, now, failure=f"{OPERATIONS[op]}后文件有错误，所以没有保存：",
                                                 outline_problems=problems))
    return render_edit(request, number, "outline", status=503, extra=outline_context(request, now, failure=outcome.message))


def _describe(now: Current, path: tuple, found) -> str:
    node = yamltree.get(now.data, path)
    return f"{outline._number(node, path, found)} {outline._summary(node, path, found)}".strip()


def _describe_removed(removed) -> str:
    return outline._summary(yamltree.plain(removed.value), (), {}) if removed is not None else ""


def _removed_from(blob: str, path: tuple, number: str):
    """The node at `path` of the file as it was at `blob` (before a delete), with its comments."""
    if not blob or len(blob) != 40 or any(c not in "0123456789abcdef" for c in blob):
        raise outline.BadPath(blob)
    try:
        data = project.store().repository.object(blob)
    except Exception:  # not in the object store (never committed), or no git
        data = None
    if not data:
        raise yamltree.PathError(path)
    text = data.decode("utf-8-sig", errors="replace")
    read_source(project.document_file(number), text)  # the limits of `check` before ruamel reads it
    old = _yaml().load(text)
    if not outline.node_path_ok(old, path) and not (len(path) == 2 and path[0] == "attachments"):
        raise yamltree.PathError(path)
    return yamltree.remove(yamltree.get(old, path[:-1]), path[-1])


def render_outline_fragment(request, context: dict) -> str:
    return render_to_string("documents/outline.html", context, request=request)
