"""`make bench`: time whole planpress processes and print a table of medians and peak memory.

Each bench/bench_*.py module defines `benchmarks(workdir) -> list[Benchmark | Measurement]`; this
script runs every benchmark's command RUNS times as a separate process (so start-up counts, as it
does for a user) after one warm-up run, and reports the median wall time, the median CPU time
(user + sys) of the process and every process it started, and the peak RSS of the largest of them.
The helpers that `planpress build` forks outlive their parent helper when the build ends them; this
process is their "subreaper" (Linux), so they are reaped and counted here instead of by init.
A Measurement gives figures that are not a process's time (the size of the search index, what a
phone's browser transfers and waits for): they are printed in a second table.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


@dataclasses.dataclass
class Benchmark:
    name: str
    argv: list[str]
    cwd: Path
    target_seconds: float | None = None
    note: Callable[[], str] | None = None  # e.g. the size of what was built
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    prepare: Callable[[], None] | None = None  # run before each run, not timed (e.g. remove an output)
    runs: int | None = None  # instead of BENCH_RUNS (a 200-document full build takes minutes)
    warm_up: bool = True  # one untimed run first


@dataclasses.dataclass
class Figure:
    name: str
    value: float
    unit: str
    limit: float | None = None  # the value must stay at or below it
    note: str = ""


@dataclasses.dataclass
class Measurement:
    name: str
    measure: Callable[[], list[Figure]]


@dataclasses.dataclass
class Result:
    benchmark: Benchmark
    seconds: list[float]
    peak_rss_mb: float
    failed: str = ""
    cpu_seconds: list[float] = dataclasses.field(default_factory=list)


def planpress(*args: str) -> list[str]:
    return [sys.executable, "-m", "planpress", *args]


def become_subreaper() -> None:
    """Orphaned descendants are re-parented to this process (PR_SET_CHILD_SUBREAPER), not to init."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def reap_orphans(timeout: float = 2.0) -> tuple[float, float]:
    """Reap the descendants re-parented to this process: their CPU seconds and largest peak RSS (MB)."""
    cpu, peak = 0.0, 0.0
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:  # some still running (a helper being killed): wait a moment
            time.sleep(0.01)
            continue
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
    return cpu, peak


def run_once(bench: Benchmark) -> tuple[float, float, int, str, float]:
    """Wall seconds, peak RSS (MB), exit status, stderr, CPU seconds of one run."""
    # A user's Python caches compiled modules (.pyc); the warm-up run must be able to write them.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(bench.env)
    if bench.prepare:
        bench.prepare()
    reap_orphans(0)  # nothing of an earlier run or of `prepare` is counted
    # stderr goes to a file: a pipe that nobody reads while we wait fills up (64 KB of warnings)
    # and blocks the process for ever.
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(bench.argv, cwd=bench.cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        orphans_cpu, orphans_peak = reap_orphans()
        errors.seek(0)
        stderr = errors.read().decode("utf-8", "replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime + orphans_cpu
    return elapsed, max(usage.ru_maxrss / 1024, orphans_peak), process.returncode, stderr, cpu


def measure(bench: Benchmark) -> Result:
    if bench.warm_up:
        _, _, status, stderr, _ = run_once(bench)  # warm-up: caches, .pyc files
        if status != 0:
            return Result(bench, [], 0.0, failed=stderr.strip().splitlines()[-1] if stderr.strip() else f"exit {status}")
    seconds, peaks, cpus = [], [], []
    for _ in range(bench.runs or RUNS):
        elapsed, peak, status, stderr, cpu = run_once(bench)
        if status != 0:
            last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
            return Result(bench, seconds, max(peaks, default=0.0), failed=f"exit {status} {last}".strip())
        seconds.append(elapsed)
        peaks.append(peak)
        cpus.append(cpu)
    return Result(bench, seconds, max(peaks), cpu_seconds=cpus)


def load_modules() -> list:
    modules = []
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        modules.append(module)
    return modules


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    become_subreaper()
    print(f"planpress bench: median of {RUNS} whole-process runs after one warm-up (unless the row says "
          f"otherwise); {os.cpu_count()} CPUs; Python {sys.version.split()[0]}; load average at start "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # e.g. BENCH_ONLY=register, or BENCH_ONLY=cards,pdf: the modules whose name contains one of them
    only = [name for name in os.environ.get("BENCH_ONLY", "").split(",") if name]
    rows = []
    figures: list[Figure] = []
    failed = False
    with tempfile.TemporaryDirectory(prefix="planpress-bench-") as tmp:
        for module in load_modules():
            if only and not any(name in module.__name__ for name in only):
                continue
            for bench in module.benchmarks(Path(tmp)):
                if getattr(bench, "measure", None) is not None:  # a Measurement (run.py is __main__ here)
                    try:
                        found = bench.measure()
                    except Exception as exc:  # noqa: BLE001 - one failed measurement does not stop the others
                        found = [Figure(bench.name, float("nan"), "", note=f"FAILED {exc}"[:80])]
                        failed = True
                    figures += found
                    for figure in found:
                        print(f"  … {figure.name}: {figure.value:g} {figure.unit}", file=sys.stderr)
                    continue
                result = measure(bench)
                rows.append(result)
                print(f"  … {bench.name}: "
                      + (f"{statistics.median(result.seconds):.3f} s, {statistics.median(result.cpu_seconds):.2f} CPU s"
                         if result.seconds else result.failed),
                      file=sys.stderr)
        print_table(rows)
        if figures:
            print()
            print_figures(figures)
    print(f"load average at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failed or any(r.failed for r in rows) else 0


def print_table(rows: list[Result]) -> None:
    header = ("benchmark", "median s", "min s", "max s", "CPU s", "peak RSS MB", "target", "", "note")
    table = [header]
    for r in rows:
        b = r.benchmark
        if r.failed:
            table.append((b.name, "FAILED", "", "", "", "", "", "✗", r.failed[:60]))
            continue
        median = statistics.median(r.seconds)
        target = f"< {b.target_seconds:g} s" if b.target_seconds else ""
        verdict = "" if not b.target_seconds else ("✓" if median < b.target_seconds else "✗")
        table.append((b.name, f"{median:.3f}", f"{min(r.seconds):.3f}", f"{max(r.seconds):.3f}",
                      f"{statistics.median(r.cpu_seconds):.2f}", f"{r.peak_rss_mb:.0f}", target, verdict, b.note() if b.note else ""))
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def print_figures(figures: list[Figure]) -> None:
    header = ("figure", "value", "unit", "limit", "", "note")
    table = [header]
    for f in figures:
        verdict = "" if f.limit is None else ("✓" if f.value <= f.limit else "✗")
        table.append((f.name, f"{f.value:.3f}", f.unit, f"≤ {f.limit:g}" if f.limit is not None else "", verdict, f.note))
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        print("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


if __name__ == "__main__":
    raise SystemExit(main())
