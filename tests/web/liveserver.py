"""`planpress serve` (gunicorn) on a copy of the project, as a user starts it, for the browser tests
and the benchmarks: its own state folder (SQLite), accounts made with `planpress admin`."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


@dataclasses.dataclass
class Live:
    url: str
    root: Path
    state: Path
    env: dict
    process: subprocess.Popen
    passwords: dict = dataclasses.field(default_factory=dict)  # username → first (temporary) password

    def admin(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "planpress", "--root", str(self.root), "admin", *args],
                                env=self.env, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def create(self, username: str, *args: str) -> str:
        printed = self.admin("create-user", username, *args)
        self.passwords[username] = re.search(r"临时密码：(\S+)", printed).group(1)
        return self.passwords[username]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANPRESS_", "DJANGO_"))}
    env.update(extra)
    return env


@contextlib.contextmanager
def serving(root: Path, state: Path, *, workers: int = 2, threads: int = 4, **extra: str) -> Iterator[Live]:
    port = free_port()
    env = clean_environment(PLANPRESS_STATE_DIR=str(state), **{"PLANPRESS_OUTPUT_BUILDS": "0", **extra})
    log = (state.parent / f"serve-{port}.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "planpress", "--root", str(root), "serve", "--port", str(port),
                                "--workers", str(workers), "--threads", str(threads)],
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/accounts/sign-in/", timeout=2).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((state.parent / f"serve-{port}.log").read_text("utf-8", "replace"))
                time.sleep(0.2)
        yield Live(url, root, state, env, process)
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
