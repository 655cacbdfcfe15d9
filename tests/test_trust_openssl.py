"""Interoperability with the real openssl binary: it verifies our signatures, we verify its, and the
certificate set-up documented in docs/approvals.md works as written."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from lifecycle_support import Authority
from planpress.trust.cms import sign_detached
from planpress.trust.p12 import SigningIdentity, open_p12
from planpress.trust.reasons import Reason
from planpress.trust.roster import parse_roster
from planpress.trust.signing import sign_statement
from planpress.trust.validate import validate
from trust_support import expected, make_hospital, statement, write_pem

OPENSSL = shutil.which("openssl")
DOCS = Path(__file__).resolve().parent.parent / "docs" / "manual" / "04-approvals.md"  # 准备证书（医院没有 PKI 时）


@pytest.fixture(scope="module")
def hospital(tmp_path_factory):
    return make_hospital(tmp_path_factory.mktemp("hospital"))


def openssl(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    assert OPENSSL, "these tests need the openssl command (Debian package openssl)"
    return subprocess.run([OPENSSL, *args], cwd=cwd, capture_output=True, timeout=60)


def verify_with_openssl(folder: Path, data: bytes, signature: str, ca_pem: Path) -> subprocess.CompletedProcess:
    """The command of the issue: openssl cms -verify -binary -content stmt.bin -inform PEM … -purpose any."""
    (folder / "stmt.bin").write_bytes(data)
    (folder / "sig.pem").write_text(signature, "ascii")
    return openssl("cms", "-verify", "-binary", "-content", "stmt.bin", "-inform", "PEM", "-in", "sig.pem",
                   "-CAfile", str(ca_pem), "-purpose", "any", "-out", "-", cwd=folder)


def test_openssl_verifies_our_approval_and_prints_the_statement(hospital, tmp_path):
    data = statement().to_bytes()
    signature = sign_statement(statement(), hospital.identity("liu-yingen"), hospital.roster)
    result = verify_with_openssl(tmp_path, data, signature, hospital.source / "certificates" / "hospital-ca.pem")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout == data  # a person reads what was signed
    assert b"Verification successful" in result.stderr


def test_openssl_refuses_a_changed_statement_and_another_ca(hospital, tmp_path):
    data = statement().to_bytes()
    signature = sign_detached(data, hospital.identity("liu-yingen"))
    changed = verify_with_openssl(tmp_path, data.replace(b"A/1", b"A/2"), signature,
                                  hospital.source / "certificates" / "hospital-ca.pem")
    assert changed.returncode != 0 and b"Verification failure" in changed.stderr
    other = tmp_path / "other-ca.pem"
    other.write_bytes(Authority.create("测试医院根证书").pem())  # the same name, another key
    untrusted = verify_with_openssl(tmp_path, data, signature, other)
    assert untrusted.returncode != 0 and b"certificate verify error" in untrusted.stderr


def test_openssl_verifies_an_rsa_signature_of_ours(hospital, tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    _, certificate = hospital.ca.issue("刘迎恩", key=key)
    data = statement().to_bytes()
    signature = sign_detached(data, SigningIdentity(key, certificate, ()))
    assert verify_with_openssl(tmp_path, data, signature, hospital.source / "certificates" / "hospital-ca.pem").returncode == 0


def openssl_sign(hospital, folder: Path, *options: str, person: str = "liu-yingen") -> tuple[bytes, str]:
    """A detached signature made by `openssl cms -sign` (key written to the test's tmp folder only)."""
    identity = hospital.identity(person)
    (folder / "key.pem").write_bytes(identity.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    write_pem(folder / "cert.pem", identity.certificate)
    data = statement().to_bytes()
    (folder / "stmt.bin").write_bytes(data)
    result = openssl("cms", "-sign", "-binary", "-in", "stmt.bin", "-signer", "cert.pem", "-inkey", "key.pem",
                     "-outform", "PEM", "-out", "sig.pem", *options, cwd=folder)
    assert result.returncode == 0, result.stderr.decode()
    return data, (folder / "sig.pem").read_text("ascii")


def test_we_verify_a_signature_made_by_openssl(hospital, tmp_path):
    data, signature = openssl_sign(hospital, tmp_path, "-md", "sha256")
    assert signature.startswith("-----BEGIN CMS-----")
    verdict = validate(data, signature, expected(), hospital.roster)
    assert verdict.ok, verdict.failures
    assert verdict.signer.person.key == "liu-yingen"


def test_openssl_signatures_we_refuse(hospital, tmp_path):
    data, attached = openssl_sign(hospital, tmp_path, "-md", "sha256", "-nodetach")
    assert validate(data, attached, expected(), hospital.roster).reasons == (Reason.SIGNATURE_FORMAT,)
    data, weak = openssl_sign(hospital, tmp_path, "-md", "sha1")
    verdict = validate(data, weak, expected(), hospital.roster)
    assert verdict.reasons == (Reason.SIGNATURE_FORMAT,) and "sha1" in verdict.failures[0].message
    data, bare = openssl_sign(hospital, tmp_path, "-md", "sha256", "-noattr")
    assert validate(data, bare, expected(), hospital.roster).reasons == (Reason.SIGNATURE_FORMAT,)
    data, by_wang = openssl_sign(hospital, tmp_path, "-md", "sha256", person="wang-wu")
    assert validate(data, by_wang, expected(), hospital.roster).reasons == (Reason.NOT_THE_PERSON,)


# The documented set-up: the manual's blocks marked <!-- openssl-setup -->, run as written.
# openssl asks for pass phrases on the terminal; here each is given on the command line instead.
PHRASES = {"hospital-ca.key": "ca-口令", "liu-yingen.key": "本人口令"}
P12_PASSWORD = "p12-密码"


def documented_commands() -> list[str]:
    text = DOCS.read_text("utf-8")
    blocks = re.findall(r"<!-- openssl-setup -->\n```sh\n(.*?)```", text, re.S)
    assert len(blocks) == 5, "docs/manual/04-approvals.md: the five set-up steps"
    return [line for block in blocks for line in block.replace("\\\n", " ").splitlines() if line.strip()]


def with_pass_phrases(command: str) -> str:
    """The same command with the pass phrases openssl would have asked for."""
    words = command.split()
    if words[:2] == ["openssl", "genpkey"]:
        return f"{command} -pass pass:{PHRASES[words[words.index('-out') + 1]]}"
    for option in ("-key", "-CAkey", "-inkey"):
        if option in words:
            command += f" -passin pass:{PHRASES[words[words.index(option) + 1]]}"
    if words[:3] == ["openssl", "pkcs12", "-export"]:
        command += f" -passout pass:{P12_PASSWORD}"
    return command


def test_the_documented_openssl_setup_makes_a_working_ca_p12_and_roster(tmp_path):
    (tmp_path / "source" / "certificates").mkdir(parents=True)
    for command in documented_commands():
        result = subprocess.run(["bash", "-c", with_pass_phrases(command)], cwd=tmp_path, capture_output=True,
                                timeout=60)
        assert result.returncode == 0, (command, result.stderr.decode())
    assert "CN=刘迎恩, serialNumber=000123" in result.stdout.decode()  # what the last command shows

    identity = open_p12(tmp_path / "liu-yingen.p12", P12_PASSWORD)
    roster = parse_roster({"trust_anchors": ["certificates/hospital-ca.pem"], "release_signers": [], "people": {
        "liu-yingen": {"name": "刘迎恩", "department": "院办", "title": "分管副院长", "staff_id": "000123",
                       "certificates": ["certificates/liu-yingen-2026.pem"]}}}, tmp_path / "source")
    made = statement()
    signature = sign_statement(made, identity, roster)
    assert validate(made.to_bytes(), signature, expected(), roster).ok
    ca = tmp_path / "source" / "certificates" / "hospital-ca.pem"
    assert verify_with_openssl(tmp_path, made.to_bytes(), signature, ca).returncode == 0
    assert sorted(p.name for p in (tmp_path / "source").rglob("*") if p.is_file()) == [
        "hospital-ca.pem", "liu-yingen-2026.pem"]  # only public certificates went into source/
