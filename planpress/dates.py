"""Dates as the hospital writes them, and the one notion of "today" every command shares."""

from __future__ import annotations

import datetime as dt
import os

TODAY_VARIABLE = "PLANPRESS_TODAY"


def today() -> dt.date:
    """Today's date; PLANPRESS_TODAY=YYYY-MM-DD fixes it (for tests and for rebuilding the past)."""
    fixed = os.environ.get(TODAY_VARIABLE)
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def parse(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def add_years(day: dt.date, years: int) -> dt.date:
    """Same month and day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def chinese(day: dt.date | int | None) -> str:
    """2020-08-10 → 2020年8月10日; a bare year 2007 → 2007年; None → empty."""
    if day is None:
        return ""
    if isinstance(day, int):
        return f"{day}年"
    return f"{day.year}年{day.month}月{day.day}日"
