"""Signing and releasing as seen from the browser: `planpress serve` (gunicorn) with the production
key derivation (scrypt N=2^17), a test CA as the hospital CA and a time-stamping service on
127.0.0.1. Each cycle revises H-J-YA-028, the two signatories sign in the application (password
check + KDF + CMS + trusted timestamp + commit) and the document controller releases (the same plus
the archive). Writes JSON rows with p50/p95 in ms and the server's CPU per request.

  python bench/sign_load.py WORKDIR RESULT.json [CYCLES]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]
from web_load import PASSWORD, Session, free_port, tree_cpu_seconds, tree_rss_mb  # noqa: E402

REPO = HERE.parent
NUMBER = "H-J-YA-028"
CA_PASSPHRASE = "bench-CA-passphrase"
SIGNING = {"sun-xiaolin": "bench-sun-signing-2026", "liu-yingen": "bench-liu-signing-2026",
           "zhou-min": "bench-zhou-signing-2026"}


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=b@b", *args], cwd=root, check=True,
                   capture_output=True)


def project(workdir: Path, keys) -> Path:
    import signing_support

    root = workdir / "sign-project"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "source", root / "source")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / ".gitignore").write_text("/.planpress/\n/.cache/\n/build/\n/site/\n", "utf-8")
    signing_support.install_roster(root, signing_support.REPO_PEOPLE, keys)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "bench")
    return root


def revise(root: Path, env: dict, effective: dt.date) -> None:
    run = [sys.executable, "-m", "planpress", "--root", str(root)]
    subprocess.run([*run, "revise", NUMBER, "--reason", "bench"], env=env, check=True, capture_output=True)
    path = root / "source" / f"{NUMBER}.yaml"
    text = re.sub(r"^effective:[^\n#]*#", f"effective: {effective:%Y-%m-%d}  #", path.read_text("utf-8"), count=1,
                  flags=re.M)
    path.write_text(text, "utf-8")
    git(root, "commit", "-qam", "revise")


def accounts(root: Path, state: Path, env: dict) -> None:
    script = f"""
from planpress.web import bootstrap
bootstrap.setup(); bootstrap.migrate()
from planpress.web.accounts import manage
for username, name, person, roles in [("sun", "孙晓琳", "sun-xiaolin", [("signer", "")]),
                                      ("liu", "刘迎恩", "liu-yingen", [("signer", "")]),
                                      ("zhou", "周敏", "zhou-min", [("controller", "")]),
                                      ("ca", "证书管理员", "", [("admin", "")])]:
    account, _ = manage.create_account(username, name=name, department="", email=username + "@bench.example",
                                       person=person, roles=roles, password={PASSWORD!r}, actor="bench")
    account.must_change_password = False
    account.save(update_fields=["must_change_password"])
