"""Acknowledgements for 3,000 staff × 200 documents (bench/ack_load.py, once: a load test, not a
timed process): a person's list of what waits (target p95 ≤ 300 ms), quality management's
statistics of one department, and the exports. Run only these: BENCH_ONLY=acknowledge."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from run import Benchmark

TARGETS_MS = {"acknowledgement list": 300}


def benchmarks(workdir: Path) -> list[Benchmark]:
    result = workdir / "ack-load.json"

    def note() -> str:
        if not result.exists():
            return ""
        data = json.loads(result.read_text("utf-8"))
        parts = []
        for row in data["rows"]:
            target = next((ms for key, ms in TARGETS_MS.items() if row["name"].startswith(key)), None)
            verdict = "" if target is None else (f"≤ {target} ms " + ("✓" if row["p95_ms"] <= target and not row["errors"] else "✗"))
            parts.append(f"{row['name']}: p50 {row['p50_ms']} / p95 {row['p95_ms']} ms {verdict}"
                         f"({row['requests']} req, {row['errors']} err, CPU {row['cpu_ms_per_request']} ms/req)")
        parts.append(f"{data['acknowledgements']} acknowledgements · peak RSS {data['peak_rss_mb']} MB")
        return " · ".join(parts)

    return [Benchmark("acknowledge: 3000 staff × 200 documents",
                      [sys.executable, str(Path(__file__).parent / "ack_load.py"), str(workdir), str(result)],
                      cwd=workdir, runs=1, warm_up=False, note=note)]
