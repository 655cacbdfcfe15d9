"""Helpers for the site tests: a project built by the real builders, the revision workflow as the
two departments run it, a local web server (siteserver.py), and Chromium.

`planpress build` (PDF, cards, site) takes several seconds, so each test module builds one copy of
the repository's project once (`build_everything`) and tests that change something work on a copy
of that (`copy_built`), build/ included.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import siteserver
from conftest import REPO, copy_project, run_cli

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

TODAY = "2026-11-25"  # after H-J-YA-028's review date 2023-08-10
DOC = "H-J-YA-028"


def cli(*args: str, root: Path, today: str = TODAY) -> str:
    """`planpress ARGS…` on `root` as of `today`; fails the test unless it succeeds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", today)
        result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def build_everything(root: Path, today: str = TODAY) -> Path:
    """A copy of the repository's project at `root`, built by `planpress build` (every kind)."""
    copy_project(REPO, root)
    cli("build", root=root, today=today)
    return root


def copy_built(built: Path, target: Path) -> Path:
    """A writable copy of a built project: source/, templates/, build/ and site/."""
    shutil.copytree(built, target, symlinks=True)
    return target


def revise_step_and_phone(root: Path, effective: str, reason: str = "更新保卫科电话，修改漏水处置步骤",
                          today: str = TODAY) -> None:
    """Medical affairs revises H-J-YA-028: a step of 5.5.2 (its text and its card wording) and
    保卫科's number at 滨河院区 change, with the planned effective date. The revision is left in
    progress (草稿)."""
    cli("revise", DOC, "--reason", reason, root=root, today=today)
    plan = root / "source" / f"{DOC}.yaml"
    text = plan.read_text("utf-8")
    edited = text.replace("要组织工作人员转移漏水现场重要资料、贵重物品，",
                          "要立即组织工作人员转移漏水现场重要资料、贵重物品和电子设备，", 1)
    edited = edited.replace("card: 转移现场重要资料、贵重物品，指定专人看管，防止丢失。",
                            "card: 立即转移现场重要资料、贵重物品和电子设备，指定专人看管。", 1)
    edited = edited.replace("effective:             # 生效日期", f"effective: {effective}  # 生效日期", 1)
    assert f"effective: {effective}  #" in edited and edited.count("和电子设备") == 2, \
        "the plan's wording moved: update this helper"
    plan.write_text(edited, "utf-8")
    contacts = root / "source" / "contacts.yaml"
    text = contacts.read_text("utf-8")
    assert 'binhe: "3216565"' in text
    contacts.write_text(text.replace('binhe: "3216565"', 'binhe: "3216566"', 1), "utf-8")


def approve_and_release(root: Path, today: str = TODAY) -> None:
    """Both signatories sign their approvals with their own (test) keys, then 周敏 of quality
    management signs the release."""
    from signing_support import keys

    cli("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=root, today=today)
    cli("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["liu-yingen"]), root=root, today=today)
    cli("release", DOC, "--p12", str(keys().p12["zhou-min"]), root=root, today=today)


def inject_markup(root: Path, today: str = TODAY) -> None:
    """Markup where a careless page generator would let it run: a step, two titles, a name.

    Written as the departments would: a revision, approved and released, in force from `today`
    (the site only ever shows the version in force)."""
    cli("revise", DOC, "--reason", "测试：正文里的<b>标记</b>", root=root, today=today)
    doc = root / "source" / f"{DOC}.yaml"
    text = doc.read_text("utf-8")
    text = text.replace("title: 病案保护及信息安全应急预案\n",
                        "title: '病案保护</title><script>window.__pp_xss=3</script>应急预案'\n", 1)
    text = text.replace("      title: 火灾\n", "      title: '火灾<img src=x onerror=\"window.__pp_xss=2\">'\n", 1)
    text = text.replace("        - text: 报警后要安排", "        - text: <script>window.__pp_xss=1</script>报警后要安排", 1)
    text = text.replace("effective:             # 生效日期", f"effective: {today}  # 生效日期", 1)
    doc.write_text(text, "utf-8")
    contacts = root / "source" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace(
        "    name: 保卫科\n", "    name: '保卫科<i onmouseover=\"window.__pp_xss=4\">x</i>'\n"), "utf-8")
    approve_and_release(root, today)


@contextlib.contextmanager
def serve(folder: Path, prefix: str = "/") -> Iterator[str]:
    """Serve `folder` under `prefix` on 127.0.0.1 at a free port, as the intranet's nginx does
    (siteserver.py: the .gz copies, the site's 404 page); yields the site's URL."""
    with siteserver.serve(folder, prefix) as (url, _):
        yield url
