"""Output paths are built from validated names only, and cannot leave build/ or site/.

planpress.outputs names every output from a document's number, its version, a scenario key and a
campus key. `check` has validated each (numbers by planpress.sources.numbers, keys by the schemas),
so this is the last line of defence: every name that becomes one part of a path must be a plain
file name (letters, digits, "-", "_", "."; never "", "." or ".."; no separator or control
character; at most 255 bytes), so that joining it to build/ or site/ stays inside them whatever the
model holds. A name that fails is a bug upstream, reported in Chinese rather than written.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..problems import Location, SourceError, error

_NAME = re.compile(r"[^\W_][\w.-]*")


def safe_name(name: str) -> str:
    """`name`, when it is a plain file name; else SourceError (nothing is written)."""
    if not isinstance(name, str) or not _NAME.fullmatch(name) or len(name.encode("utf-8")) > 255:
        raise SourceError([error(Location(Path(".")), "", f"输出文件名“{name!r}”不是安全的文件名，没有写入任何文件。",
                                 "这是程序的问题（文件编号和键本应在检查时被拒绝），请把这条信息发给维护者。")])
    return name


def under(base: Path, *names: str) -> Path:
    """base/name/…, each name checked by safe_name: the result is always inside `base`."""
    return base.joinpath(*(safe_name(name) for name in names))
