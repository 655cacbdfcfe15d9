"""`planpress status` and `planpress diff` on the real plan, the diff on a revision in progress."""

import os
import subprocess
from pathlib import Path

from register import REPO, copy_project
from run import Benchmark, planpress

TODAY = {"PLANPRESS_TODAY": "2026-11-25"}


def revision_in_progress(target: Path) -> Path:
    """A copy of the project where A/1 is being revised: a step and a phone number changed."""
    if not (target / "source").exists():
        copy_project(target)
        subprocess.run(planpress("revise", "H-J-YA-028", "--reason", "更新电话"), cwd=target, check=True,
                       env={**os.environ, **TODAY}, stdout=subprocess.DEVNULL)
        plan = target / "source" / "H-J-YA-028.yaml"
        plan.write_text(plan.read_text("utf-8").replace("保护未受损的病案、资料；", "保护未受损的病案、档案；"), "utf-8")
        contacts = target / "source" / "contacts.yaml"
        contacts.write_text(contacts.read_text("utf-8").replace('"3216565"', '"3216566"'), "utf-8")
    return target


def benchmarks(workdir: Path) -> list[Benchmark]:
    revising = revision_in_progress(workdir / "revising")
    return [
        Benchmark("status H-J-YA-028", planpress("status"), REPO, target_seconds=0.5, env=TODAY),
        Benchmark("diff A/0 → working copy", planpress("diff", "H-J-YA-028"), revising, target_seconds=0.7, env=TODAY),
    ]
