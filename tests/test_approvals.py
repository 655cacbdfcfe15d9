"""Approvals as signatures by the person, end to end: A/0 carried over from paper, the transcription
of a paper-approved version, signing it again under the hospital's own CA, what the PDF, the site
and the plain text show for each row, and verifying the signed statements with openssl alone."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from lifecycle_support import tree_hashes
from pdfcheck import build_pdfs, read
from planpress.lifecycle import archive
from planpress.model import State, assemble, plaintext
from planpress.site import document_page
from planpress.sources import legacy
from planpress.sources.yamlsource import read_source
from signing_support import keys
from sitetools import approve_and_release

DOC = "H-J-YA-028"
TODAY = "2026-11-25"
LEGACY = FIXTURES / "legacy"
OPENSSL = shutil.which("openssl")


def ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


# -- H-J-YA-028 A/0: approved on paper in 2020, carried over -------------------------------------------

def test_a0s_archive_holds_the_content_approved_in_2020():
    """The archive was migrated from planpress's first format (kept in tests/fixtures/legacy): the
    document is the same document, only its signatories name roster persons and its approvals are
    the paper approvals; the directory and the settings are the old archive's, unchanged."""
    old = read_source(LEGACY / "H-J-YA-028-A-0-v1.yaml")
    new = read_source(REPO / "source" / "archive" / DOC / "A-0.yaml")
    upgraded = legacy.upgrade(archive.part(old, "document")).data
    migrated = new.data["document"]
    assert {k: v for k, v in migrated.items() if k not in ("signatories", "approvals")} == \
        {k: v for k, v in upgraded.items() if k not in ("signatories", "approvals")}
    assert new.data["directory"] == old.data["directory"] and new.data["settings"] == old.data["settings"]
    assert new.data["release"]["released"] == old.data["release"]["released"] == "2020-08-10"
    assert new.data["people"] == {"sun-xiaolin": {"name": "孙晓琳", "department": "医务科", "title": "部门负责人"},
                                  "liu-yingen": {"name": "刘迎恩", "department": "院办", "title": "分管副院长"}}
    # every row reads as it did: role, department, title, name
    project = planpress.load(REPO)
    a0 = project.history(DOC)[0]
    frame = assemble.frame_from(None)
    directory = assemble.directory_from(archive.part(old, "directory"))
    before = assemble.document_from(legacy.upgrade(archive.part(old, "document")), directory, frame)
    assert [(s.role, s.department, s.title, s.name) for s in a0.signatories] == \
        [(s.role, s.department, s.title, s.name) for s in before.signatories]
    assert [c.heading for c in a0.walk()] == [c.heading for c in before.walk()]
    assert [c.text for c in a0.walk()] == [c.text for c in before.walk()]
    # the old approvals were FORMAT 1 fingerprints anyone could recompute; now paper, transcribed
    assert [a["fingerprint"] for a in old.data["document"]["approvals"]] == [old.data["release"]["fingerprint"]] * 2
    assert [(a.kind, str(a.date), a.original, a.counts) for a in a0.approvals] == \
        [("paper", "2020-08-10", "质量管理科文件柜（受控文件签批原件）", True)] * 2
    assert a0.release.verified and a0.release.meaning == "转录" and a0.state is State.EFFECTIVE
    assert a0.fingerprint == new.data["release"]["fingerprint"] != old.data["release"]["fingerprint"]


