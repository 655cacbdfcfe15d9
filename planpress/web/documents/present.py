"""What the pages show of the model: register rows, problems, versions, output files."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ... import dates, outputs
from ...builders import BUILD_DIR
from ...model import Document, Project, State
from ...problems import Problem


@dataclasses.dataclass(frozen=True)
class Row:
    """A line of 文件登记表: the version staff use, and the working copy when a revision is open."""

    number: str
    title: str
    category: str
    owner: str
    version: str
    state: str
    effective: dt.date | None
    review_due: dt.date | None
    overdue: bool
    draft: str  # "A/1 草稿" while a revision is open, else ""
    broken: bool = False

    def matches(self, query: str) -> bool:
        return not query or any(query.lower() in value.lower() for value in (self.number, self.title, self.category,
                                                                              self.owner))


def row(project: Project, doc: Document, today: dt.date) -> Row:
    staff = project.for_staff(doc.number)
    draft = f"{doc.version} {doc.state.value}" if doc.version != staff.version else ""
    return Row(doc.number, staff.title, staff.category, staff.owner, str(staff.version), staff.state.value,
               staff.effective, staff.review_due, staff.review_overdue(today), draft)


def broken_row(number: str) -> Row:
    return Row(number, "（文件有错误，见编辑页）", "", "", "", "有错误", None, None, False, "", broken=True)


def problem_dict(problem: Problem, root: Path) -> dict:
    try:
        shown = problem.location.file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = problem.location.file.name
    return {"severity": "error" if problem.is_error else "warning", "severity_text": problem.severity.value,
            "file": shown, "line": problem.location.line, "column": problem.location.column,
            "field": problem.field, "message": problem.message, "hint": problem.hint}


@dataclasses.dataclass(frozen=True)
class Output:
    label: str
    path: str  # relative to build/<number>/


def outputs_of(project: Project, doc: Document, build: Path | None = None) -> list[Output]:
    """The PDF and cards of this version that exist in `build` (build/, made by `make`; or the
    application's drafts folder)."""
    build = build or Path(project.root) / BUILD_DIR
    found = []
    base = outputs.document_dir(build, doc)
    pdf = outputs.pdf_path(build, doc)
    if pdf.is_file():
        found.append(Output(f"受控文件 PDF（{doc.version} {doc.state.value}）", pdf.relative_to(base).as_posix()))
    for campus in doc.campuses:
        bundle = outputs.bundle_path(build, doc, campus.key)
        if bundle.is_file():
            found.append(Output(f"应急处置卡 · {campus.name}（整套打印）", bundle.relative_to(base).as_posix()))
    return found


def card_previews(project: Project, doc: Document, build: Path | None = None) -> list[Output]:
    build = build or Path(project.root) / BUILD_DIR
    base = outputs.document_dir(build, doc)
    found = []
    for campus in doc.campuses:
        for key, title in [(s.key, s.title) for s in doc.scenarios] + [(outputs.CONTACT_CARD, "联络卡")]:
            preview = outputs.card_path(build, doc, key, campus.key, suffix=".png")
            if preview.is_file():
                found.append(Output(f"{title} · {campus.name}", preview.relative_to(base).as_posix()))
    return found


def versions(project: Project, number: str) -> list[Document]:
    """Newest first: the working copy (when not itself released) and each released version."""
    working = project.document(number)
    found = list(project.history(number))
    if not working.is_released:
        found.append(working)
    return sorted(found, key=lambda d: d.version.sort_key(), reverse=True)


def waiting_for(project: Project, person: str) -> list[tuple[Document, str]]:
    """Versions that wait for this roster person's signature: (document, role)."""
    found = []
    for doc in project.documents:
        if doc.is_released:
            continue
        for signatory in doc.signatories:
            if signatory.person == person and signatory.role in doc.waiting_roles:
                found.append((doc, signatory.role))
    return found


def state_class(state: str) -> str:
    return {State.DRAFT.value: "draft", State.APPROVED.value: "approved", State.EFFECTIVE.value: "effective",
            State.SUPERSEDED.value: "superseded", "有错误": "broken"}.get(state, "")


def chinese_date(day: dt.date | None) -> str:
    return dates.chinese(day) if day else "—"
