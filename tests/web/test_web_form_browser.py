"""A blank form (表单) made in a real browser (Chromium via Playwright against `planpress serve`):
a new attachment form gets a merged header, a line of checkbox fields and an opinion box through
the form's own fields (kinds chosen in the page, lists nested in lists added), and is saved."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from ruamel.yaml import YAML

from .browsing import open_page, revision_open, sign_in

DOC = "/documents/H-J-YA-028"


@pytest.fixture(scope="module")
def clerk(live):
    if "qianli" not in live.passwords:
        live.create("qianli", "--name", "钱丽", "--department", "医务科", "--role", "编辑")
    return "qianli"


def test_a_blank_form_made_part_by_part(browser, live, clerk):
    context, page, problems = open_page(browser, live)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live, clerk)
    revision_open(page, live, "H-J-YA-028", "增加病案借阅登记表")
    page.goto(live.url + DOC + "/edit/?tab=outline")
    page.click("a:has-text('＋ 添加附件')")
    page.click(".choose a:has-text('空白表单')")
    form = page.locator("form.node-form")
    form.locator("input[name='n.code']").fill("A.09")
    form.locator("input[name='n.title']").fill("病案借阅登记表")
    parts = form.locator("[data-list='n.form'] > [data-items] > [data-item]")
    expect(parts).to_have_count(1)  # a new form: one grid
    grid = parts.nth(0)
    handler = grid.locator("[data-list='n.form.0.grid.columns'] > [data-items] > [data-item]").nth(2)
    expect(handler.locator("input[name$='.title']").first).to_have_value("经办人")
    handler.locator("summary").click()
    for i, title in enumerate(("借出", "归还")):
        handler.locator("[data-list='n.form.0.grid.columns.2.columns'] > button[data-add]").click()
        handler.locator(f"input[name='n.form.0.grid.columns.2.columns.{i}.title']").fill(title)

    add_part = form.locator("[data-list='n.form'] > button[data-add]")
    add_part.click()
    fields = parts.nth(1)
    expect(fields.locator("select[name='n.form.1.kind']")).to_have_value("fields")
    fields.locator("[data-list='n.form.1.fields'] > button[data-add]").click()
    fields.locator("input[name='n.form.1.fields.0.label']").fill("院区")
    fields.locator("select[name='n.form.1.fields.0.kind']").select_option("options")
    expect(fields.locator("input[name='n.form.1.fields.0.width']")).to_be_hidden()
    for i, campus in enumerate(("滨河院区", "大学院区")):
        fields.locator("[data-list='n.form.1.fields.0.options'] > button[data-add]").click()
        fields.locator(f"input[name='n.form.1.fields.0.options.{i}.text']").fill(campus)

    add_part.click()
    opinion = parts.nth(2)
    opinion.locator("select[name='n.form.2.kind']").select_option("opinion")
    expect(opinion.locator("[data-list='n.form.2.fields']")).to_be_hidden()
    opinion.locator("input[name='n.form.2.opinion.title']").fill("科室负责人意见")
    form.locator("button.primary:has-text('保存')").click()
    expect(page.locator(".outline-panel .ok")).to_contain_text("已保存")

    saved = YAML(typ="safe").load((live.root / "source" / "H-J-YA-028.yaml").read_text("utf-8"))["attachments"]
    made = next(a for a in saved if a["code"] == "A.09")
    assert made["form"] == [
        {"grid": {"columns": ["日期", "事项", {"title": "经办人", "columns": ["借出", "归还"]}], "rows": 10}},
        {"fields": [{"label": "院区", "options": ["滨河院区", "大学院区"]}]},
        {"opinion": "科室负责人意见"}]
    # opened again: the grid as it prints, its merged header cell over two columns
    expect(page.locator("table.form-preview th", has_text="经办人")).to_have_attribute("colspan", "2")
    expect(page.locator("table.form-preview th", has_text="日期")).to_have_attribute("rowspan", "2")
    assert not problems, problems
    context.close()
