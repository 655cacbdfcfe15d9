"""Where the digital signature stamps go: one empty cell per approval row of 10 审核批准.

Each cell has the HTML id `signature-N` (N: the row, counted from 1 in the order of the document's
signatories). While the PDF is written, the named destination WeasyPrint makes for that id is
turned into a /FitR destination holding the cell's exact rectangle, so a signing tool finds the
box without rendering again:

    for cell in signature_cells(pdf_path_or_bytes): cell.index, cell.page (0-based), cell.box (PDF points)

`box` is (left, bottom, right, top) in PDF user space, the form pyHanko's SigFieldSpec takes.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

PREFIX = "signature-"
PX_TO_PT = 0.75  # CSS px → PDF points at WeasyPrint's zoom 1


def cell_id(index: int) -> str:
    return f"{PREFIX}{index}"


@dataclasses.dataclass(frozen=True)
class SignatureCell:
    index: int  # row of the approvals table, from 1
    page: int  # from 0
    box: tuple[float, float, float, float]  # left, bottom, right, top in points


def mark_signature_cells(document, pdf) -> None:
    """WeasyPrint finisher: give each signature cell's destination the cell's rectangle."""
    import pydyf

    boxes = _cell_boxes(document)
    names = pdf.catalog.get("Names", {}).get("Dests", {}).get("Names", [])
    for position in range(0, len(names), 2):
        name = names[position].string
        if name in boxes:
            page, box = boxes[name]
            names[position + 1] = pydyf.Array([pdf.page_references[page], "/FitR", *box])


def _cell_boxes(document) -> dict[str, tuple[int, tuple[float, ...]]]:
    found = {}
    for number, page in enumerate(document.pages):
        height = page.height
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is None or box.element_tag != "td":
                continue
            identifier = element.get("id", "")
            if identifier.startswith(PREFIX) and identifier not in found:
                x, y = box.border_box_x(), box.border_box_y()
                left, right = x * PX_TO_PT, (x + box.border_width()) * PX_TO_PT
                top, bottom = (height - y) * PX_TO_PT, (height - y - box.border_height()) * PX_TO_PT
                found[identifier] = (number, tuple(round(v, 2) for v in (left, bottom, right, top)))
    return found


def signature_cells(pdf: Path | bytes) -> list[SignatureCell]:
    """The signature cells of a built PDF (a file, or its bytes), read back from its named destinations."""
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    cells = []
    for name, destination in reader.named_destinations.items():
        if str(name).startswith(PREFIX) and destination.typ == "/FitR":
            box = tuple(float(destination[key]) for key in ("/Left", "/Bottom", "/Right", "/Top"))
            cells.append(SignatureCell(int(str(name)[len(PREFIX):]), reader.get_destination_page_number(destination),
                                       box))
    return sorted(cells, key=lambda cell: cell.index)
