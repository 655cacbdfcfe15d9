"""Laying out without WeasyPrint's footnote and note rules (planpress/render/user_agent.py) changes
nothing on the page: the same bytes for a plan's PDF and a card pass; a document that has footnotes
gets WeasyPrint's own sheet and its footnote calls."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

import planpress
from conftest import REPO
from planpress.render import user_agent, weasy
from planpress.render.libraries import import_weasyprint


def _pdf(html: str, root: Path, html_class) -> bytes:
    templates = (root / "templates").resolve()
    from planpress.render.fetcher import ProjectFetcher

    document = html_class(string=html, base_url=templates.as_uri() + "/",
                          url_fetcher=ProjectFetcher([templates])).render()
    return weasy.write_pdf(document)


def test_this_weasyprint_has_the_rules_left_out():
    """Fails when a new WeasyPrint changes its sheet: then every layout would quietly pay for them again."""
    assert user_agent.lean_html_class() is not None


@pytest.fixture(scope="module")
def project():
    return planpress.load(REPO)


@pytest.fixture(scope="module")
def plan_html(project) -> str:
    from planpress.pdf import render

    return render.html(project, project.documents[0])


def test_a_plans_pdf_is_the_same_without_them(plan_html):
    lean = user_agent.html_class(plan_html, REPO / "templates")
    assert lean is user_agent.lean_html_class()
    assert _pdf(plan_html, REPO, lean) == _pdf(plan_html, REPO, import_weasyprint().HTML)


def test_a_card_pass_is_the_same_without_them(project):
    from planpress.cards.compose import compose
    from planpress.cards.content import cards_of

    doc = project.documents[0]
    html = compose(project, doc, cards_of(project, doc), REPO / "build", doc.campuses[0]).html
    assert user_agent.html_class(html, REPO / "templates") is user_agent.lean_html_class()
    assert _pdf(html, REPO, user_agent.lean_html_class()) == _pdf(html, REPO, import_weasyprint().HTML)


FOOTNOTE = ('<html lang="zh-CN"><body><p>正文<span style="float: footnote">脚注的文字</span>。</p></body></html>')


def test_footnotes_get_weasyprints_own_sheet_and_their_calls(tmp_path):
    (tmp_path / "templates").mkdir()
    assert user_agent.html_class(FOOTNOTE, tmp_path / "templates") is import_weasyprint().HTML
    document = pypdfium2.PdfDocument(weasy.write_pdf(weasy.render(FOOTNOTE, tmp_path)))
    text = document[0].get_textpage().get_text_range()
    assert "正文1" in text.replace("\r\n", "") and "1. 脚注的文字" in text.replace("\r\n", "")


def test_a_template_with_footnotes_gets_weasyprints_own_sheet(tmp_path):
    (tmp_path / "templates" / "pdf").mkdir(parents=True)
    (tmp_path / "templates" / "pdf" / "extra.css").write_text(".note { float: footnote; }\n", "utf-8")
    assert user_agent.html_class("<p>正文</p>", tmp_path / "templates") is import_weasyprint().HTML
    (tmp_path / "templates" / "pdf" / "extra.css").write_text("/* no footnotes */ p { color: #111111; }\n", "utf-8")
    assert user_agent.html_class("<p>正文</p>", tmp_path / "templates") is user_agent.lean_html_class()
