"""Form widgets made from a block type's schema fragment, and the plain data made back from what
the browser posts (StrictDoc derives its forms from its grammar; here the grammar is the JSON
Schema fragment each block type brings, planpress/model/blocks/<name>.py).

A `Widget` is one field or group of fields of a node's form. Its `name` is the path of its value
in the node, dotted, under the prefix "n" ("n.steps.2.actor"); list items are numbered in the order
the page shows them (the page's script renumbers them before the form is sent, after items were
added, removed or moved). `read(widget, posted)` turns the posted fields back into plain data of
the schema's shape: what cannot be converted (letters in a number) is kept as typed, for `check`
to explain at its field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any

PREFIX = "n"
NEW = "__new__"  # the index of a list item template, replaced when the item is added
_LABEL_END = re.compile(r"[，；（(：:\s]")
CONTACT_FIELDS = frozenset({"call", "contact", "contacts"})
# Fields the schema leaves undescribed, as a form labels them.
COMMON_LABELS = {"title": "标题", "text": "正文", "label": "标签", "key": "键", "code": "编号", "type": "类型",
                 "mentions": "正文里的称呼 → 通讯录", "items": "各项", "columns": "各列", "rows": "各行"}


@dataclasses.dataclass
class Widget:
    """kind: line · text · paragraphs · integer · date · key · contact · contacts · choice · bool ·
    text_or_false · const · object · list · pairs (and what a block's own editor adds)."""

    kind: str
    name: str
    label: str = ""
    help: str = ""
    value: Any = None
    required: bool = False
    children: list[Widget] = dataclasses.field(default_factory=list)
    template: Widget | None = None  # a list's new item
    choices: list[tuple[str, str]] = dataclasses.field(default_factory=list)
    number: str = ""  # the printed number of this item, from the model (a. · 5.5.1 · 表 2)
    problems: list[dict] = dataclasses.field(default_factory=list)
    extra: dict = dataclasses.field(default_factory=dict)  # what a block's template needs besides
    key: str = ""  # the property name (object fields) for read()

    @property
    def dom_id(self) -> str:
        return "w-" + self.name.replace(".", "-")

    @property
    def child(self) -> dict[str, Widget]:
        return {c.key: c for c in self.children}

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def resolve(fragment: Mapping, defs: Mapping) -> dict:
    """The fragment with its $ref merged in (the fragment's own keys win)."""
    merged: dict = {}
    reference = fragment.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/$defs/"):
        merged.update(resolve(defs[reference.rsplit("/", 1)[1]], defs))
        merged["$def"] = reference.rsplit("/", 1)[1]
    merged.update({k: v for k, v in fragment.items() if k != "$ref"})
    return merged


def label_of(fragment: Mapping, fallback: str = "") -> tuple[str, str]:
    """(label, help): the label is the description up to its first comma or colon."""
    description = fragment.get("description", "")
    match = _LABEL_END.search(description)
    label = description[: match.start()] if match else description
    if label and description.startswith(label):  # the label is shown above the field: the rest explains it
        description = description[len(label):].lstrip("，；：: ")
        if re.fullmatch(r"[（(][^（(）)]*[）)]", description):  # "（年）": a unit, part of the label
            label, description = label + description, ""
    return (label or fallback), description


def kind_of(name: str, fragment: Mapping) -> str:
    """How a value of this schema is typed in a form."""
    definition = fragment.get("$def", "")
    types = fragment.get("type")
    types = types if isinstance(types, list) else [types]
    description = fragment.get("description", "")
    if "const" in fragment:
        return "const"
    options = fragment.get("oneOf") or []
    if any(isinstance(o, dict) and o.get("const") is False for o in options):
        return "text_or_false"
    if definition == "paragraphs":
        return "paragraphs"
    if definition in ("date",) or fragment.get("format") == "date":
        return "date"
    if definition == "date_or_year":
        return "line"
    if definition == "key" or fragment.get("pattern") == "^[a-z][a-z0-9-]*$":
        return "contact" if _names_a_contact(name, description) else "key"
    if "enum" in fragment:
        return "choice"
    if "integer" in types:
        return "integer"
    if "boolean" in types:
        return "bool"
    if "object" in types and "properties" in fragment:
        return "object"
    if "object" in types and "additionalProperties" in fragment:
        return "pairs"
    if "array" in types:
        return "list"
    if definition == "line" or fragment.get("pattern") == "^[^\\n]+$":
        return "line"
    if options or "pattern" in fragment:  # a value of a set form (A.01) is one line
        return "line"
    return "text"


def _names_a_contact(name: str, description: str) -> bool:
    return name in CONTACT_FIELDS or "通讯录" in description or "contacts.yaml" in description


def build(name: str, fragment: Mapping, defs: Mapping, value: Any, *, key: str = "", label: str = "",
          required: bool = False, directory: Any = None) -> Widget:
    """The widget of `value` under the schema `fragment` (its whole subtree)."""
    fragment = resolve(fragment, defs)
    own_label, help_text = label_of(fragment, COMMON_LABELS.get(key, key))
    kind = kind_of(key, fragment)
    widget = Widget(kind, name, label or own_label or key, help_text, required=required, key=key)
    if kind == "object":
        value = value if isinstance(value, dict) else {}
        needed = set(fragment.get("required", ()))
        for prop, sub in fragment["properties"].items():
            widget.children.append(build(f"{name}.{prop}", sub, defs, value.get(prop), key=prop,
                                         required=prop in needed, directory=directory))
        return widget
    if kind == "list":
        items = resolve(fragment.get("items", {}), defs)
        if kind_of(key, items) == "contact":
            widget.kind = "contacts"
            widget.value = [str(v) for v in value] if isinstance(value, list) else []
            # the chosen first, in their order (the order calls are printed in), then the rest
            choices = dict(with_unknown(contact_choices(directory), widget.value))
            widget.choices = [(k, choices[k]) for k in widget.value if k in choices] + \
                [(k, label) for k, label in choices.items() if k not in widget.value]
            return widget
        values = value if isinstance(value, list) else ([] if value in (None, "") else [value])
        widget.children = [build(f"{name}.{i}", items, defs, v, key=str(i), label=f"第 {i + 1} 项", directory=directory)
                           for i, v in enumerate(values)]
        widget.template = build(f"{name}.{NEW}", items, defs, None, key=NEW, label="新的一项", directory=directory)
        return widget
    if kind == "pairs":
        target = resolve(fragment.get("additionalProperties", {}), defs)
        value_kind = "contact" if _names_a_contact(key, fragment.get("description", "")) or key == "mentions" \
            else kind_of("", target)
        pairs = list(value.items()) if isinstance(value, dict) else []
        widget.children = [_pair(f"{name}.{i}", k, v, value_kind, directory) for i, (k, v) in enumerate(pairs)]
        widget.template = _pair(f"{name}.{NEW}", "", "", value_kind, directory)
        return widget
    if kind == "const":
        widget.value = fragment["const"]
        return widget
    if kind == "choice":
        widget.choices = [(str(o), str(o)) for o in fragment["enum"]]
    if kind == "contact":
        widget.choices = with_unknown(contact_choices(directory), [form_text(value)])
    if kind == "text_or_false":
        widget.extra["off"] = value is False
        widget.value = "" if value is False or value is None else str(value)
        return widget
    widget.value = form_text(value)
    return widget


def _pair(name: str, key: Any, value: Any, value_kind: str, directory: Any) -> Widget:
    pair = Widget("pair", name, key=name.rsplit(".", 1)[1])
    pair.children = [Widget("line", f"{name}.k", "称呼" if value_kind == "contact" else "名称", value=form_text(key), key="k"),
                     Widget(value_kind if value_kind in ("contact", "line", "key") else "line", f"{name}.v",
                            "通讯录条目" if value_kind == "contact" else "值", value=form_text(value), key="v",
                            choices=with_unknown(contact_choices(directory), [form_text(value)])
                            if value_kind == "contact" else [])]
    return pair


def with_unknown(choices: list[tuple[str, str]], values: list[str]) -> list[tuple[str, str]]:
    """The choices, and any value not among them (a key the directory lacks: kept, for `check` to
    explain, not silently dropped)."""
    known = {key for key, _ in choices}
    return choices + [(v, f"{v}（通讯录里没有）") for v in values if v and v not in known]


def contact_choices(directory: Any) -> list[tuple[str, str]]:
    """The directory's entries as a form offers them: key → 名称（号码 by campus）."""
    if directory is None:
        return []
    choices = []
    for key, contact in directory.contacts.items():
        numbers = [(c.name, contact.phone_at(c.key)) for c in directory.campuses if contact.phone_at(c.key)]
        if len({n for _, n in numbers}) == 1:
            shown = numbers[0][1]
        else:
            shown = " · ".join(f"{name.removesuffix('院区')} {number}" for name, number in numbers)
        choices.append((key, f"{contact.name}（{shown}）" if shown else contact.name))
    return choices


def form_text(value: Any) -> Any:
    """A value as a form field shows it."""
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)  # paragraphs: one a line
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# -- what the browser sent ---------------------------------------------------------------------------

