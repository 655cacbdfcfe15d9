"""The intranet site: `planpress build --only site` for H-J-YA-028 and for a 200-document register
(check + MkDocs strict build + jieba segmentation of the search index + swap into site/), every page
rendered (the page cache and the build stamp removed before each run; bench_register measures the
builds that reuse them).

And what a phone gets from the site of the 200-document registers (bench/site_phone.py: Chromium
on Lighthouse's "Slow 4G" with the CPU four times slower, the site served as nginx serves it):
the search index's size, the bytes of a first visit of the register, and the seconds from the
last key of a first search (着火了, 水管爆了怎么办, 电脑中毒, 值班, 火灾) to its results, the
index's loading included. Both registers: 200 copies of H-J-YA-028 (register.make_register) and
the mixed register of four shapes (register.make_mixed_register)."""

import os
import shutil
import subprocess
from pathlib import Path

import site_phone
from register import copy_project, make_mixed_register, make_register
from run import Benchmark, Figure, Measurement, planpress

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

    mixed = workdir / "register-mixed-200"
    return [
        Benchmark("site H-J-YA-028", build, seed, target_seconds=3.0, note=lambda: _pages(seed), prepare=cold(seed)),
        Benchmark("site 200-document register", build, register, target_seconds=30.0, note=lambda: _pages(register),
                  prepare=cold(register)),
        Measurement("phone: 200 copies", lambda: _phone("200 copies", register)),
        Measurement("phone: 200 mixed", lambda: _phone("200 mixed", make_mixed_register(mixed, 200))),
    ]


def _phone(label: str, root: Path) -> list[Figure]:
    if not (root / "site" / "search" / "manifest.json").is_file():
        subprocess.run(planpress("build", "--only", "site"), cwd=root, check=True, env=_today(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    site = root / "site"
    figures = site_phone.measure(site)
    compressed = sum(p.stat().st_size for p in (site / "search").rglob("*.gz"))
    slowest = max(figures.searches, key=lambda q: figures.searches[q][0])
    loads = [loaded for _, loaded, _ in figures.searches.values()]
    return [
        Figure(f"search index, {label}", site_phone.index_bytes(site) / 1e6, "MB",
               note=f"{compressed / 1e6:.2f} MB as .gz; a first search loads {min(loads) / 1e3:.0f}–{max(loads) / 1e3:.0f} KB"),
        Figure(f"first visit of the register, {label}", figures.first_visit_bytes / 1e6, "MB", limit=1.0,
               note=f"{figures.first_visit_requests} requests, phone on Slow 4G"),
        Figure(f"first search to results, {label} (median)", figures.median_search, "s", limit=1.0,
               note="throttled phone, index load included"),
        Figure(f"first search to results, {label} (slowest)", figures.slowest_search, "s", limit=1.0,
               note=f"{slowest}"),
    ]


def _today() -> dict:
    return {**os.environ, "PLANPRESS_TODAY": "2026-11-25"}


def _pages(root: Path) -> str:
    return f"{sum(1 for _ in (root / 'site').rglob('index.html'))} pages"
