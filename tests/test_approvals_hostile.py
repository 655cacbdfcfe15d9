"""What an insider with write access to the repository, but without the approvers' keys, can try.

Issue 11: approve as someone else, copy an approval, rewrite an in-force version and its archive
with recomputed fingerprints, swap an approver's name or title, hide an overdue review, change the
campuses, edit a paper approval after the cut-over, replace the trust anchor, hide a private key.
Each case asserts a clear Chinese message (with 怎么改), a non-zero exit where it is refused, no
traceback, not one byte of source or output changed by the command, and that the version is not
已批准 / 已生效 (the PDF would not show 受控, the cards carry their band).

PDF signatures (sign a PDF not built by planpress, a look-alike or expired certificate, a flipped
byte, a damaged signature) are in tests/test_signing.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from lifecycle_support import Authority, p12_bytes, tree_hashes
from planpress.cards.content import state_mark
from planpress.model import State
from planpress.pdf.marks import marks_for
from planpress.trust import certs
from signing_support import install_roster, keys

DOC = "H-J-YA-028"
TODAY = "2026-11-25"


def p12(person: str) -> str:
    return str(keys().p12[person])


def ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    return result.stdout


def refused(root: Path, *args: str, expect: tuple[str, ...]) -> str:
    """A command that must say no: exit 1, Chinese message with a hint, no traceback, nothing written."""
    before = tree_hashes(root)
    result = run_cli(*args, root=root)
    assert result.status == 1, result.stdout
    assert "Traceback" not in result.stderr + result.stdout and "内部错误" not in result.stderr
    for fragment in expect:
        assert fragment in result.stderr, result.stderr
    assert "错误" in result.stderr and "怎么改：" in result.stderr
    assert tree_hashes(root) == before, "a refused command changed a file"
    return result.stderr


def flagged(root: Path, *expect: str, number: str = DOC, version: str | None = None) -> str:
    """`check` reports an error, `build` refuses and writes nothing, and the version loaded without
    the lifecycle rules (as status does) is a draft: no 受控 on its PDF, a band on its cards."""
    stderr = refused(root, "check", expect=expect)
    refused(root, "build", "--only", "pdf", expect=expect)
    project = planpress.load(root, lifecycle=False)
    doc = next((d for d in project.history(number) if str(d.version) == version), None) if version else \
        project.document(number)
    assert doc.state is State.DRAFT, doc.state
    assert not marks_for(doc.state).controlled and state_mark(doc) is not None
    return stderr


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), "utf-8")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    return copy_project(REPO, tmp_path / "repo")


def in_revision(root: Path, effective: str = "2026-12-10") -> Path:
    ok("revise", DOC, "--reason", "更新电话", root=root)
    path = root / "source" / f"{DOC}.yaml"
    edit(path, "effective:             #", f"effective: {effective}  #")
    return path


@pytest.fixture(scope="module")
def released_a1(tmp_path_factory) -> Path:
    """A/1 approved by 孙晓琳 and 刘迎恩 with their keys and released by 周敏, in force today."""
    root = copy_project(REPO, tmp_path_factory.mktemp("a1") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        in_revision(root, TODAY)
        ok("approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"), root=root)
        ok("approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"), root=root)
        ok("release", DOC, "--p12", p12("zhou-min"), root=root)
        assert planpress.load(root).document(DOC).state is State.EFFECTIVE
    return root


@pytest.fixture
def a1(released_a1: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = tmp_path / "repo"
    shutil.copytree(released_a1, root)
    return root


def approvals_block(text: str) -> str:
    return text[text.index("approvals:\n"):text.index("\n# 应急处置卡张贴位置")]


# -- approving as someone else ----------------------------------------------------------------------

def test_approve_with_another_persons_key(repo: Path):
    in_revision(repo)
    refused(repo, "approve", DOC, "--role", "主办", "--p12", p12("wang-wu"),
            expect=("签名证书不是名册里 孙晓琳（sun-xiaolin）的证书", "证书持有人是“王五”", "名册里 王五（wang-wu）的证书"))


@pytest.mark.parametrize("holder", ["孙晓琳", "非孙晓琳本人-王五", "孙晓琳 "])
def test_approve_with_a_look_alike_certificate_of_the_hospital_ca(repo: Path, tmp_path: Path, holder: str):
    """The hospital CA issued it, its name is (or contains) 孙晓琳: still not the one the roster lists."""
    in_revision(repo)
    key, certificate = keys().ca.issue(holder)
    (tmp_path / "x.p12").write_bytes(p12_bytes(key, certificate, [keys().ca.certificate]))
    refused(repo, "approve", DOC, "--role", "主办", "--p12", str(tmp_path / "x.p12"),
            expect=("签名证书不是名册里 孙晓琳（sun-xiaolin）的证书", f"证书持有人是“{holder}”（名册里没有登记这张证书）"))


def test_approve_with_an_expired_certificate_of_the_right_person(repo: Path, tmp_path: Path):
    """Even 孙晓琳's own (expired) certificate, listed under her in the roster, cannot sign any more."""
    in_revision(repo)
    key, certificate = keys().ca.issue("孙晓琳", days=(-0.5, -0.1))  # within the test CA's validity
    (repo / "source" / "certificates" / "sun-old.pem").write_bytes(certs_pem(certificate))
    edit(repo / "source" / "people.yaml", "      - certificates/sun-xiaolin-test.pem",
         "      - certificates/sun-xiaolin-test.pem\n      - certificates/sun-old.pem")
    (tmp_path / "old.p12").write_bytes(p12_bytes(key, certificate, [keys().ca.certificate]))
    refused(repo, "approve", DOC, "--role", "主办", "--p12", str(tmp_path / "old.p12"), expect=("孙晓琳的证书已过期",))


