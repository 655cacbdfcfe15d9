"""Display width of extracted text lines: a CJK character is two columns, ASCII one."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text.strip())


def reference_width(widths: list[int]) -> int:
    """The width of a full line: the 90th percentile of the longer lines (a few overlong lines,
    such as table rows in a text file, do not set the margin)."""
    longer = sorted(w for w in widths if w >= 16)
    if not longer:
        return max(widths, default=0)
    return longer[min(len(longer) - 1, int(len(longer) * 0.9))]


def is_full(line_width: int, reference: int) -> bool:
    return reference > 0 and line_width >= 0.8 * reference
