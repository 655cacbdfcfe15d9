"""The application on PostgreSQL: the client tests of tests/web again, on a server started here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from . import pgserver

HERE = Path(__file__).resolve().parent
ON_BOTH = ["test_web_accounts.py", "test_web_permissions.py", "test_web_saving.py", "test_web_hostile.py",
           "test_web_audit.py", "test_web_database.py", "test_web_acknowledge.py", "test_web_signing.py"]


@pytest.fixture(scope="session")
def postgresql_url():
    if os.environ.get("PLANPRESS_TEST_DATABASE_URL"):
        pytest.skip("this run is itself the PostgreSQL run")  # never nested
    with pgserver.running() as url:
        yield url


def test_the_application_tests_pass_on_postgresql(postgresql_url, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANPRESS_", "DJANGO_"))}
    env["PLANPRESS_TEST_DATABASE_URL"] = postgresql_url
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                             "--basetemp", str(tmp_path / "basetemp"), *(str(HERE / name) for name in ON_BOTH)],
                            cwd=HERE.parent.parent, env=env, capture_output=True, text=True, timeout=900)
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    assert " passed" in summary and "skipped" not in summary, summary