def test_approve_with_a_certificate_of_another_ca(repo: Path, tmp_path: Path):
    in_revision(repo)
    other = Authority.create("测试医院根证书")  # the same name as the hospital's, another key
    key, certificate = other.issue("孙晓琳")
    (tmp_path / "x.p12").write_bytes(p12_bytes(key, certificate, [other.certificate]))
    refused(repo, "approve", DOC, "--role", "主办", "--p12", str(tmp_path / "x.p12"),
            expect=("签名证书不是名册里 孙晓琳（sun-xiaolin）的证书",))
    # … and listing it under 孙晓琳 in the roster does not help: it does not chain to the trust anchor
    (repo / "source" / "certificates" / "mine.pem").write_bytes(certs_pem(certificate))
    edit(repo / "source" / "people.yaml", "      - certificates/sun-xiaolin-test.pem",
         "      - certificates/sun-xiaolin-test.pem\n      - certificates/mine.pem")
    refused(repo, "check", expect=("certificates/mine.pem：签名证书不能追溯到医院的根证书",))


def certs_pem(certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return certificate.public_bytes(Encoding.PEM)


def test_a_signature_by_someone_else_written_into_the_yaml(repo: Path):
    """王五 signs a statement that says 孙晓琳 approves, and pastes it into the working copy."""
    path = in_revision(repo)
    from planpress.trust.cms import sign_detached
    from planpress.trust.statement import Kind, Meaning, Statement, signed_now

    doc = planpress.load(repo, lifecycle=False).document(DOC)
    statement = Statement(Kind.APPROVAL, DOC, "A/1", "主办", Meaning.OWNER, "sun-xiaolin", "孙晓琳", signed_now(),
                          doc.fingerprint, 2)
    signature = sign_detached(statement.to_bytes(), keys().identity("wang-wu"))
    write_approval(path, "主办", statement.to_bytes().decode(), signature)
    stderr = flagged(repo, "“主办”的审批无效：签名证书不是名册里 孙晓琳（sun-xiaolin）的证书",
                     "证书持有人是“王五”（名册里 王五（wang-wu）的证书）")
    assert "错误: 【approvals】“主办”的审批无效" in stderr  # an error even on a draft, not a warning
    refused(repo, "release", DOC, "--p12", p12("zhou-min"), expect=("不能发布",))


def write_approval(path: Path, role: str, statement: str, signature: str) -> None:
    def block(text: str) -> str:
        return "\n".join("      " + line for line in text.rstrip("\n").split("\n"))
    entry = f"  - role: {role}\n    statement: |\n{block(statement)}\n    signature: |\n{block(signature)}\n"
    text = path.read_text("utf-8")
    text = text.replace("approvals: []\n", "approvals:\n" + entry, 1) if "approvals: []\n" in text else \
        text.replace("approvals:\n", "approvals:\n" + entry, 1)
    path.write_text(text, "utf-8")


def test_an_edited_statement_and_a_damaged_signature(repo: Path):
    path = in_revision(repo)
    ok("approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"), root=repo)
    signed = path.read_text("utf-8")
    edit(path, "      meaning: 主办\n", "      meaning: 批准\n")
    flagged(repo, "签名与审批声明不一致：声明在签名之后被改动过")
    path.write_text(signed, "utf-8")
    body = re.search(r"-----BEGIN PKCS7-----\n((?:      .*\n)+?)      -----END PKCS7-----", signed)
    line = body.group(1).splitlines()[3]
    path.write_text(signed.replace(line, line[:20] + "!!!!" + line[24:], 1), "utf-8")
    flagged(repo, "签名数据已损坏，无法读取（base64 编码无效）")


