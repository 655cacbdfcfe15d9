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
import hashlib
import re
from pathlib import Path

from .. import dates
from ..model import Document, Project
from ..problems import Location, Problem, SourceError, error
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
        found = check_source(source, project, number)
        if found:
            problems += found
            continue
        drills.append(_drill(path, source.data))
    return sorted(drills, key=lambda d: (d.date, d.key)), problems


def check_source(source, project: Project, number: str, attachments: dict[str, bytes] | None = None) -> list[Problem]:
    """Every problem of one drill record: its schema, then its rules (the record the application's
    form is about to write is checked here too). `attachments`: the files about to be written
    beside it (name → bytes); otherwise those in its folder."""
    return schema.validate(source, "drill") or _rules(source, project, number, attachments)


def _rules(source, project: Project, number: str, attachments: dict[str, bytes] | None = None) -> list[Problem]:
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
    for i, attachment in enumerate(data.get("attachments", ())):
        name = attachment["file"]
        if attachments is not None:
            content = attachments.get(name)
        else:
            path = Path(source.path).parent / name
            content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        where = source.at(("attachments", i, "file"))
        if content is None:
            problems.append(error(where, format_field(("attachments", i, "file")), f"附件 {name} 不在演练记录旁的 files/ 文件夹里。",
                                  f"把附件放回 source/drills/{number}/{name}，或删去这一项。"))
        elif hashlib.sha256(content).hexdigest() != attachment["sha256"]:
            problems.append(error(source.at(("attachments", i, "sha256")), format_field(("attachments", i, "sha256")),
                                  f"附件 {name} 的内容和记录时不同（SHA-256 不符）：照片或扫描件被换过或损坏了。",
                                  "从 git 历史里找回原来的附件；确需更换时在内网应用里重新记录这次演练。"))
    return problems


def check_files(root: Path, project: Project, paths: list[Path] | None = None) -> list[Problem]:
    """`planpress check`: every drill record under source/drills/ (or those at `paths`)."""
    top = Path(root) / "source" / DRILLS_DIR
    if paths is not None:
        chosen = [Path(p).resolve() for p in paths]
        numbers = sorted({p.parent.name for p in chosen if p.suffix == ".yaml"} | {p.name for p in chosen if p.is_dir()})
    else:
        chosen = None
        numbers = sorted(p.name for p in top.iterdir() if p.is_dir()) if top.is_dir() else []
    known = {d.number for d in project.documents}
    problems: list[Problem] = []
    for number in numbers:
        here = top / number
        if number not in known:
            problems.append(error(Location(here), "", f"source/drills/{number}/ 里是演练记录，但 source/ 里没有文件 {number}。",
                                  did_you_mean(number, sorted(known)) + "文件夹名须是预案的文件编号。"))
            continue
        for path in sorted(here.glob("*.yaml")):
            if chosen is not None and path.resolve() not in chosen and here.resolve() not in chosen:
                continue
            if not NAME.match(path.name):
                problems.append(error(Location(path), "", f"演练记录的文件名 {path.name} 不对。",
                                      "演练记录由内网应用写入，名字是 日期-序号.yaml，例如 2026-11-20-1.yaml；请改名。"))
                continue
            try:
                source = read_source(path)
            except SourceError as exc:
                problems += exc.problems
                continue
            problems += check_source(source, project, number)
    return problems


@dataclasses.dataclass(frozen=True)
class FindingState:
    drill: Drill
    index: int  # 1-based, as cited: 2026-11-20-1#2
    finding: Finding
    answered_by: tuple[str, ...]  # the versions whose revision records cite it

    @property
    def reference(self) -> str:
        return f"{self.drill.key}#{self.index}"


def findings_of(doc: Document, drills: list[Drill]) -> list[FindingState]:
    """Every finding of the plan's drills, newest drill first, with the revisions that answer it."""
    cited: dict[str, list[str]] = {}
    for revision in doc.revisions:
        for reference in revision.drill_findings:
            cited.setdefault(reference, []).append(str(revision.version))
    return [FindingState(d, i, f, tuple(cited.get(f"{d.key}#{i}", ())))
            for d in sorted(drills, key=lambda d: (d.date, d.key), reverse=True)
            for i, f in enumerate(d.findings, start=1)]


def citation_problems(root: Path, project: Project, sources) -> list[Problem]:
    """A revision record's drill_findings must name findings of this plan's drill records."""
    problems: list[Problem] = []
    by_number = {s.data.get("number"): s for s in sources}
    for doc in project.documents:
        cited = [(i, j, ref) for i, r in enumerate(doc.revisions) for j, ref in enumerate(r.drill_findings)]
        source = by_number.get(doc.number)
        if not cited or source is None:
            continue
        drills, broken = load(root, project, doc.number)
        findings = {f"{d.key}#{n}" for d in drills for n in range(1, len(d.findings) + 1)}
        keys = {d.key: len(d.findings) for d in drills}
        broken_files = {Path(p.location.file).stem for p in broken if p.location and p.location.file}
        for i, j, reference in cited:
            if reference in findings:
                continue
            key, _, n = reference.partition("#")
            field = ("revisions", i, "drill_findings", j)
            if key in broken_files:
                why, fix = (f"演练记录 {key} 有错误，读不出它的发现。", f"先改正 source/drills/{doc.number}/{key}.yaml（planpress check 列出了它的错误）。")
            elif key in keys:
                why, fix = (f"演练记录 {key} 只有 {keys[key]} 条发现，没有第 {n} 条。",
                            f"写 {key}#1 到 {key}#{keys[key]} 之间的一条。" if keys[key] else "这次演练没有记录发现，删去这一项。")
            else:
                why, fix = (f"{doc.number} 没有名为 {key} 的演练记录。",
                            did_you_mean(key, sorted(keys)) + f"已有的演练记录：{'、'.join(sorted(keys)) or '无'}（source/drills/{doc.number}/）。")
            problems.append(error(source.at(field), format_field(field), f"修订记录引用的演练发现 {reference} 不存在：{why}", fix))
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
    states = findings_of(doc, drills)
    if states:
        still = sum(not f.answered_by for f in states)
        lines.append(f"  演练发现的问题（{len(states)} 条，{still} 条待修订回应；修订记录的 drill_findings 引用）：")
        for f in states:
            state = f"已由 {'、'.join(f.answered_by)} 修订回应" if f.answered_by else "待修订回应"
            lines.append(f"    {f.reference}  {f.drill.date} {_one_line(f.finding.finding)}：{state}")
    for problem in problems:
        lines.append(f"    错误：{problem}")
    return lines


def _one_line(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
