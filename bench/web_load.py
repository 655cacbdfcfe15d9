"""The intranet application under load: `planpress serve` (gunicorn, as `make serve` starts it) on
the 200-document register, driven over HTTP on 127.0.0.1 by simulated users, each with its own
session. Writes one JSON file of rows (p50/p95 in ms, requests, errors) and the server's peak RSS.

  python bench/web_load.py WORKDIR RESULT.json

Every loop is bounded in count and in time; the server and its workers are stopped at the end.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from register import REPO, make_mixed_register  # noqa: E402

USERS = 20
ROUNDS = 8  # per user and page
TIME_LIMIT = 90.0  # seconds per row, whatever the rounds
PASSWORD = "Bench-Password-2026"
DRAFT_RUNS = 5
SERVER: list[int] = []  # the server's pid, for its CPU time


class Session:
    """One simulated person: a cookie jar, the CSRF token, timed requests."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "planpress_csrf"), "")

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        if data is not None:
            request.add_header("X-CSRFToken", self.csrf())
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def sign_in(self, username: str) -> int:
        self.request("/accounts/sign-in/")
        status, _ = self.request("/accounts/sign-in/", {"username": username, "password": PASSWORD,
                                                         "csrfmiddlewaretoken": self.csrf()})
        return status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants (the gunicorn master, its
    workers, the draft worker and its helpers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry))
            except OSError:
                continue
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack += children.get(current, [])
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
        except (OSError, AttributeError):
            continue
    return total / 1024


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process tree so far (live processes, and the children each has
    reaped): what the server spent, whatever else the machine was doing meanwhile."""
    ticks = os.sysconf("SC_CLK_TCK")
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        stack += children.get(current, [])
        fields = stats.get(current)
        if fields:  # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the name
            total += sum(int(x) for x in fields[11:15])
    return total / ticks


def prepare(workdir: Path) -> Path:
    root = make_mixed_register(workdir / "web-register", 200)
    if not (root / ".git").exists():
        (root / ".gitignore").write_text("/.planpress/\n/.cache/\n/build/\n/site/\n", "utf-8")
        for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=b@b", "commit", "-qm", "register"]):
            subprocess.run(["git", *command], cwd=root, check=True, capture_output=True)
    return root


def accounts(root: Path, state: Path, owners: list[str]) -> list[str]:
    """Bench accounts, editors of every department, made through the application's own code."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANPRESS_", "DJANGO_"))}
    env.update(PLANPRESS_ROOT=str(root), PLANPRESS_STATE_DIR=str(state))
    script = f"""
from planpress.web import bootstrap
bootstrap.setup(); bootstrap.migrate()
from planpress.web.accounts import manage
from planpress.web.accounts.models import Account
for i in range({USERS}):
    name = f"bench{{i}}"
    if not Account.objects.filter(username=name).exists():
        account, _ = manage.create_account(name, name=f"测试{{i}}", roles=[("编辑", o) for o in {owners!r}],
                                           password={PASSWORD!r}, actor="bench")
        account.must_change_password = False
        account.save()
"""
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    return [f"bench{i}" for i in range(USERS)]


def measure(name: str, sessions: list[Session], action, rss, expected=(200,)) -> dict:
    """Each session runs `action(session, i, round)` ROUNDS times, all at once; the times of each."""
    cpu_before = tree_cpu_seconds(SERVER[0]) if SERVER else 0.0
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + TIME_LIMIT

    def user(index: int) -> None:
        for round_ in range(ROUNDS):
            if time.monotonic() > deadline:
                return
            start = time.perf_counter()
            status = action(sessions[index], index, round_)
            elapsed = time.perf_counter() - start
            with lock:
                times.append(elapsed)
                if status not in expected:
                    errors.append(str(status))
            rss()

    threads = [threading.Thread(target=user, args=(i,)) for i in range(len(sessions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = row(name, times, errors, len(sessions))
    if SERVER and times:
        found["server_cpu_ms"] = round((tree_cpu_seconds(SERVER[0]) - cpu_before) * 1000 / len(times))
    return found


def row(name: str, times: list[float], errors: list[str], users: int) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))] if ordered else 0.0
    return {"name": name, "users": users, "requests": len(times), "errors": len(errors),
            "error_statuses": sorted(set(errors)), "p50_ms": round(statistics.median(ordered) * 1000) if ordered else 0,
            "p95_ms": round(p95 * 1000)}