# -- copying an approval -----------------------------------------------------------------------------

def test_an_approval_copied_to_another_role(repo: Path):
    path = in_revision(repo)
    ok("approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"), root=repo)
    edit(path, "  - role: 主办\n    statement:", "  - role: 院领导批准\n    statement:")
    flagged(repo, "这个签名是以“主办（主办）”的身份签的，这里需要“院领导批准（批准）”",
            "这个签名是孙晓琳（sun-xiaolin）签的，但这一栏的签署人是刘迎恩（liu-yingen）")


def test_an_approval_copied_from_the_previous_version(a1: Path):
    """A/1's approvals pasted into A/2 (revised, not approved by anyone)."""
    path = a1 / "source" / f"{DOC}.yaml"
    a1_approvals = approvals_block(path.read_text("utf-8"))
    ok("revise", DOC, "--reason", "再改一次", root=a1)
    edit(path, "effective:             #", "effective: 2027-01-01  #")
    edit(path, "approvals: []", a1_approvals.rstrip("\n"))
    flagged(a1, "这个签名签的是 H-J-YA-028 A/1，不是 H-J-YA-028 A/2：签名不能从别的文件或版本复制过来")


def test_an_approval_copied_from_another_document(repo: Path, tmp_path: Path):
    fixture = copy_project(FIXTURES / "project", tmp_path / "fixture")
    text = (fixture / "source" / "H-J-YA-901.yaml").read_text("utf-8")
    theirs = text[text.index("\n", text.index("approvals:")) + 1:text.index("postings:\n")]
    theirs = theirs[:theirs.index("  - role: 院领导批准")]  # 王一's approval of H-J-YA-901 as 主办
    path = in_revision(repo)
    edit(path, "approvals: []", "approvals:\n" + theirs.rstrip("\n"))
    flagged(repo, "这个签名签的是 H-J-YA-901 A/0，不是 H-J-YA-028 A/1")


# -- rewriting an in-force version ---------------------------------------------------------------------

def test_rewriting_the_version_in_force_and_its_archive_with_recomputed_fingerprints(repo: Path):
    """A/0's text changed in the working copy and in the archive, the archive's fingerprint
    recomputed: only the release signature (over the archive's digest) stands in the way."""
    working = repo / "source" / f"{DOC}.yaml"
    snapshot = repo / "source" / "archive" / DOC / "A-0.yaml"
    for path in (working, snapshot):
        edit(path, "应积极自救，扑灭火灾，同时立即拨打", "不必扑救，先离开现场，再拨打")
    rewritten = planpress.load(repo, lifecycle=False).history(DOC)[0].fingerprint
    old = planpress.load(REPO).document(DOC).fingerprint
    edit(snapshot, f"fingerprint: {old}", f"fingerprint: {rewritten}")
    assert planpress.load(repo, lifecycle=False).document(DOC).is_released  # the fingerprints agree again …
    stderr = flagged(repo, "H-J-YA-028 A/0 的发布签名无效：签署后内容已修改：签名确认的存档摘要是", version="A/0")
    assert "A-0.yaml" in stderr
    status = run_cli("status", DOC, root=repo)
    assert status.status == 1 and "草稿（已发布，但审批或发布签名不能通过验证" in status.stdout
    refused(repo, "revise", DOC, "--reason", "顺便修订", expect=("存档与发布记录不一致",))


