"""The QR code of a card: the address of its page on the intranet site, as an SVG data: URI."""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_data_uri(url: str) -> str:
    """Error correction M: a card on a wall gets scratched; the code stays small enough to print at 25 mm."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.svg_data_uri(border=QUIET_ZONE, dark="#000000", light="#ffffff", omit_charset=False)
