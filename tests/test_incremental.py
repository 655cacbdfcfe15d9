"""Only what changed is made again, a kept output is what a rebuild would write, a broken document
stops nothing else, and shards add up to the full build.

The project is a small register of every shape (bench/register.make_mixed_register): H-J-YA-028
itself (released, in force), a plan with six subsections, a table, a flowchart and a blank form
(H-J-YA-101), a single-campus plan (H-J-YA-102), a policy without scenarios (H-Z-ZD-103) and a
copy of H-J-YA-028 (H-J-YA-104). It is built once per module (`built`); each test changes a copy.
What was made again is read from the files themselves: an output that was kept is the very same
file (inode and modification time) as before, a site page that was reused is the cached file
linked again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

import signing_support
from conftest import REPO, run_cli
from planpress.incremental import fastpath, register as register_module, shards
from planpress.builders import BuildOptions
from planpress.incremental.alongside import SiteAlongside
from planpress.render import pool
from planpress.site.pending import LayoutFailed, PendingOutputs
from sitetools import DOC, approve_and_release, cli, copy_built

sys.path.insert(0, str(REPO / "bench"))
from register import change_quarter_phone, edit_one_document, make_mixed_register  # noqa: E402

TODAY = "2026-11-25"
DOCUMENTS = ("H-J-YA-028", "H-J-YA-101", "H-J-YA-102", "H-Z-ZD-103", "H-J-YA-104")


def pdf_of(root: Path, number: str) -> str:
    """The PDF of the working copy of `number` (the policy's shape is at B/1, the plans' at A/0)."""
    version = re.search(r"^version: (\S+)", (root / "source" / f"{number}.yaml").read_text("utf-8"), re.M).group(1)
    return f"build/{number}/{number}_{version.replace('/', '-')}.pdf"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = make_mixed_register(tmp_path_factory.mktemp("built") / "register", len(DOCUMENTS))
    assert sorted(p.stem for p in (root / "source").glob("H-*.yaml")) == sorted(DOCUMENTS)
    signing_support.install_roster(root, signing_support.REPO_PEOPLE)  # H-J-YA-028 is revised and released
    cli("build", root=root, today=TODAY)
    return root


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A copy of the built register, built once more (the copy's files are new: this settles them)."""
    root = copy_built(built, tmp_path / "register")
    cli("build", root=root)
    return root


def build(root: Path, *args: str, status: int = 0):
    result = run_cli("build", *args, root=root)
    assert result.status == status, result.stderr
    assert "Traceback" not in result.stderr
    return result


def identities(root: Path) -> dict[str, tuple[int, int]]:
    """Every output file: (inode, modification time). A file written again has new ones."""
    found = {}
    for top in ("build", "site"):
        for path in (root / top).rglob("*"):
            if path.is_file():
                stat = path.stat()
                found[path.relative_to(root).as_posix()] = (stat.st_ino, stat.st_mtime_ns)
    return found


def contents(root: Path, tops=("build", "site")) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for top in tops for path in sorted((root / top).rglob("*")) if path.is_file()}


def remade(before: dict, after: dict) -> set[str]:
    """The outputs written by the build between the two snapshots: PDFs, card files and pages
    (the site's own files, copied from the theme and rewritten by MkDocs every time, left out)."""
    changed = {path for path, identity in after.items() if before.get(path) != identity}
    return {path for path in changed if path.startswith("build/") or path.endswith("index.html")}


def owners(paths: set[str]) -> set[str]:
    """The documents the outputs belong to; "contacts", "register", "history" for the shared pages."""
    found = set()
    for path in paths:
        match = re.search(r"(H-[A-Z]-[A-Z]+-\d{3})", path)
        if match:
            found.add(match.group(1))
        elif path == "site/index.html":
            found.add("register")
        else:
            found.add(path.split("/")[1])
    return found


def rebuilt_from_clean(root: Path, tmp_path: Path, today: str = TODAY) -> Path:
    """The same sources built from nothing, in another folder."""
    clean = tmp_path / "clean"
    shutil.copytree(root / "source", clean / "source")
    shutil.copytree(root / "templates", clean / "templates")
    cli("build", root=clean, today=today)
    return clean


