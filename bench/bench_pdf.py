"""The signed-off PDF of H-J-YA-028: `planpress build --only pdf` as a whole process, and its size."""

import shutil
from pathlib import Path

from register import REPO
from run import Benchmark, planpress

SIZE_TARGET_KB = 300


def benchmarks(workdir: Path) -> list[Benchmark]:
    project = workdir / "pdf"
    for name in ("source", "templates"):
        shutil.copytree(REPO / name, project / name)
    pdf = project / "build" / "H-J-YA-028" / "H-J-YA-028_A-0.pdf"

    def size() -> str:
        kilobytes = pdf.stat().st_size / 1024
        verdict = "✓" if kilobytes < SIZE_TARGET_KB else "✗"
        return f"PDF {kilobytes:.0f} KB (target < {SIZE_TARGET_KB} KB {verdict})"

    return [Benchmark("build pdf H-J-YA-028", planpress("build", "--only", "pdf"), project,
                      target_seconds=1.0, note=size)]
