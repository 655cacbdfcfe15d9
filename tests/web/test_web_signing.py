"""Keys the server keeps and signing in the browser (issue 19 items 3 and 4): enrolment, the
certificate administrator's issuing, the sign screen, and the attacks on it — another person's row,
a replayed request, CSRF, a stale screen, wrong signing passwords."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings

from .signingtools import (CA_PASSPHRASE, NUMBER, SIGNING_PASSWORD, enrol_and_issue, hospital_ca, in_revision, sign,
                           sign_url, ticket)
from .webtools import PASSWORD, REPO, git, last_commit, signed_in


@pytest.fixture(autouse=True)
def weak_keys(weak_kdf):
    """scrypt at N=2^12 in every test here (conftest.weak_kdf)."""


@pytest.fixture
def people(web_project, account, tmp_path):
    in_revision(web_project)
    hospital_ca(tmp_path)
    return {
        "sun": account("signer", name="孙晓琳", person="sun-xiaolin"),
        "liu": account("signer", name="刘迎恩", person="liu-yingen"),
        "admin": account("admin", name="证书管理员"),
        "zhou": account("controller", name="周敏", person="zhou-min", department="质量管理科"),
    }


def doc():
    from planpress.web.documents import project

    return project.load().document(NUMBER)


def test_production_kdf_parameters():
    """Without the tests' switch the application seals keys with scrypt N=2^17, r=8, p=1."""
    from planpress.web.signing import keystore

    assert (keystore.PRODUCTION_N, keystore.R, keystore.P) == (2 ** 17, 8, 1)
    env = {k: v for k, v in os.environ.items() if k != "PLANPRESS_TEST_WEAK_KDF"}
    shown = subprocess.run([sys.executable, "-c", "import planpress.web.settings as s; "
                            "print(getattr(s, 'PLANPRESS_SCRYPT_N', 'default'))"],
                           env=env, capture_output=True, text=True, cwd=REPO, check=True).stdout.strip()
    assert shown == "default"


def test_enrol_issue_and_sign_as_the_person(people, web_project):
    from planpress.web.audit.models import AuditRecord
    from planpress.web.signing.models import SigningKey
    from planpress.trust import certs

    sun = people["sun"]
    client = signed_in(sun)
    # the signing password is not the sign-in password, and not weak
    for weak in (PASSWORD, "short-1"):
        response = client.post("/signing/key/", {"password": weak, "repeat": weak})
        assert response.status_code == 422
    assert "不能和登录密码相同" in client.post("/signing/key/", {"password": PASSWORD, "repeat": PASSWORD}).content.decode()
    enrolled = client.post("/signing/key/", {"password": SIGNING_PASSWORD["sun-xiaolin"],
                                             "repeat": SIGNING_PASSWORD["sun-xiaolin"]})
    assert enrolled.status_code == 302
    row = SigningKey.objects.get(account=sun)
    assert row.state == "requested" and row.kdf_n == 2 ** 12
    # the key is kept only sealed: no PKCS#8 structure, no password anywhere in the database
    assert b"\x30\x81" not in bytes(row.sealed_key)[:16]
    assert not AuditRecord.objects.filter(details__contains=SIGNING_PASSWORD["sun-xiaolin"]).exists()
    # the certificate administrator sees the name in Chinese and issues with the hospital CA
    admin = signed_in(people["admin"])
    page = admin.get("/signing/certificates/").content.decode()
    assert "孙晓琳" in page and "\\E5" not in page
    assert signed_in(sun).get("/signing/certificates/").status_code == 403
    wrong = admin.post(f"/signing/certificates/{row.pk}/issue/", {"passphrase": "不是这个口令"})
    assert wrong.status_code == 422 and "口令不对" in wrong.content.decode()
    before = git(web_project, "rev-parse", "HEAD")
    assert admin.post(f"/signing/certificates/{row.pk}/issue/", {"passphrase": CA_PASSPHRASE}).status_code == 302
    row.refresh_from_db()
    assert row.state == "active"
    roster = (web_project / "source" / "people.yaml").read_text("utf-8")
    assert row.certificate_file in roster
    assert sorted(git(web_project, "diff", "--name-only", before.strip(), "HEAD").split()) == sorted(
        ["source/" + row.certificate_file, "source/people.yaml"])
    assert last_commit(web_project)["author"] == "证书管理员"

    # waiting for me: the 主办 row
    inbox = client.get("/signing/").content.decode()
    from urllib.parse import quote
    assert quote(sign_url("主办")) in inbox and quote(sign_url("院领导批准")) not in inbox
    assert 'id="waiting-count">1<' in inbox  # the count in every page's header
    # the sign screen shows exactly what is signed
    screen = client.get(sign_url("主办")).content.decode()
    for shown in (NUMBER, "A/1", "主办", doc().fingerprint, "孙晓琳", "2026-12-20"):
        assert shown in screen, shown
    # a wrong signing password: refused and counted; nothing written
    head = git(web_project, "rev-parse", "HEAD")
    refused = sign(sun, "主办", "不是我的签名密码-000")
    assert refused.status_code == 403 and "还可以再试 4 次" in refused.content.decode()
    assert git(web_project, "rev-parse", "HEAD") == head and not doc().approved_by("主办")
    assert AuditRecord.objects.filter(action="signing_password_failed", actor=sun.username).count() == 1
    # the right one: the approval `planpress approve` writes, committed with the signer as author
    token = ticket(client.get(sign_url("主办")))
    signed = client.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]})
    assert signed.status_code == 302, signed.content.decode()[:3000]
    approval = doc().approved_by("主办")
    assert approval is not None and approval.name == "孙晓琳"
    commit = last_commit(web_project)
    assert commit["author"] == "孙晓琳" and commit["email"] == sun.email and "主办" in commit["subject"]
    assert git(web_project, "show", "--name-only", "--format=", "HEAD").split() == [f"source/{NUMBER}.yaml"]
    row.refresh_from_db()
    assert row.failed_tries == 0
    statement_cert = certs.load_certificates(row.certificate_pem.encode())[0]
    text = (web_project / "source" / f"{NUMBER}.yaml").read_text("utf-8")
    assert "BEGIN PKCS7" in text or "BEGIN CMS" in text
    assert certs.sha256(statement_cert)
    # `planpress check` agrees: the approval verifies outside the application
    from conftest import run_cli

    checked = run_cli("status", NUMBER, root=web_project)
    assert checked.status == 0, checked.stderr
    # the same request again (a replay): refused, nothing written
    head = git(web_project, "rev-parse", "HEAD")
    replay = client.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]})
    assert replay.status_code == 403 and "已经用过" in replay.content.decode()
    assert git(web_project, "rev-parse", "HEAD") == head
    assert AuditRecord.objects.filter(action="approved", document=NUMBER, actor=sun.username).count() == 1
    assert 'id="waiting-count"' not in client.get("/signing/").content.decode()


