"""Cut the one PDF of a rendering pass into files, laying each copy's stamp over its card.

WeasyPrint subsets the Chinese fonts on every write, so the pass is written once and qpdf (through
pikepdf) cuts it: pages keep sharing one font subset, a copy's page is its card's page with the
copy's stamp drawn over the blank slots, and the same input gives the same bytes (the file
identifier is derived from the content).

The stamps of a campus are lines of one sheet. A copy's stamp is that sheet as a form XObject with
only the text objects of its own line: clipping alone would hide the other copies' numbers from the
eye but not from text extraction or a screen reader.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pikepdf

PX = 0.75  # WeasyPrint's CSS pixel in PDF points

Box = tuple[float, float, float, float]  # x1, y1, x2, y2 in CSS px from the page's top left


@dataclasses.dataclass(frozen=True)
class Overlay:
    """Draw the `source` box of page `page` over the `target` box of the page it belongs to."""

    page: int
    source: Box
    target: Box


@dataclasses.dataclass(frozen=True)
class FileSpec:
    path: Path
    title: str
    pages: tuple[tuple[int, Overlay | None], ...]  # page index of the pass, what to lay over it


def split(combined: bytes, specs: list[FileSpec]) -> dict[Path, bytes]:
    files = {}
    with pikepdf.open(io.BytesIO(combined)) as source:
        sheets: dict[int, list] = {}  # page index of a stamp sheet → its content, parsed once
        for spec in specs:
            with pikepdf.new() as target:
                cards: dict[int, pikepdf.Object] = {}  # page of the pass → its form XObject in this file
                for page_index, overlay in spec.pages:
                    if overlay is None:
                        target.pages.append(source.pages[page_index])
                        continue
                    if page_index not in cards:
                        cards[page_index] = target.copy_foreign(source.pages[page_index].as_form_xobject())
                    stamp = target.copy_foreign(_stamp(source, overlay, sheets))
                    _stamped_page(target, source.pages[page_index], cards[page_index], stamp,
                                  float(source.pages[overlay.page].mediabox[3]), overlay)
                _copy_info(source, target, spec.title)
                stream = io.BytesIO()
                target.save(stream, deterministic_id=True)
                files[spec.path] = stream.getvalue()
    return files


def _stamp(source: pikepdf.Pdf, overlay: Overlay, sheets: dict[int, list]) -> pikepdf.Object:
    """The stamp sheet of `overlay` as a form XObject that draws only the text in its source box."""
    page = source.pages[overlay.page]
    if overlay.page not in sheets:
        sheets[overlay.page] = pikepdf.parse_content_stream(page)
    height = float(page.mediabox[3])
    _, y1, _, y2 = overlay.source
    kept, texts = _text_between(sheets[overlay.page], height - y2 * PX, height - y1 * PX)
    if not texts:  # a stamp without its values would post a copy without its number: never silently
        raise RuntimeError(f"stamp at {overlay.source} on page {overlay.page + 1}: no text found")
    form = page.as_form_xobject()
    form.write(pikepdf.unparse_content_stream(kept))
    return form


def _text_between(instructions: list, bottom: float, top: float) -> tuple[list, int]:
    """The content without the text objects (BT … ET) whose origin lies outside bottom ≤ y ≤ top
    (PDF points from the bottom of the page); and how many text objects were kept."""
    kept, kept_texts = [], 0
    ctm = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved = []
    text: list | None = None  # the text object being read
    origin: float | None = None
    for instruction in instructions:
        operator = str(instruction.operator)
        if text is not None:
            text.append(instruction)
            if origin is None and operator in ("Tm", "Td", "TD"):
                e, f = (float(v) for v in instruction.operands[-2:])
                origin = ctm[1] * e + ctm[3] * f + ctm[5]  # the text matrix starts as identity in BT
            elif operator == "ET":
                if origin is not None and bottom <= origin <= top:
                    kept += text
                    kept_texts += 1
                text = None
            continue
        if operator == "BT":
            text, origin = [instruction], None
            continue
        if operator == "q":
            saved.append(ctm)
        elif operator == "Q" and saved:
            ctm = saved.pop()
        elif operator == "cm":
            ctm = _multiply(tuple(float(v) for v in instruction.operands), ctm)
        kept.append(instruction)
    return kept, kept_texts


def _multiply(m, n):
    """The matrix product m × n of two PDF matrices (a b c d e f): first m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


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
