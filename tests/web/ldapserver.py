"""A throwaway LDAP server for the tests: Debian's slapd with a slapd.conf in a temporary folder
(an mdb database, the core, cosine and inetOrgPerson schemas), listening on a free port of
127.0.0.1 only; it starts in about 0.2 s. The entries are added by the tests with ldap3 as the
directory's administrator."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

SLAPD = Path("/usr/sbin/slapd")
SUFFIX = "dc=hospital,dc=local"
ADMIN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "directory-admin"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running() -> Iterator[str]:
    """The ldap:// URI of a new server with an empty `SUFFIX`, stopped and removed afterwards."""
    if not SLAPD.exists():
        raise RuntimeError("Debian 的 slapd 软件包没有安装（make setup 会安装它）。")
    folder = Path(tempfile.mkdtemp(prefix="planpress-ldap-", dir="/tmp"))
    (folder / "db").mkdir()
    (folder / "slapd.conf").write_text(f"""\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ADMIN}"
rootpw {ADMIN_PASSWORD}
directory {folder}/db
""", "utf-8")
    port = _free_port()
    uri = f"ldap://127.0.0.1:{port}"
    pid = None
    try:
        subprocess.run([str(SLAPD), "-f", str(folder / "slapd.conf"), "-h", uri + "/"], check=True,
                       capture_output=True, timeout=30)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError, ValueError):
                pid = int((folder / "slapd.pid").read_text())
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            time.sleep(0.05)
        else:
            raise RuntimeError("slapd 没有启动")
        _add_base(uri)
        yield uri
    finally:
        if pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        shutil.rmtree(folder, ignore_errors=True)


def connect(uri: str):
    import ldap3

    return ldap3.Connection(ldap3.Server(uri), ADMIN, ADMIN_PASSWORD, auto_bind=True, raise_exceptions=True)


def _add_base(uri: str) -> None:
    with connect(uri) as c:
        c.add(SUFFIX, ["dcObject", "organization"], {"dc": "hospital", "o": "医院"})
        c.add(f"ou=staff,{SUFFIX}", ["organizationalUnit"], {"ou": "staff"})
        c.add(f"ou=services,{SUFFIX}", ["organizationalUnit"], {"ou": "services"})
        c.add(f"cn=planpress,ou=services,{SUFFIX}", ["person", "simpleSecurityObject"],
              {"cn": "planpress", "sn": "planpress", "userPassword": "sync-secret"})
