"""What planpress prints to a terminal cannot command the terminal.

Text from the sources reaches the terminal in problems, `diff`, `status`, and the messages of
`approve`, `release`, `revise`, `build`. An escape sequence in that text (ESC [ 8 m conceals the
rest of a line; ESC [ 2 K erases it; a carriage return overwrites it) or a bidirectional override
(which shows a line in another order than it is written) could hide an inserted clause from the
reviewer reading `planpress diff`. `neutralise` turns every such character into a visible escape,
\\u001b, \\u202e…; the same form is a valid escape in JSON, so `diff --json` stays exact.

`guarded()` (entered by planpress.cli.main) wraps stdout and stderr so that everything printed
passes through `neutralise`, whichever module prints it. The one exception is planpress's own
colouring of `diff` on a terminal: `write_trusted` writes text whose every user-derived part was
neutralised by its caller, with the colour codes planpress added itself.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from collections.abc import Iterator

# C0 controls except tab and line feed, DEL, C1 controls, bidirectional marks, embeddings, overrides
# and isolates, zero-width and invisible characters, line and paragraph separators, BOM, surrogates.
# Also what prints as nothing: soft hyphen, combining grapheme joiner, fillers, variation selectors, tags.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                      "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
                      "\ud800-\udfff\U000e0000-\U000e0fff]")


def _visible(match: re.Match) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def neutralise(text: str) -> str:
    """`text` with every control, bidirectional and invisible character shown as \\uXXXX."""
    return CONTROLS.sub(_visible, text)


class _Guard(io.TextIOBase):
    """A text stream that neutralises what is written to it before passing it on."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(neutralise(text))
        return len(text)

    def write_trusted(self, text: str) -> int:
        self._stream.write(text)
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self):  # noqa: D401 - mirrors the wrapped stream
        return getattr(self._stream, "encoding", "utf-8")

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """Neutralise everything printed to stdout and stderr while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = _Guard(sys.stdout) if not isinstance(sys.stdout, _Guard) else sys.stdout
    sys.stderr = _Guard(sys.stderr) if not isinstance(sys.stderr, _Guard) else sys.stderr
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdout, sys.stderr = saved


def write_trusted(stream, text: str) -> None:
    """Write `text`, whose user-derived parts the caller neutralised, keeping planpress's own colours."""
    if isinstance(stream, _Guard):
        stream.write_trusted(text)
    else:
        stream.write(text)
