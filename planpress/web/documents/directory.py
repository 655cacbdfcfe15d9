"""通讯录: contacts.yaml as a table of departments × campuses. Each entry lists the documents and
cards that show it (the model's Document.contact_places, cards.content.cards_showing), so an
editor changing a number sees what it changes; a save is checked against every document (a
number shown by a released version is refused with the revision to start: lifecycle/checks.py)
and commits contacts.yaml as the signed-in person.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ... import dates
from ...cards.content import cards_showing
from ...lifecycle import yamltree
from ...lifecycle.yamledit import Edit
from ...model import loader
from ...problems import SourceError
from ...sources.names import CONTACTS_FILE
from ...sources.yamlsource import read_source
from ..accounts.models import Role
from ..audit.chain import record
from ..audit.models import Action
from ..drafts import runner
from . import access, present, project, saving

LOCK = "contacts"
_KEY = re.compile(r"^[a-z][a-z0-9-]{0,59}$")
_PHONE = re.compile(r"^[^\n]{0,40}$")


def path():
    return project.source_dir() / CONTACTS_FILE


@dataclasses.dataclass
class Shown:
    """A document (its working copy) that shows an entry: where, and on which cards."""

    number: str
    title: str
    version: str
    state: str
    places: list[str]
    cards: tuple[str, ...]
    released: bool  # the working copy is a released version: a change needs a revision first
    editable: bool
    owner: str = ""


def shown_by(loaded, user) -> dict[str, list[Shown]]:
    """Each entry's key → the documents showing it (worked out once per state of the files)."""
    found = loaded.memo("directory:shown", lambda: _shown(loaded))
    return {key: [dataclasses.replace(s, editable=user.may_edit(s.number, s.owner)) for s in shown]
            for key, shown in found.items()}


def _shown(loaded) -> dict[str, list[Shown]]:
    found: dict[str, list[Shown]] = {}
    if loaded.project is None:
        return found
    for doc in loaded.project.documents:
        places: dict[str, list[str]] = {}
        for where, contact in doc.contact_places():
            places.setdefault(contact.key, [])
            if where not in places[contact.key]:
                places[contact.key].append(where)
        for key, where in places.items():
            found.setdefault(key, []).append(Shown(
                doc.number, doc.title, str(doc.version), doc.state.value, where,
                cards_showing(doc, key) if doc.scenarios else (), doc.is_released, False, doc.owner))
    return found


def may_edit(user) -> bool:
    return user.is_authenticated and (user.is_editor or user.has_role(Role.CONTROLLER))


def rows(data: dict, campuses: list[tuple[str, str]], posted: dict | None = None) -> list[dict]:
    """The table's rows: each entry with its name, note, and number per campus (or one shared)."""
    result = []
    for key, entry in (data.get("contacts") or {}).items():
        if not isinstance(entry, dict):
            continue
        shared = "phone" in entry
        phones = entry.get("phones") if isinstance(entry.get("phones"), dict) else {}
        row = {"key": key, "name": str(entry.get("name", "")), "description": str(entry.get("description") or ""),
               "shared": shared, "phone": str(entry.get("phone", "")),
               "phones": [(campus, name, str(phones.get(campus, ""))) for campus, name in campuses]}
        if posted is not None and key in posted:
            mine = posted[key]
            row.update(name=mine.get("name", row["name"]), description=mine.get("description", row["description"]),
                       phone=mine.get("phone", row["phone"]),
                       phones=[(c, n, mine.get("phones", {}).get(c, v)) for c, n, v in row["phones"]])
        result.append(row)
    return result


