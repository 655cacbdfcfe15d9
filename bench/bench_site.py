"""The intranet site: `planpress build --only site` for H-J-YA-028 and for a 200-document register
(check + MkDocs strict build + jieba segmentation of the search index + swap into site/), every page
rendered (the page cache and the build stamp removed before each run; bench_register measures the
builds that reuse them)."""

import shutil
from pathlib import Path

from register import copy_project, make_register
from run import Benchmark, planpress

from planpress.incremental.fastpath import STAMP
from planpress.site.pagecache import CACHE_DIR as PAGES


def benchmarks(workdir: Path) -> list[Benchmark]:
    seed = workdir / "site-seed"
    if not seed.exists():
        copy_project(seed)  # source/ and templates/: `check` needs the card icons
    register = make_register(workdir / "register-200", 200)
    build = planpress("build", "--only", "site")

    def cold(root: Path):
        def prepare() -> None:  # every page rendered by MkDocs: no page cache, no build stamp
            shutil.rmtree(root / PAGES, ignore_errors=True)
            (root / STAMP).unlink(missing_ok=True)
        return prepare

    return [
        Benchmark("site H-J-YA-028", build, seed, target_seconds=3.0, note=lambda: _pages(seed), prepare=cold(seed)),
        Benchmark("site 200-document register", build, register, target_seconds=30.0, note=lambda: _pages(register),
                  prepare=cold(register)),
    ]


def _pages(root: Path) -> str:
    return f"{sum(1 for _ in (root / 'site').rglob('index.html'))} pages"
