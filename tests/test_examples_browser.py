"""Chinese search on the examples' site in a real browser: a table cell and a flowchart node are
found, and the result opens the clause they stand in. On a phone, the examples' wide tables scroll
inside their box, with a hint, and no page is wider than the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import sync_playwright

from sitetools import CHROMIUM, CHROMIUM_ARGS, serve
from test_examples import build_examples
from test_site_browser import PHONE, _visit, results, search, type_query


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> str:
    root = build_examples(tmp_path_factory.mktemp("examples-site") / "examples")
    with serve(root / "site") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visit(browser, site):
    yield from _visit(browser, site)


@pytest.mark.parametrize("query, expected", [
    ("死亡病例讨论记录", "H-Z-ZD-101/#5-3"),  # a cell of the 14-row table of time limits
    ("盘车", "H-J-YA-035/#5-2-1"),  # a step of the single-campus plan's scenario
    ("核磁共振", None),  # in none of the documents: no result
    ("救出被困人员", "H-J-YA-035/#6"),  # a node of the flowchart (its text version)
    ("勒索软件", "H-J-YA-031/ransomware/"),  # a scenario page of the plan
])
def test_search_finds_table_cells_and_flowchart_nodes(visit, query, expected):
    if expected is None:
        page = visit.open("")
        box = page.locator("input.md-search__input")
        box.fill(query)
        box.press("End")
        meta = page.locator(".md-search-result__meta")
        meta.wait_for(timeout=10_000)
        page.wait_for_function("() => !document.querySelector('.md-search-result__meta').textContent.includes('键入')")
        assert "没有" in meta.text_content(), meta.text_content()
        assert page.locator("li.md-search-result__item").count() == 0
        return
    groups = search(visit, query)
    links = [link for group in groups for link in group]
    assert expected in links, groups


# What staff type when the examples' emergencies happen: spoken words, words of no list
EMERGENCIES = [
    ("断网了", "H-J-YA-031/network-outage/"),
    ("上不了网", "H-J-YA-031/network-outage/"),
    ("HIS登不上", "H-J-YA-031/his-down/"),
    ("系统崩了", "H-J-YA-031/his-down/"),
    ("电脑中毒了", "H-J-YA-031/ransomware/"),
    ("电脑被勒索", "H-J-YA-031/ransomware/"),
    ("机房没电了", "H-J-YA-031/server-power/"),
    ("电梯卡住了", "H-J-YA-035/elevator-entrapment/"),
    ("有人被困在电梯里", "H-J-YA-035/elevator-entrapment/"),
    ("电梯关人了", "H-J-YA-035/elevator-entrapment/"),
]


def test_emergency_searches_land_on_the_scenario(visit):
    visit.open("")
    wrong = {}
    for query, expected in EMERGENCIES:
        type_query(visit, query)
        groups = results(visit, query)
        if not groups or groups[0][0] != expected:
            wrong[query] = groups[:3]
    assert not wrong, wrong


def test_wide_tables_scroll_inside_their_box_on_a_phone(browser, site):
    for visit in _visit(browser, site, PHONE):
        for path in ("H-Z-ZD-101/", "H-J-YA-035/", "H-J-YA-031/", "contacts/", ""):
            page = visit.open(path)
            width, screen = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert width <= screen, (path, width, screen)
        page = visit.open("H-J-YA-035/")
        form = page.locator(".pp-scroll", has=page.locator("table.pp-form"))  # the blank form's seven columns
        assert "pp-scroll--more" in form.get_attribute("class")
        assert form.evaluate("box => getComputedStyle(box, '::before').content") == '"← 左右滑动查看整张表 →"'
        assert form.evaluate("box => box.scrollWidth > box.clientWidth")
