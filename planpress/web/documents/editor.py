"""The editor of a document: the header form and the expert tab (YAML), each saved by saving.save."""

from __future__ import annotations

import difflib
import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render as _render
from django.views.decorators.http import require_http_methods, require_POST

from ...lifecycle.yamledit import Edit
from ...problems import SourceError
from ...sources import limits
from ...sources.yamlsource import read_source
from ..audit.models import Action
from . import access, header, present, project, saving, schemaforms
from .models import leave, mark_present, others_editing

TABS = ("header", "outline", "yaml")


class YamlForm(forms.Form):
    base = forms.RegexField(regex=r"^[0-9a-f]{40}$", widget=forms.HiddenInput)
    text = forms.CharField(strip=False, max_length=limits.MAX_BYTES, widget=forms.Textarea)

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text.encode("utf-8", errors="replace")) > limits.MAX_BYTES:
            raise forms.ValidationError(f"内容超过 {limits.MAX_BYTES // 1024} KB，不像是一份受控文件")
        return text


def render(request, template, context, status=200):
    context["problems_json"] = json.dumps(context.get("problems", []), ensure_ascii=False)
    return _render(request, template, context, status=status)


def _base_field(form_class):
    return type("WithBase", (form_class,), {"base": forms.RegexField(regex=r"^[0-9a-f]{40}$", widget=forms.HiddenInput)})


def _current(number: str) -> tuple[str, str]:
    data, blob = project.store().read(project.document_file(number))
    return data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n"), blob


def _edit_context(request, number: str, tab: str, **extra) -> dict:
    loaded = project.load()
    doc = loaded.document(number)
    text, blob = _current(number)
    problems = [present.problem_dict(p, project.root()) for p in loaded.broken.get(number, ())]
    context = {"number": number, "doc": doc, "tab": tab, "base": blob, "text": text, "problems": problems,
               "others": others_editing(request.user, number), "header_available": True}
    context.update(extra)
    if "header_form" not in context and (tab == "header" or doc is None):
        # Elsewhere a document the register holds parses (it was loaded from this very file state).
        data = _data_of(text, number)
        if not data:  # a file that does not parse: only the expert tab can fix it
            context["header_available"] = False
        elif tab == "header":
            form = _base_field(header.form_class(loaded.project, doc))(initial=header.initial(data) | {"base": blob})
            context["header_form"] = form
    if "header_form" in context:
        context["header_rows"] = _rows(context["header_form"], context.get("field_problems", {}), context.get("theirs", {}))
    return context


def _rows(form, field_problems: dict, theirs: dict) -> list[dict]:
    return [{"field": form[name], "problems": field_problems.get(name, []), "theirs": theirs.get(name)}
            for name in header.FIELDS]


@login_required
@require_http_methods(["GET"])
def edit(request, number: str):
    access.require_edit(request.user, number)
    tab = request.GET.get("tab", "header")
    tab = tab if tab in TABS else "header"
    mark_present(request.user, number)
    extra = {}
    if tab == "outline":
        from . import nodes, outline

        now = nodes.current(number)
        try:
            target = nodes.target_of(now, request.GET) if (request.GET.get("node") or request.GET.get("insert")) \
                and (request.GET.get("type") or not request.GET.get("insert")) else None
        except (outline.BadPath, ValueError):
            raise Http404("没有这一条") from None
        extra = nodes.outline_context(request, now, target)
        if request.GET.get("insert") and not request.GET.get("type"):
            extra["choose"] = {"list": request.GET["insert"], "at": request.GET.get("at", "0")}
    context = _edit_context(request, number, tab, **extra)
    if not context["header_available"]:
        context["tab"] = "yaml"
    return render(request, "documents/edit.html", context)


def render_edit(request, number: str, tab: str, *, status: int = 200, base: str | None = None, extra=None):
    """The editor page again (after a refused save), with what the caller adds."""
    context = _edit_context(request, number, tab, **(extra or {}))
    if base:
        context["base"] = base
    return render(request, "documents/edit.html", context, status=status)


