"""The built site in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1
as the intranet's nginx serves it (siteserver.py: under /planpress/, the .gz copies, the 404 page).

Every test records every request of its browser context (pages and the search worker) and every
console error; a request to any other host, or any console error, fails the test. The site, the
PDF and the cards (with their previews) are built by `planpress build`, once per module. Staff use
it on a phone (390×844) and on a PC (1366×768); the tests that depend on the size run at both.
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
from sitetools import CHROMIUM, CHROMIUM_ARGS, build_everything, cli, copy_built, inject_markup, serve

PREFIX = "/planpress/"  # the path of site.base_url in source/planpress.yaml
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PC = {"viewport": {"width": 1366, "height": 768}}
SIZES = {"phone": PHONE, "pc": PC}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The repository's project built by `planpress build`: site, PDF, cards and previews."""
    return build_everything(tmp_path_factory.mktemp("site") / "repo")


@pytest.fixture(scope="module")
def site(built) -> str:
    with serve(built / "site", PREFIX) as url:
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
    phone: bool = False

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("load")
        return self.page

    def open_missing(self, url: str):
        """Open an address that has no page: the browser reports the 404 itself (not an error)."""
        response = self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.errors[:] = [e for e in self.errors if "status of 404" not in e]
        return response

    def local(self, url: str) -> str:
        """http://127.0.0.1:port/planpress/H-J-YA-028/?h=…#5-4-4 → H-J-YA-028/#5-4-4"""
        parts = urlsplit(url)
        path = unquote(parts.path)
        base = urlsplit(self.base).path
        path = path[len(base):] if path.startswith(base) else path.lstrip("/")
        return path + (f"#{parts.fragment}" if parts.fragment else "")


def _visit(browser: Browser, base: str, size: dict | None = None):
    size = size or {"viewport": {"width": 1280, "height": 900}}
    context = browser.new_context(**size)
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Visit(page, base, requests, errors, phone=size.get("is_mobile", False))
    context.close()
    root = re.match(r"https?://[^/]+/", base).group()
    foreign = [url for url in requests if not url.startswith(root)]
    assert not foreign, f"requests that left the server: {foreign}"
    assert not errors, f"console errors: {errors}"


@pytest.fixture
def visit(browser, site):
    yield from _visit(browser, site)


@pytest.fixture(params=list(SIZES))
def sized(request, browser, site):
    """A visit on a phone and on a PC."""
    yield from _visit(browser, site, SIZES[request.param])


def type_query(visit: Visit, query: str) -> None:
    """Type `query` into the search box of the open page as a person does (on a phone, after
    tapping the magnifier in the header)."""
    page = visit.page
    if visit.phone and not page.locator("input.md-search__input").is_visible():
        page.locator("label.md-header__button[for=__search]").click()
    # The count line is emptied: the answer to this query fills it again (results() waits for it).
    page.evaluate("() => { const meta = document.querySelector('.md-search-result__meta'); if (meta) meta.textContent = '' }")
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # fill() of Chinese fires no key event; a real IME ends with one


def results(visit: Visit, query: str) -> list[list[str]]:
    """The result groups shown for `query`: per page, the page first, then its matching sections
    best first. Waits for this query's answer (the count line changes)."""
    page = visit.page
    answered = """query => {
        const meta = document.querySelector('.md-search-result__meta')
        const box = document.querySelector('input.md-search__input')
        return box.value === query && meta && meta.textContent !== '' && !meta.textContent.includes('键入')
      }"""
    page.wait_for_function(answered, arg=query, timeout=10_000)
    # The answer to the empty box Material sends when the page loads may come in after the query was
    # typed and show "no result" for it: the answer to the query itself follows and replaces it.
    stable = 0  # a list of results that stays 150 ms is the answer; "no result" must stay 1.5 s
    while stable < (1 if page.locator("li.md-search-result__item").count() else 10):
        before = page.locator(".md-search-result").inner_html()
        page.wait_for_timeout(150)
        stable = stable + 1 if page.locator(".md-search-result").inner_html() == before else 0
    groups = []
    for item in page.locator("li.md-search-result__item").all():
        groups.append([visit.local(a.get_attribute("href")) for a in item.locator("a.md-search-result__link").all()])
    return groups


