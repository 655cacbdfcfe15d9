"""Frozen snapshots of released versions: source/archive/<number>/<version>.yaml.

A snapshot holds everything needed to rebuild its version later, independently of later edits
to the working copy, contacts.yaml or planpress.yaml:

    release:    version, content fingerprint, the day it was released, and the release signature:
                a statement (kind release) signed by a release signer over the archive's digest
    document:   the document as released (same format as source/<number>.yaml, without comments)
    directory:  the campuses and the contact entries the document showed (format of contacts.yaml)
    people:     the roster entries (name, department, title) of its signatories
    settings:   fonts, card paper and site address at release (format of planpress.yaml)

It is written once and never edited: `check` recomputes its fingerprint and verifies its release
signature over the archive digest (`archive_digest`): the canonical JSON of the whole archive but
the release statement and signature, so it covers the approvals too. Rewriting an archive, even
with recomputed fingerprints, is detected; only a release signer's key can sign a new one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from .. import dates
from ..model import assemble
from ..sources import legacy, numbers, rules, schema
from ..model import Document, Release, Version
from ..problems import Problem, Severity, SourceError
from ..sources.names import ARCHIVE_DIR
from ..sources.yamlsource import SourceFile, read_source

PARTS = ("document", "directory", "settings")
ARCHIVE_FORMAT = 1  # the canonical form of `archive_digest`; changing it voids every release signature
SIGNED_FIELDS = ("statement", "signature", "witness")  # of `release`: what the digest leaves out


def archive_digest(data: Any) -> str:
    """SHA-256 of the canonical JSON (sorted keys, UTF-8, no spaces, dates as ISO text) of the
    archive's data as read, without release.statement and release.signature."""
    release = data.get("release") if isinstance(data, dict) else None
    if isinstance(release, dict):
        data = {**data, "release": {k: v for k, v in release.items() if k not in SIGNED_FIELDS}}
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_iso)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _iso(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {type(value).__name__}")


def folder(source_dir: Path, number: str) -> Path:
    return source_dir / ARCHIVE_DIR / number


def snapshot_path(source_dir: Path, number: str, version: Version) -> Path:
    return folder(source_dir, number) / f"{version.slug}.yaml"


def snapshot_paths(source_dir: Path, number: str | None = None) -> list[Path]:
    """Snapshots of one document (or of all), in version order."""
    pattern = f"{number}/*.yaml" if number else "*/*.yaml"
    return sorted((source_dir / ARCHIVE_DIR).glob(pattern), key=path_order)


def version_of(path: Path) -> Version | None:
    """A-0.yaml → A/0; None for a name that is not a version."""
    edition, _, revision = path.stem.partition("-")
    if len(edition) == 1 and edition.isupper() and revision.isdigit():
        return Version(edition, int(revision))
    return None


def path_order(path: Path) -> tuple:
    version = version_of(path)
    return (path.parent.name, version.sort_key() if version else ("~", 0), path.name)


# -- reading ----------------------------------------------------------------------------------

def part(source: SourceFile, key: str) -> SourceFile:
    """The part `key` of a snapshot as a source file of its own, with its places in the snapshot."""
    prefix = (key,)
    value_marks = {path[1:]: mark for path, mark in source.value_marks.items() if path[:1] == prefix}
    key_marks = {path[1:]: mark for path, mark in source.key_marks.items() if path[:1] == prefix}
    return SourceFile(source.path, source.data[key], value_marks, key_marks)


def _prefixed(problems: list[Problem], key: str) -> list[Problem]:
    return [dataclasses.replace(p, field=f"{key}.{p.field}" if p.field else key) for p in problems]


def load_snapshot(path: Path, number_pattern: str, today: dt.date,
                  text: str | None = None, pattern_at=None,
                  digests: dict | None = None) -> tuple[Document | None, list[Problem]]:
    """Read, validate and assemble one snapshot; its Document is archived and carries its release.

    A snapshot cannot be edited, so characters that no output can show (written before planpress
    refused them) are warnings here: refusing them would block every command, revise included,
    for good. The builders then leave that version's outputs out (see render/checkfonts.py)."""
    try:
        source = read_source(path, text, archived=True)
    except SourceError as exc:
        return None, list(exc.problems)
    if digests is not None:
        digests[path.resolve()] = source.digest  # for the checks' caches (planpress.render.checkfonts)
    problems = schema.validate(source, "archive")
    if problems:
        return None, problems
    problems += [dataclasses.replace(p, severity=Severity.WARNING,
                                     hint="存档不能修改，这一版的 PDF 因此不会生成；用 planpress revise 发布不含这个字符的新版本取代它。")
                 for p in source.warnings]
    directory, document, settings = part(source, "directory"), part(source, "document"), part(source, "settings")
    people = source.data.get("people") or {}
    if legacy.is_v1(document.data):  # released before the general clause tree: read as it was approved
        found = _prefixed(schema.validate(document, "document-v1"), "document")
        problems += found
        if not found:
            document = legacy.upgrade(document)
    else:
        problems += _prefixed(schema.validate(document, "document"), "document")
    if any(p.is_error for p in problems):
        return None, problems
    problems += _prefixed(rules.check_directory(directory), "directory")
    problems += _prefixed(rules.check_config(settings, archived=True), "settings")
    frame = assemble.frames_from(settings.data)  # the frames frozen with the release
    if not any(p.is_error for p in problems):
        found, rules_may_run = numbers.check_number(document, number_pattern, pattern_at, archived=True)
        problems += _prefixed(found, "document")
        if rules_may_run:
            checker = rules.ArchivedDocumentRules(document, directory, number_pattern, today, frame, people)
            problems += _prefixed(checker.run(), "document")
        problems += rules.check_release_record(source)
    if any(p.is_error for p in problems):
        return None, problems
    directory_model = assemble.directory_from(directory)
    record = source.data["release"]
    previous = record.get("previous")
    witness = record.get("witness") or {}
    release = Release(Version.parse(record["version"]), record["fingerprint"], dates.parse(record["released"]),
                      path, source.at(("release",)), statement=record.get("statement"),
                      signature=record.get("signature"), digest=archive_digest(source.data),
                      previous=(previous["version"], previous["archive"].removeprefix("sha256:")) if previous else None,
                      witness_statement=witness.get("statement"), witness_signature=witness.get("signature"))
    doc = assemble.document_from(document, directory_model, frame, people=source.data.get("people") or {})
    doc = dataclasses.replace(doc, release=release, archived=True, settings=assemble.config_from(settings))
    return doc, problems


# -- writing ----------------------------------------------------------------------------------

def snapshot_text(doc: Document, document_text: str, directory: SourceFile, settings: SourceFile,
                  released: dt.date, people: Mapping[str, Mapping[str, str]] | None = None,
                  signed: tuple[str, str] | None = None, header: str | None = None,
                  previous: Document | None = None) -> str:
    """The snapshot of `doc` as released on `released`. `document_text` is the working copy's
    YAML; `people` the roster's entries; `signed` the release (statement, signature), written
    as literal blocks so that the statement's bytes come back exactly; `previous` the archived
    release it follows, whose digest the release record (and so its signature) commits to."""
    document = _plain(_round_trip().load(document_text))
    document.pop("released_as", None)  # the working copy's record of an earlier release
    shown = shown_contact_keys(doc)
    contacts = {key: entry for key, entry in directory.data["contacts"].items() if key in shown}
    persons = [s.person for s in doc.signatories if s.person]
    release = {"version": str(doc.version), "fingerprint": doc.fingerprint, "released": released}
    if previous is not None:
        release["previous"] = {"version": str(previous.version), "archive": f"sha256:{previous.release.digest}"}
    if signed is not None:
        release["statement"], release["signature"] = (LiteralScalarString(text) for text in signed)
    data = {
        "release": release,
        "document": document,
        "directory": {"campuses": directory.data["campuses"], "contacts": contacts},
        "people": {key: {field: (people or {})[key][field] for field in ("name", "department", "title")}
                   for key in dict.fromkeys(persons)},
        "settings": settings.data,
    }
    if header is None:
        header = (
            f"# {doc.number} {doc.version} 的冻结版本：由 planpress release 于 {released} 写入，之后不再改动。\n"
            "# 这里保存重建这一版本所需的全部内容：文件（document）、当时显示的院区和通讯录条目\n"
            "# （directory）、签署人在名册里的记录（people）、全院设置（settings）。planpress check 核对\n"
            "# 内容指纹和发布人的签名（release.signature 覆盖整个存档）：任何改动都会被报告为错误。\n"
        )
    stream = io.StringIO()
    _round_trip().dump(data, stream)
    return SCHEMA_LINE + "#\n" + header + "\n" + stream.getvalue()


SCHEMA_LINE = "# yaml-language-server: $schema=../../../planpress/sources/schemas/archive.schema.json\n"


def shown_contact_keys(doc: Document) -> set[str]:
    """Every directory entry the document shows: calls, linked mentions, the appendix rows."""
    return set(doc.shown_contacts())


def _round_trip() -> YAML:
    yaml = YAML()
    _no_date_aliases(yaml)
    yaml.width = 1_000_000  # never fold a Chinese paragraph
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _plain(node: Any) -> Any:
    """Plain dicts and lists without the comments and styles of the working copy."""
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, LiteralScalarString):
        return node  # statements and signatures stay literal blocks
    if isinstance(node, str):
        return str(node)  # drops ruamel's quoting wrappers; the dumper quotes what needs it
    return node


def _no_date_aliases(yaml: YAML) -> None:
    """The same date used twice (revised and the record row) is written twice, not as &id001 / *id001."""
    representer = yaml.representer
    default = representer.ignore_aliases
    representer.ignore_aliases = lambda data: isinstance(data, dt.date) or default(data)
