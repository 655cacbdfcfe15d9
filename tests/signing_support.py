"""A throwaway PKI for whole projects: a test CA, certificates for the people of the repository's
plan and of the fixture project, their .p12 files, and the roster of a project copy.

Made once per test session, in memory and in a temporary folder outside every project: no key is
ever committed. `install_roster` adds the test CA as a second trust anchor (the repository's A/0
transcription, signed with the demonstration CA, stays valid) and each person's test certificate
to `source/people.yaml` of a copy; `signed_fixture` is the fixture project with its two approvals
signed by 王一 and 李二 (made once, copied for each test: `conftest.copy_project`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from ruamel.yaml import YAML

from lifecycle_support import PASSWORD, Authority, p12_bytes
from planpress.trust.p12 import SigningIdentity

TEST_CA = "certificates/test-ca.pem"

# key: (name, department, title, release signer); those of the repository's plan and of the fixture
PEOPLE = {
    "sun-xiaolin": ("孙晓琳", "医务科", "部门负责人", False),
    "liu-yingen": ("刘迎恩", "院办", "分管副院长", False),
    "zhou-min": ("周敏", "质量管理科", "文件控制员", True),
    "wang-wu": ("王五", "质量管理科", "科长", False),  # in the roster, signs nothing of H-J-YA-028
    "wang-yi": ("王一", "医务科", "部门负责人", False),
    "li-er": ("李二", "院办", "分管副院长", False),
    "qian-qi": ("钱七", "质量管理科", "文件控制员", True),
}
REPO_PEOPLE = ("sun-xiaolin", "liu-yingen", "zhou-min", "wang-wu")
WITNESSES = ("wang-wu",)  # the second person of a transcription (transcription_witnesses)
FIXTURE_PEOPLE = ("wang-yi", "li-er", "qian-qi", "wang-wu")
FIXTURE_DOC = "H-J-YA-901"


class Keys:
    """The session's test CA and people: `p12[key]` (password PASSWORD), `identity(key)`; and the
    folder of the session's time-stamping authority (`tsa_folder`), its certificate issued by the
    test CA (extended key usage timeStamping, critical)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.ca = Authority.create()
        self.identities: dict[str, SigningIdentity] = {}
        self.p12: dict[str, Path] = {}
        for key, (name, *_rest) in PEOPLE.items():
            private, certificate = self.ca.issue(name)
            self.identities[key] = SigningIdentity(private, certificate, (self.ca.certificate,))
            self.p12[key] = folder / f"{key}.p12"
            self.p12[key].write_bytes(p12_bytes(private, certificate, [self.ca.certificate], name=name))
        self.tsa_folder = make_tsa_folder(folder / "tsa", self.ca)

    def identity(self, key: str) -> SigningIdentity:
        return self.identities[key]

    def pem(self, key: str) -> bytes:
        return self.identities[key].certificate.public_bytes(Encoding.PEM)


def make_tsa_folder(folder: Path, ca: Authority, name: str = "测试医院时间戳服务", **options) -> Path:
    """A `planpress tsa init` folder whose certificate `ca` issued (as the certificate administrator
    would, from its tsa.csr); `options`: days=(from, until) in days from now, critical=False …"""
    from planpress.trust import tsa_service

    request = x509.load_pem_x509_csr(tsa_service.init(folder, name).read_bytes())
    (folder / "tsa.pem").write_bytes(tsa_certificate(ca, request.public_key(), name, **options).public_bytes(Encoding.PEM))
    (folder / "chain.pem").write_bytes(ca.pem())
    return folder


def tsa_certificate(ca: Authority, public_key, name: str, days=(-1, 30), critical: bool = True,
                    usages=(ExtendedKeyUsageOID.TIME_STAMPING,)):
    now = dt.datetime.now(dt.timezone.utc)
    return (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca.certificate.subject).public_key(public_key).serial_number(x509.random_serial_number())
            .not_valid_before(now + dt.timedelta(days=days[0])).not_valid_after(now + dt.timedelta(days=days[1]))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .add_extension(x509.ExtendedKeyUsage(list(usages)), critical=critical)
            .sign(ca.key, hashes.SHA256()))


@functools.cache
def keys() -> Keys:
    return Keys(Path(tempfile.mkdtemp(prefix="planpress-test-keys-")))


def _yaml() -> YAML:
    yaml = YAML()
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1_000_000
    return yaml