def main() -> int:
    workdir, result_file = Path(sys.argv[1]), Path(sys.argv[2])
    root = prepare(workdir)
    state = workdir / "web-state"
    from register import SHAPES  # noqa: F401  (the shapes' owners)

    owners = sorted({re.search(r"^owner:\s*(\S+)", p.read_text("utf-8"), re.M).group(1)
                     for p in (root / "source").glob("H-*.yaml")})
    users = accounts(root, state, owners)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANPRESS_", "DJANGO_"))}
    env["PLANPRESS_STATE_DIR"] = str(state)
    env["PLANPRESS_OUTPUT_BUILDS"] = "0"  # the application's daily build would compete with the measured pages
    log = (workdir / "web-serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "planpress", "--root", str(root), "serve", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    SERVER.append(server.pid)
    peak = [0.0]

    def rss() -> None:
        peak[0] = max(peak[0], tree_rss_mb(server.pid))

    rows = []
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(base + "/accounts/sign-in/", timeout=2).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit((workdir / "web-serve.log").read_text("utf-8", "replace")[-3000:])
                time.sleep(0.3)
        numbers = sorted(p.stem for p in (root / "source").glob("H-*.yaml"))
        largest = max(numbers, key=lambda n: (root / "source" / f"{n}.yaml").stat().st_size)
        sessions = [Session(base) for _ in users]

        def sign_in_to_register(session: Session, index: int, round_: int) -> int:
            fresh = Session(base)
            status = fresh.sign_in(users[index])
            if status != 200:
                return status
            return fresh.request("/documents/")[0]

        rows.append(measure("sign-in → register page", sessions, sign_in_to_register, rss))
        for session, username in zip(sessions, users):
            session.sign_in(username)
        rows.append(measure("register, 200 documents", sessions, lambda s, i, r: s.request("/documents/")[0], rss))
        rows.append(measure(f"open the editor ({largest}, YAML)", sessions,
                            lambda s, i, r: s.request(f"/documents/{largest}/edit/?tab=yaml")[0], rss))

        def save_with_error(session: Session, index: int, round_: int) -> int:
            number = numbers[1 + index]  # each user their own document: saves of different documents
            path = root / "source" / f"{number}.yaml"
            status, page = session.request(f"/documents/{number}/edit/?tab=yaml")
            base_id = re.search(r'name="base" value="([0-9a-f]{40})"', page).group(1)
            text = path.read_text("utf-8").replace("\nowner: ", "\nowner： ", 1)  # a full-width colon
            start = time.perf_counter()
            status, page = session.request(f"/documents/{number}/edit/yaml/",
                                           {"base": base_id, "text": text, "csrfmiddlewaretoken": session.csrf()})
            save_times.append(time.perf_counter() - start)
            return status if "冒号是全角的" in page else -status

        save_times: list[float] = []
        measured = measure("save → errors shown (whole: open + save)", sessions, save_with_error, rss, expected=(422,))
        saved = row("save → errors shown", save_times, [] if not measured["errors"] else ["x"] * measured["errors"],
                    len(sessions))
        saved["server_cpu_ms"] = measured.get("server_cpu_ms")  # of the editor's opening and the save together
        rows.append(saved)
        rows.append(draft_row(base, root, sessions[0], numbers[1], rss))
        rss()
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    result_file.write_text(json.dumps({"rows": rows, "peak_rss_mb": round(peak[0])}, ensure_ascii=False), "utf-8")
    for item in rows:
        print(f"{item['name']}: p50 {item['p50_ms']} ms, p95 {item['p95_ms']} ms, {item['requests']} requests, "
              f"{item['users']} users, {item['errors']} errors {item['error_statuses'] or ''}"
              f"; server CPU {item.get('server_cpu_ms', '?')} ms per request")
    print(f"server peak RSS (master, workers, draft worker): {peak[0]:.0f} MB; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if any(item["errors"] for item in rows) else 0


def draft_row(base: str, root: Path, session: Session, number: str, rss) -> dict:
    """One editor saves a valid change and waits until the draft PDF and cards are ready (the
    builds are one at a time on the machine, so this is measured alone, DRAFT_RUNS times)."""
    times, errors = [], []
    path = root / "source" / f"{number}.yaml"
    cpu_before = tree_cpu_seconds(SERVER[0])
    for run in range(DRAFT_RUNS):
        status, page = session.request(f"/documents/{number}/edit/?tab=yaml")
        base_id = re.search(r'name="base" value="([0-9a-f]{40})"', page).group(1)
        text = path.read_text("utf-8")
        current = int(re.search(r"^review_cycle_years: (\d+)", text, flags=re.M).group(1))
        text = re.sub(r"^review_cycle_years: \d+", f"review_cycle_years: {2 if current != 2 else 3}", text,
                      count=1, flags=re.M)  # a real change each time (an unchanged save builds nothing)
        _, before = session.request(f"/drafts/{number}/")
        start = time.perf_counter()
        status, _ = session.request(f"/documents/{number}/edit/yaml/",
                                    {"base": base_id, "text": text, "csrfmiddlewaretoken": session.csrf()})
        if status != 200:  # the redirect to the document page is followed
            errors.append(str(status))
            continue
        while time.perf_counter() - start < 120:
            _, fragment = session.request(f"/drafts/{number}/")
            if "data-draft-ready" in fragment and fragment != before:
                break
            if "data-draft-failed" in fragment:
                errors.append("draft failed")
                break
            time.sleep(0.1)
        else:
            errors.append("timeout")
        times.append(time.perf_counter() - start)
        rss()
    found = row("save → draft PDF and cards ready", times, errors, 1)
    found["server_cpu_ms"] = round((tree_cpu_seconds(SERVER[0]) - cpu_before) * 1000 / max(1, len(times)))
    return found


if __name__ == "__main__":
    raise SystemExit(main())
