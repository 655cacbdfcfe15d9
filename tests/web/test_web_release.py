"""Release in the browser (issue 19 item 5) and the audit trail of the whole flow (item 7): the same
archive `planpress release` writes, committed with the controller as author; refused until every
row is signed; the audit trail shows each step, exports as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings

from .signingtools import NUMBER, SIGNING_PASSWORD, enrolled_team, sign, ticket
from .webtools import git, signed_in


@pytest.fixture
def approved(weak_kdf, web_project, account, tmp_path):
    return enrolled_team(web_project, account, tmp_path)


def release_post(user, password=None):
    client = signed_in(user)
    token = ticket(client.get(f"/signing/{NUMBER}/release/"))
    return client.post(f"/signing/{NUMBER}/release/", {"ticket": token, "confirm": "yes",
                                                        "password": password or SIGNING_PASSWORD["zhou-min"]})


def test_release_in_the_browser(approved, web_project):
    from planpress.web.audit.models import AuditRecord
    from planpress.web.documents import project

    zhou = approved["zhou"]
    assert signed_in(approved["sun"]).get(f"/signing/{NUMBER}/release/").status_code == 403
    # not yet approved: the CLI's refusal, nothing written
    head = git(web_project, "rev-parse", "HEAD")
    early = release_post(zhou)
    assert early.status_code == 422 and "主办" in early.content.decode()
    assert git(web_project, "rev-parse", "HEAD") == head
    assert sign(approved["sun"], "主办").status_code == 302
    assert sign(approved["liu"], "院领导批准").status_code == 302
    ready = signed_in(zhou).get("/signing/").content.decode()
    assert f"/signing/{NUMBER}/release/" in ready
    assert "定期评审已逾期" in ready and NUMBER in ready.split('id="overdue"')[1]  # A/0 (2020, 3 years)
    # the confirmation of the effective date is required
    client = signed_in(zhou)
    token = ticket(client.get(f"/signing/{NUMBER}/release/"))
    assert client.post(f"/signing/{NUMBER}/release/", {"ticket": token, "password": SIGNING_PASSWORD["zhou-min"]}).status_code == 400
    done = client.post(f"/signing/{NUMBER}/release/", {"ticket": token, "confirm": "yes",
                                                       "password": SIGNING_PASSWORD["zhou-min"]})
    assert done.status_code == 302, done.content.decode()[:3000]
    shown = git(web_project, "show", "--name-only", "--format=%an", "HEAD").split()
    assert shown[0] == "周敏" and f"source/{NUMBER}.yaml" in shown and any(n.startswith(f"source/archive/{NUMBER}/") for n in shown)
    assert git(web_project, "status", "--porcelain").strip() == ""
    doc = project.load().document(NUMBER)
    assert doc.is_released and str(doc.version) == "A/1"
    from planpress.web.signing.models import OutputBuild

    assert OutputBuild.objects.filter(reason__startswith=f"发布 {NUMBER} A/1").exists()  # outputs queued
    assert 'id="build-status"' in client.get(done["Location"]).content.decode()
    from conftest import run_cli

    checked = run_cli("check", root=web_project)
    assert checked.status == 0, checked.stdout + checked.stderr
    # a replay of the release request: refused
    again = client.post(f"/signing/{NUMBER}/release/", {"ticket": token, "confirm": "yes",
                                                        "password": SIGNING_PASSWORD["zhou-min"]})
    assert again.status_code == 403
    # the audit trail: every step, exported as CSV by quality management
    actions = [r.action for r in AuditRecord.objects.filter(document=NUMBER).order_by("seq")]
    assert actions.index("approved") < actions.index("released")
    exported = client.get("/audit/export.csv", {"document": NUMBER})
    assert exported.status_code == 200
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][0] == "序号" and {"电子审批签名", "发布"} <= {r[4] for r in rows[1:]}
    assert signed_in(approved["sun"]).get("/audit/export.csv").status_code == 403
    from openpyxl import load_workbook

    workbook = client.get("/audit/export.xlsx", {"document": NUMBER})
    assert workbook.status_code == 200
    sheet = load_workbook(io.BytesIO(workbook.content), read_only=True)["审计记录"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert cells[0][0] == "序号" and [r[4] for r in cells[1:]] == [r[4] for r in rows[1:]]
    assert len(list((web_project / "source" / "archive" / NUMBER).glob("*.yaml"))) == 2  # A/0 and A/1


def test_the_daily_build_is_scheduled_once_a_day(monkeypatch, web_project):
    """The first request of a day (in any server process) queues `planpress build`, once: the
    version whose effective date has come goes into force without anyone running make."""
    from django.test import Client

    from planpress.web.signing import outputs
    from planpress.web.signing.models import OutputBuild

    ran = []
    monkeypatch.setattr(outputs, "_run", ran.append)
    monkeypatch.setattr(settings, "PLANPRESS_OUTPUT_BUILDS", True)
    monkeypatch.setenv("PLANPRESS_TODAY", "2031-05-04")
    for _ in range(2):  # two server processes: each checks once, one build
        outputs._checked_day.clear()
        Client().get("/accounts/sign-in/")
        Client().get("/accounts/sign-in/")
    outputs.wait_all()
    made = OutputBuild.objects.filter(day="2031-05-04")
    assert made.count() == 1 and len(ran) == 1 and ran[0] == made.get().pk


def test_the_servers_warm_up_before_the_fork_starts_no_scheduled_job(monkeypatch, web_project):
    """`planpress serve` renders its sign-in page before gunicorn forks (web/warmup.py): past the
    middleware, so the day's build is queued by a worker's first real request, not by the master."""
    import threading

    from planpress.web import warmup
    from planpress.web.signing import outputs
    from planpress.web.signing.models import OutputBuild

    monkeypatch.setattr(outputs, "_run", lambda pk: None)
    monkeypatch.setattr(settings, "PLANPRESS_OUTPUT_BUILDS", True)
    monkeypatch.setenv("PLANPRESS_TODAY", "2031-06-07")
    outputs._checked_day.clear()
    threads = threading.active_count()
    warmup.warm()
    assert not OutputBuild.objects.filter(day="2031-06-07").exists()
    assert threading.active_count() == threads


def test_exports_never_carry_a_formula(account):
    """A reason typed as a spreadsheet formula stays text in the CSV and the workbook."""
    from openpyxl import load_workbook

    from planpress.web.audit.chain import record

    record("sent_back", actor="某人", document="H-J-YA-777", reason='=HYPERLINK("http://x.example","点我")')
    client = signed_in(account("controller", name="质量管理科"))
    text = client.get("/audit/export.csv", {"document": "H-J-YA-777"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(client.get("/audit/export.xlsx", {"document": "H-J-YA-777"}).content))["审计记录"]
    reason = sheet.cell(row=2, column=8)
    assert reason.value.startswith("'=") and reason.data_type == "s"