def test_rewriting_a_released_electronic_version_and_its_archive(a1: Path):
    working = a1 / "source" / f"{DOC}.yaml"
    snapshot = a1 / "source" / "archive" / DOC / "A-1.yaml"
    for path in (working, snapshot):
        edit(path, "应积极自救，扑灭火灾，同时立即拨打", "不必扑救，先离开现场，再拨打")
    project = planpress.load(a1, lifecycle=False)
    old = planpress.load(a1, lifecycle=False).history(DOC)[1].release.fingerprint
    new = project.history(DOC)[1].fingerprint
    edit(snapshot, f"fingerprint: {old}", f"fingerprint: {new}")
    flagged(a1, "A/1 的发布签名无效：签署后内容已修改", "里“主办”的审批无效：签署后内容已修改：签名确认的内容指纹是",
            version="A/1")


def test_a_released_archive_whose_release_signature_was_removed(repo: Path):
    snapshot = repo / "source" / "archive" / DOC / "A-0.yaml"
    text = snapshot.read_text("utf-8")
    start, end = text.index("  statement: |"), text.index("document:\n")
    snapshot.write_text(text[:start] + text[end:], "utf-8")
    flagged(repo, "H-J-YA-028 A/0 的存档没有发布签名", version="A/0")


# -- swapping a name, hiding a review, changing the campuses -------------------------------------------------

@pytest.mark.parametrize("file, old, new", [
    ("source/H-J-YA-028.yaml", "    title: 分管副院长\n", "    title: 院长\n"),  # the title in the document
    ("source/people.yaml", "name: 刘迎恩", "name: 王五"),  # the name in the roster
    ("source/people.yaml", "name: 孙晓琳", "name: 孙小琳"),
    ("source/H-J-YA-028.yaml", "review_cycle_years: 3", "review_cycle_years: 10"),  # the overdue review hidden
    ("source/H-J-YA-028.yaml", "# campuses: [binhe]", "campuses: [binhe]"),
    ("source/H-J-YA-028.yaml", "effective: 2020-08-10", "effective: 2024-08-10"),
])
def test_what_governs_a_released_version_cannot_be_changed_in_place(tmp_path: Path, monkeypatch, file: str, old: str,
                                                                   new: str):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    repo = copy_project(REPO, tmp_path / "repo", pki=False)  # the shipped roster: 刘迎恩 has no certificate
    edit(repo / file, old, new)
    if "campuses" in new:  # postings at the other campus must go too, or check stops earlier
        text = (repo / file).read_text("utf-8")
        (repo / file).write_text(re.sub(r"  - location: [^\n]+\n    campus: daxue\n(?:    [^\n]*\n)+", "", text), "utf-8")
    flagged(repo, "A/0 已于 2020-08-10 发布，发布后内容又被修改了")


def test_a_name_written_in_the_document_must_be_the_rosters(repo: Path):
    edit(repo / "source" / f"{DOC}.yaml", "    person: liu-yingen\n", "    person: liu-yingen\n    name: 王五\n")
    refused(repo, "check", expect=("签署人 liu-yingen 在名册里叫“刘迎恩”，这里写的是“王五”",))


def test_swapping_an_electronic_signers_name_in_the_roster(a1: Path):
    """The archive freezes the names; the statement names 刘迎恩; the roster now says otherwise."""
    edit(a1 / "source" / "people.yaml", "name: 刘迎恩", "name: 王五")
    refused(a1, "check", expect=("是“刘迎恩”的证书，不是“王五”的",))


# -- paper approvals and the cut-over ---------------------------------------------------------------------

