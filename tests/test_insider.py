"""Approvals that hold against the insider who controls the clock, the dates and the files (issue 17).

Each attack is done first legitimately (it must succeed) and then as the attack: refused, with a
Chinese message and its hint, no traceback, not one byte of the project changed by the command
(or, for what an insider writes by hand, `check` and `build` refuse and the version does not
count). The machine is set up as the manual says a publishing machine must be (conftest: pins of
the demonstration and test CAs, timestamps required, the session's `planpress tsa serve`).
Concurrent commands are in tests/test_concurrency.py; the signing core's timestamps in
tests/test_trust_timestamp.py.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from lifecycle_support import Authority, p12_bytes, tree_hashes
from planpress.model import State
from planpress.trust import certs
from signing_support import install_roster, keys, make_tsa_folder, running_tsa

DOC = "H-J-YA-028"
TODAY = "2026-11-25"
PLANPRESS = str(Path(sys.executable).parent / "planpress")


def p12(person: str) -> str:
    return str(keys().p12[person])


def ok(root: Path, *args: str) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def said_no(stderr: str, status: int, *expect: str) -> None:
    assert status == 1, stderr
    assert "Traceback" not in stderr and "内部错误" not in stderr
    assert "错误" in stderr and "怎么改：" in stderr, stderr
    for fragment in expect:
        assert fragment in stderr, stderr


def refused(root: Path, *args: str, expect: tuple[str, ...]) -> str:
    before = tree_hashes(root)
    result = run_cli(*args, root=root)
    said_no(result.stderr, result.status, *expect)
    assert tree_hashes(root) == before, "a refused command changed a file"
    return result.stderr


def refused_process(root: Path, command: list[str], expect: tuple[str, ...], env: dict | None = None) -> str:
    """A real `planpress` process (for faketime): refused, nothing written."""
    before = tree_hashes(root)
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120,
                            env={**os.environ, **(env or {})})
    said_no(result.stderr, result.returncode, *expect)
    assert tree_hashes(root) == before, "a refused command changed a file"
    return result.stderr


def flagged(root: Path, *expect: str) -> str:
    """What an insider wrote by hand: `check` and `build` refuse, nothing is built."""
    stderr = refused(root, "check", expect=expect)
    refused(root, "build", "--only", "pdf", expect=expect)
    return stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def revised(root: Path, effective: str, today: str = TODAY) -> Path:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", today)
        ok(root, "revise", DOC, "--reason", "更新电话")
    path = root / "source" / f"{DOC}.yaml"
    edit(path, "effective:             #", f"effective: {effective}  #")
    return path


def approved_and_released(root: Path) -> None:
    ok(root, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    ok(root, "approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"))
    ok(root, "release", DOC, "--p12", p12("zhou-min"))


@pytest.fixture(scope="module")
def a1_template(tmp_path_factory) -> Path:
    """A/1 approved by 孙晓琳 and 刘迎恩 and released by 周敏, each with a trusted timestamp."""
    root = copy_project(REPO, tmp_path_factory.mktemp("insider-a1") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        revised(root, TODAY)
        approved_and_released(root)
        assert planpress.load(root).document(DOC).state is State.EFFECTIVE
    return root


@pytest.fixture(scope="module")
def a2_template(a1_template: Path, tmp_path_factory) -> Path:
    """… and A/2 after it, released too."""
    root = tmp_path_factory.mktemp("insider-a2") / "repo"
    shutil.copytree(a1_template, root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        revised(root, TODAY)
        approved_and_released(root)
        assert [str(d.version) for d in planpress.load(root).history(DOC)] == ["A/0", "A/1", "A/2"]
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    return copy_project(REPO, tmp_path / "repo")


@pytest.fixture
def a1(a1_template: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    shutil.copytree(a1_template, tmp_path / "repo")
    return tmp_path / "repo"


@pytest.fixture
def a2(a2_template: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    shutil.copytree(a2_template, tmp_path / "repo")
    return tmp_path / "repo"


# -- 1. a clock the signer does not control ------------------------------------------------------------

def set_back(hours: float) -> list[str]:
    """faketime with the signer's clock `hours` back (within the test certificates' validity)."""
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=hours)
    return ["faketime", moment.strftime("%Y-%m-%d %H:%M:%S UTC")]


def approve_command(root: Path, role: str, person: str) -> list[str]:
    return [PLANPRESS, "--root", str(root), "approve", DOC, "--role", role, "--p12", p12(person)]


def today() -> str:
    return dt.date.today().isoformat()


def test_a_signer_who_sets_the_clock_back_cannot_approve(repo: Path, monkeypatch):
    """With the signer's clock set back (faketime), the statement's time and the trusted
    timestamp's disagree: refused, nothing written. Without a TSA (planpress.yaml names none,
    PLANPRESS_TSA_URL removed) a machine that requires timestamps does not sign at all. The
    legitimate approval gets the TSA's time."""
    monkeypatch.setenv("PLANPRESS_TODAY", today())
    revised(repo, today(), today=today())
    refused_process(repo, [*set_back(0.2), *approve_command(repo, "主办", "sun-xiaolin")],
                    expect=("没有审批：声明里的签署时间", "与可信时间戳的时间", "相差超过 5 分钟", "签名电脑的时钟不对"))
    no_tsa = {k: v for k, v in os.environ.items() if k != "PLANPRESS_TSA_URL"}
    before = tree_hashes(repo)
    result = subprocess.run([*set_back(0.2), *approve_command(repo, "主办", "sun-xiaolin")], cwd=repo,
                            capture_output=True, text=True, timeout=120, env=no_tsa)
    said_no(result.stderr, result.returncode, "本机要求可信时间戳，但没有配置时间戳服务，没有签名")
    assert tree_hashes(repo) == before
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    approval = planpress.load(repo).document(DOC).approved_by("主办")
    assert approval.timestamp is not None and abs(approval.timestamp - approval.signed_at) < dt.timedelta(minutes=5)
    # a day back: the signatures already made look as made in the future, and nothing is signed
    refused_process(repo, [*set_back(20), *approve_command(repo, "院领导批准", "liu-yingen")],
                    expect=("签名电脑的时钟不对",))