def test_a0s_pdf_is_the_2020_document_page_by_page(tmp_path: Path, monkeypatch):
    """Built now, A/0's PDF has the pages of the PDF built before the carry-over (recorded in
    tests/fixtures/legacy): the same text on each page; only the footer's fingerprint (the widened
    FORMAT 2) and “纸质签批” under each date of 10 审核批准 differ. It is still 受控."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo", pki=False)
    (pdf,) = build_pdfs(root)
    old = json.loads((LEGACY / "H-J-YA-028-A-0-pages.json").read_text("utf-8"))
    new = read(pdf)
    doc = planpress.load(root).document(DOC)
    assert len(new) == len(old) == 5
    for number, (before, after) in enumerate(zip(old, new), start=1):
        assert after.header == before["header"]
        assert after.footer == before["footer"].replace("ec98354d95da", doc.short_fingerprint)
        if number != 4:
            assert after.body == before["body"], number
    assert new[3].body == before_with_paper(old[3]["body"])
    from pdfcheck import marks_per_page

    assert marks_per_page(pdf)[0] == {"受控"}


def before_with_paper(body: str) -> str:
    return body.replace("孙晓琳2020年8月10日", "孙晓琳2020年8月10日纸质签批").replace("刘迎恩2020年8月10日", "刘迎恩2020年8月10日纸质签批")


def test_the_rows_of_a0_in_the_site_and_the_plain_text():
    doc = planpress.load(REPO).document(DOC)
    table = document_page.approval_table(doc)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table)
    assert cells[:4] == ["主办", "医务科", "部门负责人", "孙晓琳"] and "纸质签批" in cells[4]
    text = plaintext.document_text(doc)
    assert "主办 医务科 部门负责人：孙晓琳 2020年8月10日 纸质签批" in text
    assert "院领导批准 分管副院长：刘迎恩 2020年8月10日 纸质签批" in text


# -- a paper-approved version released as a transcription -------------------------------------------------

def paper_fixture(root: Path, cutover: str = "2025-01-01") -> Path:
    """The fixture project whose A/0 (effective 2024-03-01) was approved on paper, before the cut-over."""
    path = root / "source" / "H-J-YA-901.yaml"
    text = path.read_text("utf-8")
    start, end = text.index("approvals:"), text.index("postings:\n")
    path.write_text(text[:start] + "approvals:\n"
                    "  - role: 主办\n    paper: {date: 2024-02-20, original: 质量管理科档案室 2024 年第 1 盒}\n"
                    "  - role: 院领导批准\n    paper: {date: 2024-02-25, original: 质量管理科档案室 2024 年第 1 盒}\n"
                    + text[end:], "utf-8")
    config = root / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8") + f"signatures:\n  electronic_since: {cutover}\n", "utf-8")
    return path


def test_a_paper_approved_version_is_a_draft_until_its_transcription(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-03-05")
    root = copy_project(FIXTURES / "project", tmp_path / "project")
    paper_fixture(root)
    check = run_cli("check", root=root)
    assert check.status == 0 and "是纸质签批（2024-02-20，原件：质量管理科档案室 2024 年第 1 盒），要由文件控制员核对原件" in check.stderr
    assert planpress.load(root).documents[0].state is State.DRAFT
    assert "纸质签批待转录" in ok("status", root=root)
    # an ordinary release is refused; so is a transcription by someone who is not a release signer
    before = tree_hashes(root)
    plain = run_cli("release", "H-J-YA-901", "--p12", str(keys().p12["qian-qi"]), root=root)
    assert plain.status == 1 and "要由文件控制员核对纸质原件后转录发布" in plain.stderr
    other = run_cli("release", "H-J-YA-901", "--transcription", "--p12", str(keys().p12["wang-yi"]), root=root)
    assert other.status == 1 and "王一（wang-yi）不是名册里的发布人" in other.stderr
    assert tree_hashes(root) == before

    out = ok("release", "H-J-YA-901", "--transcription", "--p12", str(keys().p12["qian-qi"]), root=root)
    assert "已签署 H-J-YA-901 A/0 的转录：生效日期 2024-03-01（钱七 签署" in out and "还须第二人核对" in out
    assert planpress.load(root).documents[0].state is State.DRAFT  # issue 17: a transcription takes two people
    out = ok("release", "H-J-YA-901", "--transcription", "--p12", str(keys().p12["wang-wu"]), root=root)
    assert "已核对签署 H-J-YA-901 A/0 的转录：王五" in out and "状态：已生效" in out
    doc = planpress.load(root).documents[0]
    assert doc.state is State.EFFECTIVE and doc.release.meaning == "转录" and str(doc.release.released) == "2024-03-01"
    assert all(a.counts for a in doc.approvals)
    assert "# H-J-YA-901 A/0：电子签批启用前在纸上签批的版本" in doc.release.path.read_text("utf-8")


def test_a_transcription_after_the_cut_over_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-03-05")
    root = copy_project(FIXTURES / "project", tmp_path / "project")
    paper_fixture(root, cutover="2024-01-01")
    before = tree_hashes(root)
    result = run_cli("release", "H-J-YA-901", "--transcription", "--p12", str(keys().p12["qian-qi"]), root=root)
    assert result.status == 1 and "纸质签批只适用于 2024-01-01 之前发布的版本" in result.stderr
    assert tree_hashes(root) == before


# -- the hospital replaces the demonstration CA and signs A/0's transcription again ---------------------------

def hospitals_own_ca(root: Path) -> None:
    """The manual (docs/manual/04-approvals.md), “换成医院自己的根证书”: the test CA instead of the demonstration CA, 周敏 (with her
    own certificate) instead of the demonstration document controller."""
    people = root / "source" / "people.yaml"
    text = people.read_text("utf-8")
    text = text.replace("  - certificates/planpress-demo-ca.pem\n", "").replace("  - document-controller\n", "")
    text = text.replace("  - document-witness\n", "")  # 王五 is the hospital's transcription witness
    start = text.index("  document-controller:")
    end = text.index("  zhou-min:")
    people.write_text(text[:start] + text[end:], "utf-8")
    for name in ("planpress-demo-ca.pem", "document-controller-demo.pem", "document-witness-demo.pem"):
        (root / "source" / "certificates" / name).unlink()


def test_signing_the_transcription_again_under_the_hospitals_own_ca(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    snapshot = root / "source" / "archive" / DOC / "A-0.yaml"
    before = read_source(snapshot).data
    hospitals_own_ca(root)
    broken = run_cli("check", root=root)
    assert broken.status == 1 and "A/0 的发布签名无效" in broken.stderr
    out = ok("release", DOC, "--transcription", "--p12", str(keys().p12["zhou-min"]), root=root)
    assert "已重新签署 H-J-YA-028 A/0 的转录发布：周敏" in out and "内容没有改动" in out
    assert "还须第二人核对" in out  # issue 17: the witness signs too
    out = ok("release", DOC, "--transcription", "--p12", str(keys().p12["wang-wu"]), root=root)
    assert "已核对签署 H-J-YA-028 A/0 的转录：王五" in out
    after = read_source(snapshot).data
    assert archive.archive_digest(after) == archive.archive_digest(before)
    assert {k: v for k, v in after["release"].items() if k not in ("statement", "signature", "witness")} == \
        {k: v for k, v in before["release"].items() if k not in ("statement", "signature", "witness")}
    check = run_cli("check", root=root)
    assert check.status == 0 and "演示证书" not in check.stderr
    doc = planpress.load(root).document(DOC)
    assert doc.state is State.EFFECTIVE and doc.release.signer == "周敏"
    # once valid under the hospital's CA, it is not signed again
    again = run_cli("release", DOC, "--transcription", "--p12", str(keys().p12["zhou-min"]), root=root)
    assert again.status == 1 and "转录签名有效" in again.stderr


def test_an_altered_archive_is_not_signed_again(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    hospitals_own_ca(root)
    snapshot = root / "source" / "archive" / DOC / "A-0.yaml"
    snapshot.write_text(snapshot.read_text("utf-8").replace("original: 质量管理科文件柜", "original: 别处", 1), "utf-8")
    before = tree_hashes(root)
    result = run_cli("release", DOC, "--transcription", "--p12", str(keys().p12["zhou-min"]), root=root)
    assert result.status == 1 and "不只是证书的问题" in result.stderr and "签署后内容已修改" in result.stderr
    assert tree_hashes(root) == before


# -- an electronic version: the PDF rows, export, openssl ------------------------------------------------

@pytest.fixture(scope="module")
def released_a1(tmp_path_factory) -> Path:
    root = copy_project(REPO, tmp_path_factory.mktemp("a1") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        ok("revise", DOC, "--reason", "年度评审", root=root)
        path = root / "source" / f"{DOC}.yaml"
        path.write_text(path.read_text("utf-8").replace("effective:             #", f"effective: {TODAY}  #"), "utf-8")
        approve_and_release(root, today=TODAY)
    return root


def test_each_row_shows_the_electronic_signature_name_date_time_and_meaning(released_a1: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    doc = planpress.load(released_a1).document(DOC)
    liu = doc.approval("院领导批准")
    when = f"{liu.date.year}年{liu.date.month}月{liu.date.day}日"
    time = plaintext.signed_time(liu)
    assert re.fullmatch(r"\d\d:\d\d [+-]\d\d:\d\d", time)
    assert f"院领导批准 分管副院长：刘迎恩 {when} {time} 电子签名（批准）" in plaintext.document_text(doc)
    assert f"主办 医务科 部门负责人：孙晓琳 {when}" in plaintext.document_text(doc)
    assert "电子签名（主办）" in document_page.approval_table(doc)
    status = ok("status", DOC, root=released_a1)
    assert f"刘迎恩：电子签名 {liu.signed_at.isoformat()} 批准，签名有效，与当前内容一致" in status
    assert "发布签名  周敏" in status and "发布，签名有效" in status
    from planpress.pdf import view

    rows = view.approval_rows(doc)
    assert [(r.name, r.date, r.time, r.how) for r in rows] == [
        ("孙晓琳", doc.approval("主办").date, plaintext.signed_time(doc.approval("主办")), "电子签名（主办）"),
        ("刘迎恩", liu.date, time, "电子签名（批准）")]


def test_the_approval_table_stays_on_one_page_with_its_heading(released_a1: Path, tmp_path: Path, monkeypatch):
    """Issue 19 item 6: the table never splits (it did: 主办 on page 4, 院领导批准 alone on page 5);
    with eight rows it moves whole to the next page, its heading with it."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)

    def table_page(pdf: Path, roles: list[str]) -> int:
        found = [i for i, page in enumerate(read(pdf)) if "10审核批准" in page.body]
        assert len(found) == 1
        body = read(pdf)[found[0]].body
        assert all(role in body for role in roles), body
        return found[0]

    pdf = next(p for p in build_pdfs(released_a1, DOC) if p.name.endswith("_A-1.pdf"))
    table_page(pdf, ["主办", "孙晓琳", "院领导批准", "刘迎恩", "电子签名（批准）"])
    root = shutil.copytree(released_a1, tmp_path / "many")
    ok("revise", DOC, "--reason", "更多审核人", root=root)
    path = root / "source" / f"{DOC}.yaml"
    rows = "".join(f"  - role: 审核{i}\n    name: 审核人{i}\n    department: 科室{i}\n    title: 主任\n" for i in range(1, 7))
    path.write_text(path.read_text("utf-8").replace("signatories:\n", "signatories:\n" + rows, 1), "utf-8")
    pdf = next(p for p in build_pdfs(root, DOC) if p.name.endswith("_A-2.pdf"))
    at = table_page(pdf, [f"审核人{i}" for i in range(1, 7)] + ["孙晓琳", "刘迎恩"])
    assert "9文件修订记录" in read(pdf)[at - 1].body  # moved whole to the next page, not split


