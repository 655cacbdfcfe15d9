"""The site shows the version in force only, through the whole revision workflow.

Starting from the repository's project built once by `planpress build` (A/0 in force): medical
affairs revises 5.5.2 and 保卫科's number, quality management approves twice and releases, and
the site is built again, as the hospital would with `make`. What is asserted is what a member of
staff sees: the register, the scenario page and its phone numbers, the history, 本版修订内容,
and what the search index holds.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import planpress
from planpress import outputs
from planpress.builders import BUILD_DIR
from planpress.site import searchindex
from sitetools import (DOC, TODAY, approve_and_release, build_everything, cli, copy_built,
                       revise_step_and_phone)

OLD_PHONE, NEW_PHONE = "3216565", "3216566"  # 保卫科, 滨河院区
NEW_WORDING = "要立即组织工作人员转移漏水现场重要资料、贵重物品和电子设备"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The repository's project built once by `planpress build` (A/0 in force). Read only."""
    return build_everything(tmp_path_factory.mktemp("built") / "repo")


def page(root: Path, path: str) -> str:
    return (root / "site" / path / "index.html").read_text("utf-8")


def visible(html: str) -> str:
    """Text as read: tags removed, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def article(html: str) -> str:
    """The visible text of a page's content."""
    return visible(re.search(r"<article.*?</article>", html, re.S).group())


def search_index(root: Path) -> str:
    """Every text the search can find, jieba's zero-width separators removed."""
    return "\n".join(d["title"] + " " + d["text"] for d in searchindex.read(root / "site")).replace("\u200b", "")


def register_row(root: Path) -> str:
    return visible(re.search(r"<tr[^>]*>\s*<td[^>]*><a href=\"H-J-YA-028/\">.*?</tr>", page(root, ""), re.S).group())


def history_row(history: str, version: str) -> str:
    """The row of the history table for `version` ("A / 1"), as HTML."""
    return next(row for row in re.findall(r"<tr[^>]*>.*?</tr>", history, re.S) if visible(row).startswith(version + " "))


def pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path)
    try:
        return "".join(p.get_textpage().get_text_range() for p in document)
    finally:
        document.close()


@pytest.fixture(scope="module")
def released_today(built, tmp_path_factory) -> Path:
    """The full cycle: revise → edit a step and a phone number → approve ×2 → release in force
    today → `planpress build`."""
    root = copy_built(built, tmp_path_factory.mktemp("released") / "repo")
    revise_step_and_phone(root, effective=TODAY)
    approve_and_release(root)
    cli("build", root=root)
    return root


def test_after_the_release_the_register_shows_a1_in_force(released_today):
    row = register_row(released_today)
    assert "A / 1 已生效 2026年11月25日" in row
    assert "A / 0" not in row and "修订中" not in row


def test_the_scenario_page_shows_the_new_step_and_phone_number(released_today):
    water_leak = article(page(released_today, "H-J-YA-028/water-leak/"))
    assert NEW_WORDING in water_leak and "版本/修订 A / 1 · 已生效" in water_leak
    # the card the page offers for printing is the new version's, with the new wording
    card = re.search(r'href="(\.\./cards/H-J-YA-028_A-1_water-leak_binhe\.pdf)"', page(released_today, "H-J-YA-028/water-leak/"))
    card_text = pdf_text(released_today / "site" / "H-J-YA-028" / "water-leak" / card.group(1))
    assert "立即转移现场重要资料、贵重物品和电子设备" in re.sub(r"\s", "", card_text)
    theft = page(released_today, "H-J-YA-028/theft/")
    assert f'href="tel:{NEW_PHONE}"' in theft and OLD_PHONE not in theft
    assert 'src="../cards/H-J-YA-028_A-1_theft_binhe.png"' in theft  # the new version's cards
    contacts = page(released_today, outputs.SITE_CONTACTS_PAGE)
    assert f'href="tel:{NEW_PHONE}"' in contacts and OLD_PHONE not in contacts


def test_the_history_lists_a0_superseded_with_its_pdf(released_today):
    history = page(released_today, outputs.SITE_HISTORY_PAGE)
    a1 = visible(history_row(history, "A / 1"))
    a0_row = history_row(history, "A / 0")
    a0 = visible(a0_row)
    assert "已生效（现行） 2026年11月25日" in a1 and "更新保卫科电话，修改漏水处置步骤" in a1
    assert "本版修订内容" in a1
    assert '<strong class="pp-superseded">已作废</strong>' in a0_row
    assert "2020年8月10日 2026年11月25日 首次发布 PDF（作废）" in a0
    link = re.search(r'<a href="([^"]+)">PDF（作废）</a>', a0_row).group(1)
    served = (released_today / "site" / outputs.SITE_HISTORY_PAGE / link).resolve()
    assert served.name == "H-J-YA-028_A-0.pdf" and served.is_file()
    text = pdf_text(served)
    assert "A / 0" in text and OLD_PHONE in text and NEW_PHONE not in text  # the superseded version itself
    # superseded versions have no pages of their own, and their text is not searchable
    assert "全文" not in a0 and not list((released_today / "site").rglob("A-0/index.html"))
    assert OLD_PHONE not in search_index(released_today)


