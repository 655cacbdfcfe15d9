"""Helpers of the acknowledgement and drill tests: a project where H-J-YA-028 A/1 (a changed step
and phone number) replaced A/0 and is in force, made once per session, and staff lists."""

from __future__ import annotations

import csv
import functools
import io
import shutil
import tempfile
from pathlib import Path

from .webtools import git, make_project

TODAY = "2026-11-25"  # sitetools.TODAY: A/1 takes effect that day


@functools.cache
def _a1_template() -> Path:
    from conftest import copy_project
    from sitetools import approve_and_release, revise_step_and_phone

    root = Path(tempfile.mkdtemp(prefix="planpress-a1-")) / "project"
    copy_project(Path(__file__).resolve().parents[2], root)
    shutil.copytree(Path(__file__).resolve().parents[2] / "templates", root / "templates", dirs_exist_ok=True)
    revise_step_and_phone(root, effective=TODAY)
    approve_and_release(root)
    return root


def a1_project(target: Path) -> Path:
    """A git repository at `target` with A/1 in force since TODAY and A/0 superseded."""
    template = _a1_template()
    shutil.copytree(template / "source", target / "source")
    shutil.copytree(template / "templates", target / "templates")
    (target / ".gitignore").write_text("/.planpress/\n/.cache/\n/build/\n/site/\n", "utf-8")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "A/1 生效")
    return target


def plain_project(target: Path) -> Path:
    return make_project(target)


def staff_csv(rows: list[dict], header=("工号", "姓名", "部门", "岗位", "院区", "邮箱"), encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    return out.getvalue().encode(encoding)


def staff_xlsx(rows: list[dict], header=("工号", "姓名", "部门", "岗位", "院区", "邮箱")) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(header))
    for row in rows:
        sheet.append([row.get(h, "") for h in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
