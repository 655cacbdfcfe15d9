"""The PDFs of a document's versions through a revision, on a copy of the real plan.

revise → edit a step and a phone number → diff → approve ×2 → release, then `planpress build
--only pdf`: what each version's PDF prints (受控, 作废, 草稿 or nothing, page by page), which phone
number each shows, and that a released version's PDF keeps its bytes whatever happens later.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from conftest import REPO, copy_project, run_cli
from signing_support import keys, resign_archive
from pdfcheck import body_text, build_pdfs, edit, embedded_fonts, marks_per_page, read

DOC = "H-J-YA-028"
TODAY = "2026-11-25"
OLD_STEP = "要组织工作人员转移漏水现场重要资料、贵重物品，"
NEW_STEP = "要立即组织工作人员转移漏水现场重要资料、贵重物品和电子设备，"
OLD_PHONE, NEW_PHONE = "3216565", "3216566"  # 保卫科, 滨河院区


def ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def build(root: Path) -> dict[str, Path]:
    """`planpress build --only pdf`: the PDFs written, by version ("A/0" → path)."""
    found = {}
    for path in build_pdfs(root):
        number, _, version = path.stem.partition("_")
        assert number == DOC and path.parent == root / "build" / DOC
        found[version.replace("-", "/")] = path
    return found


def revise_and_edit(root: Path, effective: str | None) -> None:
    """Medical affairs starts A/1, changes a step and 保卫科's number, and plans the effective date."""
    ok("revise", DOC, "--reason", "更新保卫科电话，修改漏水处置步骤", root=root)
    source = root / "source"
    edit(source / f"{DOC}.yaml", OLD_STEP.rstrip("，"), NEW_STEP.rstrip("，"))
    if effective:
        edit(source / f"{DOC}.yaml", "effective:             # 生效日期", f"effective: {effective}  # 生效日期")
    edit(source / "contacts.yaml", f'binhe: "{OLD_PHONE}"', f'binhe: "{NEW_PHONE}"')