def test_paper_approvals_of_a_new_version_after_the_cut_over(repo: Path):
    path = in_revision(repo, "2026-12-10")  # after signatures.electronic_since 2026-12-01
    edit(path, "approvals: []", "approvals:\n  - role: 主办\n    paper: {date: 2026-11-25, original: 医务科}\n"
                                "  - role: 院领导批准\n    paper: {date: 2026-11-25, original: 医务科}")
    flagged(repo, "纸质签批只适用于 2026-12-01 之前发布的版本")
    refused(repo, "release", DOC, "--transcription", "--p12", p12("zhou-min"), expect=("纸质签批只适用于 2026-12-01 之前发布的版本",))


def test_paper_approvals_written_into_an_electronic_release_after_the_cut_over(a1: Path):
    """The cut-over moved earlier (A/0 of 2020 still before it); paper approvals typed into the A/1
    archive, released 2026-11-25: refused twice, by the cut-over and by the release signature."""
    edit(a1 / "source" / "planpress.yaml", "electronic_since: 2026-12-01", "electronic_since: 2021-01-01")
    snapshot = a1 / "source" / "archive" / DOC / "A-1.yaml"
    text = snapshot.read_text("utf-8")
    start = text.index("  approvals:\n")
    end = text.index("  postings:\n")
    paper = ("  approvals:\n    - role: 主办\n      paper: {date: 2026-11-25, original: 医务科}\n"
             "    - role: 院领导批准\n      paper: {date: 2026-11-25, original: 医务科}\n")
    snapshot.write_text(text[:start] + paper + text[end:], "utf-8")
    flagged(a1, "纸质签批只适用于 2021-01-01 之前发布的版本，这个版本发布于 2026-11-25", "A/1 的发布签名无效", version="A/1")


def test_moving_the_cut_over_before_a_paper_version_is_flagged(repo: Path):
    edit(repo / "source" / "planpress.yaml", "electronic_since: 2026-12-01", "electronic_since: 2020-01-01")
    flagged(repo, "纸质签批只适用于 2020-01-01 之前发布的版本，这个版本发布于 2020-08-10", version="A/0")


# -- the trust anchor and the keys -------------------------------------------------------------------------

def insiders_own_hospital(root: Path, tmp_path: Path) -> tuple[Authority, Path]:
    """An insider makes a CA of their own, lists it as the trust anchor instead of the hospital's
    and themselves as a release signer, and signs A/0's transcription again."""
    ca = Authority.create("测试医院根证书")
    key, certificate = ca.issue("王五")
    (root / "source" / "certificates" / "test-ca.pem").write_bytes(ca.pem())
    (root / "source" / "certificates" / "wang-wu-test.pem").write_bytes(certs_pem(certificate))
    people = root / "source" / "people.yaml"
    text = people.read_text("utf-8")
    text = text.replace("  - certificates/planpress-demo-ca.pem\n", "")
    text = text.replace("      - certificates/document-controller-demo.pem\n", "")
    text = text.replace("      - certificates/document-witness-demo.pem\n", "")
    text = re.sub(r"      - certificates/(sun-xiaolin|liu-yingen|zhou-min|wang-wu)-test.pem\n", "", text)
    text = text.replace("release_signers:\n  - document-controller\n  - zhou-min\n",
                        "release_signers:\n  - document-controller\n  - zhou-min\n  - wang-wu\n")
    text = re.sub(r"certificates:\n(?=  \S|$)", "certificates: []\n", text)
    people.write_text(_with_own(text), "utf-8")
    own = tmp_path / "wang-wu-own.p12"
    own.write_bytes(p12_bytes(key, certificate, [ca.certificate]))
    return ca, own


def _with_own(text: str) -> str:
    """王五's entry lists the certificate of the insider's CA."""
    start = text.index("  wang-wu:")
    return text[:start] + text[start:].replace("certificates: []", "certificates: [certificates/wang-wu-test.pem]", 1)