def install_roster(root: Path, people: tuple[str, ...], pki: Keys | None = None) -> Path:
    """The roster of the project at `root` with the test CA as a trust anchor and a test certificate
    for each of `people` (added to the roster when missing)."""
    pki = pki or keys()
    source = root / "source"
    (source / "certificates").mkdir(exist_ok=True)
    (source / TEST_CA).write_bytes(pki.ca.pem())
    path = source / "people.yaml"
    data = _yaml().load(path.read_text("utf-8")) if path.exists() else {}
    data = _plain(data or {})
    anchors = data.setdefault("trust_anchors", [])
    if TEST_CA not in anchors:
        anchors.append(TEST_CA)
    signers = data.setdefault("release_signers", [])
    roster = data.setdefault("people", {})
    for key in people:
        name, department, title, releases = PEOPLE[key]
        entry = roster.setdefault(key, {"name": name, "department": department, "title": title, "certificates": []})
        file = f"certificates/{key}-test.pem"
        (source / file).write_bytes(pki.pem(key))
        if file not in entry.setdefault("certificates", []):
            entry["certificates"].append(file)
        if releases and key not in signers:
            signers.append(key)
        if key in WITNESSES and key not in data.setdefault("transcription_witnesses", []):
            data["transcription_witnesses"].append(key)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    path.write_text(stream.getvalue(), "utf-8")
    return path


def _plain(node):
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return str(node) if isinstance(node, str) else node


def ask(prompt: str) -> str:
    return PASSWORD


@functools.cache
def _signed_fixture_template() -> Path:
    """The fixture project (source/ only) with its approvals signed by 王一 and 李二, made once."""
    from conftest import FIXTURES
    from planpress.lifecycle.approve import approve

    root = Path(tempfile.mkdtemp(prefix="planpress-signed-fixture-")) / "project"
    shutil.copytree(FIXTURES / "project" / "source", root / "source")
    shutil.copytree(Path(__file__).resolve().parent.parent / "templates", root / "templates")
    install_roster(root, FIXTURE_PEOPLE)
    for role, person in (("主办", "wang-yi"), ("院领导批准", "li-er")):
        approve(root, FIXTURE_DOC, role, keys().p12[person], ask)
    return root


def signed_fixture_source() -> Path:
    return _signed_fixture_template() / "source"


def resign_archive(snapshot: Path, person: str = "zhou-min", witness: str = "wang-wu") -> None:
    """Sign the release of the archive `snapshot` again as it is now, with `person`'s test key (and,
    for a transcription, its check with `witness`'s), each with a timestamp of the session's TSA:
    for tests that need an archive released with other settings than the one they copied (the
    meaning of the release statement is kept)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    from planpress.lifecycle import archive
    from planpress.lifecycle.yamledit import Edit
    from planpress.sources.yamlsource import read_source
    from planpress.trust import timestamp, tsa
    from planpress.trust.cms import load_signature, sign_detached
    from planpress.trust.statement import Kind, Meaning, Statement, parse_statement, signed_now

    stamp = tsa.http_timestamper(os.environ["PLANPRESS_TSA_URL"])

    def signed(role: str, meaning, key: str) -> dict:
        statement = Statement(Kind.RELEASE, old.document, old.version, role, meaning, key, PEOPLE[key][0], signed_now(),
                              archive.archive_digest(read_source(snapshot).data), archive.ARCHIVE_FORMAT)
        signature = sign_detached(statement.to_bytes(), keys().identity(key))
        value = timestamp.signature_value(load_signature(signature).signer_info)
        signature = timestamp.with_token(signature, timestamp.load_token(stamp(timestamp.imprint(value), "sha256").dump()))
        return {"statement": LiteralScalarString(statement.to_bytes().decode("utf-8")),
                "signature": LiteralScalarString(signature)}

    edit = Edit(snapshot)
    record = edit.data["release"]
    old = parse_statement(str(record["statement"]).encode("utf-8"))
    record.update(signed(old.role, old.meaning, person))
    if "witness" in record:
        record["witness"] = signed("核对", Meaning.WITNESS, witness)
    edit.write(edit.text())


@contextlib.contextmanager
def running_tsa(folder: Path):
    """`planpress tsa serve FOLDER --port 0` in a process of its own; yields its URL."""
    command = [str(Path(sys.executable).parent / "planpress"), "tsa", "serve", str(folder), "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("时间戳服务已启动："), line + process.stderr.read()
        yield line.split("：", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(30)
