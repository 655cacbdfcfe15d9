"""`planpress check` on the real plan and on a generated 200-document register."""

from pathlib import Path

from register import REPO, make_register
from run import Benchmark, planpress


def benchmarks(workdir: Path) -> list[Benchmark]:
    register = make_register(workdir / "register-200", 200)
    return [
        Benchmark("check H-J-YA-028", planpress("check"), REPO, target_seconds=0.5),
        Benchmark("check 200-document register", planpress("check"), register, target_seconds=3.0),
    ]
