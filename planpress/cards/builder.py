"""Build the cards of each document: check fonts, lay out, split into files, write the folder atomically.

The cards show the version staff may use (`Project.for_staff`): the one in force, or before a first
release the working copy, marked as not to be posted. Each campus's cards, copies and checklist are
one rendering pass; the passes of every document run on the warm helper processes that the PDFs
use too (planpress.render.pool, through render.jobs). build/H-J-YA-028/cards/ is made
beside the old folder and swapped in whole, so a failed build (an overflowing card, a missing
glyph) leaves the previous cards exactly as they were, and a new version's cards replace the old
version's files instead of lying beside them. Cards whose passes are unchanged are kept
(`freshness`), and a document that fails keeps its cards while the others are built.
"""

from __future__ import annotations

from pathlib import Path

from .. import outputs
from ..render.jobs import Plan, Work, raise_failures, run
from ..model import Document, Project
from ..problems import SourceError
from ..render import atomic
from . import fontcheck, freshness, passes, qr
from .compose import compose
from .content import card_settings, cards_of, previous_version
from .parts import Composition

KIND = "cards"


def build(project: Project, documents, options) -> list[Path]:
    """The cards of `documents`; a SourceError with the problems of every document that failed
    (after the others are written)."""
    return raise_failures(run([plan(project, documents, options)]))


def plan(project: Project, documents, options) -> Plan:
    manifest = freshness.Manifest(project.root)
    codes = qr.Remembered(project.root)

    def work(doc: Document) -> Work | None:
        shown = project.for_staff(doc.number)
        if not shown.scenarios:  # a document without emergency scenarios has no cards
            return None
        return _document_work(project, shown, options.out, manifest, options.keys.get(doc.number))

    def close() -> None:
        codes.save()
        manifest.save()

    return Plan(documents, work, close)


def _document_work(project: Project, doc: Document, build_dir: Path, manifest: freshness.Manifest,
                   sources_key: str | None) -> Work:
    target = outputs.cards_dir(build_dir, doc)
    planned = None
    if sources_key is not None:
        try:
            planned = manifest.document_key(sources_key, fontcheck.card_face(project, doc))
        except SourceError:
            planned = None  # planned in full below, which reports the problem
        kept = manifest.kept_document(target, planned) if planned else None
        if kept is not None:  # its sources unchanged, its folder intact: no HTML needed
            return Work(doc.number, KIND, [target / name for name in kept])
    try:
        settings = card_settings(project, doc)
        cards = cards_of(project, doc)
        previous = previous_version(project, doc)
        compositions = [compose(project, doc, cards, build_dir, campus, previous) for campus in doc.campuses]
        jobs = [passes.plan(composition, project.root, settings.card_paper, *_file_names(doc, composition, build_dir))
                for composition in compositions]
        names = sorted(name for job in jobs for name in _names(job))
        paths = [target / name for name in names]
        key = manifest.inputs_digest(jobs, fontcheck.card_face(project, doc))
        if manifest.up_to_date(target, key, names):
            if planned is not None:
                manifest.remember(target, key, planned)
            return Work(doc.number, KIND, paths)
        for composition in compositions:
            fontcheck.require_coverage(project, doc, composition)
    except SourceError as exc:
        return Work(doc.number, KIND, [target], problems=exc.problems)

    def finish(results: list[dict[str, bytes]]) -> None:
        files = {name: data for found in results for name, data in found.items()}
        with atomic.staged_directory(target) as staging:
            for name, data in files.items():
                (staging / name).write_bytes(data)
        manifest.remember(target, key, planned)

    return Work(doc.number, KIND, paths, [(passes.render, job) for job in jobs], finish, replaces=target)


def _names(job: passes.Pass) -> list[str]:
    found = [name for files in job.card_files for name in (files.pdf, files.png)]
    for campus in job.campus_files:
        found += [campus.bundle, campus.checklist]
    return found


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
