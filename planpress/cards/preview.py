"""PNG previews of the cards for the intranet site: the first page of a PDF, as pixels.

Rendered by PDFium from the card's own PDF, so the preview is exactly what prints; the same PDF
always gives the same PNG bytes (no timestamps or other metadata are written).
"""

from __future__ import annotations

import io

import pypdfium2

PREVIEW_DPI = 110  # an A4 card is 909 × 1286 px: sharp on screen, and its QR code still decodes


def pngs(pdf: bytes, page_indexes: list[int], dpi: int = PREVIEW_DPI) -> list[bytes]:
    """PNG previews of the given pages of one PDF, opened once."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [_png(document[index], dpi) for index in page_indexes]
    finally:
        document.close()


def _png(page, dpi: int) -> bytes:
    bitmap = page.render(scale=dpi / 72, may_draw_forms=False)
    stream = io.BytesIO()
    bitmap.to_pil().save(stream, format="PNG")
    return stream.getvalue()
