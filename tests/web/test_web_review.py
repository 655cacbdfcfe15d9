"""The review screen (issue 19 item 2): the comparison with the last release, the draft files,
comments on a clause answered by the editor, 退回 with a reason that stops signing until an edit."""

from __future__ import annotations

import pytest

from .signingtools import NUMBER, SIGNING_PASSWORD, enrol_and_issue, hospital_ca, in_revision, sign, sign_url, ticket
from .webtools import git, signed_in

CHANGED = ("成立病案应急领导小组（领导小组由病案管理委员会成员担任）。",
           "成立病案应急领导小组（领导小组由病案管理委员会全体成员担任）。")


@pytest.fixture
def reviewing(weak_kdf, web_project, account, tmp_path):
    in_revision(web_project)
    path = web_project / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace(*CHANGED), "utf-8")
    git(web_project, "commit", "-qam", "改一条")
    hospital_ca(tmp_path)
    yield {"sun": account("signer", name="孙晓琳", person="sun-xiaolin"),
           "editor": account("editor", name="医务科编辑", department="医务科"),
           "staff": account(name="普通员工", department="门诊部"),
           "admin": account("admin", name="证书管理员")}


def test_review_comment_answer_and_send_back(reviewing, web_project):
    from planpress.web.audit.models import AuditRecord

    from django.core import mail

    sun, editor = reviewing["sun"], reviewing["editor"]
    # the editor submits: the signatory still to sign gets an e-mail with the link
    assert signed_in(reviewing["staff"]).post(f"/signing/{NUMBER}/submit/").status_code == 403
    mail.outbox.clear()
    submitted = signed_in(editor).post(f"/signing/{NUMBER}/submit/")
    assert submitted.status_code == 302
    # to every account of a person still to sign (the tests' database keeps other tests' accounts of
    # the same roster people): 孙晓琳 among them, 王五 (no row of this version) not
    from planpress.web.accounts.models import Account

    persons = {Account.objects.get(email=m.to[0]).person for m in mail.outbox}
    assert sun.email in [m.to[0] for m in mail.outbox] and persons <= {"sun-xiaolin", "liu-yingen"}
    mine = next(m for m in mail.outbox if m.to == [sun.email])
    assert "待签署" in mine.subject and f"/signing/{NUMBER}/review/" in mine.body and "主办" in mine.body
    assert "审阅与提交审批" in signed_in(editor).get("/signing/").content.decode()
    client = signed_in(sun)
    page = client.get(f"/signing/{NUMBER}/review/").content.decode()
    # the clause as released and as revised, the inserted words marked
    assert "与上次发布的 A/0 比较" in page and "<ins>全体</ins>" in page
    assert signed_in(reviewing["staff"]).get(f"/signing/{NUMBER}/review/").status_code == 403
    label = next(line for line in page.splitlines() if 'name="clause" value="' in line and 'value=""' not in line)
    clause = label.split('name="clause" value="')[1].split('"')[0]
    assert client.post(f"/signing/{NUMBER}/comments/", {"clause": clause, "text": "“全体”是否包括外聘委员？"}).status_code == 302
    from planpress.web.signing.models import Comment

    made = Comment.objects.get(number=NUMBER, text__startswith="“全体”")
    assert made.clause == clause
    # the editor answers and resolves; a signatory who is not an editor cannot answer
    assert client.post(f"/signing/{NUMBER}/comments/{made.pk}/answer/", {"answer": "x"}).status_code == 403
    assert signed_in(editor).post(f"/signing/{NUMBER}/comments/{made.pk}/answer/",
                                  {"answer": "包括，已在附件名单中列出。", "resolved": "on"}).status_code == 302
    page = client.get(f"/signing/{NUMBER}/review/").content.decode()
    assert "包括，已在附件名单中列出。" in page and "已解决" in page
    # 退回: recorded with its reason; the row no longer waits and cannot be signed
    enrol_and_issue(sun, reviewing["admin"])
    token = ticket(client.get(sign_url("主办")))
    assert signed_in(editor).post(f"/signing/{NUMBER}/send-back/", {"reason": "x"}).status_code == 403
    assert client.post(f"/signing/{NUMBER}/send-back/", {"reason": "第 5 条的电话号码还是旧的"}).status_code == 302
    assert "第 5 条的电话号码还是旧的" in client.get(f"/signing/{NUMBER}/review/").content.decode()
    record = AuditRecord.objects.filter(action="sent_back", document=NUMBER).last()
    assert record.reason == "第 5 条的电话号码还是旧的" and record.actor == sun.username and record.version == "A/1"
    assert "sign/" not in client.get("/signing/").content.decode().split("<h1>待我签署</h1>")[1]
    refused = client.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]})
    assert refused.status_code == 403 and "退回" in refused.content.decode()
    # the editor changes the content: it waits for the signature again and can be signed
    path = web_project / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace("全体成员", "全体委员"), "utf-8")
    git(web_project, "commit", "-qam", "按退回意见修改")
    assert sign(sun, "主办").status_code == 302
    assert {r.action for r in AuditRecord.objects.filter(document=NUMBER)} >= {"commented", "comment_answered",
                                                                                 "sent_back", "approved", "submitted"}


def test_the_review_screen_shows_the_draft_pdf_and_cards(reviewing, web_project):
    """Item 2: the draft PDF and the draft cards, made by the editor's drafts builder (drafts/runner.py)."""
    from planpress.web.drafts import runner
    from planpress.web.drafts.models import DraftBuild

    DraftBuild.objects.filter(number=NUMBER).delete()  # other tests' requests, never run (drafts are off)
    client = signed_in(reviewing["sun"])
    page = client.get(f"/signing/{NUMBER}/review/").content.decode()
    assert "草稿 PDF 还没有生成" in page
    job = DraftBuild.objects.filter(number=NUMBER).order_by("-pk").first()
    assert job.state == "queued" and job.requested_by == reviewing["sun"].username  # the review asked for them
    runner._work(NUMBER)  # what the background thread runs (off in these tests)
    page = client.get(f"/signing/{NUMBER}/review/").content.decode()
    assert f"/documents/{NUMBER}/draft/{NUMBER}_A-1.pdf" in page
    cards = page.split('id="draft-cards"')[1].split("</section>")[0]
    assert cards.count("<img ") >= 2 and f"/documents/{NUMBER}/draft/cards/{NUMBER}_A-1_" in cards
    image = client.get(cards.split('src="')[1].split('"')[0])
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
