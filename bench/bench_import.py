"""`planpress import` as a whole process: the seed text and a 10-page Word file (target < 1 s each)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from register import REPO
from run import Benchmark, planpress


def _project(target: Path) -> Path:
    (target / "source").mkdir(parents=True, exist_ok=True)
    for name in ("contacts.yaml", "planpress.yaml"):
        shutil.copy(REPO / "source" / name, target / "source" / name)
    return target


def _word_file(target: Path) -> Path:
    """A policy of about ten pages: the test policy with its procedures repeated."""
    sys.path.insert(0, str(REPO / "tests"))
    import importdocs
    content = list(importdocs.POLICY)
    start = next(i for i, c in enumerate(content) if c[1] == "5.1")
    end = next(i for i, c in enumerate(content) if c[1] == "6")
    body = content[start:end]
    repeated = []
    for n in range(1, 9):
        for kind, typed, text in body:
            if kind in ("c2", "c3", "c4"):
                parts = typed.split(".")
                parts[1] = str(int(parts[1]) + 4 * (n - 1))
                typed = ".".join(parts)
            repeated.append((kind, typed, text))
    path = target / "policy-10-pages.docx"
    importdocs.write(path, content[:start] + repeated + content[end:], "H-J-ZD-015", "医疗安全不良事件报告制度", automatic=False)
    return path


def benchmarks(workdir: Path) -> list[Benchmark]:
    project = _project(workdir / "import")
    seed = REPO / "tests" / "fixtures" / "seed" / "H-J-YA-028.txt"
    word = _word_file(workdir)
    return [
        Benchmark("import seed text", planpress("import", str(seed), "--out", str(workdir / "seed.yaml"), "--force"),
                  project, target_seconds=1.0),
        Benchmark("import 10-page Word file", planpress("import", str(word), "--out", str(workdir / "word.yaml"), "--force"),
                  project, target_seconds=1.0),
    ]
