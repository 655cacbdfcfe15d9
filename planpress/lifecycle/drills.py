"""Drills of a plan: records in source/drills/<number>/<date>-<n>.yaml (written by the intranet
application, committed to git like the documents), the last drill of each scenario, and which
scenarios have not been drilled within the hospital's interval (planpress.yaml drills.interval_months).

Drills live in git beside the plans, not in the application's database: they are part of the
plan's record (a revision answers their findings, the annual review lists them), `planpress status`
reads them without the application, and git keeps who recorded what and when.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from .. import dates
from ..model import Document, Project
from ..problems import Problem, SourceError, error
from ..sources import schema
from ..sources.suggest import did_you_mean
from ..sources.yamlsource import format_field, read_source

DRILLS_DIR = "drills"
NAME = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{1,3}\.yaml$")


@dataclasses.dataclass(frozen=True)
class Finding:
    finding: str
    action: str


@dataclasses.dataclass(frozen=True)
class Drill:
    path: Path
    number: str
    date: dt.date
    scenarios: tuple[str, ...]
    campus: str
    participants: tuple[tuple[str, str, str], ...]  # (id, name, department)
    went_well: str
    findings: tuple[Finding, ...]
    attachments: tuple[tuple[str, str, str], ...]  # (file relative to the drill's folder, title, sha256)
    recorded_by: str

    @property
    def key(self) -> str:
        return self.path.stem  # 2026-11-20-1


@dataclasses.dataclass(frozen=True)
class ScenarioDrill:
    key: str
    title: str
    last: Drill | None
    due: dt.date | None  # when it must be drilled again (None: never drilled)
    overdue: bool


def folder(root: Path, number: str) -> Path:
    return Path(root) / "source" / DRILLS_DIR / number


def load(root: Path, project: Project, number: str) -> tuple[list[Drill], list[Problem]]:
    """The drills of `number`, oldest first, and the problems of those that cannot be read."""
    here = folder(root, number)
    drills, problems = [], []
    if not here.is_dir():
        return drills, problems
    for path in sorted(here.glob("*.yaml")):
        try:
            source = read_source(path)
        except SourceError as exc:
            problems += exc.problems
            continue
        found = schema.validate(source, "drill")
        if not found:
            found = _rules(source, project, number)
        if found:
            problems += found
            continue
        drills.append(_drill(path, source.data))
    return sorted(drills, key=lambda d: (d.date, d.key)), problems


def _rules(source, project: Project, number: str) -> list[Problem]:
    data = source.data
    problems = []
    if data["document"] != number:
        problems.append(error(source.at(("document",)), "document", f"这条演练记录写的是 {data['document']}，却放在 {number} 的文件夹里。",
                              f"把它移到 source/drills/{data['document']}/，或改正 document。"))
    doc = next((d for d in project.documents if d.number == number), None)
    keys = [s.key for s in doc.scenarios] if doc else []
    for i, key in enumerate(data["scenarios"]):
        if key not in keys:
            problems.append(error(source.at(("scenarios", i)), format_field(("scenarios", i)),
                                  f"{number} 里没有场景“{key}”。", did_you_mean(key, keys) + f"预案里的场景：{'、'.join(keys) or '无'}。"))
    campuses = [c.key for c in project.directory.campuses]
    if data["campus"] not in campuses:
        problems.append(error(source.at(("campus",)), "campus", f"院区“{data['campus']}”不在通讯录里。",
                              did_you_mean(data["campus"], campuses) + f"已有的院区：{'、'.join(campuses)}。"))
    if dates.parse(data["date"]) > dates.today():
        problems.append(error(source.at(("date",)), "date", f"演练日期 {data['date']} 在今天之后。", "写演练实际进行的日期。"))
    return problems


def _drill(path: Path, data: dict) -> Drill:
    return Drill(path, data["document"], dates.parse(data["date"]), tuple(data["scenarios"]), data["campus"],
                 tuple((p["id"], p["name"], p.get("department", "")) for p in data["participants"]),
                 data["went_well"], tuple(Finding(f["finding"], f.get("action", "")) for f in data["findings"]),
                 tuple((a["file"], a.get("title", ""), a["sha256"]) for a in data.get("attachments", ())),
                 data.get("recorded_by", ""))


def by_scenario(doc: Document, drills: list[Drill], today: dt.date, months: int) -> list[ScenarioDrill]:
    """Each scenario of the plan with its last drill, and whether it is overdue."""
    found = []
    for scenario in doc.scenarios:
        last = max((d for d in drills if scenario.key in d.scenarios), key=lambda d: (d.date, d.key), default=None)
        due = _add_months(last.date, months) if last else None
        found.append(ScenarioDrill(scenario.key, scenario.title, last, due, last is None or today > due))
    return found


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last_day in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError(day)


def next_name(root: Path, number: str, day: dt.date) -> str:
    here = folder(root, number)
    taken = {p.name for p in here.glob(f"{day.isoformat()}-*.yaml")} if here.is_dir() else set()
    n = 1
    while f"{day.isoformat()}-{n}.yaml" in taken:
        n += 1
    return f"{day.isoformat()}-{n}.yaml"


def status_lines(root: Path, project: Project, doc: Document, today: dt.date) -> list[str]:
    """`planpress status`: the last drill of each scenario, and a warning past the interval."""
    if not doc.scenarios:
        return []
    drills, problems = load(root, project, doc.number)
    months = project.config.drill_interval_months
    campuses = {c.key: c.name for c in project.directory.campuses}
    lines = [f"  应急演练（每个场景至少每 {months} 个月一次）："]
    for row in by_scenario(doc, drills, today, months):
        if row.last is None:
            lines.append(f"    {row.title}：没有演练记录  警告：从未演练")
        else:
            state = f"  警告：已超过 {months} 个月（应于 {row.due} 前再次演练）" if row.overdue else f"（下次应于 {row.due} 前）"
            lines.append(f"    {row.title}：最近一次 {row.last.date}（{campuses.get(row.last.campus, row.last.campus)}）{state}")
    for problem in problems:
        lines.append(f"    错误：{problem}")
    return lines
