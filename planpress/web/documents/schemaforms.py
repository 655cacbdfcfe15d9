"""Forms made from the document schema (planpress/sources/schemas): a field per schema property,
labelled and explained by the schema's own descriptions, so a form and `check` never disagree on
what a field is. The form only carries text: every rule is `check`'s, run on the YAML the form
produces, and its problems are shown at the field they concern (`problems_by_field`).

Block types bring their schema fragments the same way (the clause outline and the per-block forms
build on `form_for`).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django import forms

from ...problems import Problem

SCHEMAS = Path(__file__).resolve().parents[2] / "sources" / "schemas"
_LABEL_END = re.compile(r"[，；（(：:\s]")


@functools.cache
def schema(name: str = "document") -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


def resolve(fragment: Mapping, defs: Mapping) -> dict:
    """The fragment with its $ref merged in (the fragment's own keys win)."""
    merged: dict = {}
    reference = fragment.get("$ref")
    if reference and reference.startswith("#/$defs/"):
        merged.update(resolve(defs[reference.rsplit("/", 1)[1]], defs))
    merged.update({k: v for k, v in fragment.items() if k != "$ref"})
    return merged


def label_and_help(fragment: Mapping) -> tuple[str, str]:
    description = fragment.get("description", "")
    match = _LABEL_END.search(description)
    label = description[:match.start()] if match else description
    return label or "", help_after(label, description)


def help_after(label: str, description: str) -> str:
    """The description without the label it begins with (the label is printed above the field)."""
    if label and description.startswith(label):
        rest = description[len(label):].lstrip("，；：: ")
        return "" if re.fullmatch(r"[（(][^（(）)]*[）)]", rest) else rest  # "（年）": part of the label
    return description


def kind_of(fragment: Mapping) -> str:
    """date, integer, keys (a list of keys), line, text: how the field is typed in a form."""
    types = fragment.get("type")
    types = types if isinstance(types, list) else [types]
    if "date" in json.dumps(fragment.get("oneOf", "")) or fragment.get("format") == "date":
        return "date"
    if "integer" in types:
        return "integer"
    if "array" in types:
        return "keys"
    if fragment.get("pattern") == "^[^\\n]+$":
        return "line"
    return "text"


def form_field(name: str, fragment: Mapping, defs: Mapping, *, label: str = "",
               choices: Iterable[tuple[str, str]] = ()) -> forms.Field:
    fragment = resolve(fragment, defs)
    own_label, help_text = label_and_help(fragment)
    kind = kind_of(fragment)
    common = {"label": label or own_label or name, "help_text": help_text, "required": False}
    if kind == "date":
        return forms.CharField(max_length=40, widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "integer":
        attributes = {"inputmode": "numeric"}
        for key, attribute in (("minimum", "min"), ("maximum", "max")):
            if key in fragment:
                attributes[attribute] = fragment[key]
        return forms.CharField(max_length=20, widget=forms.NumberInput(attrs=attributes), **common)
    if kind == "keys":
        return forms.MultipleChoiceField(choices=list(choices), widget=forms.CheckboxSelectMultiple, **common)
    if kind == "line":
        return forms.CharField(max_length=500, **common)
    return forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 4}), **common)


def form_class(properties: Mapping[str, Mapping], names: Iterable[str], defs: Mapping, *,
               labels: Mapping[str, str] | None = None,
               choices: Mapping[str, Iterable[tuple[str, str]]] | None = None,
               helps: Mapping[str, str] | None = None) -> type[forms.Form]:
    fields = {name: form_field(name, properties[name], defs, label=(labels or {}).get(name, ""),
                               choices=(choices or {}).get(name, ()))
              for name in names}
    for name, text in (helps or {}).items():
        if name in fields:
            fields[name].help_text = text
    return type("SchemaForm", (forms.Form,), fields)


def yaml_value(fragment: Mapping, defs: Mapping, raw: Any) -> Any:
    """What the form's text becomes in the YAML (what cannot be converted is kept as typed, for
    `check` to explain): an empty date is null, a date is a date, digits are an integer."""
    kind = kind_of(resolve(fragment, defs))
    if kind == "keys":
        return list(raw or [])
    text = (raw or "").strip() if isinstance(raw, str) else raw
    if kind == "date":
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if kind == "integer":
        return int(text) if isinstance(text, str) and re.fullmatch(r"[1-9][0-9]{0,5}|0", text) else text
    return text


def form_text(value: Any) -> Any:
    """A YAML value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def top_field(problem: Problem) -> str:
    """The top-level field a problem is about: "effective", "sections" (from "sections.procedures[0]…")."""
    return re.split(r"[.\[]", problem.field, maxsplit=1)[0] if problem.field else ""


def problems_by_field(problems: Iterable[Problem], names: Iterable[str], path: Path,
                      lines: Mapping[str, tuple[int, int]] | None = None) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Each problem of this document at the field it concerns (by its field name, else by the line
    range of the field in the file); the rest (of other fields, other files) apart."""
    names = list(names)
    at: dict[str, list[Problem]] = {name: [] for name in names}
    rest: list[Problem] = []
    resolved = path.resolve()
    for problem in problems:
        name = top_field(problem) if problem.location.file.resolve() == resolved else ""
        if name not in at and lines and problem.location.file.resolve() == resolved:
            name = next((n for n, (first, last) in lines.items() if first <= problem.location.line <= last), "")
        if name in at:
            at[name].append(problem)
        else:
            rest.append(problem)
    return at, rest