def search(visit: Visit, query: str) -> list[list[str]]:
    """Open the register, type `query`, return the result groups."""
    visit.open("")
    type_query(visit, query)
    return results(visit, query)


def lands_on(groups: list[list[str]], expected: str) -> bool:
    """The first result is `expected`'s page, and its best section is `expected` (page#anchor)."""
    if not groups:
        return False
    first = groups[0]
    page, _, anchor = expected.partition("#")
    if first[0] != page:
        return False
    return not anchor or next((link for link in first if "#" in link), None) == expected


def test_a_word_that_arrives_without_a_key_event_searches_too(visit):
    """A phone's Chinese IME, voice input or a paste from the menu put text in the box with an input
    event and no keyup (Material searches on keyup): planpress.js answers the input as well."""
    visit.open("")
    if visit.phone and not visit.page.locator("input.md-search__input").is_visible():
        visit.page.locator("label.md-header__button[for=__search]").click()
    visit.page.locator("input.md-search__input").click()
    visit.page.keyboard.insert_text("着火了")  # one input event, no key pressed or released
    assert lands_on(results(visit, "着火了"), "H-J-YA-028/fire/")


@pytest.mark.parametrize("query, expected", [
    ("漏水", "H-J-YA-028/water-leak/"),  # the scenario page, where the card's QR code points
    ("消防通道", "H-J-YA-028/#5-4-4"),
    ("3216565", "contacts/#security"),  # 保卫科, 滨河院区
    ("孙晓琳", "H-J-YA-028/#10"),
    ("刘迎恩", "H-J-YA-028/#10"),
    ("行政总值班", "contacts/#admin-duty"),
    ("盗窃", "H-J-YA-028/theft/"),
])
def test_search_finds_the_right_clause_or_page(visit, query, expected):
    groups = search(visit, query)
    assert lands_on(groups, expected), groups
    assert any(url.endswith("search/search_index.json") for url in visit.requests)
    assert any("search/manifest.json" in url for url in visit.requests), "the worker's requests are recorded too"


# What staff type when it happens: spoken words, synonyms, other names of a unit, filler words.
EMERGENCIES = [
    ("着火了", "H-J-YA-028/fire/"),
    ("失火了怎么办", "H-J-YA-028/fire/"),
    ("冒烟", "H-J-YA-028/fire/"),
    ("水管爆了怎么办", "H-J-YA-028/water-leak/"),
    ("跑水", "H-J-YA-028/water-leak/"),
    ("停电了", "H-J-YA-028/power-outage/"),
    ("没电了怎么办", "H-J-YA-028/power-outage/"),
    ("电脑中毒", "H-J-YA-028/equipment-software/"),
    ("东西被偷了", "H-J-YA-028/theft/"),
    ("值班", "contacts/#admin-duty"),
    ("总值班电话", "contacts/#admin-duty"),
    ("保卫处", "contacts/#security"),
    ("医院保卫处", "contacts/#security"),
    ("总务处", "contacts/#general-affairs"),
    ("信息中心", "contacts/#it"),
]

# Said rather than listed: words of no list, listed words with others between their characters
# (灯都灭了), unknown words that share characters with listed ones (烟味, 漫出来: the worker's
# gapped words and borrowed groups). The worker is the same at every size: searched on a PC.
SPOKEN = [
    ("有烟味", "H-J-YA-028/fire/"),
    ("插座冒火花", "H-J-YA-028/fire/"),
    ("烧起来了", "H-J-YA-028/fire/"),
    ("水漫出来了", "H-J-YA-028/water-leak/"),
    ("天花板滴水", "H-J-YA-028/water-leak/"),
    ("库房进水了", "H-J-YA-028/water-leak/"),
    ("灯都灭了", "H-J-YA-028/power-outage/"),
    ("停电了电脑怎么办", "H-J-YA-028/power-outage/"),
    ("电脑中病毒了", "H-J-YA-028/equipment-software/"),
    ("电脑打不开", "H-J-YA-028/equipment-software/"),
    ("门锁被撬了", "H-J-YA-028/theft/"),
    ("病案被偷了", "H-J-YA-028/theft/"),
    ("半夜找谁", "contacts/#admin-duty"),
    ("保安电话", "contacts/#security"),
]