def assert_same_as_clean_build(root: Path, tmp_path: Path, today: str = TODAY) -> None:
    clean = rebuilt_from_clean(root, tmp_path, today)
    incremental, fresh = contents(root), contents(clean)
    assert incremental.keys() == fresh.keys()
    differ = [path for path in fresh if incremental[path] != fresh[path]]
    assert not differ, differ


# -- nothing changed --------------------------------------------------------------------------------

def test_nothing_changed_prints_the_last_report_and_writes_nothing(project, monkeypatch):
    before = identities(project)
    first = build(project)  # the settled copy's stamp: this is the fast path already
    assert fastpath.UNCHANGED in first.stdout

    def not_loaded(*args, **kwargs):
        raise AssertionError("the sources were loaded")

    monkeypatch.setattr(register_module, "load", not_loaded)
    again = build(project)
    assert fastpath.UNCHANGED in again.stdout
    assert again.stdout.splitlines()[:-1] == first.stdout.splitlines()[:-1]  # the same report, 已生成 … included
    assert [line for line in again.stdout.splitlines() if line.startswith("已生成 ")]
    assert identities(project) == before


def test_an_output_removed_or_a_new_day_means_a_real_build(project, monkeypatch):
    pdf = project / pdf_of(project, "H-Z-ZD-103")
    good = pdf.read_bytes()
    pdf.unlink()
    result = build(project)
    assert fastpath.UNCHANGED not in result.stdout and pdf.read_bytes() == good
    before = identities(project)
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-26")  # the register's overdue notice names the day
    result = build(project)
    assert fastpath.UNCHANGED not in result.stdout
    assert owners(remade(before, identities(project))) == {"register"}


# -- what each change makes again ---------------------------------------------------------------------

def test_an_edited_document_remakes_only_what_shows_the_edit(project):
    before = identities(project)
    edit_one_document(project, "H-J-YA-101")  # a sentence of 1 目的
    build(project)
    changed = remade(before, identities(project))
    assert owners(changed) == {"H-J-YA-101"}
    # The PDF; the cards, which print the content fingerprint; of the pages, only the document's own.
    assert {p for p in changed if p.startswith("site/")} == {"site/H-J-YA-101/index.html"}
    assert "build/H-J-YA-101/H-J-YA-101_A-0.pdf" in changed
    assert {p for p in before if p.startswith("build/H-J-YA-101/cards/")} <= changed


def test_a_phone_number_remakes_exactly_the_documents_that_show_it(project, tmp_path):
    before = identities(project)
    change_quarter_phone(project)  # 信息科值班手机: only H-J-YA-101 shows it (steps, cards, contact table)
    build(project)
    changed = remade(before, identities(project))
    assert owners(changed) == {"H-J-YA-101", "contacts"}
    assert "build/H-J-YA-101/H-J-YA-101_A-0.pdf" in changed
    assert any(path.startswith("build/H-J-YA-101/cards/") for path in changed)
    assert_same_as_clean_build(project, tmp_path)


def test_a_card_template_remakes_every_card_and_pdf_but_no_page(project):
    before = identities(project)
    css = project / "templates" / "cards" / "cards.css"
    css.write_text(css.read_text("utf-8") + "\n/* a change */\n", "utf-8")
    build(project)
    changed = remade(before, identities(project))
    assert not [path for path in changed if path.startswith("site/")]
    for number in DOCUMENTS:
        assert any(path.startswith(f"build/{number}/") for path in changed), number
    assert {p for p in before if p.startswith("build/") and "/cards/" in p} <= changed


def test_a_font_setting_remakes_the_pdfs_of_unreleased_versions_only(project):
    before = identities(project)
    config = project / "source" / "planpress.yaml"
    text = config.read_text("utf-8")
    assert "  body: Noto Serif CJK SC" in text
    config.write_text(text.replace("  body: Noto Serif CJK SC", "  body: Noto Sans CJK SC", 1), "utf-8")
    build(project)
    changed = remade(before, identities(project))
    # H-J-YA-028 A/0 is released: it keeps the fonts frozen with it. The cards print the heading font.
    assert changed == {pdf_of(project, n) for n in DOCUMENTS if n != "H-J-YA-028"}


