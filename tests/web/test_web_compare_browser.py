"""The comparison screen in a real browser (Chromium via Playwright against `planpress serve`): a
clerk revises H-J-YA-028, rewords a fire step in the file and on its card, and compares the working
copy with A/0: the words taken out and put in are marked in the rows of that step and that card line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .browsing import open_page, revision_open, sign_in

DOC = "/documents/H-J-YA-028"
OLD_TEXT = "报警后要安排人员到指定地点迎接消防车，引导消防车辆人员到达指定位置。"
OLD_CARD = "安排人员到指定地点迎接消防车，引导消防人员到达指定位置。"


@pytest.fixture(scope="module")
def clerk(live):
    if "zhaomin" not in live.passwords:
        live.create("zhaomin", "--name", "赵敏", "--department", "医务科", "--role", "编辑")
    return "zhaomin"


def test_the_comparison_marks_the_words_changed_in_a_step_and_on_its_card(browser, live, clerk):
    context, page, problems = open_page(browser, live)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live, clerk)
    revision_open(page, live, "H-J-YA-028", "消防车迎接地点改为医院正门")
    page.goto(live.url + DOC + "/edit/?tab=outline")
    page.click(".outline-item a.summary:has-text('火灾')")
    form = page.locator("form.node-form")
    number = form.locator("h2 .num").first.inner_text().strip()
    step = form.locator("[data-step]", has=page.locator("[data-step-text]", has_text="迎接消防车"))
    assert step.locator("[data-step-text]").input_value() == OLD_TEXT
    assert step.locator("[data-card-wording]").input_value() == OLD_CARD
    letter = step.locator("legend .num").inner_text().strip()
    step.locator("[data-step-text]").fill(OLD_TEXT.replace("指定地点", "医院正门"))
    step.locator("[data-card-wording]").fill(OLD_CARD.replace("引导消防人员", "引导消防车辆"))
    form.locator("button.primary:has-text('保存')").click()
    expect(page.locator(".outline-panel .ok")).to_contain_text("已保存")

    page.goto(live.url + DOC + "/")
    page.click("a.button:has-text('比较版本')")
    page.select_option("select[name=old]", "A/0")
    page.click("form.filters button:has-text('比较')")
    expect(page.locator("p.lead")).to_contain_text("A/0")
    body = page.locator("section.panel", has=page.locator("h2", has_text="正文"))
    cards = page.locator("section.panel", has=page.locator("h2", has_text="应急处置卡"))
    text_row = body.locator("tr", has=page.locator("td.right ins", has_text="医院正门"))
    expect(text_row).to_have_count(1)
    expect(text_row.locator("td.kind")).to_contain_text(letter)
    expect(text_row.locator("td.kind")).to_contain_text(number)
    expect(text_row.locator("td.left del")).to_have_text("指定地点")
    expect(text_row.locator("td.right ins")).to_have_text("医院正门")
    expect(text_row.locator("td.left")).to_contain_text("迎接消防车")  # the words around are shown unmarked
    card_row = cards.locator("tr", has=page.locator("td.right ins", has_text="车辆"))
    expect(card_row).to_have_count(1)
    expect(card_row.locator("td.kind")).to_contain_text("火灾卡第 2 步")
    expect(card_row.locator("td.left del")).to_have_text("人员")
    expect(card_row.locator("td.right")).to_contain_text("引导消防车辆到达指定位置")
    expect(card_row.locator("td.left")).not_to_contain_text("医院正门")
    assert not problems, problems
    context.close()
