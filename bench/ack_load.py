"""Acknowledgements at hospital scale: 3,000 staff × 200 documents in force, in the application's
own views (Django's test client in this process, SQLite in WAL mode as `planpress serve` uses it).
Writes one JSON file of rows: p50/p95 of a person's list of what waits (GET /read/), of quality
management's statistics page for one department, and the time of the exports (one department in Excel, everyone in CSV: 600,000 person ×
document rows; Excel beyond exports.XLSX_MAX_ROWS is refused with a request to filter).

  python bench/ack_load.py WORKDIR RESULT.json

The 200-document register is bench/register.py's mixed one; its copies are drafts (releasing 200
signed versions is not what is measured here), so each of the 200 working copies stands in for a
version in force (duties.in_force is given them, everyone must read them). Each person has
acknowledged a random half of them. Everything else is the application's code as it runs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from register import make_mixed_register  # noqa: E402

STAFF = 3000
DOCUMENTS = 200
LIST_REQUESTS = 200
DEPARTMENTS = [f"科室{n:02d}" for n in range(60)]  # 50 people each


def p(values: list[float], q: float) -> int:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000)


def main() -> int:
    workdir, result_file = Path(sys.argv[1]), Path(sys.argv[2])
    root = make_mixed_register(workdir / "register-200", DOCUMENTS)
    state = workdir / "ack-state"
    if state.exists():
        import shutil

        shutil.rmtree(state)
    os.environ.update(PLANPRESS_ROOT=str(root), PLANPRESS_STATE_DIR=str(state), PLANPRESS_DRAFTS="0",
                      PLANPRESS_OUTPUT_BUILDS="0",  # no daily build of the register in the background
                      DJANGO_SETTINGS_MODULE="planpress.web.settings", PLANPRESS_TODAY="2026-11-25")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    from planpress.model import Readers
    from planpress.web.accounts.models import Account, RoleGrant
    from planpress.web.acknowledge import duties, views
    from planpress.web.acknowledge.models import Acknowledgement, StaffMember
    from planpress.web.documents import project

    loaded = project.load()
    documents = list(loaded.project.documents)[:DOCUMENTS]
    assert len(documents) == DOCUMENTS, len(documents)
    everyone = Readers(everyone=True)
    items = [duties.InForce(d, everyone, frozenset()) for d in documents if d.effective]
    duties_in_force = lambda project: items  # noqa: E731  (the stand-in described above)
    duties.in_force = duties_in_force
    views.in_force = duties_in_force
    from planpress.web.acknowledge import progress

    progress.in_force = duties_in_force

    started = time.perf_counter()
    rng = random.Random(20)
    accounts = [Account(username=f"S{n:05d}", display_name=f"员工{n}") for n in range(STAFF)]
    for a in accounts:
        a.set_unusable_password()
        a.must_change_password = False
    Account.objects.bulk_create(accounts, batch_size=1000)
    accounts = list(Account.objects.filter(username__startswith="S").order_by("username"))
    members = StaffMember.objects.bulk_create([
        StaffMember(employee_id=a.username, name=a.display_name, department=DEPARTMENTS[n % len(DEPARTMENTS)],
                    role="护士" if n % 3 else "医师", campus="binhe" if n % 2 else "daxue", since=dt.date(2026, 1, 1),
                    email=f"{a.username}@hospital.example", account=a)
        for n, a in enumerate(accounts)], batch_size=1000)
    members = list(StaffMember.objects.order_by("employee_id"))
    now = dt.datetime(2026, 11, 20, tzinfo=dt.timezone.utc)
    rows = []
    for m in members:
        for item in rng.sample(items, len(items) // 2):
            rows.append(Acknowledgement(staff=m, account_id=m.account_id, number=item.number, version=item.version,
                                        fingerprint=item.doc.fingerprint, at=now))
    Acknowledgement.objects.bulk_create(rows, batch_size=5000)
    setup_seconds = time.perf_counter() - started
    quality = Account.objects.create(username="qm", display_name="周敏", must_change_password=False)
    RoleGrant.objects.create(account=quality, role="controller")

    results = []

    def timed(name: str, fn, count: int, check) -> None:
        times, errors = [], 0
        cpu = time.process_time()
        for i in range(count):
            start = time.perf_counter()
            response = fn(i)
            times.append(time.perf_counter() - start)
            errors += not check(response)
        cpu = time.process_time() - cpu
        results.append({"name": name, "requests": count, "errors": errors, "p50_ms": p(times, 0.5),
                        "p95_ms": p(times, 0.95), "cpu_ms_per_request": round(cpu * 1000 / count)})

    client = Client()
    chosen = rng.sample(accounts, LIST_REQUESTS)

    def my_list(i: int):
        client.force_login(chosen[i])
        return client.get("/read/")

    client.get("/accounts/sign-in/")
    timed("acknowledgement list (GET /read/), 3000 staff × 200 documents", my_list, LIST_REQUESTS,
          lambda r: r.status_code == 200 and r.content.count(b'class="ack-item') >= 80)
    boss = Client()
    boss.force_login(quality)
    department = DEPARTMENTS[7]
    timed("statistics, one department (50 people × 200 documents)",
          lambda i: boss.get(f"/read/quality/?department={department}"), 10, lambda r: r.status_code == 200)
    timed("export Excel, one department (10,000 rows)",
          lambda i: boss.get(f"/read/quality/export.xlsx?department={department}"), 5,
          lambda r: r.status_code == 200 and len(r.content) > 100_000)
    timed("export CSV, everyone (600,000 rows)", lambda i: boss.get("/read/quality/export.csv"), 1,
          lambda r: r.status_code == 200 and r.content.count(b"\n") == STAFF * len(items) + 1)
    timed("export Excel, everyone (600,000 rows: refused, asks to filter or take the CSV)",
          lambda i: boss.get("/read/quality/export.xlsx"), 1, lambda r: r.status_code == 302)
    import resource

    result_file.write_text(json.dumps({"rows": results, "setup_s": round(setup_seconds, 1), "in_force": len(items),
                                       "acknowledgements": len(rows),
                                       "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)},
                                      ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