def test_an_approval_timestamped_before_its_revision_started_is_refused(repo: Path, monkeypatch):
    """The revision record says the revision started tomorrow (PLANPRESS_TODAY of whoever ran
    revise): an approval the TSA stamps today was not made for it."""
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    revised(repo, tomorrow, today=tomorrow)
    refused(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"),
            expect=("审批后的文件不能通过检查，所以没有写入任何内容", f"早于这一版开始修订的日期 {tomorrow}"))


def test_a_revoked_certificate_cannot_sign_with_the_clock_set_back(repo: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", today())
    revised(repo, today(), today=today())
    people = repo / "source" / "people.yaml"
    listed = "      - certificates/sun-xiaolin-test.pem"
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    edit(people, listed, f"      - {{file: certificates/sun-xiaolin-test.pem, revoked: {tomorrow}}}")
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))  # before the revocation: it counts
    assert planpress.load(repo).document(DOC).approved_by("主办")
    edit(people, f"revoked: {tomorrow}", f"revoked: {today()}")  # the key was lost today
    flagged(repo, "这张证书已于", "停用（见名册的 revoked），之后")  # the approval made today no longer counts …
    refused_process(repo, [*set_back(20), *approve_command(repo, "主办", "sun-xiaolin")],  # … nor one "made yesterday"
                    expect=("签名电脑的时钟不对",))


