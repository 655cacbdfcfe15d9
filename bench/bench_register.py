"""A register of 200 documents of four shapes (bench/register.make_mixed_register), built as
`make` builds it: `planpress build` (PDF, cards, site) as a whole process.

  full build                    from nothing (no build/, site/ or .cache/): every PDF, card and page
  nothing changed               the same sources again: the build stamp (incremental.fastpath)
  one document edited           one sentence of one plan changed, and changed back, in turn
  one phone number (a quarter)  the number of a contact that 50 of the documents show, in turn
and `make` with nothing changed on the shipped sources (source/ and examples/), in a copy of the
repository that shares its .venv.

The full build and the phone number take minutes each: they run once (no warm-up), the others
BENCH_RUNS times after a warm-up. Run only these with BENCH_ONLY=register.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from register import REPO, change_quarter_phone, edit_one_document, make_mixed_register
from run import Benchmark, planpress

COUNT = 200
TODAY = {"PLANPRESS_TODAY": "2026-11-25"}


def benchmarks(workdir: Path) -> list[Benchmark]:
    register = make_mixed_register(workdir / "register-mixed", COUNT)
    toggles = {"edit": False, "phone": False}

    def clean() -> None:
        for name in ("build", "site", ".cache"):
            shutil.rmtree(register / name, ignore_errors=True)

    def edit() -> None:
        edit_one_document(register, undo=toggles["edit"])
        toggles["edit"] = not toggles["edit"]

    def phone() -> None:
        change_quarter_phone(register, undo=toggles["phone"])
        toggles["phone"] = not toggles["phone"]

    def outputs() -> str:
        pdfs = sum(1 for _ in (register / "build").glob("*/*.pdf"))
        cards = sum(1 for _ in (register / "build").glob("*/cards/*"))
        pages = sum(1 for _ in (register / "site").rglob("index.html"))
        return f"{COUNT} documents: {pdfs} PDF, {cards} card files, {pages} pages"

    build = planpress("build")
    project = make_copy(workdir / "make")
    return [
        Benchmark(f"register {COUNT}: full build (1 run)", build, register, target_seconds=90.0, note=outputs,
                  env=TODAY, prepare=clean, runs=1, warm_up=False),
        Benchmark(f"register {COUNT}: nothing changed", build, register, target_seconds=1.0, env=TODAY),
        Benchmark(f"register {COUNT}: one document edited", build, register, target_seconds=5.0, env=TODAY,
                  prepare=edit, note=lambda: "H-J-YA-101: one sentence of 1 目的"),
        Benchmark(f"register {COUNT}: one phone shown by 50 (1 run)", build, register, env=TODAY, prepare=phone,
                  runs=1, warm_up=False, note=lambda: "it-oncall: the 50 copies of H-J-YA-031"),
        Benchmark("make, nothing changed (source/ and examples/)", ["make", "-s"], project, target_seconds=0.5,
                  note=lambda: "planpress build + planpress --root examples build"),
    ]


def make_copy(target: Path) -> Path:
    """The repository as `make` sees it: its own sources and outputs, the same .venv and code."""
    if target.exists():
        return target
    target.mkdir(parents=True)
    for name in ("source", "templates", "examples"):
        shutil.copytree(REPO / name, target / name, symlinks=True)
    for name in ("Makefile", "pyproject.toml", "mkdocs.yml"):
        shutil.copy2(REPO / name, target / name)
    for name in ("planpress", "tools", ".venv"):
        os.symlink(REPO / name, target / name)
    subprocess.run(["make", "-s"], cwd=target, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return target
