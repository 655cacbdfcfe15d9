"""Draft outputs in the background: after a save, the document's draft PDF and cards are made again
(drafts/build.py: the same builders as `planpress build`, incremental), in a warm worker process
of its own so the page-serving workers never hold the PDF engine.

One build runs at a time on the machine (a file lock; two cores are for the pages too); requests
that pile up for a document meanwhile are served by one build. The state of each request is in
the database, so any worker can show its progress.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from ..gitstore.locks import held
from .build import output_dir, socket_path
from .models import DraftBuild

TIMEOUT = 600  # seconds a build may wait for the one before it
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


class _Worker:
    """The warm draft builder of this process (one per server process; builds are one at a time
    on the machine anyway, under the "drafts" lock)."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()

    def request(self, payload: dict) -> dict:
        served = _from_service(payload)
        if served is not None:
            return served
        with self.lock:
            for attempt in range(2):
                if self.process is None or self.process.poll() is not None:
                    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
                    self.process = subprocess.Popen([sys.executable, "-m", "planpress.web.drafts.build", "--worker"],
                                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                    stderr=subprocess.DEVNULL, env=environment, text=True,
                                                    encoding="utf-8", cwd=payload["root"])
                try:
                    self.process.stdin.write(json.dumps(payload, ensure_ascii=False) + "\n")
                    self.process.stdin.flush()
                    answer = self.process.stdout.readline()
                    if answer:
                        return json.loads(answer)
                except (OSError, ValueError):
                    pass
                self.process.kill()  # it died or answered garbage: a new one, once
                self.process = None
            return {"ok": False, "lines": ["草稿生成程序意外退出。"]}


_worker = _Worker()


def _from_service(payload: dict) -> dict | None:
    """The answer of the server's draft service (started by `planpress serve`, warm before the
    first save), or None when there is none (then this process's own worker builds)."""
    import socket

    path = socket_path(Path(settings.STATE_DIR))
    if len(str(path)) > 100 or not path.exists():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(TIMEOUT)
            connection.connect(str(path))
            with connection.makefile("rwb") as stream:
                stream.write((json.dumps({"number": payload["number"]}, ensure_ascii=False) + "\n").encode("utf-8"))
                stream.flush()
                answer = stream.readline()
    except OSError:
        return None
    try:
        return json.loads(answer) if answer else None
    except ValueError:
        return None


def build(number: str) -> tuple[str, str]:
    root = Path(settings.PLANPRESS_ROOT)
    out = output_dir(Path(settings.STATE_DIR))
    answer = _worker.request({"root": str(root), "number": number, "out": str(out)})
    report = "\n".join(answer.get("lines", []))
    return (DraftBuild.State.DONE if answer.get("ok") else DraftBuild.State.FAILED), report