def test_a_signature_without_a_trusted_timestamp_does_not_count_where_timestamps_are_required(
        repo: Path, tmp_path: Path, monkeypatch):
    """Signed on a machine that does not require timestamps (the signer's laptop, no TSA): fine
    there, refused on the publishing machine."""
    revised(repo, "2026-12-10")
    laptop = tmp_path / "laptop-pins"
    laptop.write_text(Path(os.environ["PLANPRESS_TRUST_PINS"]).read_text("utf-8") + "timestamps: optional\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(laptop))
    monkeypatch.delenv("PLANPRESS_TSA_URL")
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    assert planpress.load(repo).document(DOC).approved_by("主办").timestamp is None
    monkeypatch.undo()
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    flagged(repo, "“主办”的审批无效：这个签名没有可信时间戳：签名时间只来自签署人电脑的时钟")


def test_a_timestamp_must_come_from_the_hospitals_tsa_and_cover_this_signature(repo: Path, tmp_path: Path, monkeypatch):
    """An insider's own TSA (its certificate from the insider's CA), and a token moved from one
    signature to another, are refused."""
    path = revised(repo, "2026-12-10")
    insider = Authority.create("测试医院根证书")
    folder = make_tsa_folder(tmp_path / "insider-tsa", insider, name="测试医院时间戳服务")
    with running_tsa(folder) as url:
        monkeypatch.setenv("PLANPRESS_TSA_URL", url)
        refused(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"),
                expect=("没有审批：签名的时间戳不可信", "不是医院签发的证书"))
    monkeypatch.undo()
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    ok(repo, "approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"))
    from asn1crypto import cms, tsp  # noqa: F401 - tsp: asn1crypto then knows the token's content type

    from planpress.trust.cms import _der

    doc = planpress.load(repo).document(DOC)
    owner, leader = (cms.ContentInfo.load(_der(doc.approval(role).signature)) for role in ("主办", "院领导批准"))
    moved = leader["content"]["signer_infos"][0]
    moved["unsigned_attrs"] = cms.CMSAttributes([cms.CMSAttribute.load(attribute.dump())
                                                 for attribute in owner["content"]["signer_infos"][0]["unsigned_attrs"]])
    import base64
    import textwrap

    pem = "-----BEGIN PKCS7-----\n" + "\n".join(textwrap.wrap(base64.b64encode(leader.dump()).decode(), 64))
    text = path.read_text("utf-8")
    old = doc.approval("院领导批准").signature.rstrip("\n")
    new = pem + "\n-----END PKCS7-----"
    assert old.replace("\n", "\n      ") in text
    path.write_text(text.replace(old.replace("\n", "\n      "), new.replace("\n", "\n      ")), "utf-8")
    flagged(repo, "签名的可信时间戳无效（时间戳盖的不是这个签名）")


# -- 2. paper approvals only where they are true ------------------------------------------------------

PAPER = ("approvals:\n  - role: 主办\n    paper: {date: 2026-11-20, original: 医务科}\n"
         "  - role: 院领导批准\n    paper: {date: 2026-11-20, original: 医务科}")


def test_a_version_revised_in_planpress_can_never_carry_paper_approvals(repo: Path):
    """The document controller alone: A/1 with two paper approvals, its effective date before a
    cut-over moved later. Before, this put new content in force showing two approvers' paper sign-off."""
    path = revised(repo, "2026-11-28")
    edit(path, "approvals: []", PAPER)
    edit(repo / "source" / "planpress.yaml", "electronic_since: 2026-12-01", "electronic_since: 2027-06-01")
    flagged(repo, "A/1 是在 planpress 里修订的版本（上一版 A/0 已发布），不能用纸质签批")
    refused(repo, "release", DOC, "--transcription", "--p12", p12("zhou-min"), expect=("不能用纸质签批",))


def test_the_cut_over_cannot_move_past_the_first_electronic_release(a1: Path):
    ok(a1, "check")
    edit(a1 / "source" / "planpress.yaml", "electronic_since: 2026-12-01", "electronic_since: 2027-06-01")
    flagged(a1, "H-J-YA-028 A/1 是电子签批发布的（可信时间", "早于电子签批启用日期 2027-06-01：启用日期被推后过")


def test_a_cut_over_pinned_on_the_machine_cannot_be_moved_in_planpress_yaml(repo: Path, tmp_path: Path, monkeypatch):
    pins = tmp_path / "pins"
    pins.write_text(Path(os.environ["PLANPRESS_TRUST_PINS"]).read_text("utf-8") + "electronic-since: 2026-12-01\n", "utf-8")
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(pins))
    ok(repo, "check")
    edit(repo / "source" / "planpress.yaml", "electronic_since: 2026-12-01", "electronic_since: 2027-06-01")
    flagged(repo, "planpress.yaml 的电子签批启用日期 2027-06-01 与本机登记的 2026-12-01 不一致：启用日期被改动过")