def posted_tree(posted: Mapping[str, list[str]], prefix: str = PREFIX) -> Any:
    """The fields named under `prefix` as nested dicts ({"steps": {"0": {"text": …}}}); a field
    sent several times (checkboxes) keeps all its values."""
    tree: dict = {}
    for name, values in posted.items():
        if name != prefix and not name.startswith(prefix + "."):
            continue
        parts = name.split(".")[1:]
        if not parts or any(not part or len(part) > 100 for part in parts) or len(parts) > 40:
            continue
        node = tree
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = node[part] = {}
            node = child
        node[parts[-1]] = values if len(values) != 1 else values[0]
    return tree


def _indexed(raw: Any) -> list:
    """The items of a posted list, in the order of their indexes."""
    if isinstance(raw, dict):
        numbered = [(int(k), v) for k, v in raw.items() if k.isdigit()]
        return [v for _, v in sorted(numbered)]
    if isinstance(raw, list):
        return raw
    return [] if raw in (None, "") else [raw]


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def read(widget: Widget, raw: Any) -> Any:
    """Plain data from the posted fields of `widget` (see posted_tree). A block's own kind of
    widget brings its reader in `extra["read"]`."""
    kind = widget.kind
    if callable(widget.extra.get("read")):
        return widget.extra["read"](raw)
    if kind == "object":
        raw = raw if isinstance(raw, dict) else {}
        result = {}
        for child in widget.children:
            value = read(child, raw.get(child.key))
            if child.required or not empty(value) or (callable(child.extra.get("read")) and value is not None):
                result[child.key] = "" if value is None and child.kind != "const" else value
        return result
    if kind == "list":
        values = [read(widget.template, item) for item in _indexed(raw)]
        return [v for v in values if not empty(v)]
    if kind == "contacts":
        values = raw if isinstance(raw, list) else ([] if raw in (None, "") else [raw])
        return [str(v) for v in dict.fromkeys(values) if str(v).strip()]
    if kind == "pairs":
        result = {}
        for item in _indexed(raw):
            if isinstance(item, dict):
                key, value = _text(item.get("k")).strip(), _text(item.get("v")).strip()
                if key:
                    result[key] = value
        return result
    if kind == "const":
        return widget.value
    if kind == "text_or_false":
        if isinstance(raw, dict):
            if raw.get("off") in ("1", "on", "true"):
                return False
            raw = raw.get("text")
        return _multiline(raw)
    if kind == "bool":
        return raw in ("1", "on", "true")
    if kind == "integer":
        text = _text(raw).strip()
        return int(text) if re.fullmatch(r"[1-9][0-9]{0,5}|0", text) else (text or None)
    if kind == "paragraphs":
        lines = [line.strip() for line in _multiline(raw).split("\n") if line.strip()]
        return lines[0] if len(lines) == 1 else (lines or "")
    if kind == "text":
        return _multiline(raw)
    return _text(raw).strip()


def _text(raw: Any) -> str:
    if isinstance(raw, list):
        raw = raw[0] if raw else ""
    return raw if isinstance(raw, str) else ""


def _multiline(raw: Any) -> str:
    return "\n".join(line.rstrip() for line in _text(raw).replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))