def test_replacing_the_trust_anchor_without_pins_is_warned_every_time(repo: Path, tmp_path: Path, monkeypatch):
    """Issue 17 changed this: a machine without pins no longer releases (the insider signs on a
    machine of their own that pins their CA), and what it builds shows nothing as verified
    (tests/test_insider.py looks at the PDF and the site)."""
    ca, own = insiders_own_hospital(repo, tmp_path)
    text = (repo / "source" / "people.yaml").read_text("utf-8")
    assert "planpress-demo-ca" not in text and "release_signers:\n  - document-controller\n  - zhou-min\n  - wang-wu" in text
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "no-pins"))
    refused(repo, "release", DOC, "--transcription", "--p12", str(own), expect=("本机没有固定医院的信任根证书，不能发布",))
    (tmp_path / "insider-pins").write_text(f"{certs.sha256(ca.certificate)}\ntimestamps: optional\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "insider-pins"))
    monkeypatch.delenv("PLANPRESS_TSA_URL")
    ok("release", DOC, "--transcription", "--p12", str(own), root=repo)  # the insider re-signs A/0, at home
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "no-pins"))
    result = run_cli("check", root=repo)
    assert result.status == 0  # nothing on this machine says which CA is the hospital's …
    assert f"信任根证书没有在本机固定" in result.stderr and certs.sha256(ca.certificate) in result.stderr  # … but it says so
    assert "电子签名一律标为“未核验”，本机也不能发布" in result.stderr
    assert planpress.load(repo).document(DOC).state is State.DRAFT  # and one person's transcription is not enough


def test_replacing_the_trust_anchor_with_pins_is_an_error(repo: Path, tmp_path: Path, monkeypatch):
    demo = certs.load_certificates((REPO / "source" / "certificates" / "planpress-demo-ca.pem").read_bytes())[0]
    pins = tmp_path / "trust-pins"
    pins.write_text(f"# 本机登记的医院根证书\n{certs.sha256(demo)}\n{certs.sha256(keys().ca.certificate)}\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(pins))
    result = run_cli("check", root=repo)
    assert result.status == 0 and "没有在本机固定" not in result.stderr  # the pinned anchors: no warning
    ca, own = insiders_own_hospital(repo, tmp_path)
    refused(repo, "release", DOC, "--transcription", "--p12", str(own),
            expect=("不是本机登记的医院根证书", "SHA-256 " + certs.sha256(ca.certificate)))
    # even with the transcription signed by the insider's own CA (on a machine of the insider's,
    # which pins the insider's CA: issue 17 refuses to release where nothing is pinned), the
    # anchor is not trusted where the hospital's pins are
    (tmp_path / "insider-pins").write_text(f"{certs.sha256(ca.certificate)}\ntimestamps: optional\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "insider-pins"))
    monkeypatch.delenv("PLANPRESS_TSA_URL")
    ok("release", DOC, "--transcription", "--p12", str(own), root=repo)
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(pins))
    for command in (["check"], ["build", "--only", "pdf"]):
        refused(repo, *command, expect=("不是本机登记的医院根证书", "SHA-256 " + certs.sha256(ca.certificate)))


def test_an_empty_pin_file_trusts_nothing(repo: Path, tmp_path: Path, monkeypatch):
    (tmp_path / "pins").write_text("# nothing pinned yet\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "pins"))
    for command in (["check"], ["build", "--only", "pdf"]):
        refused(repo, *command, expect=("是空的或无法读取：没有可信任的根证书",))


@pytest.mark.parametrize("name, content", [
    ("certificates/liu-yingen.key", b"-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n"),
    ("liu-yingen.p12", None),
])
def test_a_private_key_in_the_sources(repo: Path, name: str, content: bytes | None):
    (repo / "source" / name).write_bytes(content if content is not None else keys().p12["liu-yingen"].read_bytes())
    refused(repo, "check", expect=("这个文件里有私钥（或是 .p12 证书文件）！私钥绝不能放进仓库", Path(name).name))


def test_the_demonstration_ca_is_warned_about(repo: Path):
    result = run_cli("check", root=repo)
    assert result.status == 0 and "是 planpress 自带的演示证书，不是医院的根证书" in result.stderr


def test_a_roster_person_without_a_certificate_cannot_approve(tmp_path: Path, monkeypatch):
    """The shipped roster: 刘迎恩 signed on paper and has no certificate: no key approves for him."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo", pki=False)
    install_roster(root, ("sun-xiaolin",))
    in_revision(root)
    refused(root, "approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"),
            expect=("签名证书不是名册里 刘迎恩（liu-yingen）的证书", "名册里没有登记这张证书"))
