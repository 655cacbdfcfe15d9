"""Running page headers and footers of a PDF or of text extracted from one.

A line at the top or the bottom of a page that comes back on other pages (digits aside: "第 2 页
共 5 页") is a page header or footer, not text of the document; so is a bare page number. They are
taken out of the stream and listed as dropped (the report says so), never mixed into a clause.
"""

from __future__ import annotations

import re
from collections import Counter

from .stream import Para

ZONE = 2  # lines at the top and at the bottom of a page that may be a running header or footer
PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*\d+\s*页\s*[,，/、]?\s*(共\s*\d+\s*页)?|\d+\s*/\s*\d+|[-—–]?\s*\d{1,3}\s*[-—–]?|"
                         r"page\s*\d+(\s*of\s*\d+)?)[-—–\s]*$", re.I)
PAGE_COUNT_IN_LINE = re.compile(r"第\s*\d+\s*页|共\s*\d+\s*页|\bpage\s*\d+", re.I)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def strip_running(pages: list[list[Para]]) -> tuple[list[list[Para]], list[tuple[Para, str]]]:
    """Pages without their running headers/footers, and the dropped lines with why."""
    if len(pages) < 2:
        return pages, []
    tops, bottoms = Counter(), Counter()
    for lines in pages:
        tops.update({_key(p.text) for p in lines[:ZONE]})
        bottoms.update({_key(p.text) for p in lines[-ZONE:]})
    needed = max(2, (len(pages) + 1) // 2)
    kept_pages, dropped = [], []
    for number, lines in enumerate(pages, 1):
        keep = []
        for index, para in enumerate(lines):
            key = _key(para.text)
            at_top, at_bottom = index < ZONE, index >= len(lines) - ZONE
            why = None
            if (at_top or at_bottom) and PAGE_NUMBER.match(para.text):
                why = "页码"
            elif at_top and tops[key] >= needed and (number > 1 or PAGE_COUNT_IN_LINE.search(para.text)):
                why = "页眉"
            elif at_bottom and bottoms[key] >= needed and (number > 1 or PAGE_COUNT_IN_LINE.search(para.text)
                                                           or len(pages) == bottoms[key]):
                why = "页脚"
            if why:
                dropped.append((para, why))
            else:
                keep.append(para)
        kept_pages.append(keep)
    return kept_pages, dropped
