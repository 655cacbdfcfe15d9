"""Structured editing in a real browser (Chromium via Playwright against `planpress serve`): a
scenario step and a table through their forms, mistakes shown where they are, the change in the
draft card and PDF and in git under the editor's name; clauses reordered in the outline; a phone
number in the directory with the documents it changes. Screenshots at 1366×768 and 390×844 are
kept under the test's folder (PLANPRESS_SHOTS=dir keeps them there too)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import pdfcheck

from .browsing import open_page, revision_open, sign_in
from .webtools import git

DOC = "/documents/H-J-YA-028"
REASON = "依据演练修订处置步骤"
SIZES = {"pc": (1366, 768), "phone": (390, 844)}


@pytest.fixture(scope="module")
def editor(live):
    if "lihua" not in live.passwords:
        live.create("lihua", "--name", "李华", "--department", "医务科", "--role", "编辑", "--email", "lihua@hospital.example")
    return "lihua"


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _shot(page: Page, shots: Path, name: str) -> None:
    path = shots / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if os.environ.get("PLANPRESS_SHOTS"):
        target = Path(os.environ["PLANPRESS_SHOTS"])
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target / path.name)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _draft_ready(page: Page, live) -> None:
    """The document page shows the draft outputs of the file as it is now (its git blob) ready."""
    blob = git(live.root, "hash-object", "source/H-J-YA-028.yaml").strip()
    page.goto(live.url + DOC + "/")
    expect(page.locator(f"[data-draft-ready][data-draft-blob='{blob}']")).to_be_visible(timeout=120_000)


def test_a_scenario_step_and_a_table_edited_through_their_forms(browser, live, editor, shots):
    context, page, problems = open_page(browser, live)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live, editor)
    revision_open(page, live, "H-J-YA-028", REASON)
    page.goto(live.url + DOC + "/edit/?tab=outline")
    page.click(".outline-item a.summary:has-text('盗窃案件')")
    form = page.locator("form.node-form")
    expect(form.locator("h2")).to_contain_text("5.5.3")
    room = form.locator("[data-card-room]")
    expect(room).to_contain_text("卡片纸张 A4")
    before = room.inner_text()
    wording = page.locator("#w-n-steps-1-card-input")
    wording.fill("保护好现场，不得触摸任何东西，等待公安人员勘察，登记到场人员。")
    expect(room).not_to_have_text(before)  # the card's room follows the typing
    expect(page.locator("#w-n-steps-1 [data-card-count]")).to_contain_text("卡片上这一步 31 字")
    # A mistake: a phone number typed into the card wording, shown at that field, nothing saved.
    page.fill("#w-n-steps-2-card-input", "记录被盗物品，拨打 3216565 交公安部门处理。")
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, shots, f"scenario-form-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})
    head = git(live.root, "rev-parse", "HEAD").strip()
    form.locator("button.primary:has-text('保存')").click()
    field = page.locator("#w-n-steps-2-card")
    expect(field).to_contain_text("卡片措辞里写了号码“3216565”")
    expect(field).to_contain_text("怎么改")
    expect(field).to_be_in_viewport()  # the page opens at the first field with a problem
    expect(page.locator("#w-n-steps-1-card-input")).to_have_value("保护好现场，不得触摸任何东西，等待公安人员勘察，登记到场人员。")
    assert git(live.root, "rev-parse", "HEAD").strip() == head
    _shot(page, shots, "scenario-error-1366")
    page.fill("#w-n-steps-2-card-input", "记录被盗物品名称、价值，遗留物品交公安部门处理。")
    page.locator("form.node-form button.primary:has-text('保存')").click()
    expect(page.locator(".outline-panel .ok")).to_contain_text("已保存")
    assert git(live.root, "log", "-1", "--format=%an <%ae>|%s").strip() == \
        "李华 <lihua@hospital.example>|修改 H-J-YA-028 5.5.3 处置场景"

    # A table at the end of 5.4, filled in like a word processor's table.
    page.locator(".outline-item", has_text="建立健全预警报告机制").locator("a.op[title='在这一条后面插入']").first.click()
    page.click(".choose a:has-text('表格')")
    page.fill("#w-n-title-input", "报告时限")
    header = page.locator("[data-header] input")
    header.nth(0).fill("事项")
    header.nth(1).fill("报告给")
    cells = page.locator("tbody [data-cell]")
    cells.nth(0).locator("[data-cell-input]").fill("火灾")
    cells.nth(1).locator("[data-cell-contact]").select_option("security")
    expect(cells.nth(1).locator("[data-cell-input]")).to_be_hidden()
    cells.nth(0).locator("[data-cell-input]").click()
    page.click("[data-table='col-right']")
    expect(page.locator("[data-header] input")).to_have_count(3)
    page.locator("[data-header] input").nth(1).fill("时限")
    page.locator("tbody [data-cell]").nth(1).locator("[data-cell-input]").fill("立即")
    page.click("[data-table='row-below']")
    last = page.locator("tbody [data-row]").nth(1).locator("[data-cell]")
    last.nth(0).locator("[data-cell-input]").fill("其他事件按报告流程办理")
    last.nth(0).locator("[data-cell-input]").click()
    page.click("[data-table='merge']")
    page.click("[data-table='merge']")
    expect(page.locator("tbody [data-row]").nth(1).locator("[data-cell]")).to_have_count(1)
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, shots, f"table-form-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.locator("form.node-form button.primary:has-text('保存')").click()
    expect(page.locator(".outline-panel .ok")).to_contain_text("已保存")
    table = page.locator(".outline-item", has_text="报告时限")
    expect(table.locator(".num").first).to_have_text("表 1")
    text = (live.root / "source" / "H-J-YA-028.yaml").read_text("utf-8")
    assert "columns: [事项, 时限, 报告给]" in text
    assert "- [火灾, 立即, {contact: security}]" in text and "- [{text: 其他事件按报告流程办理, span: 3}]" in text
    # A cell edited again through the same grid.
    table.locator("a.summary").click()
    expect(page.locator("tbody [data-cell]").nth(2)).to_contain_text("印出：保卫科 滨河院区 3216565 / 大学院区 3212755")
    page.locator("tbody [data-cell]").nth(0).locator("[data-cell-input]").fill("火灾（含冒烟）")
    page.locator("form.node-form button.primary:has-text('保存')").click()
    expect(page.locator(".outline-panel .ok")).to_contain_text("已保存")
    assert git(live.root, "log", "-1", "--format=%an|%s").strip() == "李华|修改 H-J-YA-028 表 1 表格"

    # The change in the draft PDF and the draft card, marked 草稿.
    _draft_ready(page, live)
    drafts = live.state / "drafts" / "H-J-YA-028"
    pdf = _pdf_text(drafts / "H-J-YA-028_A-1.pdf")
    assert "表 1 报告时限" in pdf and "火灾（含冒烟）" in pdf and "保卫科" in pdf
    assert set(map(frozenset, pdfcheck.marks_per_page(drafts / "H-J-YA-028_A-1.pdf"))) == {frozenset({"草稿"})}
    card = _pdf_text(drafts / "cards" / "H-J-YA-028_A-1_theft_binhe.pdf")
    assert "登记到场人员" in card and "草稿" in card
    assert not problems, problems
    context.close()


def _drag(page: Page, item, target) -> None:
    """Drag the outline row `item` by its handle up to just before the row `target`, as a person
    does: the mouse moves a little at a time until the clause's placeholder stands right above
    the target, then lets go (the rows are scrolled into the window first: the mouse only reaches
    what is on the screen)."""
    target.evaluate("row => row.scrollIntoView({block: 'center'})")
    handle = item.locator("> .outline-row [data-drag-handle]").bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    goal = target.element_handle()
    for _ in range(120):
        y -= 6
        page.mouse.move(x + 4, y)
        page.wait_for_timeout(40)
        if item.evaluate("(row, goal) => row.nextElementSibling === goal", goal):
            break
    page.wait_for_timeout(300)  # the list's animation settles
    page.mouse.up()


def test_reordering_clauses_in_the_outline_renumbers_them(browser, live, editor, shots):
    context, page, problems = open_page(browser, live)
    sign_in(page, live, editor)
    revision_open(page, live, "H-J-YA-028", REASON)
    page.goto(live.url + DOC + "/edit/?tab=outline")
    moved = page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="报告与信息发布"))
    expect(moved.locator("> .outline-row .num")).to_have_text("5.4")
    target = page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="预警信息"))
    with page.expect_navigation():
        _drag(page, moved, target)
    expect(page.locator(".outline-panel .ok")).to_contain_text("编号已按新的结构重新生成")
    moved = page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="报告与信息发布"))
    expect(moved.locator("> .outline-row .num")).to_have_text("5.2")
    expect(page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="预警信息"))
           .locator("> .outline-row .num")).to_have_text("5.3")
    assert git(live.root, "log", "-1", "--format=%an|%s").strip() == "李华|移动 H-J-YA-028 5.4 报告与信息发布"
    # Indent with the button: the clause goes under the one before and takes its number there.
    row = page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="保护未受损的病案"))
    row.locator("> .outline-row button[value=indent]").click()
    expect(page.locator("li.outline-item", has=page.locator("> .outline-row a.summary", has_text="保护未受损的病案"))
           .locator("> .outline-row .num")).to_have_text("5.3.1.1")
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, shots, f"outline-{width}")
    assert not problems, problems
    context.close()


def test_a_phone_number_in_the_directory_lists_the_documents_it_changes(browser, live, editor, shots):
    context, page, problems = open_page(browser, live)
    sign_in(page, live, editor)
    revision_open(page, live, "H-J-YA-028", REASON)
    page.click("nav.main-nav a:has-text('通讯录')")
    row = page.locator("tr[data-entry='it']")
    shows = row.locator("details[data-shows]")
    expect(shows).not_to_have_attribute("open", "")
    row.locator("input[name='c.it.phones.binhe']").fill("3216193")
    expect(shows).to_have_attribute("open", "")
    expect(shows).to_contain_text("改这一行会改变")
    expect(shows).to_contain_text("H-J-YA-028")
    expect(shows).to_contain_text("卡片：办公设备及病案管理软件安全、应急联络电话")
    for width, height in SIZES.values():
        page.set_viewport_size({"width": width, "height": height})
        _shot(page, shots, f"directory-{width}")
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("form.directory-form button.primary")
    expect(page.locator(".ok")).to_contain_text("“信息科”显示在：H-J-YA-028 A/1")
    assert 'binhe: "3216193"' in (live.root / "source" / "contacts.yaml").read_text("utf-8")
    assert git(live.root, "log", "-1", "--format=%an|%s").strip() == "李华|修改通讯录：信息科"
    assert not problems, problems
    context.close()


def test_the_expert_tab_names_full_width_punctuation_and_every_tab_line(browser, live, editor):
    context, page, problems = open_page(browser, live)
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, live, editor)
    revision_open(page, live, "H-J-YA-028", REASON)
    page.goto(live.url + DOC + "/edit/?tab=yaml")
    expect(page.locator(".cm-content")).to_be_visible()
    page.locator(".cm-line", has_text="publisher: 质量管理科").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.insert_text("definitions：\n\t- 甲\n\t- 乙")
    expect(page.locator("#check-status")).to_contain_text("3 个错误", timeout=15_000)
    markers = page.locator(".cm-lint-marker-error")
    expect(markers).to_have_count(3)
    markers.first.hover()
    expect(page.locator(".cm-tooltip-lint")).to_contain_text("全角")
    markers.nth(2).hover()
    expect(page.locator(".cm-tooltip-lint")).to_contain_text("制表符")
    assert not problems, problems
    context.close()


def test_two_editors_save_the_same_scenario_and_nothing_is_lost(browser, live, editor, shots):
    first_context, first, first_problems = open_page(browser, live)
    second_context, second, second_problems = open_page(browser, live, 390, 844)  # the second on a phone
    sign_in(first, live, editor)
    sign_in(second, live, "wangyi")
    revision_open(first, live, "H-J-YA-028", REASON)
    for page in (first, second):
        page.goto(live.url + DOC + "/edit/?tab=outline")
        page.click(".outline-item a.summary:has-text('停电')")
        expect(page.locator("form.node-form h2")).to_contain_text("处置场景")
        expect(page.locator("#w-n-steps-0-card-input")).to_have_value("立即打电话通知总务科维修。")
    # The first saves the first step's card wording and the second step's.
    first.fill("#w-n-steps-0-card-input", "立即打电话通知总务科维修，并报告科室负责人。")
    first.fill("#w-n-steps-1-card-input", "拔掉电脑、复印机的电源插头。")
    first.locator("form.node-form button.primary:has-text('保存')").click()
    expect(first.locator(".outline-panel .ok")).to_contain_text("已保存")
    # The second, on the base before that save, changes the second step's wording too and the
    # first step's text: refused, both versions shown, what the second typed still in the form.
    second.fill("#w-n-steps-1-card-input", "拔掉电器插头，防止来电时损坏机器。")
    second.fill("#w-n-steps-0-text-input", "工作中出现停电及时打电话通知总务处维修。")
    second.locator("form.node-form button.primary:has-text('保存')").click()
    conflict = second.locator(".conflict")
    expect(conflict).to_contain_text("在您编辑期间被别人改过了")
    expect(conflict).to_contain_text("李华")
    expect(second.locator("#w-n-steps-1-card-input")).to_have_value("拔掉电器插头，防止来电时损坏机器。")
    expect(second.locator("#w-n-steps-0-text-input")).to_have_value("工作中出现停电及时打电话通知总务处维修。")
    # only the first changed this one: the form took it
    expect(second.locator("#w-n-steps-0-card-input")).to_have_value("立即打电话通知总务科维修，并报告科室负责人。")
    expect(second.locator(".theirs-panel")).to_contain_text("拔掉电脑、复印机的电源插头。")  # theirs, read-only
    _shot(second, shots, "conflict-390")
    second.locator("form.node-form button.primary:has-text('保存')").click()
    expect(second.locator(".outline-panel .ok")).to_contain_text("已保存")
    text = (live.root / "source" / "H-J-YA-028.yaml").read_text("utf-8")
    assert "立即打电话通知总务科维修，并报告科室负责人。" in text  # the first's, merged
    assert "工作中出现停电及时打电话通知总务处维修。" in text and "拔掉电器插头，防止来电时损坏机器。" in text
    assert git(live.root, "log", "-2", "--format=%an").split() == ["王一", "李华"]
    assert not first_problems and not second_problems, (first_problems, second_problems)
    first_context.close()
    second_context.close()