def approve_both(root: Path) -> None:
    ok("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=root)
    ok("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["liu-yingen"]), root=root)


def controlled_on_page_one(pdf: Path) -> bool:
    marks = marks_per_page(pdf)
    return len(marks) >= 4 and marks == [{"受控"}] + [set()] * (len(marks) - 1)


def on_every_page(pdf: Path, mark: str) -> bool:
    marks = marks_per_page(pdf)
    return len(marks) >= 4 and marks == [{mark}] * len(marks)


def unmarked(pdf: Path) -> bool:
    marks = marks_per_page(pdf)
    return len(marks) >= 4 and marks == [set()] * len(marks)


def on_one_line(pdf: Path, text: str, page: int = 0) -> bool:
    """Every character of the first occurrence of `text` on `page` stands on the same line."""
    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page].get_textpage()
        first, count = textpage.search(text, match_case=True).get_next()
        bottoms = [textpage.get_charbox(i)[1] for i in range(first, first + count)]
    finally:
        document.close()
    return max(bottoms) - min(bottoms) < 2


def footer_version(pdf: Path) -> set[str]:
    return {page.footer.split("第")[0] for page in read(pdf)}


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """The full cycle, run once: A/1 released on the day it takes effect (today)."""
    root = copy_project(REPO, tmp_path_factory.mktemp("cycle") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        revise_and_edit(root, effective=TODAY)
        shown = ok("diff", DOC, root=root)
        assert f"保卫科：滨河院区 [-{OLD_PHONE}-]{{+{NEW_PHONE}+}}" in shown
        assert "要{+立即+}组织工作人员" in shown
        approve_both(root)
        assert f"已发布 {DOC} A/1：生效日期 {TODAY}，已生效（周敏 签署" in ok("release", DOC, "--p12", str(keys().p12["zhou-min"]), root=root)
    return root


@pytest.fixture
def plan(released: Path, tmp_path: Path, monkeypatch) -> Path:
    """A copy of the released project of its own, today."""
    root = tmp_path / "repo"
    shutil.copytree(released, root, ignore=shutil.ignore_patterns("build"))
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    return root


def test_after_release_a1_is_controlled_and_a0_is_obsolete_on_every_page(plan: Path):
    pdfs = build(plan)
    assert sorted(pdfs) == ["A/0", "A/1"]
    a0, a1 = pdfs["A/0"], pdfs["A/1"]

    assert controlled_on_page_one(a1)
    assert on_every_page(a0, "作废")  # page by page: the mark, and no other
    assert footer_version(a1) == {"版本/修订A/1"} and footer_version(a0) == {"版本/修订A/0"}

    # each version shows what it said when it was released
    old_text, new_text = body_text(a0), body_text(a1)
    assert OLD_PHONE in old_text and NEW_PHONE not in old_text
    assert NEW_PHONE in new_text and OLD_PHONE not in new_text
    assert OLD_PHONE in read(a0)[-1].body and NEW_PHONE in read(a1)[-1].body  # 附件 1, the contact table
    assert OLD_STEP in old_text and NEW_STEP not in old_text
    assert NEW_STEP in new_text
    assert "更新保卫科电话，修改漏水处置步骤" in new_text  # 9 文件修订记录 of A/1
    assert "生效日期2026年11月25日" in read(a1)[0].body
    assert on_one_line(a1, "2026年11月25日")


def test_a_draft_whose_approvals_went_stale_prints_draft_on_every_page(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    revise_and_edit(root, effective="2026-12-01")
    approve_both(root)
    edit(root / "source" / f"{DOC}.yaml", NEW_STEP.rstrip("，"), NEW_STEP.rstrip("，") + "和移动硬盘")  # after approval
    status = ok("status", DOC, root=root)
    assert "草稿" in status and "签署后内容已修改" in status

    pdfs = build(root)
    assert sorted(pdfs) == ["A/0", "A/1"]
    assert on_every_page(pdfs["A/1"], "草稿")
    assert controlled_on_page_one(pdfs["A/0"])  # still the version in force
    assert "贵重物品和电子设备和移动硬盘" in body_text(pdfs["A/1"])


def test_a_revision_just_started_prints_draft_with_an_empty_effective_date(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    ok("revise", DOC, "--reason", "年度评审", root=root)
    pdfs = build(root)
    assert on_every_page(pdfs["A/1"], "草稿")
    first = read(pdfs["A/1"])[0].body
    assert "生效日期版本/修订" in first  # the 生效日期 cell is empty, the next row follows
    assert "修订日期2026年11月25日" in first
    assert on_one_line(pdfs["A/1"], "2026年11月25日")  # a two-digit month and day fit the header cell
    assert controlled_on_page_one(pdfs["A/0"])


def test_a_scheduled_release_takes_over_on_its_effective_date(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    revise_and_edit(root, effective="2026-12-01")
    approve_both(root)
    ok("release", DOC, "--p12", str(keys().p12["zhou-min"]), root=root)

    pdfs = build(root)
    assert controlled_on_page_one(pdfs["A/0"])  # A/0 stays in force until A/1's date
    assert unmarked(pdfs["A/1"])  # released, approved, waiting: no mark

    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-30")
    pdfs = build(root)
    assert controlled_on_page_one(pdfs["A/0"]) and unmarked(pdfs["A/1"])

    monkeypatch.setenv("PLANPRESS_TODAY", "2026-12-01")
    pdfs = build(root)
    assert on_every_page(pdfs["A/0"], "作废")
    assert controlled_on_page_one(pdfs["A/1"])


def test_a_released_version_rebuilds_byte_identically_whatever_changes_later(plan: Path, monkeypatch):
    """Release freezes a version: later fonts, a new revision, a changed phone number and a later
    date leave the bytes of its PDF as they were (in the same state)."""
    first = build(plan)
    a0, a1 = first["A/0"].read_bytes(), first["A/1"].read_bytes()

    # other fonts for the project: the released working copy keeps the fonts of its release
    edit(plan / "source" / "planpress.yaml", "body: Noto Serif CJK SC", "body: Noto Sans CJK SC")
    again = build(plan)
    assert again["A/1"].read_bytes() == a1 and again["A/0"].read_bytes() == a0

    # a new revision in progress, another number for 保卫科, a year later
    ok("revise", DOC, "--reason", "再次更新保卫科电话", root=plan)
    edit(plan / "source" / "contacts.yaml", f'binhe: "{NEW_PHONE}"', 'binhe: "3216567"')
    edit(plan / "source" / f"{DOC}.yaml", NEW_STEP.rstrip("，"), NEW_STEP.rstrip("，") + "和移动硬盘")
    monkeypatch.setenv("PLANPRESS_TODAY", "2027-11-25")
    later = build(plan)
    assert sorted(later) == ["A/0", "A/1", "A/2"]
    assert later["A/1"].read_bytes() == a1
    assert later["A/0"].read_bytes() == a0

    # the draft is what changed: the new number, the new fonts, 草稿
    draft = later["A/2"]
    assert on_every_page(draft, "草稿")
    assert "3216567" in body_text(draft) and NEW_PHONE not in body_text(draft)
    assert not any("Serif" in font.name for font in embedded_fonts(draft))
    assert any("Serif" in font.name for font in embedded_fonts(later["A/1"]))


def test_an_archived_version_is_checked_against_its_own_frozen_fonts(tmp_path: Path, monkeypatch):
    """Fonts are resolved per version: the archive's, not planpress.yaml's; a missing one is named
    where the archive freezes it, and no PDF is written."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    root = copy_project(REPO, tmp_path / "repo")
    ok("revise", DOC, "--reason", "年度评审", root=root)
    snapshot = root / "source" / "archive" / DOC / "A-0.yaml"
    edit(snapshot, "    body: Noto Serif CJK SC", "    body: 仿宋_GB2312")
    resign_archive(snapshot)  # as if A/0 had been released with that font (the signature covers the settings)
    result = run_cli("build", "--only", "pdf", root=root)
    assert result.status == 1
    line = snapshot.read_text("utf-8").splitlines().index("    body: 仿宋_GB2312") + 1
    assert f"source/archive/{DOC}/A-0.yaml:{line}:" in result.stderr
    assert "找不到正文字体“仿宋_GB2312”" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "build").exists()
