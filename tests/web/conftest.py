"""The intranet application's tests: Django in this process (its test client) on a database of
its own, SQLite by default; with PLANPRESS_TEST_DATABASE_URL on that PostgreSQL server instead
(test_web_postgresql.py runs these tests again that way, on a server it starts itself).

Django is configured when this file is imported, so only when tests/web is collected; the rest of
the suite never imports it. Each test gets its own copy of the repository's project as a git
repository; accounts get unique names, so the tests share one database without resetting it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
STATE = Path(tempfile.mkdtemp(prefix="planpress-web-tests-"))
os.environ["PLANPRESS_STATE_DIR"] = str(STATE)
os.environ["PLANPRESS_ROOT"] = str(STATE / "no-project")
os.environ["PLANPRESS_DRAFTS"] = "0"
os.environ["PLANPRESS_OUTPUT_BUILDS"] = "0"  # no `planpress build` in the background (signing/outputs.py)
os.environ["DJANGO_SETTINGS_MODULE"] = "planpress.web.settings"
# Playwright's sync API keeps an event loop running in this thread while the shared browser is
# open; Django would then refuse every database call of a later test in the same process
# (SynchronousOnlyOperation), whichever order pytest-xdist hands the files out in. Nothing here
# runs concurrently in the thread: the check's own escape hatch is safe in the tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
if os.environ.get("PLANPRESS_TEST_DATABASE_URL"):
    os.environ["PLANPRESS_DATABASE_URL"] = os.environ["PLANPRESS_TEST_DATABASE_URL"]
else:
    os.environ.pop("PLANPRESS_DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_databases, setup_test_environment, teardown_databases  # noqa: E402

from .webtools import PASSWORD, make_project, serial  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def database():
    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATABASES["default"]["TEST"]["NAME"] = str(STATE / "test.sqlite3")
    old = setup_databases(verbosity=0, interactive=False)
    yield settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    teardown_databases(old, verbosity=0)
    shutil.rmtree(STATE, ignore_errors=True)


@pytest.fixture
def weak_kdf():
    """Signing keys sealed with scrypt at N=2^12 in the tests; production keeps 2^17
    (test_web_signing.py::test_production_kdf_parameters)."""
    settings.PLANPRESS_SCRYPT_N = 2 ** 12
    yield
    del settings.PLANPRESS_SCRYPT_N


@pytest.fixture
def web_project(tmp_path):
    root = make_project(tmp_path / "project")
    previous = settings.PLANPRESS_ROOT
    settings.PLANPRESS_ROOT = root
    yield root
    settings.PLANPRESS_ROOT = previous


@pytest.fixture
def account():
    """make(roles…) → a new account, signed-in ready (its password changed already)."""
    from planpress.web.accounts import manage

    def make(*roles: tuple[str, str] | str, name: str = "", department: str = "医务科", person: str = ""):
        number = next(serial)
        grants = [(r, department) if isinstance(r, str) else r for r in roles]
        created, _ = manage.create_account(f"user{number}-{os.getpid()}", name=name or f"测试人员{number}",
                                           department=department, email=f"user{number}@hospital.example",
                                           person=person, roles=grants, password=PASSWORD, actor="测试")
        created.must_change_password = False
        created.save(update_fields=["must_change_password"])
        return created

    return make


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable


def pytest_collection_modifyitems(config, items):
    """The browser tests of tests/web run last, after every other test of the session. Playwright's
    sync API keeps an event loop running in this thread while the shared browser is open, and
    Django refuses database calls from within one (SynchronousOnlyOperation); the browser (and the
    server) are shared by all of them and close only when the session ends."""
    here = Path(__file__).parent
    items.sort(key=lambda item: item.path.is_relative_to(here) and "browser" in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """`planpress serve` on a copy of the project, shared by the browser tests (one server and one
    warm draft service for all of them): accounts made with `planpress admin`."""
    from .liveserver import serving

    base = tmp_path_factory.mktemp("live")
    root = make_project(base / "project")
    with serving(root, base / "state") as server:
        server.create("sunxl", "--name", "孙晓琳", "--department", "医务科", "--role", "编辑",
                      "--email", "sunxl@hospital.example")
        server.create("wangyi", "--name", "王一", "--department", "医务科", "--role", "编辑")
        server.create("reader", "--name", "护士张", "--department", "护理部")
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from .browsing import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
