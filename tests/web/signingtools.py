"""Helpers of the signing tests: a project in revision with the session's test CA as the hospital
CA, accounts for the signatories, enrolment and issuing through the pages."""

from __future__ import annotations

import re
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings

from .webtools import git, signed_in

NUMBER = "H-J-YA-028"
SIGNING_PASSWORD = {"sun-xiaolin": "孙晓琳的签名密码-2026", "liu-yingen": "Liu-Signs-Twice-2026",
                    "zhou-min": "zhou 发布用的密码 7781", "wang-wu": "王五核对转录用的密码-2026"}
CA_PASSPHRASE = "证书管理员-CA-口令-42"


def forget_keys() -> None:
    """Each test starts with no kept keys (the tests share one database; one person has one key)."""
    from planpress.web.signing.models import SigningKey

    SigningKey.objects.exclude(state="revoked").update(state="revoked")


def hospital_ca(folder: Path) -> None:
    """The session's test CA as the hospital CA the certificate administrator issues with."""
    import signing_support

    forget_keys()
    ca = signing_support.keys().ca
    key = folder / "hospital-ca.key"
    key.write_bytes(ca.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.BestAvailableEncryption(CA_PASSPHRASE.encode("utf-8"))))
    cert = folder / "hospital-ca.pem"
    cert.write_bytes(ca.pem())
    settings.PLANPRESS_CA_KEY, settings.PLANPRESS_CA_CERT = str(key), str(cert)


def in_revision(root: Path, effective: str = "2026-12-20") -> None:
    """The repository's plan with the test CA in its roster, revised to A/1 with an effective date, committed."""
    import signing_support

    from planpress.lifecycle.revise import revise

    signing_support.install_roster(root, signing_support.REPO_PEOPLE)
    revise(root, NUMBER, "更新保卫科电话")
    path = root / "source" / f"{NUMBER}.yaml"
    path.write_text(path.read_text("utf-8").replace("effective:             #", f"effective: {effective}  #"), "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "修订 A/1")


def ticket(response) -> str:
    found = re.search(r'name="ticket" value="([^"]+)"', response.content.decode())
    assert found, response.content.decode()[:3000]
    return found.group(1)


def sign_url(role: str) -> str:
    return f"/signing/{NUMBER}/sign/{role}/"


def enrol_and_issue(user, administrator) -> None:
    from planpress.web.signing.models import SigningKey

    client = signed_in(user)
    response = client.post("/signing/key/", {"password": SIGNING_PASSWORD[user.person],
                                             "repeat": SIGNING_PASSWORD[user.person]})
    assert response.status_code == 302, response.content.decode()[:3000]
    row = SigningKey.objects.get(account=user)
    response = signed_in(administrator).post(f"/signing/certificates/{row.pk}/issue/", {"passphrase": CA_PASSPHRASE})
    assert response.status_code == 302, response.content.decode()[:3000]


def sign(user, role: str, password: str | None = None):
    client = signed_in(user)
    token = ticket(client.get(sign_url(role)))
    return client.post(sign_url(role), {"ticket": token, "password": password or SIGNING_PASSWORD[user.person]})


def enrolled_team(web_project: Path, account, folder: Path) -> dict:
    """H-J-YA-028 in revision A/1 with the hospital CA; 孙晓琳 and 刘迎恩 (signers) and 周敏 (document
    controller) each with a key issued by 证书管理员."""
    in_revision(web_project)
    hospital_ca(folder)
    people = {"sun": account("signer", name="孙晓琳", person="sun-xiaolin"),
              "liu": account("signer", name="刘迎恩", person="liu-yingen"),
              "zhou": account("controller", name="周敏", person="zhou-min", department="质量管理科"),
              "admin": account("admin", name="证书管理员")}
    for key in ("sun", "liu", "zhou"):
        enrol_and_issue(people[key], people["admin"])
    return people