def posted_entries(post) -> dict[str, dict]:
    """c.<key>.name / .description / .phone / .phones.<campus> → {key: {...}}."""
    entries: dict[str, dict] = {}
    for name in post:
        parts = name.split(".")
        if parts[0] != "c" or len(parts) < 3 or not _KEY.match(parts[1]):
            continue
        value = post.get(name, "").strip()
        entry = entries.setdefault(parts[1], {})
        if len(parts) == 3 and parts[2] in ("name", "description", "phone"):
            entry[parts[2]] = value
        elif len(parts) == 4 and parts[2] == "phones" and _KEY.match(parts[3]):
            entry.setdefault("phones", {})[parts[3]] = value
    return entries


def apply(edit: Edit, entries: dict[str, dict], new: dict | None) -> list[str]:
    """The posted values written into contacts.yaml (numbers quoted, as the file writes them);
    the keys of the entries that changed."""
    contacts = edit.data.get("contacts")
    changed = []
    for key, mine in entries.items():
        if key not in contacts or not isinstance(contacts[key], dict):
            continue
        value = yamltree.plain(contacts[key])
        before = dict(value)
        for field in ("name", "description"):
            if field in mine:
                if mine[field]:
                    value[field] = mine[field]
                elif field == "description":
                    value.pop(field, None)
                else:
                    value[field] = ""
        if "phone" in value and "phone" in mine:
            value["phone"] = mine["phone"]
        elif "phones" in mine and isinstance(value.get("phones"), dict):
            value["phones"] = {campus: number for campus, number in
                               {**value["phones"], **mine["phones"]}.items() if number}
        if value != before:
            yamltree.put(edit.data, ("contacts", key), _quoted(value))
            changed.append(key)
    if new:
        entry: dict[str, Any] = {"name": new["name"]}
        if new.get("description"):
            entry["description"] = new["description"]
        entry["phones"] = {c: n for c, n in new.get("phones", {}).items() if n}
        contacts[new["key"]] = yamltree.build(_quoted(entry))
        changed.append(new["key"])
    return changed


def _quoted(entry: dict) -> dict:
    """Numbers in double quotes, as contacts.yaml asks (an unquoted 0316 is refused by check)."""
    result = dict(entry)
    if isinstance(result.get("phone"), str):
        result["phone"] = DoubleQuotedScalarString(result["phone"])
    if isinstance(result.get("phones"), dict):
        result["phones"] = {c: DoubleQuotedScalarString(n) for c, n in result["phones"].items()}
    return result


def _new_entry(post) -> tuple[dict | None, str]:
    key, name = post.get("new.key", "").strip(), post.get("new.name", "").strip()
    phones = {p.split(".", 2)[2]: post.get(p, "").strip() for p in post if p.startswith("new.phones.")
              and _KEY.match(p.split(".", 2)[2])}
    if not key and not name and not any(phones.values()):
        return None, ""
    if not _KEY.match(key):
        return None, "新条目的键只用小写英文字母、数字和连字符，并以字母开头，例如 blood-bank。"
    if not name:
        return None, "新条目要写名称，例如 输血科。"
    return {"key": key, "name": name, "description": post.get("new.description", "").strip(), "phones": phones}, ""


def _context(request, loaded, text: str, blob: str, **extra) -> dict:
    try:
        source = read_source(path(), text)
        data = source.data if isinstance(source.data, dict) else {}
    except SourceError as exc:
        data, extra = {}, {**extra, "problems": [present.problem_dict(p, project.root()) for p in exc.problems]}
    campuses = [(k, str(v)) for k, v in (data.get("campuses") or {}).items()] if isinstance(data.get("campuses"), dict) else []
    context = {"campuses": campuses, "rows": rows(data, campuses, extra.pop("posted", None)), "base": blob,
               "shown": shown_by(loaded, request.user), "may_edit": may_edit(request.user)}
    context.update(extra)
    for row in context["rows"]:
        prefix = f"contacts.{row['key']}"
        row["problems"] = [p for p in context.get("field_problems", [])
                           if p["field"] == prefix or p["field"].startswith(prefix + ".")]
        bad = {p["field"][len(prefix) + 1:] for p in row["problems"]}
        row["phones"] = [(c, n, v, f"phones.{c}" in bad) for c, n, v in row["phones"]]
        row["bad"] = bad
    changed = request.GET.getlist("changed") if request.method == "GET" else []
    context["changed"] = [(row, context["shown"].get(row["key"], [])) for row in context["rows"] if row["key"] in changed]
    return context


