"""Chinese page layout: headings never stranded, table rows never split, 附件 on its own page.

These look at WeasyPrint's laid-out pages (what the PDF is drawn from), for the real plan and for
variants made long enough that a page break has to fall somewhere awkward.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from weasyprint.formatting_structure import boxes

import planpress
from conftest import REPO
from planpress.model import Revision, Version
from planpress.pdf import render
from planpress.render import weasy


@pytest.fixture(scope="module")
def project():
    return planpress.load(REPO)


def layout(project, doc):
    return weasy.render(render.html(project, doc), project.root)


def text_blocks(page) -> list[tuple[str, str]]:
    """(tag, class) of the block each line of the page's flow belongs to, top to bottom."""
    found = []

    def walk(box, block):
        if isinstance(box, (boxes.BlockBox, boxes.TableCellBox)) and box.element is not None:
            block = (box.element_tag, box.element.get("class", ""))
        if isinstance(box, boxes.LineBox):
            if any(isinstance(b, boxes.TextBox) and b.text.strip() for b in box.descendants()):
                found.append(block)
            return
        for child in getattr(box, "children", []):
            if isinstance(child, boxes.Box) and child.style["position"] not in ("fixed", "absolute"):
                walk(child, block)

    walk(page._page_box.children[0], None)  # the page's flow, without its margin boxes
    return found


def is_heading(block) -> bool:
    tag, classes = block
    return (tag in ("h2", "h3") and "run-in" not in classes) or "lead" in classes.split()


def test_the_real_plan_has_no_stranded_heading_and_the_appendix_on_its_own_page(project):
    document = layout(project, project.document("H-J-YA-028"))
    pages = [text_blocks(page) for page in document.pages]
    for number, blocks in enumerate(pages, start=1):
        assert not is_heading(blocks[-1]), f"page {number} ends with a heading"
    assert pages[-1][0] == ("h2", "attachment-title")
    assert all(("h2", "attachment-title") not in blocks for blocks in pages[:-1])


def test_no_heading_is_stranded_wherever_the_page_breaks_fall(project):
    doc = project.document("H-J-YA-028")
    pushed = 0
    for extra in range(10):  # lengthen 1 目的 line by line, moving every later page break
        longer = dataclasses.replace(doc, clauses=(
            dataclasses.replace(doc.clauses[0], text=doc.clauses[0].text + "保障病案资料安全。" * 4 * extra),
            *doc.clauses[1:]))
        for number, blocks in enumerate(text_blocks(page) for page in layout(project, longer).pages):
            assert not is_heading(blocks[-1]), f"+{extra} lines: page {number + 1} ends with a heading"
            pushed += is_heading(blocks[0])
    assert pushed > 0  # some heading did start a page: the rule was exercised


def test_table_rows_are_never_split_and_the_header_row_repeats(project):
    doc = project.document("H-J-YA-028")
    many = tuple(Revision(dt.date(2021, 1, 1) + dt.timedelta(days=30 * i), Version("A", i + 1),
                          f"第{i + 1}次修订：" + "根据演练评估结果调整处置流程和联系人，补充停电与漏水场景的细节。" * 3, None)
                 for i in range(40))
    document = layout(project, dataclasses.replace(doc, revisions=many))
    pages_of_row = {}
    revision_pages, revision_headers = set(), 0
    for number, page in enumerate(document.pages):
        for table in page._page_box.children[0].descendants():  # the flow, not the margins
            if not isinstance(table, boxes.TableBox):
                continue
            revisions = "revisions" in table.element.get("class", "")
            for group in table.children:
                for row in group.children:
                    if group.element_tag != "thead":  # the header row repeats, by design
                        pages_of_row.setdefault(id(row.element), set()).add(number)
                    if revisions:
                        revision_pages.add(number)
                        revision_headers += group.element_tag == "thead"
    assert len(revision_pages) >= 3  # the revision table really crosses pages
    assert not [pages for pages in pages_of_row.values() if len(pages) > 1], "a table row was split across pages"
    assert revision_headers == len(revision_pages)  # its header row repeated on every page
