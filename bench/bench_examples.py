"""The example documents of other shapes (examples/): `check`, and a full `build` of all three
(PDFs with a table, a flowchart and forms; cards; site), each as a whole process."""

import shutil
from pathlib import Path

from register import REPO
from run import Benchmark, planpress


def benchmarks(workdir: Path) -> list[Benchmark]:
    project = workdir / "examples"
    shutil.copytree(REPO / "examples" / "source", project / "source")
    shutil.copytree(REPO / "templates", project / "templates")

    def cold() -> None:  # every output made again: no kept PDF, no cached flowchart
        for name in ("build", "site", ".cache"):
            shutil.rmtree(project / name, ignore_errors=True)

    return [
        Benchmark("check examples (3 documents)", planpress("check"), project, target_seconds=0.5),
        Benchmark("build examples (3 PDFs, cards, site)", planpress("build"), project, prepare=cold),
    ]
