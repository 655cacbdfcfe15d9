"""Writing plain Markdown safely: text from the sources is always data, never markup.

Only Python-Markdown's standard extensions are used (tables, attr_list, toc, admonition), so the
pages stay portable to another generator.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence

# Characters that are markup anywhere in a line (inline spans, images, attribute lists, table
# cells, ATX closing hashes): a backslash escape, which Python-Markdown removes. Brackets and
# < > & become character references instead: a backslash does not stop "[…]:" at the start of a
# line from being read as a link definition.
_INLINE = re.compile(r"([\\`*_{}|#!])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_BRACKETS = {"[": "&#91;", "]": "&#93;"}
# At the start of a line these begin an ordered or a bulleted list, or a rule.
_LINE_START = re.compile(r"^( ?)(\d+(?=\.)|[-+])")
_SPACES = re.compile(r"[ \t\r\n]+")  # runs collapse as HTML would: no line breaks, no code blocks


def text(value: object) -> str:
    """`value` as literal Markdown text on one line: `<script>` shows as <script>, `*` as *.

    Escapes only what is markup where it stands, so plan text stays readable in the page source.
    """
    value = _SPACES.sub(" ", str(value))
    value = re.sub("[&<>]", lambda m: _ENTITIES[m.group()], value)
    value = _INLINE.sub(r"\\\1", value)
    value = re.sub(r"[\[\]]", lambda m: _BRACKETS[m.group()], value)  # after escaping: they hold a #
    return _LINE_START.sub(lambda m: m.group(1) + _escape_list_marker(m.group(2)), value)


def _escape_list_marker(marker: str) -> str:
    return marker + "\\" if marker[0].isdigit() else "\\" + marker  # 1\. item · \- item


def attributes(anchor: str = "", *classes: str) -> str:
    """An attr_list: `{: #5-5-2 .pp-letter }`; empty when there is nothing to set. A class named
    data-… is a bare attribute instead (data-search-exclude keeps a block out of the search)."""
    parts = ([f"#{anchor}"] if anchor else []) + [c if c.startswith("data-") else f".{c}" for c in classes if c]
    return "{: " + " ".join(parts) + " }" if parts else ""


def link(label: str, target: str, title: str = "") -> str:
    """`label` is Markdown already (escape it with text()); `target` a URL or a relative path."""
    shown_title = f' "{_attribute_text(title)}"' if title else ""
    return f"[{label}]({target}{shown_title})"


def _attribute_text(value: str) -> str:
    """Text for a link title (a tooltip): on one line, without the quote that would end it."""
    return text(value).replace('"', "”")


def tel(number: str) -> str:
    """A phone number that dials when tapped on a phone or softphone."""
    return link(text(number), "tel:" + re.sub(r"[^0-9+]", "", number))


def relative(from_page: str, to_file: str, anchor: str = "") -> str:
    """Link from the Markdown file `from_page` to the file `to_file` (both site-relative), as MkDocs
    resolves links: relative to the linking file, so links validate and survive any base URL."""
    path = posixpath.relpath(to_file, posixpath.dirname(from_page) or ".")
    return path + (f"#{anchor}" if anchor else "")


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> str:
    """A pipe table; cells are Markdown already. `align` is one letter per column: l, c or r.
    Material lets it scroll sideways without a hint on a phone: the site's own tables are
    stacked_table (rows a phone shows as blocks) or scroll() (with the hint)."""
    rule = {"l": ":--", "c": ":-:", "r": "--:"}
    marks = [rule.get(align[i] if i < len(align) else "", "---") for i in range(len(headers))]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def stacked_table(headers: Sequence[str], rows: Iterable[Sequence[str]], *classes: str) -> str:
    """A table that a phone shows one row as a block of "header: value" lines (planpress.css, class
    pp-stack): HTML with md_in_html, each cell Markdown already (links are checked and rewritten by
    MkDocs as in a pipe table) and labelled with its column's header (`headers` are plain text).
    Cells are on lines of their own, so the search's text of a row keeps them apart."""
    labels = [html_text(h) for h in headers]
    head = "".join(f"<th>{h}</th>" for h in labels)
    body = "\n".join(f'<tr markdown="1">\n' + "\n".join(
        f'<td data-label="{labels[i]}" markdown="span">{cell or " "}</td>' for i, cell in enumerate(row)) + "\n</tr>"
        for row in rows)
    names = " ".join(["pp-stack", *classes])
    return (f'<table class="{names}" markdown="1">\n<thead><tr>{head}</tr></thead>\n'
            f'<tbody markdown="1">\n{body}\n</tbody>\n</table>')