def paper_fixture(tmp_path: Path) -> Path:
    from test_approvals import paper_fixture as write_paper

    root = copy_project(FIXTURES / "project", tmp_path / "project")
    write_paper(root)
    return root


def test_a_transcription_takes_two_people(tmp_path: Path, monkeypatch):
    """The document controller signs the transcription (钱七), the version stays a draft; nobody
    else can complete it: not the controller again, not a signatory who is no witness, not a
    witness who also signed the transcription; then a witness (王五) does."""
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-03-05")
    root = paper_fixture(tmp_path)
    ok(root, "release", "H-J-YA-901", "--transcription", "--p12", p12("qian-qi"))
    check = run_cli("check", root=root)
    assert check.status == 0 and "的转录还缺第二人的核对签名" in check.stderr
    assert planpress.load(root).documents[0].state is State.DRAFT
    refused(root, "release", "H-J-YA-901", "--transcription", "--p12", p12("qian-qi"), expect=("转录签名有效", "不需要重新签署"))
    refused(root, "release", "H-J-YA-901", "--transcription", "--p12", p12("li-er"),
            expect=("李二（li-er）既不是名册里的发布人（release_signers），也不是转录核对人",))
    people = root / "source" / "people.yaml"
    text = people.read_text("utf-8")
    people.write_text(text.replace("transcription_witnesses:\n  - wang-wu\n", "transcription_witnesses:\n  - wang-wu\n  - qian-qi\n"),
                      "utf-8")
    refused(root, "release", "H-J-YA-901", "--transcription", "--p12", p12("qian-qi"),
            expect=("钱七已经签署了这一版的转录，第二人须是另一位核对人",))
    people.write_text(text, "utf-8")
    # the controller pastes a copy of the own transcription signature as the witness: refused by check
    snapshot = root / "source" / "archive" / "H-J-YA-901" / "A-0.yaml"
    record = snapshot.read_text("utf-8")
    own = record[record.index("  statement: |"):record.index("document:\n")]
    copied = "  witness:\n" + "\n".join(("  " + line) if line else line for line in own.rstrip("\n").split("\n")) + "\n"
    snapshot.write_text(record.replace("document:\n", copied + "document:\n", 1), "utf-8")
    flagged(root, "转录的核对签名无效")
    snapshot.write_text(record, "utf-8")
    out = ok(root, "release", "H-J-YA-901", "--transcription", "--p12", p12("wang-wu"))
    assert "已核对签署 H-J-YA-901 A/0 的转录：王五" in out
    assert planpress.load(root).documents[0].state is State.EFFECTIVE


# -- 3. publishing requires a pinned anchor ------------------------------------------------------------

def test_without_pins_no_output_shows_an_electronic_approval_as_valid(a1: Path, tmp_path: Path, monkeypatch):
    from pdfcheck import body_text, build_pdfs
    from planpress.site import document_page

    pinned = planpress.load(a1).document(DOC)
    assert "电子签名（批准）" in document_page.approval_table(pinned) and "未核验" not in document_page.approval_table(pinned)
    monkeypatch.setenv("PLANPRESS_TRUST_PINS", str(tmp_path / "no-pins"))
    doc = planpress.load(a1).document(DOC)
    table = document_page.approval_table(doc)
    assert "电子签名" not in table and "未核验（批准）" in table and "未核验（主办）" in table
    assert "生成这份文件的电脑没有固定医院的信任根证书，表中的签名未经核验" in table
    text = body_text(next(p for p in build_pdfs(a1) if p.name == f"{DOC}_A-1.pdf"))
    assert "未核验（批准）" in text and "电子签名（批准）" not in text
    assert "表中的签名未经核验" in text
    # and nothing can be released here
    revised(a1, "2026-12-20")
    ok(a1, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    ok(a1, "approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"))
    refused(a1, "release", DOC, "--p12", p12("zhou-min"), expect=("本机没有固定医院的信任根证书，不能发布",))