@login_required
@require_http_methods(["GET", "POST"])
def directory(request):
    loaded = project.load()
    data, blob = project.store().read(path())
    text = data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
    if request.method == "GET":
        return render(request, "documents/directory.html", _context(request, loaded, text, blob))
    if not may_edit(request.user):
        raise PermissionDenied("只有编辑和文件控制员可以修改通讯录。")
    entries = posted_entries(request.POST)
    new, refusal = _new_entry(request.POST)
    if refusal:
        return render(request, "documents/directory.html",
                      _context(request, loaded, text, blob, failure=refusal, posted=entries), status=422)
    shown = shown_by(loaded, request.user)
    changed: list[str] = []

    def make_text(current: bytes) -> str:
        edit = Edit(path())
        changed[:] = apply(edit, entries, new)
        return edit.text()

    def check(candidate: str):
        not_mine = [s for key in changed for s in shown.get(key, ()) if not s.released and not s.editable]
        if not_mine:
            raise _NotYours(not_mine)
        with project.checking():
            return loader.check(project.root(), None, dates.today(), overrides={path(): candidate})

    try:
        outcome = saving.save_file(request.user, path(), LOCK, request.POST.get("base", ""), make_text,
                                   lambda: "修改通讯录：" + "、".join(_names(text, changed)), check)
    except _NotYours as exc:
        names = "、".join(f"{s.number}（{s.title}）" for s in exc.documents)
        return render(request, "documents/directory.html", _context(
            request, loaded, text, blob, posted=entries, status=403,
            failure=f"这次修改会改变您无权编辑的文件：{names}。请这些文件的制定部门的编辑修改，或请文件控制员修改。"),
            status=403)
    if outcome.status in ("saved", "unchanged"):
        if outcome.status == "saved":
            record(Action.SAVE, account=request.user, document="通讯录",
                   details={"commit": outcome.commit, "summary": outcome.message, "changed": changed})
            for key in changed:
                for s in shown.get(key, ()):
                    if not s.released:
                        runner.schedule(s.number, "", request.user.username)
        return redirect(f"/directory/?saved={outcome.commit[:12] if outcome.commit else 'unchanged'}"
                        + "".join(f"&changed={k}" for k in changed))
    if outcome.status == "conflict":
        fresh_data, fresh_blob = project.store().read(path())
        fresh = fresh_data.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")
        return render(request, "documents/directory.html", _context(
            request, project.load(), fresh, fresh_blob, posted=entries, conflict=outcome.conflict), status=409)
    if outcome.status == "invalid":
        own = [present.problem_dict(p, project.root()) for p in outcome.problems
               if p.location.file.resolve() == path().resolve()]
        others = [present.problem_dict(p, project.root()) for p in outcome.problems
                  if p.location.file.resolve() != path().resolve()]
        return render(request, "documents/directory.html", _context(
            request, loaded, text, blob, posted=entries, field_problems=own, problems=others,
            failure="没有保存：这次修改有问题，见下面标红的格子。"), status=422)
    return render(request, "documents/directory.html",
                  _context(request, loaded, text, blob, posted=entries, failure=outcome.message), status=503)


class _NotYours(Exception):
    def __init__(self, documents):
        super().__init__()
        self.documents = documents


def _names(text: str, keys: list[str]) -> list[str]:
    try:
        contacts = read_source(path(), text).data.get("contacts") or {}
    except SourceError:
        contacts = {}
    return [str(contacts.get(k, {}).get("name", k)) if isinstance(contacts.get(k), dict) else k for k in keys]
