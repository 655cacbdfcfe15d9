"""One rendering pass, as a helper process runs it: lay out, choose the columns, check the fit,
write, split, preview.

A pass is everything one campus prints (its cards, the stamps of its controlled copies, its
checklist), composed into one HTML by the main process (planpress.cards.compose). The helper gets
it as a `Pass`, plain data that pickles, with the names of the files to cut from it; it sends back
the files' bytes, or raises SourceError when a card does not fit its page. Nothing here imports
Jinja2 or the loader: a helper needs WeasyPrint, pikepdf and PDFium only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from . import layout
from .parts import CardPart, Composition


@dataclasses.dataclass(frozen=True)
class CardFiles:
    part: str  # id of the card's part
    pdf: str  # file names in the cards folder
    png: str
    title: str  # the PDF's title


@dataclasses.dataclass(frozen=True)
class CampusFiles:
    bundle: str
    bundle_title: str
    copies: tuple[tuple[str, str], ...]  # (stamp id, id of its card's part), in print order
    checklist: str
    checklist_title: str
    checklist_part: str


@dataclasses.dataclass(frozen=True)
class Pass:
    html: str
    root: Path  # the project: relative URLs in the HTML resolve in its templates/
    paper: str
    cards: tuple[CardPart, ...]
    two_column: Mapping[str, str]  # card part id → the card alone with its steps in two columns (HTML)
    part_ids: tuple[str, ...]  # every part, in the order of the HTML
    card_files: tuple[CardFiles, ...]
    campus_files: tuple[CampusFiles, ...]  # campuses with postings


def plan(composition: Composition, root: Path, paper: str, card_files: tuple[CardFiles, ...],
         campus_files: tuple[CampusFiles, ...]) -> Pass:
    return Pass(composition.html, root, paper, composition.cards, composition.two_column,
                tuple(part.id for part in composition.parts), card_files, campus_files)


def render(job: Pass) -> dict[str, bytes]:
    """The files of one pass: file name → bytes. SourceError when a card does not fit its page."""
    # Here, not at the top: the main process makes the passes without loading what lays them out.
    from ..render import weasy
    from . import preview
    from .pdfsplit import FileSpec, Overlay, split

    document = weasy.render(job.html, job.root)
    first = layout.first_pages(document)
    pages = layout.page_indexes(first, list(job.part_ids), len(document.pages))
    # Steps that do not fit one column: that card alone again, in two columns, in the same place.
    rooms = {part.id: layout.steps_room(document, pages, part)
             for part in layout.overflowing(document, pages, job.cards) if part.id in job.two_column}
    if rooms:
        wide = {part.id: _two_columns(job, part, rooms[part.id], layout.estimated_column_heights(document, pages, part))
                for part in job.cards if part.id in rooms}
        document = layout.spliced(document, pages, wide)
        first = layout.first_pages(document)
        pages = layout.page_indexes(first, list(job.part_ids), len(document.pages))
    layout.require_fit(document, pages, job.cards, job.paper, two_columns=rooms)
    # Untagged: splitting the pass into files would drop the structure tree anyway.
    combined = weasy.write_pdf(document, compact_fonts=True, tags=False)
    specs = [FileSpec(Path(files.pdf), files.title, ((pages[files.part][0], None),)) for files in job.card_files]
    for campus in job.campus_files:
        copies = []
        for stamp, card in campus.copies:
            card_page, slots = layout.box(document, first, f"{card}-slots")
            stamp_page, line = layout.box(document, first, stamp)
            copies.append((card_page, Overlay(stamp_page, line, slots)))
        specs.append(FileSpec(Path(campus.bundle), campus.bundle_title, tuple(copies)))
        specs.append(FileSpec(Path(campus.checklist), campus.checklist_title,
                              tuple((index, None) for index in pages[campus.checklist_part])))
    files = {str(path): data for path, data in split(combined, specs).items()}
    previews = preview.pngs(combined, [pages[files_.part][0] for files_ in job.card_files])
    files.update((files_.png, png) for files_, png in zip(job.card_files, previews))
    return files


def _two_columns(job: Pass, part: CardPart, room: float, estimated: list[float]):
    """The card laid out with its steps in two columns of `room`, broken where they are most even:
    first where the heights estimated from its one-column layout put the break, then, if the
    heights measured in that layout put it elsewhere (rarely), there."""
    from ..render import weasy  # in the helper process only: the main process never lays out

    html = job.two_column[part.id]
    steps = len(part.card.steps)
    split = layout.columns_split(estimated, room) or (steps + 1) // 2
    document = weasy.render(layout.columns_html(html, part, split), job.root)
    measured = layout.column_heights(document, part)
    best = layout.columns_split(measured, room) if measured else None
    if best is not None and best != split:
        document = weasy.render(layout.columns_html(html, part, best), job.root)
    return document


# Chinese, regular and bold, and digits: no plan content (the sources are not loaded yet).
WARM_UP = ('<html lang="zh-CN" style="font-family: sans-serif"><body><p>应急处置卡 <b>处置步骤</b></p>'
           '<p style="font-weight: bold">电话 0123456789</p></body></html>')


def warm_up() -> None:
    """Lay out and write a line of Chinese: loads the fonts and fills WeasyPrint's caches once, in
    the first helper, before it forks its siblings."""
    from ..render import weasy
    from . import preview, pdfsplit  # noqa: F401 - loaded once, before the siblings are forked

    weasy.write_pdf(weasy.render(WARM_UP, Path(".")), compact_fonts=True, tags=False)