def scroll(block: str) -> str:
    """A raw HTML block (a wide table) in a container that scrolls sideways on a narrow screen,
    with a hint above it when it does not fit (planpress.js, planpress.css)."""
    return f'<div class="pp-scroll" tabindex="0" role="region" aria-label="表格（可左右滑动）">{block}</div>'


def heading(level: int, title: str, anchor: str = "", *classes: str) -> str:
    return " ".join(filter(None, ["#" * level, title, attributes(anchor, *classes)]))


def paragraph(body: str, anchor: str = "", *classes: str) -> str:
    """A paragraph; attributes go on a line of their own, as attr_list expects for blocks."""
    return "\n".join(filter(None, [body, attributes(anchor, *classes)]))


def admonition(kind: str, title: str, body: str) -> str:
    indented = "\n".join("    " + line if line else "" for line in body.splitlines())
    return f'!!! {kind} "{title}"\n\n{indented}'


def front_matter(searchable: bool = True, outline: bool = True) -> str:
    """Page metadata: the tabs already list the few top-level pages, so no left sidebar; a page
    without headings has no outline (its table gets the width); a page that is not searchable
    stays out of the search index (Material's search.exclude)."""
    hidden = "  - navigation\n" + ("" if outline else "  - toc\n")
    excluded = "" if searchable else "search:\n  exclude: true\n"
    return f"---\nhide:\n{hidden}{excluded}---"


def page(*blocks: str) -> str:
    """Blocks separated by blank lines; empty blocks dropped."""
    return "\n\n".join(b for b in blocks if b) + "\n"


def nowrap(markdown: str) -> str:
    """Markdown kept on one line (a date in a narrow table column); empty stays empty."""
    return f'<span class="pp-nowrap">{markdown}</span>' if markdown else ""


def image(alt: str, target: str) -> str:
    """An image; `alt` is Markdown text already (escape it with text())."""
    return f"![{alt}]({target})"


def marked(segments: Iterable[tuple[str, str]]) -> str:
    """Text with its edits marked: (op, text) pairs, op "equal", "delete" or "insert"; deleted
    text as <del>, inserted as <ins> (struck through and underlined even without colour). The
    tags are the only markup: every piece of text is escaped with text()."""
    tags = {"delete": "del", "insert": "ins"}
    pieces: list[tuple[str, str]] = []
    for op, value in segments:
        escaped = text(value)
        pieces.append((op, f"<{tags[op]}>{escaped}</{tags[op]}>" if op in tags else escaped))
    joined = []
    for index, (op, piece) in enumerate(pieces):
        replaced = op == "delete" and index + 1 < len(pieces) and pieces[index + 1][0] == "insert"
        joined.append(f'<span class="pp-replaced">{piece}' if replaced else piece)
        if op == "insert" and index and pieces[index - 1][0] == "delete":
            joined.append("</span>")  # old and new side by side, a gap between them (CSS)
    return "".join(joined)


# -- raw HTML blocks (tables with merged cells, flowcharts): Markdown has no colspan or figure ----

def html_text(value: object) -> str:
    """Text for raw HTML: escaped, on one line (a raw HTML block must not contain a blank line)."""
    return html.escape(_SPACES.sub(" ", str(value)), quote=True)


def html_table(anchor: str, caption: str, headers: Sequence[str], rows: Iterable[Sequence[tuple[str, int]]],
               css_class: str) -> str:
    """A table as one raw HTML block; cells are (HTML, colspan) and already escaped."""
    head = "\n".join(f"<th>{h}</th>" for h in headers)
    # A line between cells: the search's text of a row keeps them apart ("3212755 02:00").
    body = "".join("<tr>" + "\n".join(f'<td colspan="{span}">{cell}</td>' if span > 1 else f"<td>{cell}</td>"
                                      for cell, span in row) + "</tr>\n" for row in rows)
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    identity = f' id="{html_text(anchor)}"' if anchor else ""
    return (f'<table{identity} class="{css_class}">{caption_html}'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def html_tel(number: str) -> str:
    return f'<a href="tel:{html_text(re.sub(r"[^0-9+]", "", number))}">{html_text(number)}</a>'
