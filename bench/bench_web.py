"""The intranet application (`planpress serve`) under 20 simulated users on the 200-document
register: bench/web_load.py runs once (it is a load test, not a timed process) and its rows go in
the note: p50/p95 per page, errors, and the server's peak RSS. Targets (2 cores): pages p95 ≤ 300 ms,
save → errors ≤ 1 s, save → draft PDF and cards ≤ 5 s, no error. Run only these: BENCH_ONLY=web.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from run import Benchmark

TARGETS_MS = {"sign-in": 300, "register": 300, "open the editor": 300, "save → errors shown": 1000,
              "save → draft": 5000}


def benchmarks(workdir: Path) -> list[Benchmark]:
    result = workdir / "web-load.json"

    def note() -> str:
        if not result.exists():
            return ""
        data = json.loads(result.read_text("utf-8"))
        parts = []
        for row in data["rows"]:
            target = next((ms for key, ms in TARGETS_MS.items() if row["name"].startswith(key)), None)
            verdict = "" if target is None else ("✓" if row["p95_ms"] <= target and not row["errors"] else "✗")
            parts.append(f"{row['name']}: p50 {row['p50_ms']} / p95 {row['p95_ms']} ms "
                         f"(≤ {target} ms {verdict}; {row['users']} users, {row['requests']} req, {row['errors']} err, "
                         f"server CPU {row.get('server_cpu_ms', '?')} ms/req)")
        parts.append(f"server peak RSS {data['peak_rss_mb']} MB")
        return " · ".join(parts)

    return [Benchmark("web: 20 users, 200-document register", [sys.executable, str(Path(__file__).parent / "web_load.py"),
                                                                 str(workdir), str(result)],
                      cwd=workdir, runs=1, warm_up=False, note=note)]
