"""Load source/ once: parse, validate, check the rules, assemble the immutable model.

This stage reads with planpress.sources and builds with planpress.model; what later stages must
check or add (the roster and the archive of released versions, the cards, the fonts) they add
through the hooks they register (model/hooks.py), which the loader calls at four points:
after the settings are read, after the documents are checked, on the assembled project, and to
check the finished project.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import dates
from ..problems import Location, Problem, SourceError, error, has_errors, sort_key
from ..sources import legacy, limits, numbers, people, rules, schema
from ..sources.names import CONFIG_FILE, CONTACTS_FILE, SOURCE_DIR, SYNONYMS_FILE
from ..sources.yamlsource import SourceFile, read_source
from . import Project, assemble, hooks

PEOPLE_FILE = people.ROSTER_FILE
_SPECIAL = (CONFIG_FILE, CONTACTS_FILE, PEOPLE_FILE, SYNONYMS_FILE)

CheckResult = hooks.CheckResult


def load(root: Path | str = ".", paths: Iterable[Path | str] | None = None,
         today: dt.date | None = None, **options) -> Project:
    """The model of the project at `root`; raises SourceError listing every error."""
    result = check(root, paths, today, **options)
    if result.project is None:
        raise SourceError([p for p in result.problems if p.is_error])
    return result.project


def check(root: Path | str = ".", paths: Iterable[Path | str] | None = None,
          today: dt.date | None = None, *, lifecycle: bool = True,
          overrides: Mapping[Path, str] | None = None) -> CheckResult:
    """Check the documents at `paths` (default: all of source/) with every problem found.

    The released versions of the checked documents (source/archive/) are checked and loaded too.
    lifecycle=False leaves out the rules that compare the working copy with its releases (for
    `revise`, which turns an edited released version into a revision). `overrides` maps a path
    to the text it is about to be given, so a command can check an edit before writing it.
    """
    global _overrides, _source_dir
    root = Path(root)
    source_dir = root / SOURCE_DIR
    today = today or dates.today()
    problems: list[Problem] = []
    _overrides = {Path(path).resolve(): text for path, text in (overrides or {}).items()}

    if not source_dir.is_dir():
        problem = error(Location(source_dir), "", "找不到 source/ 文件夹。",
                        "在项目根目录（有 Makefile 的那一层）运行 planpress。")
        return CheckResult(None, (problem,))
    if source_dir.is_symlink():
        problem = error(Location(source_dir), "", "source/ 是一个符号链接，不是真正的文件夹；planpress 不读取链接到别处的内容。",
                        "把源文件放在项目里真正的 source/ 文件夹中（git 里也不要提交链接）。")
        return CheckResult(None, (problem,))
    _source_dir = source_dir
    problems += limits.scan_tree(source_dir)  # links, FIFOs, devices anywhere in source/

    config = _parse(source_dir / CONFIG_FILE, "config", problems)
    if config:
        problems += rules.check_config(config)
    directory = _parse(source_dir / CONTACTS_FILE, "contacts", problems)
    if directory:
        problems += rules.check_directory(directory)
    synonyms = None  # optional: without it the site searches with planpress's default list
    if (source_dir / SYNONYMS_FILE).exists() or (source_dir / SYNONYMS_FILE).is_symlink():
        synonyms = _parse(source_dir / SYNONYMS_FILE, "synonyms", problems)
        if synonyms:
            problems += rules.check_synonyms(synonyms)
    support_ok = not has_errors(problems)
    roster, found = people.load(source_dir, _overrides)  # the roster's entries (names, departments, titles)
    problems += found

    run = hooks.Run(root=root, source_dir=source_dir, today=today, overrides=_overrides, lifecycle=lifecycle,
                    config=config, directory=directory, people=roster)
    for stage in hooks.stages():
        problems += stage.on_settings(run)

    selected = _document_paths(source_dir, paths)
    chosen = {p.resolve() for p in selected}
    others = [p for p in _document_paths(source_dir, None) if p.resolve() not in chosen]
    frame = assemble.frames_from(config.data) if support_ok else None
    entries = run.people.entries if run.people.ok else None
    rule_inputs = (directory, config.data["document_number_pattern"], today, frame,
                   config.at(("document_number_pattern",)), entries) if support_ok else None
    documents: list[SourceFile] = []
    for document, found in _check_documents(selected, rule_inputs):
        problems += found
        if document is not None:
            documents.append(document)
    # Other documents in source/ only matter here as holders of numbers.
    duplicates = rules.check_numbers_unique([_number_only(p) for p in others] + documents)
    problems += [p for p in duplicates if any(p.location.file == d.path for d in documents)]
    run.documents = tuple(documents)
    run.whole_source = paths is None and len(documents) == len(selected)
    run.selected = None if paths is None else tuple(d.path.stem for d in documents)
    run.digests = {source.path.resolve(): source.digest for source in (config, directory, *documents) if source}
    if support_ok:
        for stage in hooks.stages():
            problems += stage.on_documents(run)

    if has_errors(problems):
        return CheckResult(None, _ordered(problems))
    directory_model = assemble.directory_from(directory)
    project = Project(
        root=root,
        config=assemble.config_from(config),
        directory=directory_model,
        documents=tuple(assemble.document_from(d, directory_model, frame, run.people.entries) for d in documents),
        search=assemble.search_words_from(synonyms),
    )
    for stage in hooks.stages():
        project = stage.on_project(run, project)
    for stage in hooks.stages():
        problems += stage.on_check(run, project)
    problems = list(_ordered(problems))
    if has_errors(problems):
        return CheckResult(None, tuple(problems))
    return CheckResult(project, tuple(problems))


def _ordered(problems: list[Problem]) -> tuple[Problem, ...]:
    """In file order, each once (a link in source/ is found by the scan and by the reader)."""
    return tuple(sorted(dict.fromkeys(problems), key=sort_key))


def _document_paths(source_dir: Path, paths: Iterable[Path | str] | None) -> list[Path]:
    if paths is None:
        candidates = sorted(source_dir.glob("*.yaml"))
    else:
        candidates = []
        for raw in paths:
            path = Path(raw)
            candidates += sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    special = {(source_dir / name).resolve() for name in _SPECIAL}
    return [p for p in candidates if p.resolve() not in special]


def read(path: Path, problems: list[Problem]) -> SourceFile | None:
    """`path` parsed, if it is a regular file inside source/ that parses; else None and why."""
    outside = limits.check_inside(path, _source_dir) if _source_dir else []
    if outside:
        problems += outside
        return None
    try:
        return read_source(path, _overrides.get(path.resolve()))
    except SourceError as exc:
        problems += exc.problems
        return None


def _parse(path: Path, kind: str, problems: list[Problem]) -> SourceFile | None:
    source = read(path, problems)
    if source is None:
        return None
    found = schema.validate(source, kind)
    problems += found
    return None if found else source


def _number_only(path: Path) -> SourceFile:
    """Just the `number:` line of a document we are not checking, for the uniqueness rule."""
    try:
        text = limits.read_regular(path).decode("utf-8", errors="replace")
    except SourceError:  # reported when that file itself is checked
        text = ""
    match = re.search(r"^number:[ \t]*['\"]?([^'\"#\s]+)", text, flags=re.M)
    if not match:
        return SourceFile(path, {}, {}, {})
    line = text.count("\n", 0, match.start()) + 1
    return SourceFile(path, {"number": match.group(1)}, {("number",): (line, match.start(1) - match.start() + 1)}, {})


# Checking documents is independent per file: with many files, use every core.
_PARALLEL_FROM = 16
_rule_inputs = None
_overrides: dict[Path, str] = {}  # texts about to be written, by resolved path (see check())
_source_dir: Path | None = None  # source/ of the check in progress: files are read only from inside it


def _check_documents(paths: list[Path], rule_inputs) -> list[tuple[SourceFile | None, list[Problem]]]:
    global _rule_inputs
    _rule_inputs = rule_inputs
    workers = min(os.cpu_count() or 1, 4)
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(paths) < _PARALLEL_FROM or workers < 2 or not forkable:  # forking a threaded process can hang
        return [_check_document(p) for p in paths]
    context = multiprocessing.get_context("fork")  # workers inherit the imports and rule inputs
    with context.Pool(workers) as pool:
        return pool.map(_check_document, paths, chunksize=max(1, len(paths) // (workers * 4)))


def _check_document(path: Path) -> tuple[SourceFile | None, list[Problem]]:
    problems: list[Problem] = []
    source = read(path, problems)
    if source is None:
        return None, problems
    if legacy.is_v1(source.data):
        return None, [error(Location(path, 1, 1), "", "这个文件是旧格式（v1：第 5 节固定为 organization、warning、"
                                                       "response、reporting、scenarios）。",
                            f"运行 planpress migrate {path.stem} 把它转换成现在的格式（内容和指纹不变），"
                            "然后检查转换结果并提交。")]
    problems += schema.validate(source, "document")
    document = None if problems else source
    if document is not None and _rule_inputs is not None:
        directory, pattern, today, frame, pattern_at, people_entries = _rule_inputs
        found, rules_may_run = numbers.check_number(document, pattern, pattern_at)
        problems += found
        if rules_may_run:
            problems += rules.DocumentRules(document, directory, pattern, today, frame, people_entries).run()
    return document, problems
