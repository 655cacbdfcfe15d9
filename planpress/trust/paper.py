"""Approvals given on paper (纸质签批), for versions released before electronic approval started.

    approvals:
      - role: 院领导批准
        paper: {date: 2020-08-10, original: 质量管理科档案室 受控文件签批原件 2020 年第 3 盒}

The signer is the signatory of that role (a roster person, who may have no certificate). A paper
approval counts only in a version released before `signatures.electronic_since` of planpress.yaml;
the release of such a version is signed by the document controller as a transcription
(`Meaning.TRANSCRIBE`), which covers these records.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from .reasons import Failure, Reason, failure
from .roster import DataProblem, FieldPath

FIELDS = {"date", "original"}


@dataclasses.dataclass(frozen=True)
class PaperApproval:
    date: dt.date  # the date written on the paper original
    original: str  # where the signed original is kept
    path: FieldPath


def parse_paper(data: Any, path: FieldPath) -> tuple[PaperApproval | None, list[DataProblem]]:
    """The `paper:` mapping of an approval at `path` (e.g. ("approvals", 1, "paper"))."""
    hint = "写成 paper: {date: 签批日期, original: 原件存放处}，例如 {date: 2020-08-10, original: 质量管理科档案室}。"
    if not isinstance(data, Mapping) or set(data) != FIELDS:
        return None, [DataProblem(path, "shape", "纸质签批应写签批日期（date）和原件存放处（original）两项。", hint)]
    problems = []
    day = data["date"]
    if not (isinstance(day, dt.date) and not isinstance(day, dt.datetime)):
        try:
            day = dt.date.fromisoformat(day)
        except (TypeError, ValueError):
            problems.append(DataProblem((*path, "date"), "bad-date", f"签批日期“{day}”不对。", "写成 YYYY-MM-DD。"))
    original = data["original"]
    if not isinstance(original, str) or len(original.strip()) < 2:
        problems.append(DataProblem((*path, "original"), "shape", "须写明纸质原件存放在哪里（部门、档案柜或盒号）。", hint))
    if problems:
        return None, problems
    return PaperApproval(day, original.strip(), path), []


def check_paper(paper: PaperApproval, released: dt.date | None, electronic_since: dt.date | None) -> Failure | None:
    """None when a paper approval counts for a version released on `released`."""
    if electronic_since is None:
        return failure(Reason.PAPER_NOT_ALLOWED, cutover="电子签批启用日期",
                       detail="但 planpress.yaml 没有设置 signatures.electronic_since")
    cutover = electronic_since.isoformat()
    if released is None:
        return failure(Reason.PAPER_NOT_ALLOWED, cutover=cutover, detail="这个版本还没有发布")
    if released >= electronic_since:
        return failure(Reason.PAPER_NOT_ALLOWED, cutover=cutover, detail=f"这个版本发布于 {released.isoformat()}")
    if paper.date > released:
        return failure(Reason.PAPER_NOT_ALLOWED, cutover=cutover,
                       detail=f"而且签批日期 {paper.date.isoformat()} 晚于发布日期 {released.isoformat()}")
    return None