def test_the_changes_page_shows_the_changed_step_and_phone_number(released_today):
    html = page(released_today, outputs.site_changes_page(planpress.load(released_today).document(DOC)))
    assert "与上一版本 A / 0（已作废）相比。修订原因：更新保卫科电话，修改漏水处置步骤" in article(html)
    assert "<strong>修改</strong> 5.5.2 c.（<a href=\"../../H-J-YA-028/#5-5-2-c\">看本条</a>）" in html
    assert "要<ins>立即</ins>组织工作人员转移漏水现场重要资料、贵重物品<ins>和电子设备</ins>，" in html
    assert "<strong>修改</strong> 突发漏水卡第 3 步（<a href=\"../../H-J-YA-028/water-leak/\">看处置页</a>）" in html
    assert "现场人员：<ins>立即</ins>转移现场重要资料、贵重物品<ins>和电子设备</ins>，指定专人看管<del>，防止丢失</del>。" in html
    assert (f'保卫科：滨河院区 <span class="pp-replaced"><del>{OLD_PHONE}</del><ins>{NEW_PHONE}</ins></span>，'
            "大学院区 3212755") in html
    # linked from the document page and the history page
    assert 'href="../history/H-J-YA-028/">本版修订内容</a>' in page(released_today, "H-J-YA-028/")
    assert 'href="H-J-YA-028/">本版修订内容</a>' in page(released_today, outputs.SITE_HISTORY_PAGE)
    assert not [d for d in searchindex.read(released_today / "site") if d["location"].startswith("history/H-J-YA-028/")], \
        "the page is out of the search: the text it shows as deleted is not in force"


def test_a_release_with_a_future_effective_date_leaves_a0_on_the_site(built, tmp_path):
    root = copy_built(built, tmp_path / "repo")
    revise_step_and_phone(root, effective="2026-12-01")
    approve_and_release(root)
    cli("build", "--only", "site", root=root)
    assert "A / 0 已生效（A / 1 将于 2026年12月1日生效） 2020年8月10日" in register_row(root)
    assert_a0_is_what_staff_see(root)
    document = article(page(root, "H-J-YA-028/"))
    assert "新版本尚未生效 A / 1 将于 2026年12月1日生效。在新版本生效之前，本页的 A / 0 是现行版本" in document
    history = page(root, outputs.SITE_HISTORY_PAGE)
    a1 = visible(history_row(history, "A / 1"))
    assert "已批准（待生效） 2026年12月1日 — 更新保卫科电话，修改漏水处置步骤 尚未生效" in a1

    cli("build", "--only", "site", root=root, today="2026-12-01")  # the day it takes effect
    assert "A / 1 已生效 2026年12月1日" in register_row(root)
    assert f'href="tel:{NEW_PHONE}"' in page(root, "H-J-YA-028/theft/")


def test_a_revision_in_progress_is_named_but_not_shown(built, tmp_path):
    root = copy_built(built, tmp_path / "repo")
    revise_step_and_phone(root, effective="2026-12-01")
    cli("build", "--only", "site", root=root)
    assert "A / 0 已生效（A / 1 修订中） 2020年8月10日" in register_row(root)
    assert_a0_is_what_staff_see(root)
    assert "本文件正在修订 A / 1 修订中。" in article(page(root, "H-J-YA-028/"))
    history = page(root, outputs.SITE_HISTORY_PAGE)
    a1 = visible(history_row(history, "A / 1"))
    assert "草稿（修订中） 2026年12月1日 — 更新保卫科电话，修改漏水处置步骤 尚未生效" in a1
    assert "H-J-YA-028_A-1" not in history


def assert_a0_is_what_staff_see(root: Path) -> None:
    """The document, scenario and contacts pages and the search show A/0, its number and its cards."""
    site = root / "site"
    document = page(root, "H-J-YA-028/")
    assert re.search(r'<td data-label="版本/修订">A / 0</td>', document) and "转移漏水现场重要资料、贵重物品，" in document
    assert NEW_WORDING not in document and "H-J-YA-028_A-1" not in document
    assert 'href="H-J-YA-028_A-0.pdf"' in document
    theft = page(root, "H-J-YA-028/theft/")
    assert f'href="tel:{OLD_PHONE}"' in theft and NEW_PHONE not in theft
    assert "版本/修订 A / 0 · 已生效" in article(theft)
    assert 'src="../cards/H-J-YA-028_A-0_theft_binhe.png"' in theft
    contacts = page(root, outputs.SITE_CONTACTS_PAGE)
    assert f'href="tel:{OLD_PHONE}"' in contacts and NEW_PHONE not in contacts
    index = search_index(root)
    assert NEW_PHONE not in index and NEW_WORDING not in index and OLD_PHONE in index
    assert not any(NEW_PHONE in p.read_text("utf-8") for p in site.rglob("*.html"))
    assert (root / BUILD_DIR / DOC / "cards" / "H-J-YA-028_A-0_theft_binhe.png").is_file()
