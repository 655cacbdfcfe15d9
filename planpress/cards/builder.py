"""Build the cards of each document: check fonts, lay out, split into files, write the folder atomically.

Each campus's cards, copies and checklist are one rendering pass; the passes of the campuses run on
separate cores. build/H-J-YA-028/cards/ is made beside the old folder and swapped in whole, so a
failed build (an overflowing card, a missing glyph) leaves the previous cards exactly as they were.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .. import outputs
from ..model import Document, Project
from ..problems import Problem, SourceError
from ..render import atomic, weasy
from . import fontcheck, layout, parallel, preview
from .compose import Composition, compose
from .content import cards_of
from .pdfsplit import FileSpec, Overlay, split


def build(project: Project, documents, options) -> list[Path]:
    written: list[Path] = []
    for doc in documents:
        if doc.scenarios:  # a document without emergency scenarios has no cards
            written += build_document(project, doc, options.out)
    return written


def build_document(project: Project, doc: Document, build_dir: Path) -> list[Path]:
    cards = cards_of(project, doc)
    passes = [compose(project, doc, cards, build_dir, campus) for campus in doc.campuses]
    for composition in passes:
        fontcheck.require_coverage(project, doc, composition)
    results = parallel.run_all([functools.partial(_render, project, doc, c, build_dir) for c in passes])
    problems = [problem for _, found in results for problem in found]
    if problems:
        raise SourceError(problems)
    files = {path: data for found, _ in results for path, data in found.items()}

    target = outputs.cards_dir(build_dir, doc)
    with atomic.staged_directory(target) as staging:
        for path, data in files.items():
            (staging / path.relative_to(target)).write_bytes(data)
    return sorted(files)


def _render(project: Project, doc: Document, composition: Composition,
            build_dir: Path) -> tuple[dict[Path, bytes], list[Problem]]:
    """One rendering pass: its files (path → bytes), or the problems that stop the build."""
    document = weasy.render(composition.html, project.root)
    first = layout.first_pages(document)
    pages = layout.page_indexes(first, [part.id for part in composition.parts], len(document.pages))
    try:
        layout.require_fit(document, pages, composition.cards, project.config.card_paper)
    except SourceError as exc:
        return {}, list(exc.problems)
    combined = weasy.write_pdf(document)
    files = split(combined, _file_specs(doc, composition, document, first, pages, build_dir))
    previews = preview.pngs(combined, [pages[part.id][0] for part in composition.cards])
    for part, png in zip(composition.cards, previews):
        files[outputs.card_path(build_dir, doc, part.card.key, part.card.campus.key, ".png")] = png
    return files, []


def _file_specs(doc: Document, composition: Composition, document, first: dict[str, int],
                pages: dict[str, list[int]], build_dir: Path) -> list[FileSpec]:
    version = f"{doc.number} 版本/修订 {doc.version.display}"
    specs = [FileSpec(outputs.card_path(build_dir, doc, part.card.key, part.card.campus.key),
                      f"{part.card.title} 应急处置卡（{part.card.campus.name}）{version}",
                      ((pages[part.id][0], None),))
             for part in composition.cards]
    for campus in doc.campuses:
        if campus.key not in composition.stamps:
            continue
        copies = []
        for stamp in composition.stamps[campus.key]:
            card_page, slots = layout.box(document, first, f"{stamp.card.id}-slots")
            stamp_page, line = layout.box(document, first, stamp.id)
            copies.append((card_page, Overlay(stamp_page, line, slots)))
        specs.append(FileSpec(outputs.bundle_path(build_dir, doc, campus.key),
                              f"应急处置卡打印包（{campus.name}，受控副本）{version}", tuple(copies)))
        checklist = composition.checklists[campus.key]
        specs.append(FileSpec(outputs.checklist_path(build_dir, doc, campus.key),
                              f"应急处置卡张贴与回收清单（{campus.name}）{version}",
                              tuple((index, None) for index in pages[checklist.id])))
    return specs