def test_emergency_searches_land_on_the_right_clause(sized):
    """One page, every query typed into the same search box in turn (the first search loads
    the index)."""
    sized.open("")
    wrong = {}
    for query, expected in EMERGENCIES:
        type_query(sized, query)
        groups = results(sized, query)
        if not lands_on(groups, expected):
            wrong[query] = groups[:3]
    assert not wrong, wrong


def test_spoken_searches_land_on_the_right_clause(visit):
    visit.open("")
    wrong = {}
    for query, expected in SPOKEN:
        type_query(visit, query)
        groups = results(visit, query)
        if not lands_on(groups, expected):
            wrong[query] = groups[:3]
    assert not wrong, wrong


def test_the_first_visit_loads_no_index_and_a_search_loads_a_little(visit):
    page = visit.open("")
    page.wait_for_load_state("networkidle")
    loaded = [visit.local(url) for url in visit.requests]
    assert "search/search_index.json" in loaded  # Material's settings: a few hundred bytes
    assert not [url for url in loaded if url.startswith("search/") and url != "search/search_index.json"], loaded
    type_query(visit, "着火了")
    results(visit, "着火了")
    fetched = [visit.local(url) for url in visit.requests if "/search/" in url]
    assert "search/manifest.json" in fetched
    shards = [url for url in fetched if "/s/" in url]
    pages = [url for url in fetched if "/p/" in url]
    assert 1 <= len(shards) <= 6 and 1 <= len(pages) <= 6, fetched


def test_search_snippets_keep_table_cells_apart(visit):
    search(visit, "3212755")
    text = visit.page.locator(".md-search-result").inner_text().replace("\u200b", "")
    assert re.search(r"3216565\s+3212755", text), text  # 保卫科's two numbers, in two cells
    assert "32165653212755" not in text


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
    entry = page.locator(".pp-contact", has=page.locator('[id="security"]'))
    assert [a.get_attribute("href") for a in entry.locator("a[href^='tel:']").all()] == ["tel:3216565", "tel:3212755"]
    assert "医院保卫处" in entry.inner_text()  # the name H-J-YA-028 uses for it
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


# -- on a phone: every number dials, no table is wider than the screen ----------------------------

# Every number a person would dial, as the site prints them (planpress/site/phones.py finds them in
# texts; the directory's numbers are links by construction), must be inside a tel: link to it.
UNTAPPABLE = r"""() => {
  const number = /(?<![0-9A-Za-z._\/-])(0\d{2,3}-\d{7,8}|1[3-9]\d{9}|\d{7,8}|11[09]|12[02])(?![0-9A-Za-z._\/%年月日元次个件份人页条号期-])/g
  const found = []
  const walker = document.createTreeWalker(document.querySelector("article"), NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest("code, svg, .headerlink, del"))
      continue
    for (const match of node.textContent.matchAll(number)) {
      const link = node.parentElement.closest("a[href^='tel:']")
      const digits = match[1].replace(/[^0-9]/g, "")
      if (!link || link.getAttribute("href").slice(4).replace(/[^0-9]/g, "") !== digits)
        found.push(`${match[1]} in “${node.textContent.trim().slice(0, 40)}”`)
    }
  }
  return found
}"""


def _pages(doc) -> list[str]:
    return (["", outputs.SITE_CONTACTS_PAGE, outputs.SITE_HISTORY_PAGE, outputs.site_document_page(doc),
             outputs.site_changes_page(doc)] + [outputs.site_scenario_page(doc, s.key) for s in doc.scenarios])


def test_every_phone_number_on_every_page_dials(visit):
    doc = planpress.load(REPO).document("H-J-YA-028")
    untappable = {}
    for path in _pages(doc):
        found = visit.open(path).evaluate(UNTAPPABLE)
        if found:
            untappable[path] = found
    assert not untappable, untappable
    page = visit.open(outputs.site_document_page(doc))
    text = page.locator("article").inner_text()
    assert "119" in text and page.locator("article a[href='tel:119']").count() >= 1  # “119” in 5.5.1's text


