"""The QR code of a card: the address of its page on the intranet site, as a PNG data: URI.

One pixel per module, drawn without interpolation (`image-rendering: pixelated` in cards.css), so
the code is sharp at any size; a bitmap is also much cheaper for WeasyPrint than an SVG path.
"""

from __future__ import annotations

import functools

import segno

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


@functools.cache  # a scenario's cards of every campus show the same code; choosing its mask takes ~20 ms
def qr_data_uri(url: str) -> str:
    """Error correction M: a card on a wall gets scratched; the code stays small enough to print at
    22 mm (A4) or 17 mm (A5), which the cards' previews still decode."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.png_data_uri(scale=1, border=QUIET_ZONE, dark="#000000", light="#ffffff")