@login_required
@require_POST
def save_header(request, number: str):
    access.require_edit(request.user, number)
    loaded = project.load()
    doc = loaded.document(number)
    form = _base_field(header.form_class(loaded.project, doc))(request.POST)
    if not form.is_valid():
        return _header_refused(request, number, form, {}, [], status=400)
    cleaned = form.cleaned_data
    changed: list[str] = []

    def make_text(current: bytes) -> str:
        edit = Edit(project.document_file(number))
        changed[:] = header.apply(edit, cleaned)
        return edit.text()

    labels = header.labels(doc)
    outcome = saving.save(request.user, number, cleaned["base"], make_text,
                          lambda: f"修改 {number} 表头：{'、'.join(labels[n] for n in changed)}")
    if outcome.status in ("saved", "unchanged"):
        leave(request.user, number)
        return redirect(f"/documents/{number}/?saved={outcome.commit[:12]}" if outcome.commit else f"/documents/{number}/")
    if outcome.status == "conflict":
        merged, differs, taken = _merge_header(request, number, cleaned, outcome.conflict)
        fresh = _base_field(header.form_class(loaded.project, doc))(data=merged)
        return _header_refused(request, number, fresh, {}, [], status=409, conflict=outcome.conflict, theirs=differs,
                               taken=taken)
    if outcome.status == "invalid":
        at, rest = schemaforms.problems_by_field(outcome.problems, header.FIELDS, project.document_file(number))
        field_problems = {n: [present.problem_dict(p, project.root()) for p in found] for n, found in at.items()}
        return _header_refused(request, number, form, field_problems,
                               [present.problem_dict(p, project.root()) for p in rest], status=422)
    return _header_refused(request, number, form, {}, [], status=503, failure=outcome.message)


def _merge_header(request, number: str, cleaned: dict, conflict) -> tuple[dict, dict, list[str]]:
    """The form to show after a conflict: per field, a three-way merge of the version the form was
    opened on (its base), the editor's and the other person's. A field only they changed takes
    their value (named in `taken`); one only the editor changed keeps the editor's; one both changed
    differently keeps the editor's, with theirs shown beside it (`differs`) to decide."""
    theirs_data = _data_of(conflict.text, number)
    theirs = {n: schemaforms.form_text(theirs_data.get(n)) for n in header.FIELDS} if theirs_data else {}
    mine = {n: schemaforms.form_text(cleaned.get(n)) for n in header.FIELDS}
    base_bytes = None
    try:
        base_bytes = project.store().repository.object(cleaned["base"])
    except Exception:  # no git object for it (an outside change never committed): no merge, all shown
        base_bytes = None
    base_data = _data_of(base_bytes.decode("utf-8-sig", "replace"), number) if base_bytes else {}
    base = {n: schemaforms.form_text(base_data.get(n)) for n in header.FIELDS} if base_data else {}
    merged = {**request.POST.dict(), "campuses": request.POST.getlist("campuses"), "base": conflict.current_blob}
    differs, taken = {}, []
    for name in header.FIELDS:
        if name not in theirs or theirs[name] == mine[name]:
            continue
        if base and mine[name] == base.get(name):
            merged[name] = theirs[name]
            taken.append(name)
        elif not base or theirs[name] != base.get(name):
            differs[name] = theirs[name]
    return merged, differs, taken


def _data_of(text: str, number: str) -> dict:
    """The fields of a text, read as `check` reads it (its limits on size, depth and aliases apply)."""
    try:
        data = read_source(project.document_file(number), text).data
    except SourceError:  # the file is shown in the expert tab with check's message
        return {}
    return data if isinstance(data, dict) else {}


def _header_refused(request, number, form, field_problems, other_problems, *, status: int, conflict=None,
                    theirs=None, failure: str = "", taken=()):
    doc = project.load().document(number)
    labels = header.labels(doc)
    context = _edit_context(request, number, "header", header_form=form, field_problems=field_problems,
                            form_problems=other_problems, conflict=conflict, theirs=theirs or {}, failure=failure,
                            taken=[labels[n] for n in taken])
    if conflict is not None:
        context["base"] = conflict.current_blob
    return render(request, "documents/edit.html", context, status=status)


