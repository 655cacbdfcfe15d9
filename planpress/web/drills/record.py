"""Recording a drill from the form: what was sent, checked, written as a YAML record with its
attachments under source/drills/<number>/ and committed as the signed-in person."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re

from django.conf import settings
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from ...lifecycle import drills
from ...model import Document, Project
from ...problems import SourceError
from ...sources.yamlsource import read_source
from ..acknowledge.models import StaffMember
from ..documents import project as projects
from ..gitstore.git import blob_id

FINDING_ROWS = 5
MAX_ATTACHMENTS = 10
KINDS = {b"\xff\xd8\xff": ".jpg", b"\x89PNG\r\n\x1a\n": ".png", b"%PDF-": ".pdf"}


class Refused(Exception):
    def __init__(self, problems: dict[str, str]):
        super().__init__(str(problems))
        self.problems = problems  # field → what is wrong, in Chinese


@dataclasses.dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _kind(data: bytes) -> str | None:
    return next((ext for magic, ext in KINDS.items() if data.startswith(magic)), None)


def build(project: Project, doc: Document, post, uploads: list[Upload]) -> tuple[dict, list[tuple[str, bytes]]]:
    """The record's data and its attachment files (name, bytes); or Refused with each field's problem.

    What only a form has is checked here (a date that is no date, nothing chosen, staff numbers not
    on the staff list, an action without its finding, the uploads); what a record must be, by the
    rules `planpress check` reads source/drills/ with (lifecycle/drills.check_source), each problem
    shown at its field."""
    problems: dict[str, str] = {}
    try:
        day = dt.date.fromisoformat(post.get("date", "").strip())
    except ValueError:
        day = None
        problems["date"] = "请填写演练日期（年-月-日，例如 2026-11-20）。"
    scenarios = list(dict.fromkeys(post.getlist("scenarios")))
    if not scenarios:
        problems["scenarios"] = "请至少勾选一个预案里的场景。"
    campus = post.get("campus", "")
    if not campus:
        problems["campus"] = f"请选择院区（{'、'.join(c.name for c in doc.campuses)}）。"
    wanted = [w for w in re.split(r"[\s,，、;；]+", post.get("participants", "")) if w][:2000]
    found = {s.employee_id: s for s in StaffMember.objects.filter(employee_id__in=wanted, active=True)}
    unknown = [w for w in wanted if w not in found]
    if unknown:
        problems["participants"] = (f"员工名单里没有这些工号：{'、'.join(unknown[:20])}"
                                    f"{'……' if len(unknown) > 20 else ''}。请核对签到表上的工号。")
    elif not wanted:
        problems["participants"] = "请填写参加人员的工号（签到表上的，每行一个或用逗号分开）。"
    went_well = post.get("went_well", "").strip()
    findings, rows = [], []  # rows: the form's row of each finding
    for n in range(1, FINDING_ROWS + 1):
        finding, action = post.get(f"finding_{n}", "").strip(), post.get(f"action_{n}", "").strip()
        if action and not finding:
            problems[f"finding_{n}"] = "写了改进措施，请同时写出发现的问题。"
        elif finding:
            findings.append({"finding": _text(finding), **({"action": _text(action)} if action else {})})
            rows.append(n)
    files = []
    limit = settings.PLANPRESS_DRILL_ATTACHMENT_BYTES
    if len(uploads) > MAX_ATTACHMENTS:
        problems["attachments"] = f"最多 {MAX_ATTACHMENTS} 个附件。"
    for upload in uploads[:MAX_ATTACHMENTS]:
        if len(upload.data) > limit:
            problems["attachments"] = f"“{upload.name}”超过 {limit // 1048576} MB：请缩小照片或分页扫描。"
            continue
        ext = _kind(upload.data)
        if ext is None:
            problems["attachments"] = f"“{upload.name}”不是照片（JPEG、PNG）或 PDF 扫描件，不能作为附件。"
            continue
        files.append((upload.name, upload.data, ext))
    if problems:
        raise Refused(problems)
    participants = [{"id": found[w].employee_id, "name": found[w].name, "department": found[w].department}
                    for w in dict.fromkeys(wanted)]
    data = {"document": doc.number, "date": day.isoformat(), "scenarios": scenarios, "campus": campus,
            "participants": participants, "went_well": _text(went_well), "findings": findings}
    where = drills.folder(projects.root(), doc.number) / "new.yaml"
    try:
        found_problems = drills.check_source(read_source(where, _dump(data)), project, doc.number, {})
    except SourceError as exc:  # characters no output can show
        found_problems = exc.problems
    for problem in found_problems:
        field = _form_field(problem.field, rows)
        problems.setdefault(field, "".join(filter(None, [problem.message, problem.hint])))
    if problems:
        raise Refused(problems)
    return data, files


def _form_field(field: str, rows: list[int]) -> str:
    """A record's field (scenarios[1], findings[2].finding) → the form's (scenarios, finding_3)."""
    top = re.match(r"[a-z_]+", field)
    name = top.group() if top else ""
    if name == "findings":
        index = re.match(r"findings\[(\d+)\]", field)
        return f"finding_{rows[int(index.group(1)) - 1]}" if index else "findings"
    return name


def _text(value: str):
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return LiteralScalarString(value) if "\n" in value else value


def save(user, doc: Document, data: dict, files: list[tuple[str, bytes, str]]) -> str:
    """Write and commit the record and its attachments; returns the record's key (2026-11-20-1)."""
    root = projects.root()
    store = projects.store()
    here = drills.folder(root, doc.number)
    with store.editing(f"drills-{doc.number}"):
        name = drills.next_name(root, doc.number, dt.date.fromisoformat(data["date"]))
        stem = name.removesuffix(".yaml")
        writes, attachments = [], []
        for index, (original, content, ext) in enumerate(files, start=1):
            file_name = f"files/{stem}-{index}{ext}"
            attachments.append({"file": file_name, "title": _title(original),
                                "sha256": hashlib.sha256(content).hexdigest()})
            writes.append((here / file_name, blob_id(b""), content))
        record = dict(data, **({"attachments": attachments} if attachments else {}), recorded_by=user.shown_name)
        text = _dump(record)
        try:  # the rules of `planpress check` (lifecycle/drills.py), on the record about to be written
            problems = drills.check_source(read_source(here / name, text), projects.load().project, doc.number,
                                           {w[0].relative_to(here).as_posix(): w[2] for w in writes})
        except SourceError as exc:  # characters no output can show
            problems = exc.problems
        if problems:  # the form's checks missed something: refuse rather than write a bad record
            raise Refused({"": str(problems[0])})
        here.joinpath("files").mkdir(parents=True, exist_ok=True)
        store.save_files([(here / name, blob_id(b""), text), *writes], (user.shown_name, user.commit_email),
                         f"记录 {doc.number} 的应急演练 {data['date']}（{'、'.join(data['scenarios'])}）\n\n"
                         f"由 {user.shown_name}（{user.username}）在 planpress 内网应用中记录。\n")
    return stem


def _title(name: str) -> str:
    return re.sub(r"[\x00-\x1f]", "", name)[:100]


def _dump(data: dict) -> str:
    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    out.write("# 应急演练记录：由 planpress 内网应用写入（使用手册 11）。\n")
    yaml.dump(data, out)
    return out.getvalue()
