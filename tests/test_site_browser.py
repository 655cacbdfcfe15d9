"""The built site in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1.

Every test records every request of its browser context (pages and the search worker) and every
console error; a request to any other host, or any console error, fails the test. The site, the
PDF and the cards (with their previews) are built by `planpress build`, once per site.
"""

from __future__ import annotations

import dataclasses
import re
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import planpress
from conftest import REPO, copy_project
from planpress import outputs
from sitetools import CHROMIUM, CHROMIUM_ARGS, build_everything, cli, inject_markup, serve


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    """The repository's project built by `planpress build`: site, PDF, cards and previews."""
    with serve(build_everything(tmp_path_factory.mktemp("site") / "repo") / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclasses.dataclass
class Visit:
    page: Page
    base: str
    requests: list[str]
    errors: list[str]

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def local(self, url: str) -> str:
        """http://127.0.0.1:port/H-J-YA-028/?h=…#5-4-4 → H-J-YA-028/#5-4-4"""
        parts = urlsplit(url)
        return unquote(parts.path.lstrip("/")) + (f"#{parts.fragment}" if parts.fragment else "")


def _visit(browser: Browser, base: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Visit(page, base, requests, errors)
    context.close()
    foreign = [url for url in requests if not url.startswith(base)]
    assert not foreign, f"requests that left the server: {foreign}"
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def visit(browser, site):
    yield from _visit(browser, site)


def search(visit: Visit, query: str) -> list[list[str]]:
    """Type `query` into the search box as a person does and return the result groups: per page,
    the page first, then its matching sections best first."""
    page = visit.open("")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # fill() of Chinese fires no key event; a real IME ends with one
    page.wait_for_selector("li.md-search-result__item", timeout=10_000)
    groups = []
    for item in page.locator("li.md-search-result__item").all():
        groups.append([visit.local(a.get_attribute("href")) for a in item.locator("a.md-search-result__link").all()])
    return groups


@pytest.mark.parametrize("query, expected", [
    ("漏水", "H-J-YA-028/water-leak/"),  # the scenario page, where the card's QR code points
    ("消防通道", "H-J-YA-028/#5-4-4"),
    ("值班", "H-J-YA-028/#5-4-6"),
    ("3216565", "contacts/"),  # 保卫科, 滨河院区
    ("孙晓琳", "H-J-YA-028/#10"),
    ("刘迎恩", "H-J-YA-028/#10"),
    ("行政总值班", "contacts/"),
    ("盗窃", "H-J-YA-028/theft/"),
])
def test_search_finds_the_right_clause_or_page(visit, query, expected):
    groups = search(visit, query)
    first = groups[0]
    expected_page, _, anchor = expected.partition("#")
    assert first[0] == expected_page, groups
    if anchor:
        best_section = next(link for link in first if "#" in link)
        assert best_section == expected, groups
    assert any("search_index.json" in url for url in visit.requests)
    assert any("lunr.zh" in url for url in visit.requests), "the worker's requests are recorded too"


def test_a_search_result_opens_its_clause(visit):
    search(visit, "消防通道")
    page = visit.page
    page.locator('li.md-search-result__item a.md-search-result__link[href*="#5-4-4"]').first.click()
    page.wait_for_url(re.compile(r"#5-4-4$"))
    clause = page.locator('[id="5-4-4"]')
    assert "保证消防通道畅通" in clause.inner_text()
    box = clause.bounding_box()
    assert box and 0 <= box["y"] < 900


def test_clause_anchors_from_a_scenario_page(visit):
    page = visit.open("H-J-YA-028/water-leak/")
    page.locator(".pp-source a", has_text="5.5.2").click()
    page.wait_for_url(re.compile(r"/H-J-YA-028/#5-5-2$"))
    heading = page.locator('[id="5-5-2"]')
    assert heading.inner_text().startswith("5.5.2 突发漏水")
    box = heading.bounding_box()
    assert box and 0 <= box["y"] < 900


def test_every_card_preview_loads_and_its_pdf_is_served(visit):
    doc = planpress.load(REPO).document("H-J-YA-028")
    pages = [outputs.site_scenario_page(doc, s.key) for s in doc.scenarios] + [outputs.site_document_page(doc)]
    previews = 0
    for path in pages:
        page = visit.open(path)
        images = page.locator("article img")
        assert images.count() == len(doc.campuses), path
        for image in images.all():
            image.scroll_into_view_if_needed()
            loaded = image.evaluate("img => img.complete && img.naturalWidth > 0")
            assert loaded, f"{path}: {image.get_attribute('src')} did not load"
            width, height = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
            assert width >= 500 and 1.3 < height / width < 1.5, f"{path}: not a portrait card preview ({width}×{height})"
            previews += 1
        for link in page.locator('article a[href$=".pdf"]').all():
            response = page.request.get(link.evaluate("a => a.href"))
            assert response.ok and response.body().startswith(b"%PDF"), link.get_attribute("href")
    assert previews == (len(doc.scenarios) + 1) * len(doc.campuses)


def test_the_history_offers_the_version_in_force_and_its_changes(visit):
    page = visit.open(outputs.SITE_HISTORY_PAGE)
    row = page.locator("tr", has=page.locator("td", has_text="A / 0"))
    assert "已生效（现行）" in row.inner_text() and "首次发布" in row.inner_text()
    pdf = row.locator('a[href$=".pdf"]')
    assert pdf.inner_text() == "PDF"
    assert page.request.get(pdf.evaluate("a => a.href")).body().startswith(b"%PDF")
    row.locator("a", has_text="本版修订内容").click()
    page.wait_for_url(re.compile(r"/history/H-J-YA-028/$"))
    assert "本版 A / 0 是首次发布的版本" in page.locator("article").inner_text()
    page.locator("article a", has_text="H-J-YA-028《病案保护及信息安全应急预案》").click()
    page.wait_for_url(re.compile(r"/H-J-YA-028/$"))


def test_contacts_dial_and_the_register_shows_the_overdue_review(visit):
    page = visit.open(outputs.SITE_CONTACTS_PAGE)
    row = page.locator("tr", has=page.locator('[id="security"]'))
    assert [a.get_attribute("href") for a in row.locator("a").all()] == ["tel:3216565", "tel:3212755"]
    page = visit.open("")
    overdue = page.locator(".pp-overdue")
    assert overdue.inner_text() == "2023年8月10日（已逾期）"
    assert overdue.evaluate("e => getComputedStyle(e).color") == "rgb(183, 28, 28)"


@pytest.fixture(scope="module")
def marked_up_site(tmp_path_factory) -> str:
    """A released revision with markup in its text; the site alone is enough here."""
    root = copy_project(REPO, tmp_path_factory.mktemp("markup") / "repo")
    inject_markup(root)
    cli("build", "--only", "site", root=root)
    with serve(root / "site") as url:
        yield url


@pytest.fixture
def visit_marked_up(browser, marked_up_site):
    yield from _visit(browser, marked_up_site)


def test_markup_in_the_sources_shows_as_text_and_never_runs(visit_marked_up):
    visit = visit_marked_up
    for path in ("", "H-J-YA-028/", "H-J-YA-028/fire/", outputs.SITE_CONTACTS_PAGE, outputs.SITE_HISTORY_PAGE,
                 "history/H-J-YA-028/"):
        page = visit.open(path)
        assert page.evaluate("typeof window.__pp_xss") == "undefined", path
        assert page.locator("article [onerror], article [onmouseover], article script").count() == 0, path
    page = visit.open("H-J-YA-028/fire/")
    assert "<script>window.__pp_xss=1</script>报警后要安排人员" in page.locator("article").inner_text()
    assert page.title().startswith('5.5.1 火灾<img src=x onerror="window.__pp_xss=2">')
    groups = search(visit, "报警后要安排人员")
    assert groups and visit.page.evaluate("typeof window.__pp_xss") == "undefined"
    assert "<script>" in visit.page.locator(".md-search-result").inner_text()
