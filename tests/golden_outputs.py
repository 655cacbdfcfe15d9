"""Checksums of every output `make` produces for source/ and examples/, built on a fixed day.

A refactoring must leave every byte of the PDFs, cards and site as it was: tests/test_outputs_unchanged.py
builds both projects and compares with tests/golden/outputs.sha256. When an output is meant to
change, regenerate the file and say in the commit which outputs changed and why:

    .venv/bin/python tests/golden_outputs.py > tests/golden/outputs.sha256

Run with PYTHONPATH=<another checkout> (and that checkout as the argument) to checksum the outputs
of another commit, e.g. the one before a change.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "outputs.sha256"
DAY = "2026-12-01"  # outputs depend on the day (what is in force, what is overdue)
OUTPUT_DIRS = ("build", "site", "examples/build", "examples/site")


def build_copy(tree: Path, target: Path) -> Path:
    """source/, templates/ and examples/ of `tree` at `target`, built as `make` builds them."""
    from planpress import cli

    for name in ("source", "templates", "examples"):
        shutil.copytree(tree / name, target / name, ignore=shutil.ignore_patterns("build", "site", ".cache"))
    saved = {key: os.environ.get(key) for key in ("PLANPRESS_TODAY",)}
    os.environ["PLANPRESS_TODAY"] = DAY
    try:
        for root in (target, target / "examples"):
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                status = cli.main(["--root", str(root), "build"])
            if status != 0:
                raise RuntimeError(f"build of {root} failed:\n{err.getvalue()}")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return target


def checksums(root: Path) -> dict[str, str]:
    found = {}
    for name in OUTPUT_DIRS:
        base = root / name
        for path in sorted(base.rglob("*")):
            if path.is_file():
                found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def render(sums: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(sums.items()))


def parse(text: str) -> dict[str, str]:
    return {line[66:]: line[:64] for line in text.splitlines() if line.strip()}


def as_the_tests_run(scratch: Path) -> None:
    """The machine tests/conftest.py sets up: the demonstration CA pinned, a time-stamping service
    configured (a build asks it nothing), no pins of this machine's user."""
    from planpress.trust import certs

    demo = certs.load_certificates((REPO / "source" / "certificates" / "planpress-demo-ca.pem").read_bytes())[0]
    pins = scratch / "trust-pins"
    pins.write_text(f"{certs.sha256(demo)}\n", "utf-8")
    os.environ.update(PLANPRESS_TRUST_PINS=str(pins), PLANPRESS_TSA_URL="http://127.0.0.1:9/", HOME=str(scratch))


if __name__ == "__main__":
    tree = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else REPO
    with tempfile.TemporaryDirectory() as scratch:
        as_the_tests_run(Path(scratch))
        (Path(scratch) / "build").mkdir()
        sys.stdout.write(render(checksums(build_copy(tree, Path(scratch) / "build"))))