def test_the_day_a_release_comes_into_force(project, tmp_path, monkeypatch):
    """A/1 released today, in force from 2026-12-01: on that day, with no file changed, A/0's PDF is
    marked 作废, A/1's 受控, the cards and the site change to A/1; nothing of the others."""
    cli("revise", DOC, "--reason", "年度评审", root=project)
    plan = project / "source" / f"{DOC}.yaml"
    text = plan.read_text("utf-8").replace("保护未受损的病案、资料；", "保护未受损的病案、资料和电子病历；", 1)
    plan.write_text(text.replace("effective:             # 生效日期", "effective: 2026-12-01  # 生效日期", 1), "utf-8")
    approve_and_release(project)
    build(project)
    before = identities(project)
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-12-01")
    build(project)
    changed = remade(before, identities(project))
    assert owners(changed) == {DOC, "register", "history"}
    assert {f"build/{DOC}/{DOC}_A-0.pdf", f"build/{DOC}/{DOC}_A-1.pdf"} <= changed
    assert any(path.startswith(f"build/{DOC}/cards/{DOC}_A-1_") for path in changed)
    assert_same_as_clean_build(project, tmp_path, today="2026-12-01")


# -- a broken document ---------------------------------------------------------------------------------

def test_a_broken_document_keeps_its_outputs_while_the_others_are_built(project, tmp_path):
    before = identities(project)
    old_pages = contents(project, ("site",))
    broken = project / "source" / "H-J-YA-102.yaml"
    broken.write_text(broken.read_text("utf-8").replace("effective: 2026-12-10", "effective: 2026-02-30", 1), "utf-8")
    edit_one_document(project, "H-J-YA-101")
    result = build(project, status=1)
    assert "H-J-YA-102.yaml:" in result.stderr and "2026-02-30" in result.stderr
    assert "1 个文件有错误，没有重新生成（原有输出保持不变）：H-J-YA-102" in result.stderr
    after = identities(project)
    assert "build/H-J-YA-101/H-J-YA-101_A-0.pdf" in remade(before, after)  # the others are built
    assert {p: i for p, i in after.items() if "H-J-YA-102" in p} == {p: i for p, i in before.items() if "H-J-YA-102" in p}
    # The site: H-J-YA-102's pages are its last good ones, and staff see no error anywhere.
    pages = contents(project, ("site",))
    for path, digest in old_pages.items():
        if path.startswith("site/H-J-YA-102/"):
            assert pages[path] == digest, path
    register = (project / "site" / "index.html").read_text("utf-8")
    row = re.search(r"<tr[^>]*>\s*<td[^>]*><a href=\"H-J-YA-102/\">.*?</tr>", register, re.S).group()
    assert "A / 0" in row and "2026-02-30" not in register and "H-J-YA-102.yaml" not in register
    again = build(project, status=1)  # nothing changed: the same errors, the same status
    assert fastpath.UNCHANGED in again.stdout and "2026-02-30" in again.stderr
    broken.write_text(broken.read_text("utf-8").replace("effective: 2026-02-30", "effective: 2026-12-10", 1), "utf-8")
    build(project)
    assert_same_as_clean_build(project, tmp_path)


def test_the_site_built_beside_the_layout_is_the_site_built_after_it(built, tmp_path, monkeypatch):
    beside, after = copy_built(built, tmp_path / "beside"), copy_built(built, tmp_path / "after")
    for root in (beside, after):
        cli("build", root=root)
        edit_one_document(root, "H-J-YA-101")  # its PDF and both campuses' cards: three jobs
    waited = []
    wait = PendingOutputs.wait
    monkeypatch.setattr(PendingOutputs, "wait", lambda self: waited.append(self) or wait(self))
    build(beside)
    assert waited  # the site was built while the layout ran, and waited for it to link the downloads
    monkeypatch.setattr(SiteAlongside, "start", lambda self, works, left: None)  # the site after the layout
    build(after)
    assert contents(beside, ("site",)) == contents(after, ("site",))


