"""The intranet site as built files: pages where the cards' QR codes point, links that only name
files that exist, strict MkDocs validation, escaping, the search dictionary, atomic rebuilds.

The PDF and the cards are made by the real builders: the module builds the project once with
`planpress build` (`built`); a test that changes something works on a copy (`built_copy`).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote

import pytest

import planpress
from conftest import REPO, run_cli
from planpress import outputs
from planpress.builders import BUILD_DIR, SITE_DIR, BuildOptions
from planpress.incremental.fastpath import STAMP
from planpress.site import builder, document_page, searchindex, terms
from planpress.site.builder import DEFAULT_CONFIG, SPARE_DIR
from planpress.site.versions import SiteVersions
from sitetools import TODAY, build_everything, copy_built, inject_markup

sys.path.insert(0, str(REPO / "bench"))
from register import make_register  # noqa: E402


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The repository's project built once by `planpress build`: PDF, cards and site. Read only."""
    return build_everything(tmp_path_factory.mktemp("built") / "repo")


@pytest.fixture
def built_copy(built, tmp_path) -> Path:
    return copy_built(built, tmp_path / "repo")


def build_site(root: Path) -> Path:
    result = run_cli("build", "--only", "site", root=root)
    assert result.status == 0, result.stderr
    return root / "site"


def page_html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text("utf-8")


def local_targets(site: Path, page: str, attribute: str) -> list[Path]:
    """Files that the href/src attributes of a page point to, resolved within the site."""
    html = page_html(site, page)
    targets = []
    for value in re.findall(rf'{attribute}="([^"#?]+)', html):
        if re.match(r"^[a-z]+:", value):
            continue
        path = posixpath.normpath(posixpath.join(page, unquote(value)))
        target = site / path
        targets.append(target / "index.html" if value.endswith("/") or target.is_dir() else target)
    return targets


def test_scenario_pages_are_where_the_cards_qr_codes_point(built):
    site = built / "site"
    project = planpress.load(built)
    doc = project.document("H-J-YA-028")
    assert project.config.site_base_url == "http://intranet.hospital.local/planpress/"
    for scenario in doc.scenarios:
        qr = outputs.site_url(project.config.site_base_url, outputs.site_scenario_page(doc, scenario.key))
        page = qr.removeprefix(project.config.site_base_url)
        html = page_html(site, page)
        assert f"{scenario.number} {scenario.title}" in html
        assert f'<link rel="canonical" href="{qr}">' in html
    assert "突发漏水" in page_html(site, outputs.site_scenario_page(doc, "water-leak"))
    assert "3212755" in page_html(site, outputs.site_scenario_page(doc, "theft"))  # 保卫科 at 大学院区
    assert "病案保护及信息安全应急预案" in page_html(site, outputs.site_document_page(doc))
    assert "行政总值班" in page_html(site, outputs.SITE_CONTACTS_PAGE)
    assert "A / 0" in page_html(site, outputs.SITE_HISTORY_PAGE)
    assert not list(site.rglob("*.yaml")), "the sources are not published"


def test_every_clause_has_its_stable_anchor(built):
    html = page_html(built / "site", "H-J-YA-028/")
    doc = planpress.load(built).document("H-J-YA-028")
    for top in doc.clauses:
        for clause in top.walk():
            assert f'id="{clause.anchor}"' in html, clause.number
    assert re.search(r'<h4 id="5-5-2">5\.5\.2 突发漏水', html)
    assert re.search(r'<h6 class="pp-clause" id="5-4-4"><strong>5\.4\.4</strong> 完善抢险救灾器材配置', html)
    # Each word the text uses for a unit links to the unit's one directory entry.
    assert re.search(r'<a href="\.\./contacts/#general-affairs" title="总务科：滨河院区 8289061，大学院区 3212765">总务处</a>', html)


def test_no_downloads_or_card_previews_before_the_pdf_and_cards_are_built(repo_copy):
    site = build_site(repo_copy)
    document = page_html(site, "H-J-YA-028/")
    scenario = page_html(site, "H-J-YA-028/fire/")
    assert "下载与打印" not in document and ".pdf" not in document and "<img" not in document
    assert "应急处置卡" not in scenario and ".pdf" not in scenario and "<img" not in scenario
    assert ".pdf" not in page_html(site, outputs.SITE_HISTORY_PAGE)


