"""Problems found in the sources, worded for a medical-affairs editor.

Every problem names the file, line and column (1-based, counted in characters), the field, what is
wrong and how to fix it. Commands print them and exit 1 when any is an error.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable
from pathlib import Path


class Severity(enum.Enum):
    ERROR = "错误"
    WARNING = "警告"


@dataclasses.dataclass(frozen=True, order=True)
class Location:
    file: Path
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        shown = _display_path(self.file)
        if self.line:
            return f"{shown}:{self.line}:{self.column}"
        return shown


@dataclasses.dataclass(frozen=True)
class Problem:
    severity: Severity
    location: Location
    field: str
    message: str
    hint: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.location}: {self.severity.value}"
        field = f"【{self.field}】" if self.field else ""
        text = f"{where}: {field}{self.message}"
        if self.hint:
            text += f"\n    怎么改：{self.hint}"
        return text


def error(location: Location, field: str, message: str, hint: str = "") -> Problem:
    return Problem(Severity.ERROR, location, field, message, hint)


def warning(location: Location, field: str, message: str, hint: str = "") -> Problem:
    return Problem(Severity.WARNING, location, field, message, hint)


class SourceError(Exception):
    """The sources cannot be used: carries the problems that say why."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.is_error for p in problems)


def sort_key(problem: Problem) -> tuple:
    loc = problem.location
    return (str(loc.file), loc.line, loc.column, problem.severity is Severity.WARNING)


def _display_path(path: Path) -> str:
    """Relative to the working directory when inside it, so messages stay short and clickable."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