def test_one_helper_fewer_lays_out_while_the_sites_pages_are_built(tmp_path, monkeypatch):
    """The site takes one core while it builds its pages; once it waits only for the downloads,
    every helper lays out again."""
    monkeypatch.setattr(pool, "size", lambda: 2)
    building, release = threading.Event(), threading.Event()

    def build_site(options):
        building.set()
        assert release.wait(10)
        options.pending.wait()
        return [tmp_path / "site"]

    alongside = SiteAlongside(build_site, BuildOptions(out=tmp_path / "build", site=tmp_path / "site"))
    assert alongside.starts_at(3) == 4  # one edit: with the last few jobs, beside both helpers
    assert alongside.starts_at(450) == 45  # a full build: a site's worth, laid out by one helper
    assert alongside.helpers() == 2  # not started
    alongside.start([], 45)  # 45 jobs left: one helper lays out while the pages are built
    assert building.wait(10)
    assert alongside.helpers() == 1
    release.set()
    deadline = time.monotonic() + 10
    while alongside.helpers() != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert alongside.helpers() == 2
    assert alongside.finish(failed=False) == [tmp_path / "site"]


def test_the_site_beside_a_failed_layout_stops_at_its_next_page(project, monkeypatch):
    """Once the layout has failed or been interrupted (Ctrl-C), the site built on its promise is
    thrown away: it stops at its next page instead of building every other page first."""
    from planpress.builders import builder

    before = contents(project, ("site",))
    shutil.rmtree(project / ".cache" / "site")  # no page reused: every page would be built
    loaded = register_module.load(project)
    pending = PendingOutputs()
    pending.finish(failed=True)
    asked = []
    stop = PendingOutputs.stop_if_failed
    monkeypatch.setattr(PendingOutputs, "stop_if_failed", lambda self: asked.append(self) or stop(self))
    options = BuildOptions(out=project / "build", site=project / "site", keys=loaded.keys, pending=pending)
    with pytest.raises(LayoutFailed):
        builder("site")(loaded.project, loaded.project.documents, options)
    assert len(asked) == 1  # the first page, not the site's hundreds
    assert contents(project, ("site",)) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.")]  # no staging folder left


def test_a_card_that_does_not_fit_while_the_site_is_built_beside_the_layout(project, monkeypatch):
    """The layout fails after the site has started on the outputs it promised: that site is thrown
    away and built again, with the document's last good pages, and offers only files that exist."""
    old_pages = contents(project, ("site",))
    plan = project / "source" / "H-J-YA-102.yaml"
    line = "              card: 用对讲安抚被困人员：保持冷静、不要扒门、等待救援。"
    plan.write_text(plan.read_text("utf-8").replace(line, line + "保持冷静、不要扒门、等待救援。" * 80, 1), "utf-8")
    edit_one_document(project, "H-J-YA-101")
    outcomes = []
    finish = PendingOutputs.finish
    monkeypatch.setattr(PendingOutputs, "finish", lambda self, failed: outcomes.append(failed) or finish(self, failed))
    result = build(project, status=1)
    assert "一页放不下" in result.stderr and "H-J-YA-102.yaml:" in result.stderr
    assert outcomes == [True]  # the site had started beside the layout, and was built again
    pages = contents(project, ("site",))
    for path, digest in old_pages.items():
        if path.startswith("site/H-J-YA-102/"):
            assert pages[path] == digest, path
    assert "放不下" not in (project / "site" / "index.html").read_text("utf-8")
    new_pdf = project / pdf_of(project, "H-J-YA-101")
    assert (project / "site" / "H-J-YA-101" / new_pdf.name).read_bytes() == new_pdf.read_bytes()
    for page in (project / "site").rglob("index.html"):  # every file a page links to is in the site
        for link in re.findall(r'href="([^"#?:]+\.(?:pdf|png))"', page.read_text("utf-8")):
            assert (page.parent / link).resolve().is_file(), (page, link)