def test_the_built_pdf_cards_and_previews_are_offered_and_every_link_resolves(built):
    site = built / "site"
    project = planpress.load(built)
    doc = project.document("H-J-YA-028")
    pages = ["", outputs.site_document_page(doc), outputs.SITE_HISTORY_PAGE, outputs.site_changes_page(doc),
             outputs.SITE_CONTACTS_PAGE] + [outputs.site_scenario_page(doc, s.key) for s in doc.scenarios]
    for page in pages:
        for target in local_targets(site, page, "href") + local_targets(site, page, "src"):
            assert target.is_file(), f"{page} links to missing {target}"
    document = page_html(site, outputs.site_document_page(doc))
    assert f'href="{doc.slug}.pdf"' in document
    assert f'href="cards/{doc.slug}_binhe.pdf">滨河院区</a>' in document
    assert f'src="cards/{doc.slug}_contacts_daxue.png"' in document
    scenario = page_html(site, outputs.site_scenario_page(doc, "fire"))
    for campus in ("binhe", "daxue"):
        assert f'src="../cards/{doc.slug}_fire_{campus}.png"' in scenario
        assert f'href="../cards/{doc.slug}_fire_{campus}.pdf"' in scenario
    # What the site offers is exactly what the builders wrote for staff: the PDF, every card with its
    # preview, and the print bundles (the posting checklists are for medical affairs, not the site).
    build = built / BUILD_DIR
    offered = {outputs.pdf_path(build, doc)} | {
        path for campus in doc.campuses for path in
        [outputs.bundle_path(build, doc, campus.key)]
        + [outputs.card_path(build, doc, card, campus.key, suffix)
           for card in [s.key for s in doc.scenarios] + [outputs.CONTACT_CARD] for suffix in (".pdf", ".png")]}
    assert all(path.is_file() for path in offered), "the builders wrote them"
    copied = {p.relative_to(site).as_posix() for p in site.glob("H-J-YA-028/**/*") if p.suffix in (".pdf", ".png")}
    assert copied == {p.relative_to(build).as_posix() for p in offered}
    for path in offered:
        assert (site / path.relative_to(build)).read_bytes() == path.read_bytes()


def test_only_the_cards_that_exist_are_shown(built_copy):
    doc = planpress.load(built_copy).document("H-J-YA-028")
    build = built_copy / BUILD_DIR
    outputs.pdf_path(build, doc).unlink()
    outputs.card_path(build, doc, "fire", "daxue", suffix=".png").unlink()
    outputs.card_path(build, doc, "fire", "daxue", suffix=".pdf").unlink()
    site = build_site(built_copy)
    fire = page_html(site, outputs.site_scenario_page(doc, "fire"))
    assert "_fire_binhe.png" in fire and "_fire_daxue" not in fire
    document = page_html(site, outputs.site_document_page(doc))
    assert f'href="{doc.slug}.pdf"' not in document and "受控文件 PDF" not in document  # not built
    assert f'href="cards/{doc.slug}_binhe.pdf"' in document
    assert f"{doc.slug}.pdf" not in page_html(site, outputs.SITE_HISTORY_PAGE)


