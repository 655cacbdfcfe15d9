"""Validate parsed sources against the JSON Schemas shipped in planpress/sources/schemas/.

jsonschema finds what is wrong; this module says it in Chinese, at the line and column of the
value (or of the key, for unknown fields), with a hint that an editor can act on.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from ..problems import Problem, error
from . import blocks
from .suggest import did_you_mean
from .yamlsource import SourceFile, format_field

SCHEMAS = ("document", "document-v1", "contacts", "config", "archive", "people", "synonyms")

_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "是/否",
    "array": "列表（每项一行，以“- ”开头）", "object": "一组“键: 值”", "null": "空",
}

# What each pattern in the schemas means, and how to write a value that matches it.
_PATTERN_HINTS = {
    "^[A-Z]/(0|[1-9][0-9]*)$": ("版本/修订的格式不对", "写成“大写字母/数字”，例如 A/0、A/1、B/0。"),
    "^[a-z][a-z0-9-]*$": ("键的格式不对", "键只用小写英文字母、数字和连字符，并以字母开头，例如 general-affairs。"),
    "^[a-z0-9]+(-[a-z0-9]+)*$": ("名册的键格式不对", "写名册（source/people.yaml）里这个人的键：小写英文字母、数字和连字符，例如 liu-yingen。"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": ("日期格式不对", "写成 YYYY-MM-DD，例如 2020-08-10。"),
    "^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$": ("日期格式不对", "写成 YYYY-MM-DD（例如 1994-09-01），只知道年份时写四位年份，例如 \"2007\"。"),
    "^[0-9][0-9-]{1,19}$": ("电话号码格式不对", "号码只含数字和连字符，并加引号，例如 \"3216165\"。"),
    "^[^\\n]+$": ("这里只能写一行", "去掉换行，或把内容移到正文字段。"),
    "^[0-9a-f]{64}$": ("指纹格式不对", "指纹由 planpress approve 自动写入，不要手改；删除这一行后重新批准。"),
    "^[^\\s,，、;；]+$": ("搜索词的格式不对", "每一项只写一个词，不能有空格或逗号，例如 [着火, 失火]。"),
    "^[A-Z]\\.[0-9]{2}$": ("表单编号格式不对", "写成“大写字母.两位数字”，例如 A.01。"),
    "^#[0-9A-Fa-f]{6}$": ("颜色格式不对", "写成 # 加六位十六进制数字，并加引号，例如 \"#B71C1C\"。"),
    "^https?://([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?(/([A-Za-z0-9._~!$&*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?$(?!\\n)": ("网址格式不对",
        "写成以 http:// 或 https:// 开头的完整地址，例如 http://intranet.hospital.local/planpress/：主机名只用英文字母、数字、"
        "点和连字符；路径只用英文字母、数字和 . - _ ~ / 等网址字符（中文等写成 %XX），不能有引号、尖括号、空格、? 或 #。"),
}


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = _load(name)
    cls = jsonschema.validators.validator_for(schema)
    return cls(_inline_refs(schema), format_checker=cls.FORMAT_CHECKER)


def _load(name: str) -> dict:
    schema = json.loads(resources.files("planpress.sources.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))
    return with_blocks(schema) if name == "document" else schema


def composed(name: str) -> dict:
    """The schema `name` as planpress validates with it: the document schema with every block type's
    definitions (for an editor that validates YAML as the user types)."""
    return _load(name)


def with_blocks(schema: dict) -> dict:
    """The document schema with the block types' parts (sources/blocks.py) filled in: their
    definitions, the `type:` of a node and the kinds of an attachment."""
    defs = dict(schema["$defs"])
    for block_type in blocks.registered():
        defs.update(block_type.schema_defs)
    typed = blocks.typed_nodes()
    plain = next(t for t in blocks.node_types() if t.name == blocks.PLAIN)
    defs["node"] = {**defs["node"], "then": {
        "if": {"required": ["type"]},
        "then": {
            "properties": {"type": {"description": "块的类型", "enum": [t.name for t in typed]}},
            "allOf": [{"if": {"properties": {"type": {"const": t.name}}}, "then": {"$ref": t.node_schema}} for t in typed],
        },
        "else": {"$ref": plain.node_schema},
    }}
    kinds = blocks.attachment_kinds()
    attachment = defs["attachment"]
    properties = dict(attachment["properties"])
    for kind in kinds:
        properties.update(kind.attachment_fields)
    defs["attachment"] = {**attachment, "properties": properties, "oneOf": [{"required": [k.name]} for k in kinds]}
    return {**schema, "$defs": defs}


def _inline_refs(schema: dict) -> dict:
    """The schema with each "$ref" replaced by the definition it names (a local one, or a whole
    sibling schema), except references to recursive definitions (a clause holds clauses), which
    stay references into `$defs`.

    Resolving references is most of jsonschema's time on a document: inlining them makes a check
    of 200 documents about twice as fast.
    """
    defs = schema.get("$defs", {})
    recursive = _on_cycles(defs)

    def expand(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref", "")
            siblings = {k: expand(v) for k, v in node.items() if k != "$ref"}
            if ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") not in recursive:
                return {**expand(defs[ref.removeprefix("#/$defs/")]), **siblings}
            if ".schema.json#/" in ref:  # a part of a sibling schema (the archive's directory entries)
                name, pointer = ref.split("#/", 1)
                other = _load(name.removesuffix(".schema.json"))
                part = other
                for step in pointer.split("/"):
                    part = part[step]
                piece = _inline_refs({**part, "$defs": other.get("$defs", {})})
                if "$defs" in piece:
                    raise ValueError(f"{ref} is recursive and cannot be inlined")
                return {**piece, **siblings}
            if ref.endswith(".schema.json"):  # a whole sibling schema (the archive holds contacts and settings)
                other = _inline_refs(_load(ref.removesuffix(".schema.json")))
                if "$defs" in other:
                    raise ValueError(f"{ref} is recursive and cannot be inlined")
                return {**{k: v for k, v in other.items() if k not in ("$schema", "$id")}, **siblings}
            return {**({"$ref": ref} if ref else {}), **siblings}
        if isinstance(node, list):
            return [expand(item) for item in node]
        return node

    inlined = expand({k: v for k, v in schema.items() if k != "$defs"})
    if recursive:
        inlined["$defs"] = {name: expand(defs[name]) for name in sorted(recursive)}
    return inlined


def _on_cycles(defs: dict) -> set[str]:
    """The definitions that reach themselves through references."""
    def refs(node: Any) -> set[str]:
        if isinstance(node, dict):
            found = {node["$ref"].removeprefix("#/$defs/")} if str(node.get("$ref", "")).startswith("#/$defs/") else set()
            return found.union(*(refs(v) for v in node.values()))
        if isinstance(node, list):
            return set().union(*(refs(v) for v in node))
        return set()

    edges = {name: refs(body) for name, body in defs.items()}

    def reaches(start: str) -> bool:
        seen, todo = set(), list(edges.get(start, ()))
        while todo:
            name = todo.pop()
            if name == start:
                return True
            if name not in seen:
                seen.add(name)
                todo += edges.get(name, ())
        return False

    return {name for name in defs if reaches(name)}


def validate(source: SourceFile, schema: str) -> list[Problem]:
    """All schema problems of `source`, one per place, in file order."""
    problems: dict[tuple, tuple[int, Problem]] = {}
    for raw in _validator(schema).iter_errors(source.data):
        err = _most_specific(raw)
        for problem in _translate(source, err):
            several = err.validator in ("required", "additionalProperties")
            key = (problem.location, problem.field, problem.message if several else "")
            rank = _PRIORITY.get(err.validator, len(_PRIORITY))
            if key not in problems or rank < problems[key][0]:
                problems[key] = (rank, problem)
    return sorted((p for _, p in problems.values()), key=lambda p: (p.location.line, p.location.column))


# What to write when an object needs exactly one of several fields.
_CHOICE_HINTS = {
    ("phones", "phone"): "各院区号码不同时写 phones（院区键: 号码），全院统一的号码写 phone。",
}


def _choice_hint(names: tuple[str, ...]) -> str:
    if names in _CHOICE_HINTS:
        return _CHOICE_HINTS[names]
    kinds = {k.name: k for k in blocks.attachment_kinds()}
    if all(n in kinds and kinds[n].choice for n in names):  # the kinds of an attachment
        return "，".join(kinds[n].choice for n in names) + "。"
    return ""

# When one value breaks several rules, say the most telling: a date written 2020/8/10 has the
# wrong form, which matters more than that it is not a real date.
_PRIORITY = {"type": 0, "pattern": 1, "required": 2, "additionalProperties": 3, "format": 4}


def _most_specific(err: ValidationError) -> ValidationError:
    while err.context and not _is_exclusive_choice(err) and not _is_text_or_false(err):
        err = best_match(err.context)
    return err


def _is_text_or_false(err: ValidationError) -> bool:
    """oneOf [text, false] (a card's wording, or false): say both, not one half of it."""
    options = err.schema.get("oneOf") if isinstance(err.schema, dict) else None
    return bool(options) and any(isinstance(o, dict) and o.get("const") is False for o in options)


def _is_exclusive_choice(err: ValidationError) -> bool:
    """oneOf [{required:[a]}, {required:[b]}]: say "write a or b", not one half of it."""
    options = err.schema.get("oneOf") if isinstance(err.schema, dict) else None
    return bool(options) and all(set(o) == {"required"} for o in options)


def _translate(source: SourceFile, err: ValidationError) -> list[Problem]:
    if err.validator == "additionalProperties":
        return _unknown_fields(source, err)
    return [_translate_one(source, err)]


def _unknown_fields(source: SourceFile, err: ValidationError) -> list[Problem]:
    """Every field of the object that the schema does not know, each at its own key."""
    path = tuple(err.absolute_path)
    schema = err.schema if isinstance(err.schema, dict) else {}
    allowed = list(schema.get("properties", {}))
    extras = [k for k in err.instance if k not in allowed] if isinstance(err.instance, dict) else []
    listed = "、".join(allowed)
    problems = []
    for name in extras:
        hint = did_you_mean(name, allowed)
        problems.append(error(source.key_at(path + (name,)), format_field(path + (name,)), f"不认识的字段“{name}”。",
                              f"{hint}这一层可用的字段：{listed}。" if listed else hint))
    return problems


def _translate_one(source: SourceFile, err: ValidationError) -> Problem:
    path = tuple(err.absolute_path)
    field = format_field(path)
    value = err.instance
    keyword = err.validator
    schema = err.schema if isinstance(err.schema, dict) else {}
    where = source.at(path)

    if keyword == "required":
        name = _quoted_name(err.message)
        desc = _describe(err.schema, name)
        return error(where, field or "（文件顶层）", f"缺少必填字段“{name}”{desc}。",
                     f"在这一层加上“{name}: …”；可参照 source/ 里现有的文件。")
    if keyword == "propertyNames":
        name = str(value) if not isinstance(value, dict) else ""
        bad = next((k for k in (err.instance if isinstance(err.instance, dict) else {})), name)
        return error(source.key_at(path + (bad,)), field, f"键“{bad}”的格式不对。",
                     "键只用小写英文字母、数字和连字符，并以字母开头，例如 general-affairs。")
    if keyword == "oneOf" and _is_exclusive_choice(err):
        names = [o["required"][0] for o in schema["oneOf"]]
        present = [n for n in names if isinstance(value, dict) and n in value]
        what = "只能写其中一个" if present else "必须写其中一个"
        listed = "和".join(f"“{n}”" for n in names) if len(names) == 2 else "、".join(f"“{n}”" for n in names)
        return error(where, field, f"{listed}{what}。", _choice_hint(tuple(names)))
    if keyword == "type":
        expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        wanted = "或".join(_TYPE_NAMES.get(t, t) for t in expected)
        if "string" in expected and isinstance(value, int) and not isinstance(value, bool) and _is_phone(schema):
            return error(where, field, f"电话号码 {value} 没有加引号。",
                         f"写成 \"{value}\"（不加引号时，0 开头的号码会丢掉 0）。")
        if value is None and _is_color(schema):  # color: #B71C1C without quotes: YAML reads a comment
            return error(where, field, "颜色没有加引号，# 后面的内容被当成了注释，读到的是空值。",
                         "给颜色加上引号，例如 color: \"#B71C1C\"。")
        if "string" in expected and isinstance(value, (int, float, bool)):
            return error(where, field, f"这里应填{wanted}，现在是 {value!r}。", f"给值加上引号，例如 \"{value}\"。")
        return error(where, field, f"这里应填{wanted}，现在是{_describe_value(value)}。",
                     "参照 source/ 里现有文件的同一字段来写。")
    if keyword == "format" and err.validator_value == "date":
        return error(where, field, f"日期“{value}”不存在。",
                     "检查年月日是否真实（例如 2 月没有 30 日），格式为 YYYY-MM-DD。")
    if keyword == "pattern":
        what, hint = _PATTERN_HINTS.get(err.validator_value, ("格式不对", f"应符合：{err.validator_value}"))
        return error(where, field, f"{what}：“{value}”。", hint)
    if keyword == "minLength":
        return error(where, field, "不能为空。", "填写内容，或者删除这个字段（如果它不是必填的）。")
    if keyword == "maxLength":
        return error(where, field, f"太长了：最多 {err.validator_value} 个字。", "缩短这一项，或分成几项。")
    if keyword in ("minItems", "minProperties"):
        return error(where, field, f"至少要有 {err.validator_value} 项。", "补上内容。")
    if keyword == "enum":
        options = "、".join(str(o) for o in err.validator_value)
        return error(where, field, f"“{value}”不在可选值里。",
                     did_you_mean(value, [str(o) for o in err.validator_value]) + f"只能是：{options}。")
    if keyword == "maxItems":
        return error(where, field, f"最多只能有 {err.validator_value} 项。", "删去多余的项，或分成几部分。")
    if keyword == "oneOf" and any(option.get("const") is False for option in schema.get("oneOf", [])):
        return error(where, field, f"这里应填文字，或者 false，现在是{_describe_value(value)}。",
                     "写卡片上的简短措辞；这一步不上卡片时写 card: false。")
    if keyword in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        return error(where, field, f"数值 {value} 超出范围。", f"应在 {low} 到 {high} 之间。")
    return error(where, field, f"内容不符合要求（{err.message}）。", "参照 source/ 里现有文件的同一字段来写。")


def _quoted_name(message: str) -> str:
    start = message.find("'")
    end = message.find("'", start + 1)
    return message[start + 1:end] if start >= 0 and end > start else message


def _describe(schema: Any, name: str) -> str:
    prop = schema.get("properties", {}).get(name, {}) if isinstance(schema, dict) else {}
    desc = prop.get("description")
    return f"（{desc}）" if desc else ""


def _is_color(schema: dict) -> bool:
    return schema.get("pattern") == "^#[0-9A-Fa-f]{6}$"


def _is_phone(schema: dict) -> bool:
    return schema.get("pattern") == "^[0-9][0-9-]{1,19}$"


def _describe_value(value: Any) -> str:
    if value is None:
        return "空"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "一个列表"
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    return f"文字“{value}”"
