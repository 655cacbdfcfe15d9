"""Staff read and acknowledge each new version (issue 20 items 1–3), through the Django test
client on the application's database: the staff list imported from the HR system's exports, what
waits for a nurse, the confirmation with her password, the record it leaves, and what quality
management sees, exports and sends."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os

import pytest
from django.conf import settings
from django.core import mail

from planpress.web.acknowledge.models import Acknowledgement, StaffMember
from planpress.web.audit.models import AuditRecord

from .acktools import TODAY, a1_project, staff_csv, staff_xlsx
from .webtools import PASSWORD, signed_in

ids = itertools.count(1)


def employee() -> str:
    return f"E{os.getpid()}{next(ids):05d}"


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    """Each test has the staff list to itself, as of the day A/1 takes effect."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    Acknowledgement.objects.all().delete()
    StaffMember.objects.all().delete()


@pytest.fixture
def a1(tmp_path):
    root = a1_project(tmp_path / "project")
    previous = settings.PLANPRESS_ROOT
    settings.PLANPRESS_ROOT = root
    yield root
    settings.PLANPRESS_ROOT = previous


@pytest.fixture
def quality(account):
    return signed_in(account("controller", department="质量管理科"))


def import_staff(client, name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/read/staff/", {"file": SimpleUploadedFile(name, data)})


def nurse_row(**fields) -> dict:
    return {"工号": employee(), "姓名": "李护士", "部门": "急诊科", "岗位": "护士", "院区": "滨河院区",
            "邮箱": "nurse@hospital.example"} | fields


def make_nurse(client, **fields):
    """A nurse on the staff list (imported as the HR export says), with her account's password set."""
    from planpress.web.accounts import manage

    row = nurse_row(**fields)
    listed = [{"工号": s.employee_id, "姓名": s.name, "部门": s.department, "岗位": s.role, "院区": s.campus,
               "邮箱": s.email} for s in StaffMember.objects.filter(active=True)]  # the export lists everyone
    response = import_staff(client, "名单.csv", staff_csv([*listed, row]))
    assert response.status_code == 200, response.content.decode()
    member = StaffMember.objects.get(employee_id=row["工号"])
    manage.reset_password(member.account.username, PASSWORD, actor="测试")
    member.account.refresh_from_db()
    member.account.must_change_password = False
    member.account.save(update_fields=["must_change_password"])
    return member


# -- the staff list -------------------------------------------------------------------------------

def test_an_excel_export_becomes_the_staff_list_with_accounts(web_project, quality):
    rows = [nurse_row(), nurse_row(姓名="王医生", 岗位="医师", 院区="daxue", 部门="内科")]
    response = import_staff(quality, "人事导出.xlsx", staff_xlsx(rows))
    assert "新增 2 人" in response.content.decode()
    doctor = StaffMember.objects.get(employee_id=rows[1]["工号"])
    assert (doctor.name, doctor.department, doctor.role, doctor.campus) == ("王医生", "内科", "医师", "daxue")
    assert doctor.account.username == rows[1]["工号"] and not doctor.account.has_usable_password()
    assert AuditRecord.objects.filter(action="staff_imported").exists()


def test_importing_again_keeps_the_list_current(web_project, quality):
    first, second = nurse_row(), nurse_row(姓名="张护士")
    import_staff(quality, "a.csv", staff_csv([first, second]))
    moved = first | {"部门": "ICU"}
    response = import_staff(quality, "b.csv", staff_csv([moved]))
    assert "更新 1 人，离职 1 人" in response.content.decode()
    assert StaffMember.objects.get(employee_id=first["工号"]).department == "ICU"
    assert not StaffMember.objects.get(employee_id=second["工号"]).active


def test_a_gbk_csv_from_excel_is_read(web_project, quality):
    response = import_staff(quality, "名单.csv", staff_csv([nurse_row()], encoding="gb18030"))
    assert response.status_code == 200 and StaffMember.objects.get().name == "李护士"


@pytest.mark.parametrize("name, data, expected", [
    ("a.csv", staff_csv([nurse_row(院区="河滨院区")]), "第 2 行“院区”列的“河滨院区”不是通讯录里的院区"),
    ("a.csv", staff_csv([nurse_row(工号="X1"), nurse_row(工号="X1")]), "第 3 行的工号 X1 和第 2 行重复"),
    ("a.csv", staff_csv([nurse_row(姓名="")]), "第 2 行“姓名”列是空的"),
    ("a.csv", staff_csv([nurse_row(邮箱="护士at医院")]), "第 2 行“邮箱”列的“护士at医院”不是有效的邮箱地址"),
    ("a.csv", staff_csv([nurse_row()], header=("工号", "姓名", "岗位")), "第 1 行（表头）缺少“部门”“院区”列"),
    ("a.xlsx", b"PK\x03\x04 not really a workbook", "不是有效的 Excel 工作簿"),
    ("a.xls", b"\xd0\xcf\x11\xe0", "Excel 97–2003 格式"),
    ("a.csv", "工号,姓名\n".encode("utf-16"), "编码"),
    ("a.pdf", b"%PDF-1.7", "不认识“a.pdf”"),
], ids=["campus", "duplicate", "empty-name", "email", "header", "broken-xlsx", "xls", "utf-16", "pdf"])
def test_bad_exports_are_refused_in_chinese_and_nothing_is_imported(web_project, quality, name, data, expected):
    response = import_staff(quality, name, data)
    page = response.content.decode()
    assert response.status_code == 422 and expected in page, page[-2500:]
    assert "Traceback" not in page and StaffMember.objects.count() == 0


def test_one_bad_row_among_good_ones_imports_none(web_project, quality):
    response = import_staff(quality, "a.csv", staff_csv([nurse_row(), nurse_row(), nurse_row(院区="月球")]))
    assert response.status_code == 422 and "第 4 行" in response.content.decode()
    assert StaffMember.objects.count() == 0


def test_only_quality_management_imports_and_sees_the_statistics(web_project, account):
    nurse = signed_in(account(department="急诊科"))
    assert nurse.get("/read/staff/").status_code == 403
    assert nurse.get("/read/quality/").status_code == 403
    assert nurse.get("/read/quality/export.xlsx").status_code == 403


# -- a nurse acknowledges ---------------------------------------------------------------------------

def test_a_nurse_confirms_with_her_password_and_nothing_is_left(web_project, quality):
    from planpress.model import loader

    doc = loader.load(web_project).document("H-J-YA-028")
    member = make_nurse(quality)
    nurse = signed_in(member.account)
    home = nurse.get("/").content.decode()
    assert 'id="reading-count">1</span>' in home  # the menu says something waits, on every page
    waiting = nurse.get("/read/").content.decode()
    assert "病案保护及信息安全应急预案" in waiting and "请于 2026-12-09 前确认" in waiting  # 14 days from her listing
    page = nurse.get("/read/H-J-YA-028/").content.decode()
    assert "我已阅读并理解" in page and "5.5.1" in page  # the document as on the site
    form = {"version": "A/0", "fingerprint": doc.fingerprint, "understood": "1"}

    wrong = nurse.post("/read/H-J-YA-028/", form | {"password": "not-her-password"})
    assert wrong.status_code == 422 and "密码不对" in wrong.content.decode()
    unticked = nurse.post("/read/H-J-YA-028/", {**form, "understood": "", "password": PASSWORD})
    assert unticked.status_code == 422 and "请勾选“我已阅读并理解”" in unticked.content.decode()
    assert not Acknowledgement.objects.exists()

    done = nurse.post("/read/H-J-YA-028/", form | {"password": PASSWORD})
    assert done.status_code == 302
    record = Acknowledgement.objects.get()
    assert (record.staff, record.account, record.number, record.version, record.fingerprint) == (
        member, member.account, "H-J-YA-028", "A/0", doc.fingerprint)
    assert abs((record.at - dt.datetime.now(dt.timezone.utc)).total_seconds()) < 60  # the server's time
    audit = AuditRecord.objects.filter(action="acknowledged").latest("seq")
    assert (audit.actor, audit.document, audit.version) == (member.account.username, "H-J-YA-028", "A/0")
    assert doc.fingerprint in audit.details
    done_page = nurse.get("/read/").content.decode()
    assert "没有待阅读的文件" in done_page and 'id="reading-count"' not in done_page


def test_a_confirmation_of_content_that_changed_meanwhile_is_refused(web_project, quality):
    member = make_nurse(quality)
    response = signed_in(member.account).post("/read/H-J-YA-028/", {
        "version": "A/0", "fingerprint": "0" * 64, "understood": "1", "password": PASSWORD})
    assert response.status_code == 422 and "文件已更新" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_a_document_for_other_departments_is_not_asked_of_her(web_project, quality):
    plan = web_project / "source" / "H-J-YA-028.yaml"
    plan.write_text(plan.read_text("utf-8").replace("# readers: {departments: [病案室, 信息科]}",
                                                    "readers: {departments: [病案室, 信息科]}"), "utf-8")
    nurse = signed_in(make_nurse(quality).account)
    assert "没有待阅读的文件" in nurse.get("/read/").content.decode()
    archivist = signed_in(make_nurse(quality, 部门="病案室").account)
    assert "病案保护及信息安全应急预案" in archivist.get("/read/").content.decode()


def test_someone_not_on_the_list_is_told_so(web_project, account):
    page = signed_in(account(department="急诊科")).get("/read/").content.decode()
    assert "不在员工名单里" in page


def test_a_new_version_shows_what_changed_since_her_last_acknowledgement(a1, quality):
    from planpress.model import loader

    p = loader.load(a1)
    old = p.history("H-J-YA-028")[0]
    member = make_nurse(quality)
    Acknowledgement(staff=member, account=member.account, number="H-J-YA-028", version="A/0",
                    fingerprint=old.fingerprint, at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)).save()
    nurse = signed_in(member.account)
    assert "您上次确认的是 A/0" in nurse.get("/read/").content.decode()
    page = nurse.get("/read/H-J-YA-028/").content.decode()
    assert "自您上次确认的 A/0 以来的修改" in page
    assert "<ins>立即</ins>" in page and "<ins>和电子设备</ins>" in page  # the changed step, marked
    assert "3216566" in page  # the new phone number in the document as on the site


