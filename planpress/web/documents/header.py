"""The header fields form (表头): the document's top-level fields, as the schema describes them,
written back with ruamel's round trip (lifecycle/yamledit) so that only changed lines change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedSeq

from ...lifecycle.yamledit import Edit
from ...model import Document, Project
from ...model.plaintext import header_label
from . import schemaforms

FIELDS = ("title", "category", "owner", "publisher", "effective", "revised", "review_cycle_years", "campuses")
AFTER = {"effective": "version", "revised": "effective", "review_cycle_years": "revised", "campuses": "review_cycle_years"}
_OWN_LABELS = {"title": "文件名称", "review_cycle_years": "定期评审周期（年）", "campuses": "适用院区（不选 = 全部院区）"}
# where the schema's words are for whoever edits the YAML (file names, keys, formats), a clerk's
_OWN_HELPS = {"campuses": "只适用于部分院区时，勾选这些院区；全院适用就都不选。院区和各院区的电话在“通讯录”里。",
              "effective": "修订中尚未确定时留空；提交审批前须填写。",
              "revised": "最近一次修订的日期（开始修订时自动填写）；首版留空。"}


def _schema() -> tuple[Mapping, Mapping]:
    document = schemaforms.schema("document")
    return document["properties"], document["$defs"]


def labels(doc: Document | None) -> dict[str, str]:
    found = dict(_OWN_LABELS)
    if doc is not None:
        for field in ("category", "owner", "publisher", "effective", "revised"):
            found[field] = header_label(doc, field)
    return found


def form_class(project: Project | None, doc: Document | None):
    properties, defs = _schema()
    campuses = [(c.key, c.name) for c in project.directory.campuses] if project is not None else []
    return schemaforms.form_class(properties, FIELDS, defs, labels=labels(doc), choices={"campuses": campuses},
                                  helps=_OWN_HELPS)


def initial(data: Mapping) -> dict[str, Any]:
    return {name: schemaforms.form_text(data.get(name)) for name in FIELDS if name in data}


def _same(old: Any, new: Any) -> bool:
    return schemaforms.form_text(old) == schemaforms.form_text(new)


def apply(edit: Edit, cleaned: Mapping[str, Any]) -> list[str]:
    """Write the form's values into the working copy; the fields that changed (in form order)."""
    properties, defs = _schema()
    changed = []
    for name in FIELDS:
        if name not in cleaned:
            continue
        value = schemaforms.yaml_value(properties[name], defs, cleaned[name])
        if name == "campuses":
            if not value and "campuses" not in edit.data:
                continue
            if not value:
                edit.data.pop("campuses")
                changed.append(name)
                continue
            sequence = CommentedSeq(value)
            sequence.fa.set_flow_style()
            value = sequence
        if name in edit.data and _same(edit.data[name], value):
            continue
        if name not in edit.data and value in (None, ""):
            continue
        edit.set(name, value, after=AFTER.get(name))
        changed.append(name)
    return changed