def test_a_character_the_fonts_lack_breaks_only_its_document(project):
    before = identities(project)
    policy = project / "source" / "H-Z-ZD-103.yaml"
    text = policy.read_text("utf-8")
    first = re.search(r"^  purpose: (.)", text, flags=re.M)
    policy.write_text(text[:first.start(1)] + "\U00020024" + text[first.start(1):], "utf-8")  # 𠀤: not in Noto CJK
    edit_one_document(project, "H-J-YA-101")
    result = build(project, status=1)
    assert "U+20024" in result.stderr and "H-Z-ZD-103.yaml:" in result.stderr
    after = identities(project)
    assert owners(remade(before, after)) == {"H-J-YA-101"}
    assert {p: i for p, i in after.items() if "H-Z-ZD-103" in p} == {p: i for p, i in before.items() if "H-Z-ZD-103" in p}
    assert "U+20024" not in (project / "site" / "index.html").read_text("utf-8")  # staff see no error


def test_contacts_yaml_with_an_error_stops_everything_and_keeps_every_output(project):
    before = identities(project)
    contacts = project / "source" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace('binhe: "3216565"', "binhe: 3216565", 1), "utf-8")
    result = build(project, status=1)
    assert "contacts.yaml:" in result.stderr and "未生成任何输出（原有输出保持不变）" in result.stderr
    assert identities(project) == before


# -- shards -------------------------------------------------------------------------------------------

def test_two_shards_add_up_to_the_full_build(built, tmp_path):
    assert {shards.shard_of(n, 2) for n in DOCUMENTS} == {1, 2}
    parts = []
    for index in (1, 2):
        root = tmp_path / f"shard-{index}"
        shutil.copytree(built / "source", root / "source")
        shutil.copytree(built / "templates", root / "templates")
        result = build(root, "--shard", f"{index}/2")
        assert f"第 {index}/2 份" in result.stdout
        assert not (root / "site").exists()  # the site is built once, from every shard's outputs
        parts.append(contents(root, ("build",)))
    assert not parts[0].keys() & parts[1].keys()
    assert {**parts[0], **parts[1]} == contents(built, ("build",))
    # The site job: the shards' build/ folders together, then --only site.
    site = tmp_path / "site-job"
    shutil.copytree(built / "source", site / "source")
    shutil.copytree(built / "templates", site / "templates")
    for index in (1, 2):
        shutil.copytree(tmp_path / f"shard-{index}" / "build", site / "build", dirs_exist_ok=True)
    build(site, "--only", "site")
    assert contents(site, ("site",)) == contents(built, ("site",))


def test_a_shard_is_fixed_by_the_document_number_alone():
    assert shards.parse("2/4") == shards.Shard(2, 4)
    for wrong in ("0/2", "3/2", "1/0", "a/b", "2"):
        with pytest.raises(ValueError):
            shards.parse(wrong)
    numbers = [f"H-J-YA-{n:03d}" for n in range(100, 400)]
    counts = [sum(shards.shard_of(n, 4) == k for n in numbers) for k in (1, 2, 3, 4)]
    assert sum(counts) == len(numbers) and min(counts) > 50  # every document once, shares about even


def test_a_shard_with_the_site_is_refused(project):
    result = run_cli("build", "--shard", "1/2", "--only", "pdf,site", root=project)
    assert result.status == 2 and "--only site" in result.stderr


def test_the_code_digest_reads_planpress_and_nothing_beside_it():
    """Outputs depend on planpress's own files: a build written into the repository that holds
    planpress (`make` writes build/ and site/ there) must not look like a change of planpress."""
    import planpress
    from planpress import inputs

    package = Path(planpress.__file__).resolve().parent
    assert inputs.PACKAGE == package
    listed = inputs.files(inputs.PACKAGE, {"__pycache__", "node_modules"})
    assert package / "inputs.py" in listed and package / "site" / "mkdocs.yml" in listed
    assert all(path.is_relative_to(package) for path in listed)
