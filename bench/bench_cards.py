"""`planpress build --only cards` on the real plan: 12 cards, 2 print bundles, 2 checklists, 12 previews."""

from __future__ import annotations

import shutil
from pathlib import Path

from register import REPO
from run import Benchmark, planpress

from planpress.cards.freshness import MANIFEST as CARDS_MANIFEST


def benchmarks(workdir: Path) -> list[Benchmark]:
    project = workdir / "cards"
    if not project.exists():
        for name in ("source", "templates"):
            shutil.copytree(REPO / name, project / name)
    cards = project / "build" / "H-J-YA-028" / "cards"

    def note() -> str:
        files = list(cards.glob("*")) if cards.exists() else []
        pdfs = sum(1 for f in files if f.suffix == ".pdf")
        pngs = sum(1 for f in files if f.suffix == ".png")
        size = sum(f.stat().st_size for f in files) / 1e6
        return f"{pdfs} PDF + {pngs} PNG, {size:.1f} MB"

    def cold() -> None:  # lay the cards out every run: no folder, no record of their inputs
        shutil.rmtree(cards, ignore_errors=True)
        (project / CARDS_MANIFEST).unlink(missing_ok=True)

    return [Benchmark("build --only cards (H-J-YA-028)", planpress("build", "--only", "cards"), project,
                      target_seconds=2.0, note=note, prepare=cold)]
