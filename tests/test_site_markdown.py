"""Text from the sources through the site's Markdown escaping comes out exactly as written."""

from __future__ import annotations

import html
import random
import re

import markdown
import pytest

from planpress.site import markdown as md
from planpress.site import phones

ALPHABET = list("\\`*_{}[]()#+-.!|<>&;:\"'=~^$%@/") + ["  ", "\n", "\n\n", "    ", "1.", "2) ", "---",
                                                      "!!! ", "&lt;", "&amp;", "<script>", "</p>", "病案",
                                                      "“119”", "a", "7", "\u3000"]


def render(source: str) -> str:
    return markdown.markdown(source, extensions=["tables", "attr_list", "admonition", "toc", "md_in_html"])


def visible(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()


def collapsed(value: str) -> str:
    """What a browser shows: runs of spaces and line breaks are one space."""
    return re.sub(r"[ \t\r\n]+", " ", value)


def samples(count: int) -> list[str]:
    generator = random.Random(20200810)
    return ["".join(generator.choice(ALPHABET) for _ in range(generator.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize("value", samples(400))
def test_escaped_text_renders_literally_in_every_place_the_site_uses_it(value):
    escaped = md.text(value)
    assert "\n" not in escaped
    shown = collapsed(value)
    assert visible(render(md.paragraph(escaped))) == shown.strip()
    assert visible(render(md.paragraph("前缀" + escaped + md.link("链接", "x.md")))) == ("前缀" + shown + "链接").strip()
    if shown.strip():
        assert visible(render(md.heading(4, escaped, "anchor"))) == shown.strip()
    for table in (md.table(["栏"], [[escaped or " "]]), md.stacked_table(["栏"], [[escaped or " "]])):
        assert visible(render(table).split("<tbody>")[1]) == shown.strip()  # a pipe table's cell, an HTML table's
    assert visible(render(md.paragraph(phones.markdown(value)))) == shown.strip()  # numbers as tel: links
    label = escaped if shown.strip() else "x"
    link = render(md.paragraph(md.link(label, "../contacts/#it", title=value)))
    assert link.count("<a ") == 1 and visible(link) == (shown.strip() or "x")
    title = html.unescape(re.search(r' title="([^"]*)"', link).group(1))
    assert " ".join(title.split()) == " ".join(shown.replace('"', "”").split())  # a tooltip: any space is one space


def test_markup_never_survives():
    rendered = render(md.paragraph(md.text('<script>alert(1)</script> <img src=x onerror="alert(2)">')))
    assert "<script" not in rendered and "<img" not in rendered
    assert visible(rendered) == '<script>alert(1)</script> <img src=x onerror="alert(2)">'


def test_plan_text_stays_readable():
    assert md.text("H-J-YA-028 《医疗机构管理条例》（试行）") == "H-J-YA-028 《医疗机构管理条例》（试行）"
    assert md.text("1. 保护") == "1\\. 保护" and md.text("- 保护") == "\\- 保护"
    assert md.text("[附件]: 见下") == "&#91;附件&#93;: 见下"


@pytest.mark.parametrize("seed", range(60))
def test_marked_edits_render_literally_inside_their_marks(seed):
    generator = random.Random(seed)
    segments = [(generator.choice(["equal", "delete", "insert"]), value) for value in samples(200)[seed:seed + 4]]
    rendered = render(md.paragraph("前缀" + md.marked(segments)))
    assert collapsed(visible(rendered)) == collapsed("前缀" + "".join(value for _, value in segments)).strip()
    for tag, op in (("del", "delete"), ("ins", "insert")):
        shown = [visible(inner) for inner in re.findall(rf"<{tag}>(.*?)</{tag}>", rendered, re.S)]
        assert shown == [collapsed(value).strip() for o, value in segments if o == op]
    assert "<script" not in rendered and "<img" not in rendered
