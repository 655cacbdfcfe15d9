"""Lines of a PDF or of extracted text back into paragraphs.

Chinese has no spaces between words, so broken lines join without one (ASCII words on both sides
keep a space). Rules, derived from the seed (tests/test_import_rejoin.py):
- a line that starts with a clause number or a list marker starts a paragraph (unless the previous
  line ends with a comma or an enumeration mark and the number is a lone list marker);
- a line that ends with 。；！？： ends its paragraph;
- a line that ends with ，、（“《 continues into the next;
- a "角色：成员" roster line (组长：分管院长) and a heading-like numbered line (5.5.1 火灾) end theirs;
- otherwise a line that reaches the right margin continues and a shorter one ends its paragraph;
- a blank line that the extractor did not put after every line ends a paragraph.
"""

from __future__ import annotations

import dataclasses
import re

from . import numbers
from .stream import Para, Place

ENDS = tuple("。；！？：;!?:")
CONTINUES = tuple("，、（“《—-(,")
ROSTER = re.compile(r"^[^，。；：:]{1,8}[：:][^，。；]{1,60}$")
LETTER_SPACED = re.compile(r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff])[ \u3000]{2,}(?=[\u4e00-\u9fff](?![\u4e00-\u9fff]))")
DATE_SPACES = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


@dataclasses.dataclass
class Paragraph:
    text: str
    place: Place
    places: list[Place]
    number: str | None = None
    heading: int | None = None


def tidy(text: str) -> str:
    """Spaces the layout put in: letter-spaced short words (组  长 → 组长), and trailing blanks."""
    return LETTER_SPACED.sub(r"\1", text.strip())


def join(left: str, right: str) -> str:
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def is_roster(text: str) -> bool:
    return bool(ROSTER.match(text)) and len(text) <= 40


def heading_like(text: str) -> bool:
    body = text.rstrip("：:")
    return 0 < len(body) <= 24 and not re.search(r"[，。；,;、]", body)


def title_like(text: str) -> bool:
    """A heading (组织体系, 突发事件应急措施), not a lead-in sentence (医务科接到报告后：)."""
    body = text.rstrip("：:")
    # 应 as "should" (应立即), not the 应 of a noun (应急, 响应, 相应, 供应)
    return heading_like(text) and not re.search(r"(后|时|前)$|如下|以下|下列|(?<![响相供适反对效感回呼答])应(?!急|$)|要(?!求|点)|须", body)


def paragraphs(lines: list[Para]) -> list[Paragraph]:
    result: list[Paragraph] = []
    previous: Para | None = None
    for line in lines:
        text = tidy(line.text)
        if not text:
            continue
        if previous is not None and result and _continues(previous, tidy(previous.text), line, text):
            result[-1].text = join(result[-1].text, text)
            result[-1].places.append(line.place)
        else:
            result.append(Paragraph(text, line.place, [line.place], line.number, line.heading))
        previous = line
    return result


def _continues(previous: Para, before: str, line: Para, text: str) -> bool:
    if line.gap_before or line.number:
        return False
    number, _ = numbers.split(text)
    if number is not None:
        lone_marker = not number.decimal or len(number.parts) == 1
        if not (before.endswith(CONTINUES) and lone_marker):
            return False
    if before.endswith(ENDS):
        return False
    if before.endswith(CONTINUES):
        return True
    if is_roster(before) and numbers.split(before)[0] is None:  # a numbered line is not a roster line
        return False
    lead, rest = numbers.split(before)
    if lead is not None and heading_like(rest) and not previous.full:
        return False
    return previous.full
