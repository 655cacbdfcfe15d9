"""The outputs staff read (PDF, site, cards, register in build/ and site/), made by the application:
`planpress build` in a process of its own after a release in the browser, and once a day, so the
version whose effective date has come is what the site and the cards show without anyone running
`make`. One build at a time on the machine (the "outputs" lock); its state is in the database, so
every worker shows its progress.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, close_old_connections
from django.utils import timezone

from ... import dates
from ..gitstore.locks import held
from .models import OutputBuild

TIMEOUT = 1800
_threads: list[threading.Thread] = []
_checked_day: list[dt.date] = []


def schedule(reason: str, day: dt.date | None = None) -> OutputBuild | None:
    """Queue a build (None: the day's build exists already); it runs in a thread of this process."""
    try:
        job = OutputBuild.objects.create(reason=reason[:200], day=day)
    except IntegrityError:
        return None
    if settings.PLANPRESS_OUTPUT_BUILDS:
        thread = threading.Thread(target=_run, args=(job.pk,), name=f"build {job.pk}", daemon=True)
        thread.start()
        _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    return job


def wait_all(timeout: float = 600) -> None:
    for thread in list(_threads):
        thread.join(timeout)


def daily() -> None:
    """The day's build, once (called on requests; cheap after the first of the day in a process)."""
    today = dates.today()
    if _checked_day and _checked_day[0] == today:
        return
    _checked_day[:] = [today]
    if settings.PLANPRESS_OUTPUT_BUILDS and not OutputBuild.objects.filter(day=today).exists():
        schedule(f"每日生成（{today:%Y-%m-%d}：到生效日期的版本生效）", day=today)


def _run(pk: int) -> None:
    try:
        with held(Path(settings.STATE_DIR) / "locks", "outputs", timeout=TIMEOUT):
            OutputBuild.objects.filter(pk=pk).update(state=OutputBuild.State.RUNNING, started=timezone.now())
            environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
            try:
                done = subprocess.run([sys.executable, "-m", "planpress", "--root", str(settings.PLANPRESS_ROOT), "build"],
                                      env=environment, capture_output=True, text=True, timeout=TIMEOUT)
                state = OutputBuild.State.DONE if done.returncode == 0 else OutputBuild.State.FAILED
                report = (done.stdout + done.stderr)[-20000:]
            except (OSError, subprocess.TimeoutExpired) as exc:
                state, report = OutputBuild.State.FAILED, f"生成没有完成：{exc}"
            OutputBuild.objects.filter(pk=pk).update(state=state, finished=timezone.now(), report=report)
    except Exception as exc:  # noqa: BLE001 - a thread's failure goes on the page, not into the void
        OutputBuild.objects.filter(pk=pk).update(state=OutputBuild.State.FAILED, finished=timezone.now(),
                                                 report=f"生成没有完成：{type(exc).__name__}")
    finally:
        close_old_connections()


class DailyBuild:
    """Middleware: the first request of each day (in each server process) checks for the day's build."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            daily()
        except Exception:  # noqa: BLE001 - never a page lost to the scheduler (the database may be read-only)
            pass
        return self.get_response(request)
