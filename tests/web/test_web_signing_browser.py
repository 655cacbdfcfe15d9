"""Review, sign and release in a real browser (issue 19 item 8), against `planpress serve`: an editor
starts the revision; the certificate administrator issues three people's certificates; the
department head reviews, comments, is answered, signs with a wrong password (refused, counted),
then the right one; the hospital leader signs; the document controller releases; the PDF built
afterwards by `planpress build` shows both signatures; the audit trail shows each step, and the
chain check finds a deleted and an altered record, on the command line and on the audit page;
nobody signs another person's row by URL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from playwright.sync_api import expect

from .liveserver import serving
from .signingtools import CA_PASSPHRASE, NUMBER, SIGNING_PASSWORD
from .browsing import open_page as _page, sign_in
from .webtools import git, make_project

SHOTS = Path(os.environ.get("PLANPRESS_SCREENSHOTS", "/tmp/planpress-signing-screens"))
CHANGED = ("成立病案应急领导小组（领导小组由病案管理委员会成员担任）。",
           "成立病案应急领导小组（领导小组由病案管理委员会全体成员担任）。")


@pytest.fixture(scope="module")
def signing_live(tmp_path_factory):
    import signing_support

    base = tmp_path_factory.mktemp("signing-live")
    root = make_project(base / "project")
    signing_support.install_roster(root, signing_support.REPO_PEOPLE)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "名册：测试 CA")
    ca = signing_support.keys().ca
    (base / "ca.key").write_bytes(ca.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.BestAvailableEncryption(CA_PASSPHRASE.encode())))
    (base / "ca.pem").write_bytes(ca.pem())
    extra = {"PLANPRESS_CA_KEY": str(base / "ca.key"), "PLANPRESS_CA_CERT": str(base / "ca.pem"),
             "PLANPRESS_TRUST_PINS": os.environ["PLANPRESS_TRUST_PINS"], "PLANPRESS_TSA_URL": os.environ["PLANPRESS_TSA_URL"],
             "PLANPRESS_TEST_WEAK_KDF": "1", "PLANPRESS_DRAFTS": "0", "PLANPRESS_OUTPUT_BUILDS": "1"}
    with serving(root, base / "state", workers=1, threads=4, **extra) as server:
        server.create("editor", "--name", "医务科编辑", "--department", "医务科", "--role", "编辑")
        server.create("sunxl", "--name", "孙晓琳", "--department", "医务科", "--role", "签署人", "--person", "sun-xiaolin")
        server.create("liuye", "--name", "刘迎恩", "--department", "院办", "--role", "签署人", "--person", "liu-yingen")
        server.create("zhoumin", "--name", "周敏", "--department", "质量管理科", "--role", "文件控制员",
                      "--person", "zhou-min")
        server.create("certadmin", "--name", "证书管理员", "--department", "信息科", "--role", "管理员")
        yield server


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def as_person(browser, live, username: str):
    context, page, problems = _page(browser, live)
    sign_in(page, live, username)
    return context, page, problems


def enrol(browser, live, username: str, person: str) -> None:
    context, page, problems = as_person(browser, live, username)
    page.click("text=签名密钥")
    page.fill("#id_password", SIGNING_PASSWORD[person])
    page.fill("#id_repeat", SIGNING_PASSWORD[person])
    page.click("button:has-text('创建签名密钥')")
    expect(page.locator("#key-state")).to_contain_text("已申请证书")
    if person == "sun-xiaolin":
        shot(page, "01-key-requested")
    assert not problems, problems
    context.close()


def test_review_sign_and_release_in_the_browser(browser, signing_live):  # noqa: F811
    live = signing_live
    # the editor starts A/1, changes a clause (outside the browser: the structured editor is part 1's)
    # and sets the effective date in the header form
    context, page, problems = as_person(browser, live, "editor")
    page.goto(live.url + f"/documents/{NUMBER}/revise/")
    page.fill("#id_reason", "领导小组组成")
    page.click("button:has-text('开始修订')")
    expect(page.locator("h1")).to_contain_text("A/1")  # the revision is written before the file is changed here
    path = live.root / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace(*CHANGED), "utf-8")
    git(live.root, "commit", "-qam", "领导小组由全体成员担任")
    page.goto(live.url + f"/documents/{NUMBER}/edit/")
    page.fill("#id_effective", "2026-12-20")
    page.click("button:has-text('保存')")
    expect(page.locator("p.ok")).to_contain_text("已保存")
    page.goto(live.url + f"/signing/{NUMBER}/review/")
    page.click("#submit-form button")
    expect(page.locator("#submitted")).to_contain_text("没有发出邮件")  # no SMTP server on this test machine
    editor_context, editor_page = context, page

    # keys: three people enrol, the certificate administrator issues
    for username, person in (("sunxl", "sun-xiaolin"), ("liuye", "liu-yingen"), ("zhoumin", "zhou-min")):
        enrol(browser, live, username, person)
    context, page, problems = as_person(browser, live, "certadmin")
    page.goto(live.url + "/signing/certificates/")
    expect(page.locator("td.subject", has_text="孙晓琳")).to_be_visible()
    shot(page, "02-certificate-requests")
    for _ in range(3):
        row = page.locator("tr:has(form[action$='/issue/'])").first
        row.locator("input[name=passphrase]").fill(CA_PASSPHRASE)
        row.locator("button:has-text('签发')").click()
        expect(page.locator("h1")).to_have_text("证书申请与签名密钥")
    assert page.locator("form[action$='/issue/']").count() == 0
    assert "证书管理员" in git(live.root, "log", "-1", "--format=%an")
    context.close()

    # the department head: waiting count, review, comment
    context, page, problems = as_person(browser, live, "sunxl")
    expect(page.locator("#waiting-count")).to_have_text("1")
    page.click("#nav-waiting")
    shot(page, "03-waiting")
    page.click("a:has-text('审阅')")
    expect(page.locator("ins", has_text="全体")).to_be_visible()
    clause = page.locator("details.comment-add[data-clause='5.1.1']")
    clause.locator("summary").click()
    clause.locator("textarea").fill("“全体”是否包括外聘委员？")
    clause.locator("button").click()
    expect(page.locator(".comment")).to_contain_text("外聘委员")
    page.locator(".comment").scroll_into_view_if_needed()
    shot(page, "04-review")
    # the editor answers
    editor_page.goto(live.url + f"/signing/{NUMBER}/review/")
    editor_page.fill(".comment textarea[name=answer]", "包括，名单见附件。")
    editor_page.check(".comment input[name=resolved]")
    editor_page.click(".comment button:has-text('答复')")
    expect(editor_page.locator(".comment")).to_contain_text("包括，名单见附件。")
    # a wrong signing password, then the right one
    page.goto(live.url + f"/signing/{NUMBER}/review/")
    expect(page.locator(".comment")).to_contain_text("包括，名单见附件。")
    page.click("a:has-text('签署“主办”')")
    expect(page.locator("#fingerprint")).not_to_be_empty()
    shot(page, "05-sign")
    page.fill("#id_password", "不是我的签名密码-000")
    page.click("#sign-form button")
    expect(page.locator(".refusal")).to_contain_text("还可以再试 4 次")
    page.fill("#id_password", SIGNING_PASSWORD["sun-xiaolin"])
    page.click("#sign-form button")
    expect(page.locator(".notice")).to_contain_text(f"已签署 {NUMBER}")
    assert git(live.root, "log", "-1", "--format=%an").strip() == "孙晓琳"
    context.close()

    # the hospital leader cannot sign the department head's row by URL; signs his own
    context, page, problems = as_person(browser, live, "liuye")
    response = page.goto(live.url + f"/signing/{NUMBER}/sign/主办/")
    assert response.status == 403
    page.goto(live.url + "/signing/")
    page.click("#waiting a.button")
    page.fill("#id_password", SIGNING_PASSWORD["liu-yingen"])
    page.click("#sign-form button")
    expect(page.locator(".notice")).to_contain_text("已签署")
    context.close()

    # the document controller releases
    context, page, problems = as_person(browser, live, "zhoumin")
    page.goto(live.url + "/signing/")
    page.click("#ready a:has-text('发布')")
    shot(page, "06-release")
    page.check("input[name=confirm]")
    page.fill("#id_password", SIGNING_PASSWORD["zhou-min"])
    page.click("#release-form button")
    expect(page.locator("#released")).to_contain_text("已发布")
    assert git(live.root, "log", "-1", "--format=%an").strip() == "周敏"
    # the outputs are made in the background (planpress build), with progress on the page
    expect(page.locator("[data-build-done]")).to_contain_text("发布", timeout=400_000)
    shot(page, "06b-released")
    # the audit trail shows each step
    page.goto(live.url + f"/audit/?document={NUMBER}")
    trail = page.locator("main").inner_text()
    for step in ("开始修订", "审阅意见", "答复审阅意见", "签名密码错误", "电子审批签名", "发布"):
        assert step in trail, step
    shot(page, "07-audit")
    context.close()
    editor_context.close()

    # the command line on the same repository: status; the PDF the application built shows both signatures
    env = {**live.env, "PLANPRESS_TRUST_PINS": os.environ["PLANPRESS_TRUST_PINS"]}
    status = subprocess.run([sys.executable, "-m", "planpress", "--root", str(live.root), "status", NUMBER],
                            env=env, capture_output=True, text=True, timeout=300)
    assert status.returncode == 0, status.stderr
    pdf = next(live.root.glob(f"build/**/{NUMBER}_A-1.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "孙晓琳" in text and "刘迎恩" in text and "电子签名" in text

    # the department head adds a PAdES signature to the released PDF; the verification page agrees
    # with `planpress verify`
    context, page, problems = as_person(browser, live, "sunxl")
    page.goto(live.url + "/signing/")
    page.click("#released a:has-text('PDF 签名')")
    page.fill("#id_password", SIGNING_PASSWORD["sun-xiaolin"])
    page.click("#pdf-sign-form button")
    expect(page.locator("#pdf-signed")).to_contain_text("主办")
    shot(page, "08-pdf-signed")
    signed = next(live.root.glob(f"build/**/{NUMBER}_A-1_signed.pdf"))
    page.goto(live.url + "/signing/verify/")
    page.set_input_files("input[name=pdf]", str(signed))
    page.click("#verify-form button")
    expect(page.locator("#verdict")).to_contain_text("结论：全部签名有效")
    shot(page, "09-verify")
    shown = page.locator("#verdict").inner_text()
    cli = subprocess.run([sys.executable, "-m", "planpress", "--root", str(live.root), "verify", str(signed)],
                         env=env, capture_output=True, text=True, timeout=300)
    assert cli.returncode == 0, cli.stderr
    assert shown.strip().splitlines()[1:] == cli.stdout.strip().splitlines()[1:]  # the first line names the file
    context.close()

    # the chain check finds a record deleted behind the application's back
    database = live.state / "planpress.sqlite3"
    verify = [sys.executable, "-m", "planpress", "--root", str(live.root), "audit", "verify"]
    assert subprocess.run(verify, env=live.env, capture_output=True, text=True).returncode == 0
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_record_no_delete")
        connection.execute("DELETE FROM audit_auditrecord WHERE action = 'signing_password_failed'")
        connection.execute("DROP TRIGGER IF EXISTS audit_record_no_update")
        connection.execute("UPDATE audit_auditrecord SET details = replace(details, '外聘委员', '全体委员') "
                           "WHERE action = 'commented'")
    checked = subprocess.run(verify, env=live.env, capture_output=True, text=True)
    assert checked.returncode == 1 and "不见了" in checked.stderr + checked.stdout
    # quality management sees the same on the audit page
    context, page, problems = as_person(browser, live, "zhoumin")
    page.goto(live.url + "/audit/")
    page.click("button[name=verify]")
    broken = page.locator("[role=alert]")
    expect(broken).to_contain_text("审计链被破坏")
    expect(broken).to_contain_text("记录不见了（被删除）")
    expect(broken).to_contain_text("审阅意见）的内容与其摘要不符：记录被改动过")
    shot(page, "10-audit-chain-broken")
    context.close()
