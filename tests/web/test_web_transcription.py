"""Issue 19 item 5: the transcription of a paper version in the browser, with its two people, by
lifecycle.release as `planpress release --transcription`; and the CA swap: the hospital replaces the
demonstration CA while a revision is open with errors, and A/0's transcription is signed again
(transcriber, then witness) without the working copy in the way."""

from __future__ import annotations

import pytest

import signing_support
from conftest import run_cli
from test_approvals import hospitals_own_ca
from .signingtools import NUMBER, SIGNING_PASSWORD, enrol_and_issue, hospital_ca, ticket
from .webtools import git, signed_in

URL = f"/signing/{NUMBER}/transcription/"


@pytest.fixture
def swapped(weak_kdf, web_project, account, tmp_path):
    """A/1 opened and left with an error; the hospital's CA instead of the demonstration CA; 周敏
    and 王五 enrolled in the application."""
    from planpress.lifecycle.revise import revise

    signing_support.install_roster(web_project, signing_support.REPO_PEOPLE)
    revise(web_project, NUMBER, "年度评审")
    path = web_project / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    hospitals_own_ca(web_project)
    git(web_project, "add", "-A")
    git(web_project, "commit", "-qm", "修订 A/1（未完成）；名册：医院自己的根证书")
    hospital_ca(tmp_path)
    made = {"zhou": account("controller", name="周敏", department="质量管理科", person="zhou-min"),
            "wang": account(name="王五", department="质量管理科", person="wang-wu"),
            "sun": account("signer", name="孙晓琳", person="sun-xiaolin"),
            "admin": account("admin", name="证书管理员")}
    for who in ("zhou", "wang"):
        enrol_and_issue(made[who], made["admin"])
    yield made


def transcribe(user, version: str, password: str | None = None):
    client = signed_in(user)
    token = ticket(client.get(URL))
    return client.post(URL, {"ticket": token, "version": version, "confirm": "yes",
                             "password": password or SIGNING_PASSWORD[user.person]})


def test_the_ca_swap_with_a_revision_open_with_errors(swapped, web_project):
    zhou, wang = swapped["zhou"], swapped["wang"]
    assert signed_in(swapped["sun"]).get(URL).status_code == 403  # neither release signer nor witness
    page = signed_in(zhou).get(URL).content.decode()
    assert 'id="stand-in"' in page and "转录签名不能验证" in page and '<option value="A/0">A/0（转录）' in page
    # the witness cannot sign before the controller
    refused = transcribe(wang, "A/0")
    assert refused.status_code == 422 and "要先由文件控制员签署" in refused.content.decode()
    # a wrong signing password is refused and counted, nothing written
    assert "签名密码不对" in transcribe(zhou, "A/0", "不是周敏的密码-1234").content.decode()
    # 周敏 signs the transcription again, then 王五 checks it: each one commit, as its author
    working = (web_project / "source" / f"{NUMBER}.yaml").read_bytes()
    assert transcribe(zhou, "A/0").status_code == 302
    assert git(web_project, "log", "-1", "--format=%an|%s").strip() == "周敏|转录：H-J-YA-028 A/0（纸质签批的版本）"
    assert "等待第二人核对" in signed_in(wang).get(URL).content.decode()
    assert transcribe(wang, "A/0").status_code == 302
    assert git(web_project, "log", "-1", "--format=%an|%s").strip() == "王五|核对：H-J-YA-028 A/0（纸质签批的版本）"
    assert (web_project / "source" / f"{NUMBER}.yaml").read_bytes() == working  # the working copy untouched
    page = signed_in(zhou).get(URL).content.decode()
    assert "转录有效：周敏 转录，王五 核对" in page
    # once the editor mends A/1, the whole project passes: A/0 verifies under the hospital's CA
    path = web_project / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace("titel:", "title:", 1), "utf-8")
    checked = run_cli("check", root=web_project)
    assert checked.status == 0, checked.stderr
    from planpress.web.audit.models import AuditRecord

    steps = [r.actor_name for r in AuditRecord.objects.filter(action="released", document=NUMBER, version="A/0")]
    assert steps[-2:] == ["周敏", "王五"]