"""
    subprocess.run([sys.executable, "-c", script], env={**env, "PLANPRESS_ROOT": str(root)}, check=True)


def ticket(page: str) -> str:
    return re.search(r'name="ticket" value="([^"]+)"', page).group(1)


def timed(session: Session, path: str, fields: dict, times: list, cpu: list, server: int) -> None:
    _, page = session.request(path)
    before_cpu = tree_cpu_seconds(server)
    start = time.perf_counter()
    status, body = session.request(path, {**fields, "ticket": ticket(page), "csrfmiddlewaretoken": session.csrf()})
    times.append(time.perf_counter() - start)
    cpu.append(tree_cpu_seconds(server) - before_cpu)
    if status not in (200, 302) or "refusal" in body or "problems" in body:
        raise RuntimeError(f"{path}: HTTP {status}\n{re.sub(r'<[^>]+>', ' ', body)[:1500]}")


def row(name: str, times: list[float], cpu: list[float]) -> dict:
    ms = sorted(t * 1000 for t in times)
    return {"name": name, "runs": len(ms), "p50_ms": round(statistics.median(ms)),
            "p95_ms": round(ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))]),
            "server_cpu_ms": round(statistics.mean(cpu) * 1000)}


def main() -> int:
    import signing_support
    from cryptography.hazmat.primitives import serialization
    from planpress.trust import certs

    workdir, result = Path(sys.argv[1]), Path(sys.argv[2])
    cycles = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(workdir / "sign-keys", ignore_errors=True)
    (workdir / "sign-keys").mkdir()
    keys = signing_support.Keys(workdir / "sign-keys")
    root = project(workdir, keys)
    state = workdir / "sign-state"
    shutil.rmtree(state, ignore_errors=True)
    demo = certs.load_certificates((REPO / "source" / "certificates" / "planpress-demo-ca.pem").read_bytes())[0]
    pins = workdir / "sign-pins"
    pins.write_text(f"{certs.sha256(demo)}\n{certs.sha256(keys.ca.certificate)}\n", "utf-8")
    (workdir / "ca.key").write_bytes(keys.ca.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(CA_PASSPHRASE.encode())))
    (workdir / "ca.pem").write_bytes(keys.ca.pem())
    with signing_support.running_tsa(keys.tsa_folder) as tsa_url:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PLANPRESS_", "DJANGO_"))}
        env.update(PLANPRESS_STATE_DIR=str(state), PLANPRESS_TRUST_PINS=str(pins), PLANPRESS_TSA_URL=tsa_url,
                   PLANPRESS_CA_KEY=str(workdir / "ca.key"), PLANPRESS_CA_CERT=str(workdir / "ca.pem"),
                   PLANPRESS_DRAFTS="0", PLANPRESS_OUTPUT_BUILDS="0", HOME=str(workdir))
        accounts(root, state, env)
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "planpress", "--root", str(root), "serve", "--port", str(port)],
                                  env=env, stdout=subprocess.DEVNULL, stderr=(workdir / "sign-serve.log").open("wb"))
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    Session(base).request("/accounts/sign-in/")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.3)
            sessions = {}
            for username in ("sun", "liu", "zhou", "ca"):
                sessions[username] = Session(base)
                sessions[username].sign_in(username)
            for username, person in (("sun", "sun-xiaolin"), ("liu", "liu-yingen"), ("zhou", "zhou-min")):
                session = sessions[username]
                session.request("/signing/key/")
                session.request("/signing/key/", {"password": SIGNING[person], "repeat": SIGNING[person],
                                                  "csrfmiddlewaretoken": session.csrf()})
            admin = sessions["ca"]
            for pk in sorted(set(re.findall(r'/signing/certificates/(\d+)/issue/', admin.request("/signing/certificates/")[1]))):
                admin.request(f"/signing/certificates/{pk}/issue/", {"passphrase": CA_PASSPHRASE,
                                                                      "csrfmiddlewaretoken": admin.csrf()})
            signs, sign_cpu, releases, release_cpu = [], [], [], []
            first = dt.date.today() + dt.timedelta(days=1)
            for cycle in range(cycles):
                revise(root, env, first + dt.timedelta(days=cycle))
                for username, person, role in (("sun", "sun-xiaolin", "主办"), ("liu", "liu-yingen", "院领导批准")):
                    timed(sessions[username], f"/signing/{NUMBER}/sign/{urllib.parse.quote(role)}/", {"password": SIGNING[person]},
                          signs, sign_cpu, server.pid)
                timed(sessions["zhou"], f"/signing/{NUMBER}/release/", {"password": SIGNING["zhou-min"], "confirm": "yes"},
                      releases, release_cpu, server.pid)
            rss = tree_rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(30)
    result.write_text(json.dumps({"rows": [row("sign (KDF N=2^17 + CMS + timestamp + commit)", signs, sign_cpu),
                                           row("release (KDF + archive + CMS + timestamp + commit)", releases, release_cpu)],
                                  "peak_rss_mb": round(rss)}, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