@pytest.mark.skipif(not OPENSSL, reason="needs the openssl command")
def test_exported_statements_verify_with_openssl_alone(released_a1: Path, tmp_path: Path):
    """The auditor's check: `openssl cms -verify` of each exported statement against the hospital
    CA prints exactly the signed statement; the release digest is the SHA-256 of the exported archive."""
    out = tmp_path / "export"
    printed = ok("export-signatures", DOC, "--version", "A/1", "--out", str(out), root=released_a1)
    assert "已导出 H-J-YA-028 A/1 的签名" in printed
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["README.txt", "trust-anchor-1.pem", "trust-anchor-2.pem", "主办.stmt", "主办.p7s.pem",
                            "院领导批准.stmt", "院领导批准.p7s.pem", "发布.stmt", "发布.p7s.pem",
                            "archive-canonical.json"])
    ca = released_a1 / "source" / "certificates" / "test-ca.pem"
    for role in ("主办", "院领导批准", "发布"):
        result = subprocess.run([OPENSSL, "cms", "-verify", "-binary", "-content", f"{role}.stmt", "-inform", "PEM",
                                 "-in", f"{role}.p7s.pem", "-CAfile", str(ca), "-purpose", "any", "-out", "-"],
                                cwd=out, capture_output=True, timeout=60)
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout == (out / f"{role}.stmt").read_bytes()
        assert b"Verification successful" in result.stderr
    digest = hashlib.sha256((out / "archive-canonical.json").read_bytes()).hexdigest()
    assert f"digest: sha256:{digest}\n" in (out / "发布.stmt").read_text("utf-8")
    doc = planpress.load(released_a1).document(DOC)
    assert f"digest: sha256:{doc.fingerprint}\n" in (out / "主办.stmt").read_text("utf-8")
    # an edited statement does not verify
    (out / "主办.stmt").write_bytes((out / "主办.stmt").read_bytes().replace("孙晓琳".encode(), "王五".encode()))
    edited = subprocess.run([OPENSSL, "cms", "-verify", "-binary", "-content", "主办.stmt", "-inform", "PEM",
                             "-in", "主办.p7s.pem", "-CAfile", str(ca), "-purpose", "any", "-out", "-"],
                            cwd=out, capture_output=True, timeout=60)
    assert edited.returncode != 0 and b"Verification failure" in edited.stderr


