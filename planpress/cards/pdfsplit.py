"""Cut the one PDF of a rendering pass into files, laying each copy's stamp over its card.

WeasyPrint subsets the Chinese fonts on every write (about 0.1 s per font face), so the pass is
written once and qpdf (through pikepdf) cuts it: pages keep sharing one font subset, a copy's page
is its card's page with the copy's stamp drawn over the blank slots, and the same input gives the
same bytes (the file identifier is derived from the content).
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pikepdf

PX = 0.75  # WeasyPrint's CSS pixel in PDF points


@dataclasses.dataclass(frozen=True)
class Overlay:
    """Draw the `source` box of page `page` over the `target` box of the page it belongs to."""

    page: int
    source: tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px from the top left
    target: tuple[float, float, float, float]


@dataclasses.dataclass(frozen=True)
class FileSpec:
    path: Path
    title: str
    pages: tuple[tuple[int, Overlay | None], ...]  # page index of the pass, what to lay over it


def split(combined: bytes, specs: list[FileSpec]) -> dict[Path, bytes]:
    files = {}
    with pikepdf.open(io.BytesIO(combined)) as source:
        for spec in specs:
            with pikepdf.new() as target:
                forms: dict[int, pikepdf.Object] = {}  # page of the pass → its form XObject in this file
                for page_index, overlay in spec.pages:
                    if overlay is None:
                        target.pages.append(source.pages[page_index])
                        continue
                    for index in (page_index, overlay.page):
                        if index not in forms:
                            forms[index] = target.copy_foreign(source.pages[index].as_form_xobject())
                    _stamped_page(target, source.pages[page_index], forms[page_index], forms[overlay.page],
                                  float(source.pages[overlay.page].mediabox[3]), overlay)
                _copy_info(source, target, spec.title)
                stream = io.BytesIO()
                target.save(stream, deterministic_id=True)
                files[spec.path] = stream.getvalue()
    return files


def _stamped_page(target: pikepdf.Pdf, card_page: pikepdf.Page, card: pikepdf.Object, stamp: pikepdf.Object,
                  stamp_height: float, overlay: Overlay) -> None:
    """A new page: the card (shared by all its copies in the file), and over its blank slots the stamp.

    Boxes are in CSS px from each page's top left; PDF space is in points from the bottom left.
    The stamp is clipped to the slots and shifted so that its line lands on them.
    """
    width, height = float(card_page.mediabox[2]), float(card_page.mediabox[3])
    page = target.add_blank_page(page_size=(width, height))
    # Fixed names (the page is new, so they cannot clash); a prefix would add random characters.
    card_name = page.add_resource(card, pikepdf.Name.XObject, pikepdf.Name.Card)
    stamp_name = page.add_resource(stamp, pikepdf.Name.XObject, pikepdf.Name.Stamp)
    sx1, sy1, _, _ = overlay.source
    tx1, ty1, tx2, ty2 = overlay.target
    clip = f"{tx1 * PX:.3f} {height - ty2 * PX:.3f} {(tx2 - tx1) * PX:.3f} {(ty2 - ty1) * PX:.3f} re W n"
    shift = f"1 0 0 1 {(tx1 - sx1) * PX:.3f} {(height - ty1 * PX) - (stamp_height - sy1 * PX):.3f} cm"
    page.contents_add(f"q {card_name} Do Q\nq {clip} {shift} {stamp_name} Do Q\n".encode("ascii"))


def _copy_info(source: pikepdf.Pdf, target: pikepdf.Pdf, title: str) -> None:
    for key, value in source.docinfo.items():
        target.docinfo[key] = target.copy_foreign(value) if value.is_indirect else value
    target.docinfo["/Title"] = title
