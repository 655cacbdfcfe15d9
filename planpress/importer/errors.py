"""Import failures: a Chinese message that names the file and says what to do; nothing is written."""

from __future__ import annotations

from pathlib import Path

from ..problems import Location, SourceError, error


def failure(path: Path, message: str, hint: str = "") -> SourceError:
    return SourceError([error(Location(path), "导入", message, hint)])