def test_no_one_signs_a_row_that_names_someone_else(people, web_project, account):
    from planpress.web.audit.models import AuditRecord

    sun, liu = people["sun"], people["liu"]
    enrol_and_issue(sun, people["admin"])
    enrol_and_issue(liu, people["admin"])
    # a second account linked to 孙晓琳 (an account administrator's doing) gets no key of its own
    double = account("signer", name="孙晓琳", person="sun-xiaolin")
    refused = signed_in(double).post("/signing/key/", {"password": "另一个账户的签名密码-99", "repeat": "另一个账户的签名密码-99"})
    assert refused.status_code == 422 and "只能有一把" in refused.content.decode()
    head = git(web_project, "rev-parse", "HEAD")
    own = signed_in(sun)
    token = ticket(own.get(sign_url("主办")))
    other = signed_in(liu)
    # liu on sun's row, by every way in: the page, a post with sun's own ticket, his own password
    assert other.get(sign_url("主办")).status_code == 403
    for password in (SIGNING_PASSWORD["liu-yingen"], SIGNING_PASSWORD["sun-xiaolin"]):
        response = other.post(sign_url("主办"), {"ticket": token, "password": password})
        assert response.status_code == 403
    # sun on liu's row; a row that does not exist; a document that does not exist
    assert own.get(sign_url("院领导批准")).status_code == 403
    assert own.post(sign_url("院领导批准"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]}).status_code == 403
    assert own.get(sign_url("不存在的栏")).status_code == 404
    assert own.get("/signing/H-J-YA-999/sign/主办/").status_code == 404
    assert git(web_project, "rev-parse", "HEAD") == head
    assert AuditRecord.objects.filter(action="signing_refused", actor=liu.username).count() >= 3
    # a session reused after signing out (its cookie replayed): to the sign-in page, nothing signed
    from django.test import Client

    leaving = signed_in(sun)
    cookie = leaving.cookies[settings.SESSION_COOKIE_NAME].value
    assert leaving.post("/accounts/sign-out/").status_code == 302
    replayed = Client()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replayed.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]})
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    # CSRF on: a post without the token from the page is refused
    csrf = signed_in(sun, csrf=True)
    assert csrf.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]}).status_code == 403
    # sun's ticket was never used: sun signs with it
    assert own.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]}).status_code == 302
    assert doc().approved_by("主办") and not doc().approved_by("院领导批准")


def test_a_stale_screen_is_refused(people, web_project):
    sun = people["sun"]
    enrol_and_issue(sun, people["admin"])
    client = signed_in(sun)
    token = ticket(client.get(sign_url("主办")))
    path = web_project / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace("effective: 2026-12-20", "effective: 2026-12-21"), "utf-8")
    git(web_project, "commit", "-qam", "改了生效日期")
    response = client.post(sign_url("主办"), {"ticket": token, "password": SIGNING_PASSWORD["sun-xiaolin"]})
    assert response.status_code == 422 and "被修改了" in response.content.decode()
    assert not doc().approved_by("主办")


