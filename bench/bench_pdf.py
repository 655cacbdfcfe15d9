"""The signed-off PDF of H-J-YA-028: `planpress build --only pdf` as a whole process, and its size.

"build pdf" renders the PDF each run (the PDF and the record of its inputs are removed first); the
"unchanged" run is a rebuild where nothing changed, so the PDF is kept (planpress.pdf.freshness).
"""

import shutil
from pathlib import Path

from register import REPO
from run import Benchmark, planpress

from planpress.pdf.freshness import MANIFEST

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

    def cold() -> None:
        pdf.unlink(missing_ok=True)
        (project / MANIFEST).unlink(missing_ok=True)

    return [Benchmark("build pdf H-J-YA-028", planpress("build", "--only", "pdf"), project,
                      target_seconds=1.0, note=size, prepare=cold),
            Benchmark("build pdf H-J-YA-028 (unchanged)", planpress("build", "--only", "pdf"), project)]
