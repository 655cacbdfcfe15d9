"""Issue 19 item 1: whoever a signature waits for is told by e-mail when it becomes due, whatever
made it due (submission, another person's signature, an edit, a resubmission after 退回), once;
and the header's count is what waits for each person. The mail goes over SMTP to a local server."""

from __future__ import annotations

import re

import pytest

from .signingtools import NUMBER, enrol_and_issue, hospital_ca, in_revision, sign
from .smtpsink import Sink, smtp_sink  # noqa: F401 - the fixture
from .webtools import header_post, signed_in


@pytest.fixture
def people(weak_kdf, web_project, account, tmp_path):
    in_revision(web_project)
    hospital_ca(tmp_path)
    made = {"sun": account("signer", name="孙晓琳", person="sun-xiaolin"),
            "liu": account("signer", name="刘迎恩", person="liu-yingen"),
            "zhou": account("controller", name="周敏", department="质量管理科"),
            "editor": account("editor", name="医务科编辑", department="医务科"),
            "admin": account("admin", name="证书管理员")}
    for who in ("sun", "liu"):
        enrol_and_issue(made[who], made["admin"])
    yield made


def count(user) -> int:
    page = signed_in(user).get("/signing/").content.decode()
    found = re.search(r'id="waiting-count">(\d+)<', page)
    return int(found.group(1)) if found else 0


def subjects(sink: Sink, user) -> list[str]:
    return [str(m["Subject"]).strip() for m in sink.to(user.email)]


def test_each_signature_is_announced_when_it_becomes_due(people, web_project, smtp_sink):
    sun, liu, zhou, editor = (people[k] for k in ("sun", "liu", "zhou", "editor"))
    assert (count(sun), count(liu), count(zhou)) == (1, 1, 0)
    # 提交审批: both signatories, over SMTP, with the link to the review screen
    assert signed_in(editor).post(f"/signing/{NUMBER}/submit/").status_code == 302
    assert subjects(smtp_sink, sun) == subjects(smtp_sink, liu) == [f"【待签署】{NUMBER} 病案保护及信息安全应急预案 A/1"]
    assert f"/signing/{NUMBER}/review/" in smtp_sink.text(smtp_sink.to(liu.email)[0])
    # 孙晓琳 signs: 刘迎恩 is not told twice; nothing is due for the controller yet
    assert sign(sun, "主办").status_code == 302
    assert (len(smtp_sink.to(liu.email)), smtp_sink.to(zhou.email)) == (1, [])
    assert (count(sun), count(liu), count(zhou)) == (0, 1, 0)
    # 刘迎恩 signs: every row counts, the release is due: the document controller is told
    assert sign(liu, "院领导批准").status_code == 302
    assert subjects(smtp_sink, zhou) == [f"【待发布】{NUMBER} 病案保护及信息安全应急预案 A/1"]
    assert f"/signing/{NUMBER}/release/" in smtp_sink.text(smtp_sink.to(zhou.email)[0])
    assert (count(sun), count(liu), count(zhou)) == (0, 0, 1)
    # an edit after both signed (the review cycle was 3 years): both approvals are stale, both are
    # due again and told again
    assert signed_in(editor).post(f"/documents/{NUMBER}/edit/header/",
                                  header_post(web_project, review_cycle_years="2")).status_code == 302
    assert (len(smtp_sink.to(sun.email)), len(smtp_sink.to(liu.email))) == (2, 2)
    assert (count(sun), count(liu), count(zhou)) == (1, 1, 0)
    # 退回, then an edit: nothing is announced until the editor submits again
    assert signed_in(sun).post(f"/signing/{NUMBER}/send-back/", {"reason": "评审周期写错了"}).status_code == 302
    assert (count(sun), count(liu)) == (0, 0)
    assert signed_in(editor).post(f"/documents/{NUMBER}/edit/header/",
                                  header_post(web_project, review_cycle_years="4")).status_code == 302
    assert (len(smtp_sink.to(sun.email)), len(smtp_sink.to(liu.email))) == (2, 2)
    again = signed_in(editor).post(f"/signing/{NUMBER}/submit/")
    assert again.status_code == 302  # (other tests' accounts of the same people may have no address)
    assert (len(smtp_sink.to(sun.email)), len(smtp_sink.to(liu.email))) == (3, 3)
    assert (count(sun), count(liu), count(zhou)) == (1, 1, 0)
