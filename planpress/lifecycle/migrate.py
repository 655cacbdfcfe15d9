"""`planpress migrate`: rewrite a working copy written in the first format (v1) in the current one.

The conversion is `sources.legacy.upgrade`, the same that reads v1 archives, so the migrated
document shows a reader exactly what the old one did: same clause tree, numbers and texts, same
content fingerprint, so its approvals stay valid. YAML comments of the old file are not carried
over (the structure they annotated is gone); the new file says so in its header.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from pathlib import Path

from ..locks import document_lock
from ..problems import Location, SourceError, error
from ..render import atomic
from ..sources import legacy, schema
from ..sources.yamlsource import read_source
from .archive import _plain, _round_trip


@dataclasses.dataclass(frozen=True)
class Migrated:
    path: Path
    text: str


def migrate(path: Path, today: dt.date, write: bool = True) -> Migrated:
    path = Path(path)
    if not write:
        return _migrate(path, today, write)
    folder = path.resolve().parent
    with document_lock(folder.parent if folder.name == "source" else folder, path.stem, "planpress migrate"):
        return _migrate(path, today, write)


def _migrate(path: Path, today: dt.date, write: bool) -> Migrated:
    source = read_source(path)
    if not legacy.is_v1(source.data):
        raise SourceError([error(Location(path, 1, 1), "", "这个文件已经是现在的格式，不用转换。", "")])
    problems = schema.validate(source, "document-v1")
    if problems:
        raise SourceError(problems + [error(Location(path, 1, 1), "", "旧格式的文件本身有错误，无法转换。",
                                            "先按上面的提示改正（或用 git 恢复），再运行 planpress migrate。")])
    # The same conversion on the file read with its types (dates as dates), so the new file
    # writes them as the editor did, not as quoted text.
    typed = _round_trip().load(path.read_text("utf-8-sig"))
    upgraded = legacy.upgrade(dataclasses.replace(source, data=_plain(typed)))
    stream = io.StringIO()
    _round_trip().dump(upgraded.data, stream)
    header = (
        "# yaml-language-server: $schema=../planpress/sources/schemas/document.schema.json\n"
        "#\n"
        f"# {upgraded.data['number']} {upgraded.data['title']}\n"
        f"# 由 planpress migrate 于 {today} 从旧格式（v1）转换：内容、条款编号和内容指纹不变；\n"
        "# 旧文件里的注释没有保留（用 git 可以查看转换前的文件）。\n\n"
    )
    text = header + stream.getvalue()
    if write:
        atomic.write_text(path, text)
    return Migrated(path, text)