def test_a_minor_revision_does_not_ask_again_when_so_configured(a1, quality):
    from planpress.model import loader

    plan = a1 / "source" / "H-J-YA-028.yaml"
    text = plan.read_text("utf-8")
    assert "version: A/1, description:" in text or "version: A/1" in text
    marked = text.replace("    by:", "    minor: true\n    by:", 1) if "    by:" in text else None
    assert marked, "the revision record's shape moved: update this test"
    plan.write_text(marked, "utf-8")
    assert loader.load(a1).document("H-J-YA-028").revisions[-1].minor
    old = loader.load(a1).history("H-J-YA-028")[0]
    reader = make_nurse(quality)
    Acknowledgement(staff=reader, account=reader.account, number="H-J-YA-028", version="A/0",
                    fingerprint=old.fingerprint, at=dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)).save()
    newcomer = make_nurse(quality)
    assert "没有待阅读的文件" in signed_in(reader.account).get("/read/").content.decode()
    assert "A/1" in signed_in(newcomer.account).get("/read/").content.decode()
    config = a1 / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8").replace("minor_asks_again: false", "minor_asks_again: true"), "utf-8")
    assert "A/1" in signed_in(reader.account).get("/read/").content.decode()


# -- quality management -------------------------------------------------------------------------------

def fifty_in_emergency(client) -> list[StaffMember]:
    """A department of 50 generated staff on both campuses, listed since long ago (their
    deadline for A/0 has passed), and two of another department."""
    rows = [nurse_row(姓名=f"护士{n:02d}", 院区="滨河院区" if n % 2 else "大学院区",
                      邮箱=f"n{n}@hospital.example" if n % 5 else "") for n in range(50)]
    rows += [nurse_row(部门="内科", 姓名="内科医生甲"), nurse_row(部门="内科", 姓名="内科医生乙")]
    assert import_staff(client, "名单.xlsx", staff_xlsx(rows)).status_code == 200
    StaffMember.objects.update(since=dt.date(2020, 1, 1))
    return list(StaffMember.objects.filter(department="急诊科").order_by("employee_id"))


