"""The views of the 条款 tab: a node's form saved (save_node) and the outline's operations (move,
indent, outdent, delete, undo), each one commit through saving.save; a save on a stale base merged
field by field (merge3) and shown beside the other person's version. What they work on — the node,
its form, the outline — is in nodes.py."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from ...lifecycle import yamltree
from ...lifecycle.yamledit import Edit, _yaml
from ...sources.yamlsource import read_source
from .. import blocks
from . import access, outline, present, project, saving
from .editor import render_edit
from .models import leave
from .nodes import Current, apply, current, form_context, outline_context, posted_value, target_of, with_paths


def _query(number: str, **params) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"/documents/{number}/edit/?" + urlencode({"tab": "outline", **params})


@login_required
@require_POST
def save_node(request, number: str):
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
            their_editor = blocks.node_editor(their_value) if target.editor is not None and \
                target.path[0] not in ("attachments", "signatories") else target.editor
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