def test_mkdocs_build_strict_passes_at_the_repository_root(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=REPO, capture_output=True, text=True, env=_env(NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "H-J-YA-028" / "water-leak" / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_a_broken_link_or_anchor_stops_the_build(repo_copy, monkeypatch):
    """Link and anchor validation are on: a link to a clause that does not exist is an error."""
    project = planpress.load(repo_copy)
    original = document_page.emergency_links
    monkeypatch.setattr(document_page, "emergency_links",
                        lambda doc, here: original(doc, here) + " [5.9.9](index.md#5-9-9)")
    (repo_copy / "site").mkdir()
    (repo_copy / "site" / "previous.html").write_text("old site", "utf-8")
    with pytest.raises(planpress.SourceError) as caught:
        builder.build(project, project.documents, _options(repo_copy))
    assert "5-9-9" in str(caught.value) and "站点未生成" in str(caught.value)
    assert (repo_copy / "site" / "previous.html").read_text("utf-8") == "old site"


def test_a_broken_source_keeps_its_last_good_pages_and_staff_see_no_error(repo_copy):
    site = build_site(repo_copy)
    before = {page: page_html(site, page) for page in ("", "H-J-YA-028/", "H-J-YA-028/fire/", outputs.SITE_CONTACTS_PAGE)}
    source = repo_copy / "source" / "H-J-YA-028.yaml"
    source.write_text(source.read_text("utf-8").replace("effective: 2020-08-10", "effective: 2020-02-30"), "utf-8")
    check = run_cli("check", root=repo_copy)
    build = run_cli("build", "--only", "site", root=repo_copy)
    assert check.status == build.status == 1
    problem = next(line for line in check.stderr.splitlines() if "2020-02-30" in line)
    assert "错误" in problem and "H-J-YA-028.yaml:" in problem
    assert problem in build.stderr
    assert "原有输出保持不变" in build.stderr
    for page, html in before.items():  # the site goes on showing the last good version, and nothing else
        assert page_html(site, page) == html, page
    for page in site.rglob("*.html"):  # the editors see the error in `check` and the application, staff nowhere
        text = page.read_text("utf-8")
        assert "2020-02-30" not in text and "H-J-YA-028.yaml" not in text and "planpress check" not in text, page
    assert not list(repo_copy.glob(".site*")), "no staging folder left behind"


def test_mkdocs_itself_reports_a_broken_source_in_chinese(repo_copy):
    (repo_copy / "mkdocs.yml").write_text(f"INHERIT: {DEFAULT_CONFIG}\ndocs_dir: source\n", "utf-8")
    source = repo_copy / "source" / "contacts.yaml"
    source.write_text(source.read_text("utf-8").replace('binhe: "3216565"', 'binhe: 3216565'), "utf-8")
    expected = next(line for line in run_cli("check", root=repo_copy).stderr.splitlines() if "contacts.yaml:" in line)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=repo_copy,
                            capture_output=True, text=True, env=_env(NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 1
    assert expected.split(": ", 1)[1] in result.stderr  # same message; the path is shown relative to cwd
    assert "源文件有错误，站点未生成" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_from_the_sources_is_escaped(repo_copy):
    inject_markup(repo_copy)
    site = build_site(repo_copy)
    for html_file in site.rglob("*.html"):
        html = html_file.read_text("utf-8")
        assert "<script>window.__pp" not in html and "<img src=x" not in html, html_file
        assert "</title><script>" not in html and "<b>标记" not in html, html_file
    doc = page_html(site, "H-J-YA-028/fire/")
    assert "&lt;script&gt;window.__pp_xss=1&lt;/script&gt;报警后" in doc
    assert "<title>5.5.1 火灾&lt;img src=x" in doc
    changes = page_html(site, "history/H-J-YA-028/")  # the edits, marked: only the marks are tags
    assert "<ins>&lt;script&gt;window.__pp_xss=1&lt;/script&gt;</ins>报警后" in changes
    assert "修订原因：测试：正文里的&lt;b&gt;标记&lt;/b&gt;" in changes
    assert "测试：正文里的&lt;b&gt;标记&lt;/b&gt;" in page_html(site, outputs.SITE_HISTORY_PAGE)


def test_the_search_dictionary_holds_the_plans_terms(built):
    words = terms.terms(SiteVersions(planpress.load(built)))
    for word in ("病案室", "病案库房", "应急领导小组", "信息科", "行政总值班", "孙晓琳", "刘迎恩", "后勤维修人员", "滨河院区"):
        assert word in words
    assert "突发漏水" not in words  # kept whole, it would hide 漏水 from a two-character search
    index = json.loads((built / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["zh"] and index["docs"] == []  # the sections: searchindex.py
    entries = searchindex.read(built / "site")
    scope = next(d for d in entries if d["location"] == "H-J-YA-028/#2")
    assert "病案室\u200b及\u200b信息科" in scope["text"]  # jieba alone: 病案/室及/信息/科
    assert "\u200b病案库房\u200b" in scope["text"]
    approvals = next(d for d in entries if d["location"] == "H-J-YA-028/#10")
    assert "\u200b刘迎恩" in approvals["text"]  # jieba alone: 刘迎/恩


def test_an_overdue_review_stands_out_only_when_overdue(repo_copy, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2023-08-10")
    register = page_html(build_site(repo_copy), "")
    assert "2023年8月10日" in register and "已逾期" not in register
    monkeypatch.setenv("PLANPRESS_TODAY", "2023-08-11")
    register = page_html(build_site(repo_copy), "")
    assert '<strong class="pp-overdue">2023年8月10日（已逾期）</strong>' in register
    assert "1 个文件的定期评审已逾期" in register


def test_the_register_and_history_list_every_document(tmp_path):
    root = make_register(tmp_path / "register", 3)
    site = build_site(root)
    register = page_html(site, "")
    history = page_html(site, outputs.SITE_HISTORY_PAGE)
    for number in ("H-J-YA-028", "H-J-YA-100", "H-J-YA-101"):
        assert f'<a href="{number}/">{number}</a>' in register
        assert f'id="{number.lower()}"' in history
        assert (site / number / "water-leak" / "index.html").is_file()
    assert "共 3 个文件" in register


def test_a_selected_build_still_publishes_the_whole_register(tmp_path):
    root = make_register(tmp_path / "register", 2)
    result = run_cli("build", "H-J-YA-100", "--only", "site", root=root)
    assert result.status == 0, result.stderr
    assert (root / "site" / "H-J-YA-028" / "index.html").is_file()


def test_the_site_is_reproducible(built, built_copy):
    first = _tree(built / "site")
    second = _tree(build_site(built_copy))
    assert first == second
    assert "H-J-YA-028/index.html" in first and "H-J-YA-028/cards/H-J-YA-028_A-0_fire_binhe.png" in first


def test_a_site_built_from_the_last_sites_folders_is_the_same_site(built, built_copy):
    first = _tree(built / "site")
    build_site(built_copy)  # replaces the site: its emptied folders are kept
    spare = built_copy / SPARE_DIR
    assert spare.is_dir() and not [p for p in spare.rglob("*") if not p.is_dir()]
    assert "H-J-YA-028/fire" in _tree(spare)
    (spare / "H-J-YA-999" / "gone").mkdir(parents=True)  # a page the register no longer has
    (built_copy / STAMP).unlink()  # built again, not replayed as unchanged
    assert _tree(build_site(built_copy)) == first
    assert "H-J-YA-999" not in _tree(spare) and "H-J-YA-028/fire" in _tree(spare)  # the spare was used


def test_no_page_loads_anything_from_another_host(built):
    site = built / "site"
    for html_file in site.rglob("*.html"):
        html = html_file.read_text("utf-8")
        assert not re.search(r'<(script|img|link|iframe)\b[^>]*\b(src|href)="(https?:)?//', html.replace(
            '<link rel="canonical" href="http://intranet.hospital.local/', "")), html_file
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes, and every folder (None)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in sorted(folder.rglob("*"))}


def _options(root: Path) -> BuildOptions:
    return BuildOptions(out=root / BUILD_DIR, site=root / SITE_DIR)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def test_mkdocs_serve_rebuilds_when_a_source_file_changes(repo_copy):
    """`make preview`: the preview follows the YAML as the editor saves it."""
    (repo_copy / "mkdocs.yml").write_text(f"INHERIT: {DEFAULT_CONFIG}\ndocs_dir: source\n", "utf-8")
    assert run_cli("revise", "H-J-YA-028", "--reason", "测试：边改边预览", root=repo_copy).status == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=repo_copy, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=_env(NO_MKDOCS_2_WARNING="1"))
    url = f"http://127.0.0.1:{port}/H-J-YA-028/fire/"

    def page_when(predicate) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    html = response.read().decode("utf-8")
                if predicate(html):
                    return html
            except OSError:
                pass
            assert server.poll() is None, server.stderr.read().decode("utf-8", "replace")
            time.sleep(0.3)
        raise AssertionError(f"{url} never showed the expected text")

    try:
        # The editors' preview shows the working copy, and says so; the published site would show A/0.
        page_when(lambda html: "5.5.1 火灾" in html and "预览：本站显示 source/ 里正在编辑的工作副本" in html
                  and "版本/修订 A / 1 · 草稿" in html)
        source = repo_copy / "source" / "H-J-YA-028.yaml"
        source.write_text(source.read_text("utf-8").replace("      title: 火灾\n", "      title: 火灾与烟雾\n", 1), "utf-8")
        page_when(lambda html: "5.5.1 火灾与烟雾" in html)
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_first_version_not_yet_approved_is_shown_as_a_draft(tmp_path):
    """Before a document's first release takes effect, the site shows its working copy, marked 草稿."""
    root = make_register(tmp_path / "register", 2)  # H-J-YA-100: a copy without approvals, never released
    site = build_site(root)
    register = page_html(site, "")
    assert re.search(r'<a href="H-J-YA-100/">H-J-YA-100</a></td>\s*<td[^>]*>.*?</td>\s*<td[^>]*>.*?</td>\s*<td[^>]*><span class="pp-nowrap">A / 0</span></td>\s*<td[^>]*>草稿</td>',
                     register)
    document = page_html(site, "H-J-YA-100/")
    assert "草稿：尚未批准，不得作为现行文件使用" in document and "缺少的审批：主办、院领导批准" in document
    assert re.search(r"<td[^>]*>院领导批准</td>\s*<td[^>]*>—</td>\s*<td[^>]*>分管副院长</td>\s*<td[^>]*>（未签署）</td>", document)
    changes = page_html(site, "history/H-J-YA-100/")
    assert "本版 A / 0 是首次发布的版本，没有上一版本可以比较。" in changes
