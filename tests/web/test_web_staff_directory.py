"""The staff list kept current from the hospital's LDAP / AD (issue 20 item 1), against a real
slapd the tests start themselves (ldapserver.py): the attribute mapping of planpress.yaml, people who
left marked 离职 and not deleted, entries that cannot be read reported and their people kept, a
wrong password or base refused with nothing changed; the command, the staff page's button and the
application's own schedule."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
import time

import pytest

from planpress.web.acknowledge import directorysync
from planpress.web.acknowledge.models import Acknowledgement, StaffMember, StaffSync
from planpress.web.audit.models import AuditRecord

from .acktools import TODAY
from .ldapserver import SUFFIX, connect, running
from .webtools import signed_in

STAFF = f"ou=staff,{SUFFIX}"
SETTINGS = """
staff_directory:
  uri: {uri}
  bind_dn: cn=planpress,ou=services,{suffix}
  base: ou=staff,{suffix}
  filter: (objectClass=inetOrgPerson)
  attributes: {{employee_id: employeeNumber, department: departmentNumber, campus: l}}
  every_hours: 6
"""


@pytest.fixture(scope="module")
def directory():
    with running() as uri:
        yield uri


@pytest.fixture(autouse=True)
def clean(monkeypatch, directory):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    monkeypatch.setenv(directorysync.PASSWORD_VARIABLE, "sync-secret")
    Acknowledgement.objects.all().delete()
    StaffMember.objects.all().delete()
    StaffSync.objects.all().delete()
    with connect(directory) as c:
        c.search(STAFF, "(objectClass=inetOrgPerson)", attributes=[])
        for entry in list(c.entries):
            c.delete(entry.entry_dn)


def person(uri: str, uid: str, **attributes) -> None:
    values = {"cn": uid, "sn": uid, "displayName": "李护士", "employeeNumber": uid, "departmentNumber": "急诊科",
              "l": "滨河院区", "title": "护士", "mail": f"{uid}@hospital.example"} | attributes
    with connect(uri) as c:
        c.add(f"uid={uid},{STAFF}", ["inetOrgPerson"], {k: v for k, v in values.items() if v is not None})


@pytest.fixture
def configured(web_project, directory):
    path = web_project / "source" / "planpress.yaml"
    path.write_text(path.read_text("utf-8") + SETTINGS.format(uri=directory, suffix=SUFFIX), "utf-8")
    from planpress.web.documents import project

    loaded = project.load()
    assert loaded.project is not None and loaded.project.config.staff_directory is not None
    return loaded.project


def test_the_directory_becomes_the_staff_list_through_the_mapping(configured, directory):
    person(directory, "D1001", displayName="王医生", departmentNumber="内科", l="daxue", title="医师")
    person(directory, "D1002")
    person(directory, "D1003", l="月球院区")  # not a campus of contacts.yaml
    done = directorysync.run_and_record(configured, "测试")
    assert done.state == StaffSync.State.DONE and (done.added, done.left) == (2, 0)
    doctor = StaffMember.objects.get(employee_id="D1001")
    assert (doctor.name, doctor.department, doctor.campus, doctor.role, doctor.email) == \
        ("王医生", "内科", "daxue", "医师", "D1001@hospital.example")
    assert doctor.account.username == "D1001"
    assert f"uid=D1003,{STAFF}" in done.report and "月球院区" in done.report
    assert AuditRecord.objects.filter(action="staff_imported", actor="测试").exists()


def test_people_who_left_are_deactivated_and_unreadable_entries_kept(configured, directory):
    for uid in ("D2001", "D2002", "D2003"):
        person(directory, uid)
    directorysync.run_and_record(configured, "测试")
    with connect(directory) as c:
        c.delete(f"uid=D2001,{STAFF}")  # left the hospital
        c.modify(f"uid=D2002,{STAFF}", {"departmentNumber": [("MODIFY_REPLACE", ["ICU"])]})
        c.modify(f"uid=D2003,{STAFF}", {"mail": [("MODIFY_REPLACE", ["not an address"])]})  # unreadable now
    done = directorysync.run_and_record(configured, "测试")
    assert (done.updated, done.left) == (1, 1), done.report
    states = dict(StaffMember.objects.values_list("employee_id", "active"))
    assert states == {"D2001": False, "D2002": True, "D2003": True}  # none deleted
    assert StaffMember.objects.get(employee_id="D2002").department == "ICU"


def test_a_wrong_password_or_an_empty_base_changes_nothing(configured, directory, monkeypatch):
    person(directory, "D3001")
    directorysync.run_and_record(configured, "测试")
    monkeypatch.setenv(directorysync.PASSWORD_VARIABLE, "wrong")
    failed = directorysync.run_and_record(configured, "测试")
    assert failed.state == StaffSync.State.FAILED and "PLANPRESS_STAFF_DIRECTORY_PASSWORD" in failed.report
    monkeypatch.setenv(directorysync.PASSWORD_VARIABLE, "sync-secret")
    with connect(directory) as c:
        c.delete(f"uid=D3001,{STAFF}")
    empty = directorysync.run_and_record(configured, "测试")
    assert empty.state == StaffSync.State.FAILED and "名单没有改动" in empty.report
    assert StaffMember.objects.get(employee_id="D3001").active
    nowhere = dataclasses.replace(configured.config.staff_directory, uri="ldap://127.0.0.1:9")
    with pytest.raises(directorysync.SyncFailed, match="连不上目录服务器 ldap://127.0.0.1:9"):
        directorysync.sync(nowhere, {}, dt.date(2026, 11, 25))


def test_quality_management_syncs_on_the_staff_page(configured, directory, account):
    person(directory, "D4001")
    StaffSync.objects.create(by="定时同步", state=StaffSync.State.DONE)  # the schedule's is not due yet
    quality = signed_in(account("controller", department="质量管理科"))
    page = quality.post("/read/staff/", {"sync": "1"}, follow=True).content.decode()
    assert "上次同步" in page and "新增 1 人" in page, page[page.find("<main"):]
    assert StaffMember.objects.filter(employee_id="D4001", active=True).exists()


def test_the_application_syncs_on_its_own_schedule(configured, directory):
    person(directory, "D5001")
    directorysync._checked.clear()
    directorysync.scheduled()
    deadline = time.monotonic() + 20
    while not StaffSync.objects.filter(state=StaffSync.State.DONE).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert StaffMember.objects.filter(employee_id="D5001").exists()
    directorysync._checked.clear()
    directorysync.scheduled()  # not due again for 6 hours
    assert StaffSync.objects.count() == 1


def test_the_command_syncs(configured, directory, tmp_path):
    person(directory, "D6001", displayName="赵护士")
    env = {"PATH": "/usr/bin:/bin", "PLANPRESS_STATE_DIR": str(tmp_path / "state"), "PLANPRESS_TODAY": TODAY,
           directorysync.PASSWORD_VARIABLE: "sync-secret"}
    done = subprocess.run([sys.executable, "-m", "planpress", "--root", str(configured.config.path.parents[1]),
                           "admin", "sync-staff"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "新增 1 人" in done.stdout