def acknowledge(members, fingerprint: str) -> None:
    for member in members:
        Acknowledgement(staff=member, account=member.account, number="H-J-YA-028", version="A/0",
                        fingerprint=fingerprint, at=dt.datetime(2026, 11, 20, 8, tzinfo=dt.timezone.utc)).save()


def test_quality_management_sees_completion_overdue_and_exports(web_project, quality):
    from openpyxl import load_workbook

    from planpress.model import loader

    doc = loader.load(web_project).document("H-J-YA-028")
    staff = fifty_in_emergency(quality)
    acknowledge(staff[:20], doc.fingerprint)
    page = quality.get("/read/quality/").content.decode()
    section = page[page.index('id="by-department"'):page.index('id="by-campus"')]
    assert "急诊科" in section and "40%" in section and "内科" in section
    assert "逾期未确认（32）" in page  # 30 nurses and 2 physicians, deadline 2020-08-24

    only = quality.get("/read/quality/?department=急诊科").content.decode()
    assert "逾期未确认（30）" in only and "内科医生甲" not in only

    response = quality.get("/read/quality/export.xlsx?department=急诊科")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:3] == ("工号", "姓名", "部门") and len(rows) == 2 + 50
    states = [r[10] for r in rows[2:]]
    assert states.count("已确认") == 20 and states.count("已逾期") == 30
    done = next(r for r in rows[2:] if r[0] == staff[0].employee_id)
    assert done[5:8] == ("H-J-YA-028", "病案保护及信息安全应急预案", "A/0") and done[11] == "2026-11-20 16:00:00"

    text = quality.get("/read/quality/export.csv").content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "工号" and len(table) == 1 + 52