@login_required
@require_POST
def save_yaml(request, number: str):
    access.require_edit(request.user, number)
    form = YamlForm(request.POST)
    if not form.is_valid():
        text = request.POST.get("text", "")[: limits.MAX_BYTES + 1]
        return _yaml_refused(request, number, text, [], status=400, failure="；".join(
            f"{e}" for errors in form.errors.values() for e in errors) + "（没有保存）")
    text = form.cleaned_data["text"].replace("\r\n", "\n")
    outcome = saving.save(request.user, number, form.cleaned_data["base"], lambda current: text,
                          f"修改 {number}（专家模式：YAML）", action=Action.SAVE)
    if outcome.status in ("saved", "unchanged"):
        leave(request.user, number)
        return redirect(f"/documents/{number}/?saved={outcome.commit[:12]}" if outcome.commit else f"/documents/{number}/")
    if outcome.status == "conflict":
        conflict = outcome.conflict
        merged = _merge_text(form.cleaned_data["base"], text, conflict.text)
        return _yaml_refused(request, number, merged or text, [], status=409, conflict=conflict,
                             base=conflict.current_blob, comparison=_side_by_side(conflict.text, text),
                             merged=merged is not None)
    if outcome.status == "invalid":
        return _yaml_refused(request, number, text, [present.problem_dict(p, project.root()) for p in outcome.problems],
                             status=422, base=form.cleaned_data["base"])
    return _yaml_refused(request, number, text, [], status=503, failure=outcome.message, base=form.cleaned_data["base"])


def _merge_text(base: str, mine: str, theirs: str) -> str | None:
    """The editor's text with the other person's changes applied too, when no line was changed by
    both (git merge-file against the version the editor opened); else None."""
    try:
        repository = project.store().repository
        opened = repository.object(base)
    except Exception:  # no git, or no object for the base (an outside change never committed)
        return None
    if opened is None:
        return None
    opened_text = opened.decode("utf-8-sig", "replace").replace("\r\n", "\n")
    return repository.merge_texts(mine, opened_text, theirs)


def _yaml_refused(request, number, text, problems, *, status, conflict=None, base=None, comparison=None, failure="",
                  merged=False):
    context = _edit_context(request, number, "yaml", conflict=conflict, comparison=comparison, failure=failure,
                            merged=merged)
    context["text"] = text  # what the editor typed, never lost
    context["problems"] = problems
    if base:
        context["base"] = base
    return render(request, "documents/edit.html", context, status=status)


def _side_by_side(theirs: str, mine: str) -> list[dict]:
    """Lines of both versions, paired, each marked equal / changed / only on one side."""
    rows = []
    old, new = theirs.splitlines(), mine.splitlines()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [{"kind": "equal", "left": old[i], "right": new[j], "left_line": i + 1, "right_line": j + 1}
                     for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        left, right = old[i1:i2], new[j1:j2]
        for k in range(max(len(left), len(right))):
            rows.append({"kind": tag, "left": left[k] if k < len(left) else None,
                         "right": right[k] if k < len(right) else None,
                         "left_line": i1 + k + 1 if k < len(left) else None,
                         "right_line": j1 + k + 1 if k < len(right) else None})
    return rows


@login_required
@require_POST
def check_yaml(request, number: str):
    """The expert tab's live check: what `planpress check` says of the text being typed (JSON)."""
    access.require_edit(request.user, number)
    text = request.POST.get("text")
    if text is None or len(text.encode("utf-8", errors="replace")) > limits.MAX_BYTES:
        return HttpResponseBadRequest(json.dumps({"summary": "内容太大或缺失，没有检查。", "problems": []}),
                                      content_type="application/json")
    try:
        result = project.check_text(number, text.replace("\r\n", "\n"))
    except SourceError as exc:
        result_problems = exc.problems
    else:
        result_problems = result.problems
    path = project.document_file(number).resolve()
    own = [p for p in result_problems if p.location.file.resolve() == path]
    errors = sum(p.is_error for p in own)
    others = sum(p.is_error for p in result_problems) - errors
    summary = f"检查：{errors} 个错误，{len(own) - errors} 个警告" + (f"；其他文件 {others} 个错误" if others else "") + "。"
    return JsonResponse({"summary": summary, "problems": [present.problem_dict(p, project.root()) for p in own]},
                        json_dumps_params={"ensure_ascii": False})


@login_required
@require_POST
def presence(request, number: str):
    """The editor page says every 30 s that it is open; the answer lists the others editing."""
    access.require_edit(request.user, number)
    mark_present(request.user, number)
    return _render(request, "documents/presence.html", {"others": others_editing(request.user, number)})
