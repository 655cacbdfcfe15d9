"""A throwaway PostgreSQL server for the tests: Debian's postgresql, initdb and pg_ctl in a
temporary folder, listening on a Unix socket only (-k DIR -h ''). PostgreSQL refuses to run as
root, so as root the server runs as `nobody` (runuser)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "nobody", "--", *command] if os.geteuid() == 0 else command


@contextlib.contextmanager
def running() -> Iterator[str]:
    """The URL (PLANPRESS_DATABASE_URL form) of a new server, stopped and removed afterwards."""
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("Debian 的 postgresql 软件包没有安装（make setup 会安装它）。")
    folder = Path(tempfile.mkdtemp(prefix="planpress-pg-", dir="/tmp"))
    os.chmod(folder, 0o755)
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
        shutil.chown(sockets, "nobody")
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "HOME": str(folder)}
    try:
        subprocess.run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "planpress",
                                        "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                       check=True, capture_output=True, env=env, cwd=folder)
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                                        "-o", f"-k {sockets} -h '' -F -c fsync=off -c full_page_writes=off",
                                        "-w", "start"]),
                       check=True, capture_output=True, env=env, cwd=folder)
        yield f"postgresql://planpress@/planpress?host={sockets}"
    finally:
        subprocess.run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       capture_output=True, env=env, cwd=folder)
        shutil.rmtree(folder, ignore_errors=True)