def test_make_pins_the_demonstration_ca_outside_the_repository(tmp_path: Path, monkeypatch):
    """`make` on a fresh machine: the demonstration CA is pinned for the demo, in the user's
    configuration; that file can pin nothing else, so an insider's CA is still refused."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    repo = copy_project(REPO, tmp_path / "repo", pki=False)
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PLANPRESS_TRUST_PINS")
    monkeypatch.setattr("planpress.machine.DEFAULT_PINS", tmp_path / "etc-planpress-trust-pins")  # none on this machine
    result = subprocess.run(["make", "-n", "all"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "planpress trust demo-pin --if-no-pins" in result.stdout
    result = run_cli("trust", "demo-pin", "--if-no-pins", root=repo)
    assert result.status == 0 and str(home / ".config" / "planpress" / "demo-trust-pins") in result.stderr
    assert "只为演示" in result.stderr and "仓库以外" in result.stderr
    assert not any("demo-trust-pins" in str(p) for p in repo.rglob("*"))
    check = run_cli("check", root=repo)
    assert check.status == 0 and "本机用的是演示用的固定信任文件" in check.stderr
    (home / ".config" / "planpress" / "demo-trust-pins").write_text(
        f"{certs.sha256(keys().ca.certificate)}\n", "utf-8")  # someone writes another CA into it: ignored
    assert run_cli("check", root=repo).status == 0
    install_roster(repo, ("zhou-min",))  # a CA of someone else's as a second anchor
    insider = run_cli("check", root=repo)
    assert insider.status == 1 and "test-ca.pem（SHA-256" in insider.stderr and "不是本机登记的医院根证书" in insider.stderr


# -- 4. separation of duties ---------------------------------------------------------------------------

def signed_by_hand(repo: Path, role: str, meaning, person: str, name: str):
    """A valid, timestamped approval statement and signature made with `person`'s own key."""
    from planpress.lifecycle.workspace import open_document, timestamper_for
    from planpress.model.fingerprint import FORMAT
    from planpress.trust.signing import sign_statement
    from planpress.trust.statement import Kind, Statement, signed_now

    ws = open_document(repo, DOC, "test", lifecycle=False)
    statement = Statement(Kind.APPROVAL, DOC, str(ws.doc.version), role, meaning, person, name, signed_now(),
                          ws.doc.fingerprint, FORMAT)
    return statement.to_bytes().decode(), sign_statement(statement, keys().identity(person), ws.project.roster,
                                                         timestamper=timestamper_for(ws))


def test_one_person_cannot_sign_two_rows_of_a_version(repo: Path):
    from planpress.trust.statement import Meaning
    from test_approvals_hostile import write_approval

    path = revised(repo, "2026-12-10")
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("sun-xiaolin"))
    edit(path, "    person: liu-yingen\n", "    person: sun-xiaolin\n")  # 孙晓琳 entered for the other row too
    refused(repo, "approve", DOC, "--role", "院领导批准", "--p12", p12("sun-xiaolin"),
            expect=("孙晓琳（sun-xiaolin）在 H-J-YA-028 A/1 里既是“主办”又是“院领导批准”的签署人", "每一栏须由不同的人签署"))
    # both rows signed by hand with her real key (valid, timestamped signatures) and pasted in: refused
    text = path.read_text("utf-8")
    path.write_text(text[:text.index("approvals:\n")] + "approvals: []\n" + text[text.index("\n# 应急处置卡张贴位置"):], "utf-8")
    for role, meaning in (("院领导批准", Meaning.APPROVE), ("主办", Meaning.OWNER)):
        write_approval(path, role, *signed_by_hand(repo, role, meaning, "sun-xiaolin", "孙晓琳"))
    flagged(repo, "孙晓琳（sun-xiaolin）在这一版里既是“主办”又是“院领导批准”的签署人")
    # a stated exception: allowed, and printed under the approvals table
    edit(repo / "source" / "planpress.yaml", "  electronic_since: 2026-12-01",
         "  electronic_since: 2026-12-01\n  same_person:\n    - roles: [主办, 院领导批准]\n      reason: 本院只有一位负责人（测试）")
    assert run_cli("check", root=repo).status == 0
    from planpress.model import plaintext

    doc = planpress.load(repo).document(DOC)
    assert doc.state is State.APPROVED
    assert "职责分离的例外：同一人（孙晓琳）担任“主办”和“院领导批准”：本院只有一位负责人（测试）" in plaintext.approval_notes(doc)