def test_a_scenario_page_first_says_whom_to_call_at_each_campus(sized):
    page = sized.open("H-J-YA-028/fire/")
    first = page.locator("article h2").first
    assert first.inner_text().strip().rstrip("¶") == "联系电话"
    calls = page.locator("article table.pp-calls")
    assert [h.inner_text() for h in calls.locator("th").all()] == ["打给", "滨河院区", "大学院区"]
    duty = calls.locator("tr", has=page.locator("a", has_text="行政总值班"))
    assert "节假日、下班后" in duty.inner_text()
    assert [a.get_attribute("href") for a in duty.locator("a[href^='tel:']").all()] == ["tel:3216116", "tel:3212868"]
    fire = calls.locator("tr", has=page.locator("a", has_text="火警"))
    assert fire.locator("a[href='tel:119']").count() == 2
    box = duty.locator("a[href='tel:3216116']").bounding_box()  # on the first screen, without scrolling
    width, height = (390, 844) if sized.phone else (1366, 768)
    assert box and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width


def test_no_page_is_wider_than_a_phone(browser, site):
    doc = planpress.load(REPO).document("H-J-YA-028")
    for visit in _visit(browser, site, PHONE):
        wide = {}
        for path in _pages(doc) + ["no/such/page/"]:
            page = visit.open(path) if path != "no/such/page/" else (visit.open_missing(visit.base + path), visit.page)[1]
            widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if widths[0] > widths[1]:
                wide[path] = widths
        assert not wide, wide
        page = visit.open("")
        row = page.locator("table.pp-register tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"  # a row is a block of lines
        label = row.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"文件名称"'


# -- what staff see when a source is broken; the 404 page ----------------------------------------

@pytest.fixture(scope="module")
def broken_site(built, tmp_path_factory) -> str:
    """The built project after an editor broke H-J-YA-028 (a date that does not exist) and built again."""
    root = copy_built(built, tmp_path_factory.mktemp("broken") / "repo")
    source = root / "source" / "H-J-YA-028.yaml"
    source.write_text(source.read_text("utf-8").replace("effective: 2020-08-10", "effective: 2020-02-30"), "utf-8")
    from conftest import run_cli
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", "2026-11-25")
        result = run_cli("build", "--only", "site", root=root)
    assert result.status == 1 and "2020-02-30" in result.stderr  # the editors are told
    with serve(root / "site", PREFIX) as url:
        yield url


def test_staff_see_the_last_good_version_of_a_broken_document_and_nothing_else(browser, broken_site):
    for visit in _visit(browser, broken_site, PHONE):
        for path in ("", "H-J-YA-028/", "H-J-YA-028/fire/", outputs.SITE_CONTACTS_PAGE):
            text = visit.open(path).locator("body").inner_text()
            for word in ("错误", "planpress", ".yaml", "2020-02-30", "check"):
                assert word not in text, (path, word)
        row = visit.open("").locator("table.pp-register tbody tr").first
        assert "H-J-YA-028" in row.inner_text() and "A / 0" in row.inner_text() and "已生效" in row.inner_text()
        type_query(visit, "着火了")
        assert lands_on(results(visit, "着火了"), "H-J-YA-028/fire/")


@pytest.mark.parametrize("path", ["no/such/page/", "H-J-YA-999/", "../elsewhere/page.html"])
def test_a_missing_page_answers_in_chinese_styled_anywhere(sized, path):
    base = sized.base if not path.startswith("../") else re.match(r"https?://[^/]+/", sized.base).group()
    response = sized.open_missing(base + path.removeprefix("../"))
    assert response.status == 404
    page = sized.page
    assert page.title().startswith("找不到这个页面")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    assert page.locator("header").evaluate("h => getComputedStyle(h).backgroundColor") == "rgb(64, 81, 181)"
    page.locator("main a", has_text="通讯录").click()
    page.wait_for_url(re.compile(r"/planpress/contacts/$"))
    assert page.locator("h1").inner_text().rstrip("¶") == "通讯录"
