"""Build the cards of each document: check fonts, lay out once, split, write the folder atomically.

build/H-J-YA-028/cards/ is made beside the old folder and swapped in whole, so a failed build
(an overflowing card, a missing glyph) leaves the previous cards exactly as they were.
"""

from __future__ import annotations

from pathlib import Path

from .. import outputs
from ..model import Document, Project
from ..render import atomic, weasy
from . import fontcheck, layout, preview
from .compose import Composition, compose
from .content import cards_of
from .pdfsplit import FileSpec, Overlay, split


def build(project: Project, documents, options) -> list[Path]:
    written: list[Path] = []
    for doc in documents:
        written += build_document(project, doc, options.out)
    return written


def build_document(project: Project, doc: Document, build_dir: Path) -> list[Path]:
    composition = compose(project, doc, cards_of(project, doc), build_dir)
    fontcheck.require_coverage(project, doc, composition)
    document = weasy.render(composition.html, project.root)
    first = layout.first_pages(document)
    pages = layout.page_indexes(first, [part.id for part in composition.parts], len(document.pages))
    layout.require_fit(document, pages, composition.cards, project.config.card_paper)
    combined = weasy.write_pdf(document)

    specs = _file_specs(doc, composition, document, first, pages, build_dir)
    files = split(combined, specs)
    for part, png in zip(composition.cards, preview.pngs(combined, [pages[part.id][0] for part in composition.cards])):
        files[outputs.card_path(build_dir, doc, part.card.key, part.card.campus.key, ".png")] = png

    target = outputs.cards_dir(build_dir, doc)
    with atomic.staged_directory(target) as staging:
        for path, data in files.items():
            (staging / path.relative_to(target)).write_bytes(data)
    return sorted(files)


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
            sheet_page, line = layout.box(document, first, stamp.id)
            copies.append((card_page, Overlay(sheet_page, line, slots)))
        specs.append(FileSpec(outputs.bundle_path(build_dir, doc, campus.key),
                              f"应急处置卡打印包（{campus.name}，受控副本）{version}", tuple(copies)))
        checklist = composition.checklists[campus.key]
        specs.append(FileSpec(outputs.checklist_path(build_dir, doc, campus.key),
                              f"应急处置卡张贴与回收清单（{campus.name}）{version}",
                              tuple((index, None) for index in pages[checklist.id])))
    return specs
