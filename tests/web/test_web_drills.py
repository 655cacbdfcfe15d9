"""Drills (issue 20 item 4): recorded on the plan's page with participants from the staff list and
attachments, committed to git beside the plan, shown per scenario with a warning past the
interval, and in `planpress status`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from planpress.web.acknowledge.models import Acknowledgement, StaffMember
from planpress.web.audit.models import AuditRecord

from .webtools import last_commit, signed_in

JPEG = b"\xff\xd8\xff\xe0" + b"\0\x10JFIF" + os.urandom(2000)
PDF = b"%PDF-1.7\n" + b"0" * 500 + b"\n%%EOF\n"


@pytest.fixture(autouse=True)
def staff(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    Acknowledgement.objects.all().delete()
    StaffMember.objects.all().delete()
    for n, (name, department) in enumerate([("李护士", "急诊科"), ("王保安", "保卫科"), ("赵主任", "病案室")]):
        StaffMember.objects.create(employee_id=f"D{n + 1:03d}", name=name, department=department, campus="binhe",
                                   since=dt.date(2026, 1, 1))


@pytest.fixture
def editor(account, web_project):
    return signed_in(account("editor", department="医务科", name="孙晓琳"))


def form(**changes) -> dict:
    return {"date": "2026-11-20", "scenarios": ["fire", "water-leak"], "campus": "binhe",
            "participants": "D001, D002\nD003", "went_well": "疏散迅速，三分钟内全部撤离。",
            "finding_1": "灭火器压力不足", "action_1": "保卫科每月检查压力表", "finding_2": "值班电话无人接听",
            **changes}


def test_a_drill_is_committed_beside_the_plan_and_shown_on_its_page(editor, web_project):
    photo = SimpleUploadedFile("现场照片.jpg", JPEG, content_type="image/jpeg")
    sheet = SimpleUploadedFile("签到表.pdf", PDF, content_type="application/pdf")
    response = editor.post("/drills/H-J-YA-028/new/", form() | {"attachments": [photo, sheet]})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"] == "/drills/H-J-YA-028/2026-11-20-1/"

    folder = web_project / "source" / "drills" / "H-J-YA-028"
    record = (folder / "2026-11-20-1.yaml").read_text("utf-8")
    assert "灭火器压力不足" in record and "保卫科每月检查压力表" in record and "赵主任" in record
    assert (folder / "files" / "2026-11-20-1-1.jpg").read_bytes() == JPEG
    assert hashlib.sha256(PDF).hexdigest() in record
    commit = last_commit(web_project)
    assert commit["author"] == "孙晓琳" and "应急演练 2026-11-20" in commit["subject"]
    assert subprocess.run(["git", "status", "--porcelain"], cwd=web_project, capture_output=True, text=True).stdout == ""
    assert AuditRecord.objects.filter(action="drill_recorded", document="H-J-YA-028").exists()

    page = editor.get("/documents/H-J-YA-028/").content.decode()
    panel = page[page.index('id="drill-table"'):]
    fire = panel[panel.index("火灾"):panel.index("</tr>", panel.index("火灾"))]
    assert "2026-11-20" in fire and "2027-11-20 前" in fire
    theft = panel[panel.index("盗窃案件"):panel.index("</tr>", panel.index("盗窃案件"))]
    assert "从未演练" in theft

    detail = editor.get("/drills/H-J-YA-028/2026-11-20-1/").content.decode()
    assert "李护士（急诊科）" in detail and "值班电话无人接听" in detail and "滨河院区" in detail
    assert editor.get("/drills/H-J-YA-028/files/2026-11-20-1-1.jpg").getvalue() == JPEG
    assert editor.get("/drills/H-J-YA-028/files/..%2F2026-11-20-1.yaml").status_code == 404


def test_a_drill_older_than_the_interval_is_warned_about(editor, web_project, python):
    assert editor.post("/drills/H-J-YA-028/new/", form(date="2025-10-01", scenarios=["fire"])).status_code == 302
    panel = editor.get("/documents/H-J-YA-028/").content.decode()
    fire = panel[panel.index("火灾", panel.index('id="drill-table"')):]
    assert "已超过 12 个月（2026-10-01）" in fire[:fire.index("</tr>")]
    status = subprocess.run([python, "-m", "planpress", "--root", str(web_project), "status"], capture_output=True,
                            text=True, env={**os.environ, "PLANPRESS_TODAY": "2026-11-25"})
    assert "火灾：最近一次 2025-10-01（滨河院区）  警告：已超过 12 个月（应于 2026-10-01 前再次演练）" in status.stdout
    assert "停电：没有演练记录  警告：从未演练" in status.stdout


@pytest.mark.parametrize("changes, expected", [
    ({"date": "2026-13-01"}, "请填写演练日期"),
    ({"date": "2027-01-01"}, "演练日期 2027-01-01 在今天之后"),  # the rules of planpress check, at the field
    ({"scenarios": []}, "请至少勾选一个预案里的场景"),
    ({"scenarios": ["earthquake"]}, "H-J-YA-028 里没有场景“earthquake”"),
    ({"campus": ""}, "请选择院区"),
    ({"campus": "moon"}, "院区“moon”不在通讯录里"),
    ({"went_well": "好" * 5001}, "最多 5000 个字"),
    ({"participants": "D001 X999"}, "员工名单里没有这些工号：X999"),
    ({"finding_1": "", "action_1": "加强培训"}, "写了改进措施，请同时写出发现的问题"),
    ({"attachments": [SimpleUploadedFile("a.exe", b"MZ\x90\0" * 10)]}, "不是照片（JPEG、PNG）或 PDF 扫描件"),
])
def test_bad_input_is_refused_at_its_field_and_nothing_is_written(editor, web_project, changes, expected):
    response = editor.post("/drills/H-J-YA-028/new/", form(**changes))
    page = response.content.decode()
    assert response.status_code == 422 and expected in page
    assert "值班电话无人接听" in page  # what was typed is kept
    assert not (web_project / "source" / "drills").exists()


def test_an_attachment_over_the_limit_is_refused(editor, web_project, monkeypatch):
    monkeypatch.setattr(settings, "PLANPRESS_DRILL_ATTACHMENT_BYTES", 1000)
    response = editor.post("/drills/H-J-YA-028/new/", form(attachments=[SimpleUploadedFile("big.jpg", JPEG)]))
    assert response.status_code == 422 and "“big.jpg”超过" in response.content.decode()


def test_staff_may_read_drills_but_not_record_them(account, web_project):
    nurse = signed_in(account(department="急诊科"))
    assert nurse.get("/drills/H-J-YA-028/new/").status_code == 403
    assert nurse.post("/drills/H-J-YA-028/new/", form()).status_code == 403
    assert "记录一次演练" not in nurse.get("/documents/H-J-YA-028/").content.decode()


def test_a_hand_edited_record_with_an_unknown_scenario_is_reported_not_shown(editor, web_project):
    folder = web_project / "source" / "drills" / "H-J-YA-028"
    folder.mkdir(parents=True)
    (folder / "2026-11-01-1.yaml").write_text(
        "document: H-J-YA-028\ndate: 2026-11-01\nscenarios: [fires]\ncampus: binhe\nparticipants: [{id: E1, name: 李护士}]\n"
        "went_well: ''\nfindings: []\n", "utf-8")
    page = editor.get("/documents/H-J-YA-028/").content.decode()
    assert "没有场景“fires”" in page and "您是不是要写“fire”" in page
