"""Phone numbers in plan text, as links that dial when tapped (tel:).

The directory's numbers are links wherever the site shows them (contacts.yaml: prose.phone_cell);
this finds the numbers an editor typed into a text: a hospital extension of 7 or 8 digits, a
mobile number, a number with its area code (0531-82169114) and the public emergency numbers (110,
119, 120, 122). A run of digits inside a longer code, a date, an amount or a count is left alone:
no letter, digit, dot, hyphen or slash before it, nor after it a unit (元、年、%、次 …).
"""

from __future__ import annotations

import re

from . import markdown as md

NUMBER = re.compile(
    r"(?<![0-9A-Za-z._/\-])"
    r"(0\d{2,3}-\d{7,8}|1[3-9]\d{9}|\d{7,8}|11[09]|12[02])"
    r"(?![0-9A-Za-z._/\-%‰℃年月日时分秒元万亿号次个件份人页条期楼层室床])")


def markdown(text: str) -> str:
    """`text` as Markdown text (md.text), its phone numbers as tel: links."""
    return "".join(md.tel(piece) if index % 2 else md.text(piece)
                   for index, piece in enumerate(NUMBER.split(text)) if piece)


def html(text: str) -> str:
    """`text` for raw HTML (md.html_text), its phone numbers as tel: links."""
    return "".join(md.html_tel(piece) if index % 2 else md.html_text(piece)
                   for index, piece in enumerate(NUMBER.split(text)) if piece)


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text))