def test_a_paper_versions_export_is_its_transcription(tmp_path: Path):
    root = copy_project(REPO, tmp_path / "repo")
    out = tmp_path / "export"
    result = run_cli("export-signatures", DOC, "--version", "A/0", "--out", str(out), root=root)
    assert result.status == 0  # the transcription's release signature is exported
    assert sorted(p.name for p in out.iterdir()) == sorted(  # issue 17: and the witness's signature of it
        ["README.txt", "trust-anchor-1.pem", "trust-anchor-2.pem", "发布.stmt", "发布.p7s.pem", "archive-canonical.json",
         "核对.stmt", "核对.p7s.pem"])


def test_an_archive_in_the_first_format_is_read_and_flagged(tmp_path: Path):
    """A v1 archive (as A/0's was before the carry-over) is still read through sources/legacy.py, and
    `check` says plainly why it does not count: its signatories are not roster persons and its
    approvals were typed, not signed."""
    root = copy_project(REPO, tmp_path / "repo")
    shutil.copy(LEGACY / "H-J-YA-028-A-0-v1.yaml", root / "source" / "archive" / DOC / "A-0.yaml")
    before = tree_hashes(root)
    result = run_cli("check", root=root)
    assert result.status == 1 and "Traceback" not in result.stderr
    assert "发布的版本里“主办”的签署人 孙晓琳 不在这一版冻结的名册里（people）" in result.stderr
    assert tree_hashes(root) == before


def test_the_transcription_is_signed_again_whatever_state_the_working_copy_is_in(tmp_path: Path, monkeypatch):
    """Issue 19: an open revision with errors does not block re-signing A/0's transcription."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    ok("revise", DOC, "--reason", "年度评审", root=root)
    path = root / "source" / f"{DOC}.yaml"
    path.write_text(path.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    hospitals_own_ca(root)
    out = ok("release", DOC, "--transcription", "--version", "A/0", "--p12", str(keys().p12["zhou-min"]), root=root)
    assert "已重新签署 H-J-YA-028 A/0 的转录发布：周敏" in out
    out = ok("release", DOC, "--transcription", "--version", "A/0", "--p12", str(keys().p12["wang-wu"]), root=root)
    assert "已核对签署 H-J-YA-028 A/0 的转录：王五" in out
    assert "titel:" in path.read_text("utf-8")  # the working copy is left as it was
    result = run_cli("check", root=root)
    assert "titel" in result.stderr and "A/0 的发布签名无效" not in result.stderr
