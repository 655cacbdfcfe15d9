"""Draft outputs in the background: after a save, the document's PDF and cards are made again by
`planpress build DOC --only pdf,cards` (the same builders, incremental: only what changed), in a
process of its own so the page-serving workers never hold the PDF engine.

One build runs at a time on the machine (a file lock; two cores are for the pages too); requests
that pile up for a document meanwhile are served by one build. The state of each request is in
the database, so any worker can show its progress.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from ..gitstore.locks import held
from .models import DraftBuild

TIMEOUT = 600
_threads: list[threading.Thread] = []


def schedule(number: str, blob: str = "", by: str = "") -> DraftBuild:
    job = DraftBuild.objects.create(number=number, blob=blob, requested_by=by)
    if not settings.PLANPRESS_DRAFTS:
        return job
    thread = threading.Thread(target=_work_in_thread, args=(number,), name=f"draft {number}", daemon=True)
    thread.start()
    _threads[:] = [t for t in _threads if t.is_alive()] + [thread]
    return job


def wait_all(timeout: float = 120) -> None:
    """For tests and shutdown: wait for the builds this process started."""
    for thread in list(_threads):
        thread.join(timeout)


def _work_in_thread(number: str) -> None:
    try:
        _work(number)
    finally:
        close_old_connections()


def _work(number: str) -> None:
    with held(Path(settings.STATE_DIR) / "locks", "drafts", timeout=TIMEOUT):
        with transaction.atomic():
            waiting = list(DraftBuild.objects.filter(number=number, state=DraftBuild.State.QUEUED)
                           .values_list("pk", flat=True))
            if not waiting:
                return  # another build took them
            DraftBuild.objects.filter(pk__in=waiting).update(state=DraftBuild.State.RUNNING, started=timezone.now())
        state, report = build(number)
        DraftBuild.objects.filter(pk__in=waiting).update(state=state, finished=timezone.now(), report=report[-20000:])


def build(number: str) -> tuple[str, str]:
    root = Path(settings.PLANPRESS_ROOT)
    command = [sys.executable, "-m", "planpress", "--root", str(root), "build", number, "--only", "pdf,cards"]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    try:
        result = subprocess.run(command, cwd=root, env=environment, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return DraftBuild.State.FAILED, f"生成超过 {TIMEOUT} 秒，已停止。"
    output = (result.stdout + result.stderr).decode("utf-8", "replace")
    if result.returncode == 0:
        return DraftBuild.State.DONE, output
    return DraftBuild.State.FAILED, output
