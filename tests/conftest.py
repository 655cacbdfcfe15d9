"""Shared test helpers: the repository's own sources, a small fixture project, and the CLI."""

from __future__ import annotations

import contextlib
import dataclasses
import io
import shutil
from pathlib import Path

import pytest

from planpress import cli

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclasses.dataclass
class CliResult:
    status: int
    stdout: str
    stderr: str


def run_cli(*args: str, root: Path | None = None) -> CliResult:
    """Run `planpress ARGS…` in-process, as a user would from the project root."""
    out, err = io.StringIO(), io.StringIO()
    argv = (["--root", str(root)] if root else []) + list(args)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except SystemExit as exc:  # argparse exits for --help and usage errors
            status = exc.code if isinstance(exc.code, int) else 0
    return CliResult(status, out.getvalue(), err.getvalue())


def copy_project(sources: Path, target: Path) -> Path:
    """A writable project at `target`: source/ from `sources`, templates/ from the repository."""
    shutil.copytree(sources / "source", target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project (one plan, two campuses)."""
    return copy_project(FIXTURES / "project", tmp_path / "project")


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A writable copy of the repository's real source/ and templates/."""
    return copy_project(REPO, tmp_path / "repo")