def test_reminders_go_to_each_overdue_person_with_an_address(web_project, quality):
    from planpress.model import loader

    staff = fifty_in_emergency(quality)
    acknowledge(staff[:20], loader.load(web_project).document("H-J-YA-028").fingerprint)
    mail.outbox.clear()
    response = quality.post("/read/quality/remind/?department=急诊科")
    assert response.status_code == 302
    overdue = staff[20:]
    with_address = [m for m in overdue if m.email]
    assert len(mail.outbox) == len(with_address) == 24
    message = next(m for m in mail.outbox if m.to == [with_address[0].email])
    assert "H-J-YA-028" in message.body and with_address[0].name in message.body and "逾期" in message.subject
    assert AuditRecord.objects.filter(action="reminders_sent").exists()


def test_without_a_mail_server_no_reminder_is_said_to_be_sent(web_project, quality):
    """No SMTP server set: the console backend would only log the mails, so none is "sent": the page
    says why, and the audit trail records no reminder."""
    from django.test import override_settings

    fifty_in_emergency(quality)
    mail.outbox.clear()
    recorded = AuditRecord.objects.filter(action="reminders_sent").count()
    with override_settings(PLANPRESS_SMTP_HOST="", EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"):
        response = quality.post("/read/quality/remind/?department=急诊科")
        assert response.status_code == 302 and response["Location"].endswith("mail=off")
        page = quality.get(response["Location"]).content.decode()
    assert "没有发送提醒邮件" in page and "PLANPRESS_SMTP_HOST" in page
    assert mail.outbox == [] and AuditRecord.objects.filter(action="reminders_sent").count() == recorded


def test_the_export_does_not_let_a_spreadsheet_run_a_name_as_a_formula(web_project, quality):
    import_staff(quality, "a.csv", staff_csv([nurse_row(姓名="=HYPERLINK(\"x\")")]))
    text = quality.get("/read/quality/export.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_the_register_shows_each_documents_acknowledgement_rate(web_project, quality):
    from planpress.model import loader

    staff = fifty_in_emergency(quality)
    before = quality.get("/documents/").content.decode()
    assert "0%（0/52）" in before
    acknowledge(staff[:13], loader.load(web_project).document("H-J-YA-028").fingerprint)
    after = quality.get("/documents/").content.decode()  # made again: the acknowledgements changed
    assert "25%（13/52）" in after


def test_an_excel_export_too_large_to_make_asks_to_filter(web_project, quality, monkeypatch):
    from planpress.web.acknowledge import exports

    fifty_in_emergency(quality)
    monkeypatch.setattr(exports, "XLSX_MAX_ROWS", 51)
    response = quality.get("/read/quality/export.xlsx", follow=True)
    assert "没有导出 Excel：选中的有 52 行" in response.content.decode()
    assert quality.get("/read/quality/export.xlsx?department=急诊科")["Content-Type"].startswith("application/vnd")
