"""What every lifecycle command does first: find the document, load the project, say no clearly."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .. import dates
from ..model.loader import SOURCE_DIR, CheckResult, check
from ..model import Document, Project
from ..problems import Location, Problem, SourceError, error


@dataclasses.dataclass(frozen=True)
class Workspace:
    root: Path
    path: Path  # source/<number>.yaml
    project: Project
    doc: Document  # the working copy
    problems: tuple[Problem, ...]  # warnings found while loading
    today: dt.date
    # source texts the checks read instead of the files (lifecycle.release: a working copy with
    # errors stood in for by its last release, so an archived version can still be signed again)
    stand_in: Mapping[Path, str] = dataclasses.field(default_factory=dict)

    @property
    def source_dir(self) -> Path:
        return self.root / SOURCE_DIR


def refuse(path: Path, message: str, hint: str = "", field: str = "", details=()) -> SourceError:
    """The error a command raises to say no: one Chinese problem, then any details."""
    return SourceError([error(Location(path), field, message, hint), *details])


def document_path(root: Path, number: str) -> Path:
    path = root / SOURCE_DIR / f"{number}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (root / SOURCE_DIR).glob("*.yaml")
                       if p.name not in ("contacts.yaml", "planpress.yaml", "people.yaml"))
        raise refuse(root / SOURCE_DIR, f"没有编号为 {number} 的文件（找不到 {path.name}）。",
                     f"现有的文件：{'、'.join(known) or '无'}。文件编号写法如 H-J-YA-028。")
    return path


def open_document(root: Path | str, number: str, action: str, *, lifecycle: bool = True,
                  today: dt.date | None = None) -> Workspace:
    """Load the project for a command on `number`; refuse when the sources have errors."""
    root = Path(root)
    path = document_path(root, number)
    today = today or dates.today()
    result = check(root, [path], today, lifecycle=lifecycle)
    if result.project is None:
        raise refuse(path, f"{number} 未通过检查（见下面的错误），不能{action}。",
                     "先改正这些错误，运行 planpress check 确认通过后再试。",
                     details=[p for p in result.problems if p.is_error])
    return Workspace(root, path, result.project, result.project.document(number),
                     tuple(p for p in result.problems if not p.is_error), today)


def check_edit(ws: Workspace, texts: Mapping[Path, str], action: str) -> CheckResult:
    """Check the project as it would be after writing `texts`; refuse (writing nothing) on errors."""
    result = check(ws.root, [ws.path], ws.today, overrides={**ws.stand_in, **texts})
    if result.project is None:
        raise refuse(ws.path, f"{action}后的文件不能通过检查，所以没有写入任何内容。",
                     "按下面的提示改正后再试。", details=[p for p in result.problems if p.is_error])
    return result


def parse_date(text: str | None, path: Path, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dates.parse(text)
    except ValueError:
        raise refuse(path, f"{option} 的日期“{text}”不对。", "写成 YYYY-MM-DD，例如 2026-12-01，并确认这一天真实存在。") from None


def timestamper_for(ws: Workspace, given=None):
    """The TSA a signature made here asks for its trusted timestamp: `given` (the intranet
    application's own), else PLANPRESS_TSA_URL or planpress.yaml's signatures.timestamp_service;
    None when neither is configured (the signature then carries no timestamp, which a machine that
    requires them refuses)."""
    if given is not None:
        return given
    from ..trust.tsa import configured_url, http_timestamper

    url = configured_url(ws.project.config.timestamp_service)
    return http_timestamper(url) if url else None