def test_the_release_signer_is_not_one_of_the_versions_signatories(repo: Path):
    path = revised(repo, "2026-12-10")
    edit(path, "    person: sun-xiaolin\n", "    person: zhou-min\n")
    ok(repo, "approve", DOC, "--role", "主办", "--p12", p12("zhou-min"))
    ok(repo, "approve", DOC, "--role", "院领导批准", "--p12", p12("liu-yingen"))
    refused(repo, "release", DOC, "--p12", p12("zhou-min"),
            expect=("周敏（zhou-min）是 H-J-YA-028 A/1“主办”的签署人，不能再签署它的发布", "职责分离"))
    edit(repo / "source" / "planpress.yaml", "  electronic_since: 2026-12-01",
         "  electronic_since: 2026-12-01\n  same_person:\n    - roles: [主办, 发布]\n      reason: 质量管理科兼任主办（测试）")
    ok(repo, "release", DOC, "--p12", p12("zhou-min"))
    from planpress.model import plaintext

    archived = planpress.load(repo).history(DOC)[-1]
    assert archived.state is State.APPROVED  # effective 2026-12-10
    assert "职责分离的例外：发布人（周敏）也是“主办”的签署人：质量管理科兼任主办（测试）" in plaintext.approval_notes(archived)


# -- 5. history that cannot be removed quietly -----------------------------------------------------------

def test_removing_the_newest_archive_is_an_error_naming_the_version(a1: Path):
    ok(a1, "check")
    (a1 / "source" / "archive" / DOC / "A-1.yaml").unlink()
    flagged(a1, "H-J-YA-028 A/1 已经发布（存档摘要", "但找不到它的存档：存档被删除了，上一版会被误当作现行版本")


def test_removing_an_old_archive_is_an_error_naming_the_version(a2: Path):
    ok(a2, "check")
    (a2 / "source" / "archive" / DOC / "A-1.yaml").unlink()
    flagged(a2, "H-J-YA-028 A/2 发布时的上一版是 A/1", "修订记录里有 A/1，但 source/archive/H-J-YA-028/ 里没有它的存档")


def test_removing_the_first_archive_is_an_error(a2: Path):
    (a2 / "source" / "archive" / DOC / "A-0.yaml").unlink()
    flagged(a2, "H-J-YA-028 A/1 发布时的上一版是 A/0", "现在找不到它的存档：存档被删除了")


def test_an_extra_archive_is_an_error(a1: Path, a2_template: Path):
    """A/2's archive (a real one, from a repository where A/2 was released) put beside A/1's."""
    shutil.copy(a2_template / "source" / "archive" / DOC / "A-2.yaml", a1 / "source" / "archive" / DOC / "A-2.yaml")
    flagged(a1, "存档里有 A/2，修订记录里却没有这一版")


def test_a_replaced_archive_is_an_error(a2: Path, a1_template: Path):
    """A/1's archive swapped for another valid A/1 (released elsewhere, with other approvals)."""
    other = a2.parent / "other"
    shutil.copytree(a1_template, other)
    with pytest.MonkeyPatch.context() as env:  # the same A/1 released again: other signatures, another digest
        env.setenv("PLANPRESS_TODAY", TODAY)
        (other / "source" / "archive" / DOC / "A-1.yaml").unlink()
        path = other / "source" / f"{DOC}.yaml"
        text = path.read_text("utf-8")
        path.write_text(text[:text.index("released_as:")], "utf-8")
        approved_and_released(other)
    shutil.copy(other / "source" / "archive" / DOC / "A-1.yaml", a2 / "source" / "archive" / DOC / "A-1.yaml")
    flagged(a2, "H-J-YA-028 A/2 发布时的上一版是 A/1", "中间的存档被删除、替换或顺序被改动过")


