"""Signing and releasing in the intranet application as a signer sees it (bench/sign_load.py): the
time from pressing 签署 / 发布 to the answer, with the production KDF (scrypt N=2^17), the CMS
signature, the trusted timestamp from a TSA on 127.0.0.1 and the git commit; p50/p95 over 5 cycles
(10 signatures, 5 releases). Targets (2 cores): sign p95 ≤ 3 s, release p95 ≤ 5 s. Run only these:
BENCH_ONLY=signing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from run import Benchmark

TARGETS_MS = {"sign": 3000, "release": 5000}


def benchmarks(workdir: Path) -> list[Benchmark]:
    result = workdir / "sign-load.json"

    def note() -> str:
        if not result.exists():
            return ""
        data = json.loads(result.read_text("utf-8"))
        parts = []
        for row in data["rows"]:
            target = TARGETS_MS[row["name"].split()[0]]
            verdict = "✓" if row["p95_ms"] <= target else "✗"
            parts.append(f"{row['name']}: p50 {row['p50_ms']} / p95 {row['p95_ms']} ms (≤ {target} ms {verdict}; "
                         f"{row['runs']} runs, server CPU {row['server_cpu_ms']} ms/req)")
        parts.append(f"server peak RSS {data['peak_rss_mb']} MB")
        return " · ".join(parts)

    return [Benchmark("signing: sign and release in the browser", [sys.executable, str(Path(__file__).parent / "sign_load.py"),
                                                                    str(workdir), str(result), "5"],
                      cwd=workdir, runs=1, warm_up=False, note=note)]