def test_wrong_signing_passwords_lock_signing(people, web_project):
    from planpress.web.audit.models import AuditRecord
    from planpress.web.signing.models import SigningKey

    sun = people["sun"]
    enrol_and_issue(sun, people["admin"])
    for _ in range(settings.PLANPRESS_SIGNING_TRIES):
        assert sign(sun, "主办", "错误的签名密码-123").status_code == 403
    locked = sign(sun, "主办")  # now even the right password
    assert locked.status_code == 403 and "已锁定" in locked.content.decode()
    assert not doc().approved_by("主办")
    assert SigningKey.objects.get(account=sun).locked
    assert AuditRecord.objects.filter(action="signing_locked", actor=sun.username).count() == 1
    row = SigningKey.objects.get(account=sun)
    assert signed_in(people["admin"]).post(f"/signing/certificates/{row.pk}/unlock/").status_code == 302
    assert sign(sun, "主办").status_code == 302
    assert doc().approved_by("主办")


def test_export_for_the_command_line_and_revoke(people, web_project):
    """The exported .p12 signs with `planpress approve`; revoking writes the date into the roster."""
    from conftest import run_cli

    from planpress.trust.p12 import open_p12

    liu = people["liu"]
    enrol_and_issue(liu, people["admin"])
    client = signed_in(liu)
    refused = client.post("/signing/key/export/", {"password": "错的密码-不是签名密码"})
    assert refused.status_code == 403
    exported = client.post("/signing/key/export/", {"password": SIGNING_PASSWORD["liu-yingen"]})
    assert exported.status_code == 200 and exported["Content-Type"] == "application/x-pkcs12"
    p12 = web_project.parent / "liu.p12"
    p12.write_bytes(exported.content)
    assert open_p12(p12, SIGNING_PASSWORD["liu-yingen"]).holder == "刘迎恩"
    os.environ["PLANPRESS_P12_PASSWORD"], saved = SIGNING_PASSWORD["liu-yingen"], os.environ.get("PLANPRESS_P12_PASSWORD")
    try:
        result = run_cli("approve", NUMBER, "--role", "院领导批准", "--p12", str(p12), root=web_project)
    finally:
        os.environ["PLANPRESS_P12_PASSWORD"] = saved or ""
    assert result.status == 0, result.stderr
    assert doc().approved_by("院领导批准")
    git(web_project, "commit", "-qam", "刘迎恩用命令行审批")
    revoked = client.post("/signing/key/revoke/", {"reason": "U 盘丢失", "password": PASSWORD})
    assert revoked.status_code == 302
    roster = (web_project / "source" / "people.yaml").read_text("utf-8")
    assert "revoked:" in roster and "停用" in last_commit(web_project)["subject"]
    # the roster's revocation date is today: even today's signature with that key no longer counts
    # (the roster's dates are whole days; a lost key must not sign for the rest of the day)
    checked = run_cli("check", root=web_project)
    assert "停用" in checked.stderr and "院领导批准" in checked.stderr
    from planpress.web.documents import project

    assert doc() is None and any("停用" in p.message for p in project.load().broken[NUMBER])
    assert "可以签名" not in client.get("/signing/key/").content.decode()


def test_a_certificate_from_an_external_ca_is_imported(people, web_project):
    """A hospital whose CA is elsewhere: the administrator pastes what that CA issued from the request;
    a certificate for another key is refused."""
    import datetime as dt

    import signing_support
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization

    from planpress.web.signing.models import SigningKey

    # nobody certifies their own key: an administrator who is also a signatory needs another to issue
    from planpress.web.signing import keys

    admin_self = people["admin"]
    admin_self.person = "wang-wu"
    admin_self.save(update_fields=["person"])
    own = keys.enrol(admin_self, "管理员自己的签名密码-2026")
    refused = signed_in(admin_self).post(f"/signing/certificates/{own.pk}/issue/", {"passphrase": CA_PASSPHRASE})
    assert refused.status_code == 422 and "不能为自己的申请签发" in refused.content.decode()
    own.refresh_from_db()
    assert own.state == "requested"

    sun = people["sun"]
    signed_in(sun).post("/signing/key/", {"password": SIGNING_PASSWORD["sun-xiaolin"],
                                          "repeat": SIGNING_PASSWORD["sun-xiaolin"]})
    row = SigningKey.objects.get(account=sun)
    ca = signing_support.keys().ca
    request = x509.load_pem_x509_csr(row.request_pem.encode())
    now = dt.datetime.now(dt.timezone.utc)

    def issued(public_key):
        return (x509.CertificateBuilder().subject_name(request.subject).issuer_name(ca.certificate.subject)
                .public_key(public_key).serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .sign(ca.key, hashes.SHA256()).public_bytes(serialization.Encoding.PEM).decode())

    admin = signed_in(people["admin"])
    other = signing_support.keys().identity("wang-wu").certificate.public_key()
    wrong = admin.post(f"/signing/certificates/{row.pk}/issue/", {"certificate": issued(other)})
    assert wrong.status_code == 422 and "公钥不同" in wrong.content.decode()
    right = admin.post(f"/signing/certificates/{row.pk}/issue/", {"certificate": issued(request.public_key())})
    assert right.status_code == 302
    row.refresh_from_db()
    assert row.state == "active"
    assert sign(sun, "主办").status_code == 302 and doc().approved_by("主办")