def test_a_reordered_revision_record_is_an_error(a2: Path):
    path = revised(a2, "2027-01-10")  # A/3, a draft: its record is editable, its order is not
    text = path.read_text("utf-8")
    rows = re.findall(r"  - date: [^\n]+\n    version: A/[12]\n(?:    [^\n]+\n)+", text)
    assert len(rows) == 2
    path.write_text(text.replace(rows[0] + rows[1], rows[1] + rows[0]), "utf-8")
    flagged(a2, "修订记录的版本跳号：A/2 之后是 A/1")


# -- 7. smaller defects ---------------------------------------------------------------------------------

def private_keys():
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric import ec, rsa

    ec_key, rsa_key = ec.generate_private_key(ec.SECP256R1()), rsa.generate_private_key(65537, 2048)
    yield "pkcs8.der", ec_key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
    yield "ec.der", ec_key.private_bytes(s.Encoding.DER, s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption())
    yield "rsa.bin", rsa_key.private_bytes(s.Encoding.DER, s.PrivateFormat.TraditionalOpenSSL, s.NoEncryption())
    yield "encrypted.der", ec_key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.BestAvailableEncryption(b"pw"))
    der = ec_key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
    import base64

    yield "notes.yaml", b"# \xe5\xa4\x87\xe6\xb3\xa8\nkey: " + base64.b64encode(der) + b"\n"
    yield "wrapped.txt", b"see:\n  " + b"\n  ".join(base64.encodebytes(rsa_key.private_bytes(
        s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())).split(b"\n")) + b"\n"
    yield "padded.pem", b"x" * (5 * 1024 * 1024) + ec_key.private_bytes(s.Encoding.PEM, s.PrivateFormat.PKCS8, s.NoEncryption())
    yield "bundle.pem", b"-" * 1000 + keys().p12["liu-yingen"].read_bytes() + b"\n"


@pytest.mark.parametrize("name, data", list(private_keys()), ids=lambda value: value if isinstance(value, str) else "")
def test_the_key_scan_finds_a_private_key_in_any_form_anywhere_in_a_file(repo: Path, name: str, data: bytes):
    ok(repo, "check")
    (repo / "source" / "certificates" / name).write_bytes(data)
    refused(repo, "check", expect=("这个文件里有私钥（或是 .p12 证书文件）！私钥绝不能放进仓库", name))


def test_verify_and_approve_refuse_special_files_at_once(repo: Path, tmp_path: Path):
    revised(repo, "2026-12-10")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args, expect in ((["verify", "/dev/zero"], "这不是普通文件，而是字符设备"),
                         (["verify", str(fifo)], "这不是普通文件，而是命名管道（FIFO）"),
                         (["approve", DOC, "--role", "主办", "--p12", str(fifo)], "这不是普通文件，而是命名管道（FIFO）")):
        result = subprocess.run([PLANPRESS, "--root", str(repo), *args], capture_output=True, text=True, timeout=60)
        said_no(result.stderr, result.returncode, expect)


def test_export_signatures_never_writes_into_the_sources(a1: Path):
    for out in ("source/签名", "source/archive/H-J-YA-028", "source"):
        refused(a1, "export-signatures", DOC, "--out", str(a1 / out), expect=("在 source/ 里面",))
    ok(a1, "export-signatures", DOC, "--out", str(a1 / "签名-A1"))


