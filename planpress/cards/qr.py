"""The QR code of a card: the address of its page on the intranet site, as a PNG data: URI.

One pixel per module, drawn without interpolation (`image-rendering: pixelated` in cards.css), so
the code is sharp at any size; a bitmap is also much cheaper for WeasyPrint than an SVG path.
Choosing a code's mask takes ~20 ms, and a register has a few codes per document: `remembered`
keeps the codes of earlier builds in .cache/qr-codes.json (with the digest of the installed
libraries, segno among them), so a build makes only the codes of new addresses, and does not even
import segno (0.25 s) when there are none.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Iterator
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


@contextlib.contextmanager
def remembered(root: Path) -> Iterator[None]:
    """Use the codes kept in the project's cache, and add the ones made meanwhile."""
    from ..inputs import libraries

    path = root / CACHE
    version = libraries()
    codes: dict[str, str] = {}
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("libraries") == version and isinstance(data.get("codes"), dict):
            codes = data["codes"]
    except (OSError, ValueError, AttributeError):
        pass
    _known.update(codes)
    try:
        yield
    finally:
        if _made:
            from ..render import atomic

            codes = {**codes, **_made}
            with contextlib.suppress(OSError):
                atomic.write_text(path, json.dumps({"libraries": version, "codes": codes}, sort_keys=True))
            _known.update(_made)
            _made.clear()
