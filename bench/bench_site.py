"""The intranet site: `planpress build --only site` for H-J-YA-028 and for a 200-document register
(check + MkDocs strict build + jieba segmentation of the search index + swap into site/)."""

from pathlib import Path

from register import copy_project, make_register
from run import Benchmark, planpress


def benchmarks(workdir: Path) -> list[Benchmark]:
    seed = workdir / "site-seed"
    if not seed.exists():
        copy_project(seed)  # source/ and templates/: `check` needs the card icons
    register = make_register(workdir / "register-200", 200)
    build = planpress("build", "--only", "site")
    return [
        Benchmark("site H-J-YA-028", build, seed, target_seconds=3.0, note=lambda: _pages(seed)),
        Benchmark("site 200-document register", build, register, target_seconds=30.0, note=lambda: _pages(register)),
    ]


def _pages(root: Path) -> str:
    return f"{sum(1 for _ in (root / 'site').rglob('index.html'))} pages"
