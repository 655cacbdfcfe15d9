"""The QR code of a card: the address of its page on the intranet site, as a PNG data: URI.

One pixel per module, drawn without interpolation (`image-rendering: pixelated` in cards.css), so
the code is sharp at any size; a bitmap is also much cheaper for WeasyPrint than an SVG path.
Choosing a code's mask takes ~20 ms, and a register has a few codes per document: `Remembered`
keeps the codes of earlier builds in .cache/qr-codes.json (with the digest of the installed
libraries, segno among them), so a build makes only the codes of new addresses, and does not even
import segno (0.25 s) when there are none.
"""

from __future__ import annotations

import contextlib
import functools
import json
from pathlib import Path

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
CACHE = Path(".cache") / "qr-codes.json"

_known: dict[str, str] = {}  # url → data URI, from earlier builds
_made: dict[str, str] = {}  # made by this process and not saved yet


def qr_data_uri(url: str) -> str:
    """Error correction M: a card on a wall gets scratched; the code stays small enough to print at
    22 mm (A4) or 17 mm (A5), which the cards' previews still decode."""
    found = _known.get(url)
    if found is None:
        found = _make(url)
        _made[url] = found
    return found


@functools.cache  # a scenario's cards of every campus show the same code
def _make(url: str) -> str:
    import segno

    code = segno.make(url, error="m", micro=False, boost_error=False)
    return code.png_data_uri(scale=1, border=QUIET_ZONE, dark="#000000", light="#ffffff")


class Remembered:
    """The codes kept in the project's cache, used from now on; `save` adds the ones made meanwhile."""

    def __init__(self, root: Path):
        from ..inputs import libraries

        self.path = root / CACHE
        self.version = libraries()
        self.codes: dict[str, str] = {}
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if data.get("libraries") == self.version and isinstance(data.get("codes"), dict):
                self.codes = data["codes"]
        except (OSError, ValueError, AttributeError):
            pass
        _known.update(self.codes)

    def save(self) -> None:
        if _made:
            from ..render import atomic

            codes = {**self.codes, **_made}
            with contextlib.suppress(OSError):
                atomic.write_text(self.path, json.dumps({"libraries": self.version, "codes": codes}, sort_keys=True))
            _known.update(_made)
            _made.clear()
