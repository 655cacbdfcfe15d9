"""Values as the originals write them: dates, versions, phone numbers."""

from __future__ import annotations

import datetime
import re

DATE = re.compile(r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})\s*日?")
YEAR_ONLY = re.compile(r"(\d{4})\s*年")
VERSION = re.compile(r"^\s*([A-Z])\s*[/／]\s*(\d{1,2})\s*$")
PHONE = re.compile(r"^[0-9][0-9\-—/、，, ]{1,30}[0-9]$|^\d{3,}$")
BLANK_DATE = re.compile(r"^\s*(年\s*月\s*日|/|—+|-+|无)?\s*$")


def date(text: str) -> str | None:
    """'2020年 8月 10日' → '2020-08-10'; None when there is no valid date."""
    match = DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def version(text: str) -> str | None:
    match = VERSION.match(text)
    return f"{match.group(1)}/{int(match.group(2))}" if match else None


def phone(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_phone(text: str) -> bool:
    return bool(PHONE.match(text.strip()))