def test_import_refuses_a_zip_bomb_and_an_oversized_text(project: Path, tmp_path: Path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(260):
                member.write(block)
    assert bomb.stat().st_size < 2 * 1024 * 1024
    refused(project, "import", str(bomb), expect=("解压后有 260 MB，超过 200 MB 的上限",))
    big = tmp_path / "big.txt"
    big.write_bytes(("1 目的\n" + "为了保护病案。\n" * 700_000).encode("utf-8"))
    refused(project, "import", str(big), expect=("文本文件太大",))


def test_import_keeps_file_modes(project: Path):
    contacts = project / "source" / "contacts.yaml"
    os.chmod(contacts, 0o640)
    old = os.umask(0o022)
    try:
        ok(project, "import", str(FIXTURES / "seed" / "H-J-YA-028.txt"))
    finally:
        os.umask(old)
    assert oct(os.stat(project / "source" / "H-J-YA-028.yaml").st_mode & 0o777) == "0o644"
    assert oct(os.stat(contacts).st_mode & 0o777) == "0o640"


def test_a_variation_selector_in_a_name_is_shown(repo: Path, tmp_path: Path):
    key, certificate = keys().ca.issue("孙晓琳\ufe00")
    from cryptography.hazmat.primitives.serialization import Encoding

    (repo / "source" / "certificates" / "sun-vs.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    edit(repo / "source" / "people.yaml", "      - certificates/sun-xiaolin-test.pem",
         "      - certificates/sun-xiaolin-test.pem\n      - certificates/sun-vs.pem")
    refused(repo, "check", expect=("certificates/sun-vs.pem 是“孙晓琳\\ufe00”的证书，不是“孙晓琳”的",))
    edit(repo / "source" / "people.yaml", "      - certificates/sun-vs.pem", "")
    edit(repo / "source" / "people.yaml", "name: 孙晓琳", "name: 孙晓琳\U000e0100")
    refused(repo, "check", expect=("name“孙晓琳\\ue0100”含有首尾空白或不可见字符",))


def test_no_english_warning_reaches_a_users_terminal(a1: Path):
    from pdfcheck import build_pdfs

    pdf = next(p for p in build_pdfs(a1) if p.name == f"{DOC}_A-1.pdf")
    for args in (["sign", DOC, "--p12", p12("liu-yingen")], ["verify", str(a1 / "build" / DOC / f"{DOC}_A-1_signed.pdf")],
                 ["verify", str(pdf)]):
        result = subprocess.run([PLANPRESS, "--root", str(a1), *args], capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONWARNINGS": "default"})
        assert "Traceback" not in result.stderr
        assert not re.search(r"Warning|deprecated|DeprecationWarning", result.stderr), result.stderr


def test_the_manuals_a0_correction_procedure_works_as_written(tmp_path: Path, monkeypatch):
    """docs/manual/04-approvals.md, “更正 A/0 的原件存放处”, after “换成医院自己的根证书”: the
    blocks marked a0-correction run as they are, in the project, with the p12 files the manual names."""
    from test_approvals import hospitals_own_ca

    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    hospitals_own_ca(root)
    ok(root, "release", DOC, "--transcription", "--version", "A/0", "--p12", p12("zhou-min"))
    ok(root, "release", DOC, "--transcription", "--version", "A/0", "--p12", p12("wang-wu"))
    before = planpress.load(root).document(DOC).fingerprint
    (root / ".venv").symlink_to(REPO / ".venv")
    for person in ("zhou-min", "wang-wu"):
        shutil.copy(keys().p12[person], root / f"{person}.p12")
    manual = (REPO / "docs" / "manual" / "04-approvals.md").read_text("utf-8")
    blocks = re.findall(r"<!-- a0-correction -->\n```sh\n(.*?)```", manual, flags=re.S)
    assert blocks and "planpress release H-J-YA-028 --transcription" in blocks[0]
    for block in blocks:
        result = subprocess.run(["bash", "-euc", block], cwd=root, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    project = planpress.load(root)
    doc = project.document(DOC)
    assert doc.fingerprint == before and doc.state is State.EFFECTIVE
    a0 = project.history(DOC)[0]
    assert [a.original for a in a0.approvals] == ["质量管理科档案室 受控文件签批原件 2020 年第 3 盒"] * 2
    assert a0.release.verified and a0.release.signer == "周敏" and a0.release.witness == "王五"
