"""Build the cards of each document: check fonts, lay out, split into files, write the folder atomically.

The cards show the version staff may use (`Project.for_staff`): the one in force, or before a first
release the working copy, marked as not to be posted. Each campus's cards, copies and checklist are
one rendering pass; the passes run in warm helper processes, one per core (planpress.cards.helpers).
build/H-J-YA-028/cards/ is made beside the old folder and swapped in whole, so a failed build (an
overflowing card, a missing glyph) leaves the previous cards exactly as they were, and a new
version's cards replace the old version's files instead of lying beside them.
"""

from __future__ import annotations

from pathlib import Path

from .. import outputs
from ..model import Document, Project
from ..render import atomic
from . import fontcheck, helpers, passes
from .compose import compose
from .content import card_settings, cards_of, previous_version
from .parts import Composition


def build(project: Project, documents, options) -> list[Path]:
    try:
        written: list[Path] = []
        for doc in documents:
            shown = project.for_staff(doc.number)
            if shown.scenarios:  # a document without emergency scenarios has no cards
                written += build_document(project, shown, options.out)
        return written
    finally:
        helpers.stop()  # the helpers `planpress build` may have started for this build


def build_document(project: Project, doc: Document, build_dir: Path) -> list[Path]:
    settings = card_settings(project, doc)
    cards = cards_of(project, doc)
    previous = previous_version(project, doc)
    compositions = [compose(project, doc, cards, build_dir, campus, previous) for campus in doc.campuses]
    for composition in compositions:
        fontcheck.require_coverage(project, doc, composition)
    jobs = [passes.plan(composition, project.root, settings.card_paper, *_file_names(doc, composition, build_dir))
            for composition in compositions]
    files = {name: data for found in helpers.run(passes.render, jobs) for name, data in found.items()}

    target = outputs.cards_dir(build_dir, doc)
    with atomic.staged_directory(target) as staging:
        for name, data in files.items():
            (staging / name).write_bytes(data)
    return sorted(target / name for name in files)


def _file_names(doc: Document, composition: Composition,
                build_dir: Path) -> tuple[tuple[passes.CardFiles, ...], tuple[passes.CampusFiles, ...]]:
    """What to cut from a pass, named by planpress.outputs (names within the cards folder)."""
    version = f"{doc.number} 版本/修订 {doc.version.display}"
    cards = tuple(
        passes.CardFiles(part.id,
                         outputs.card_path(build_dir, doc, part.card.key, part.card.campus.key).name,
                         outputs.card_path(build_dir, doc, part.card.key, part.card.campus.key, ".png").name,
                         f"{part.card.title} 应急处置卡（{part.card.campus.name}）{version}")
        for part in composition.cards)
    campuses = tuple(
        passes.CampusFiles(outputs.bundle_path(build_dir, doc, key).name,
                           f"应急处置卡打印包（{checklist.campus.name}，受控副本）{version}",
                           tuple((stamp.id, stamp.card.id) for stamp in composition.stamps[key]),
                           outputs.checklist_path(build_dir, doc, key).name,
                           f"应急处置卡张贴与回收清单（{checklist.campus.name}）{version}",
                           checklist.id)
        for key, checklist in composition.checklists.items())
    return cards, campuses
