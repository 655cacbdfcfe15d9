"""A blank form on the site. In the document page: its parts (fields, checkboxes, the grid with its
merged header cells, opinion blocks, notes), as the PDF prints them, and a link to its printable
page; the printable page (site/form_page.py) shows the form alone, and printing it from the browser
prints only the form (the print rules of planpress.css)."""

from __future__ import annotations

from .. import markdown as md
from .. import paths
from . import render as render_node


def render(page, clause) -> list[str]:
    """A form standing in a clause list: its title, then its parts."""
    form = clause.block
    title = [md.paragraph(f"**{md.text(form.title)}**", clause.anchor, "pp-form-title")] if form.title else \
        [f'<p id="{md.html_text(clause.anchor)}" class="pp-form-anchor"></p>']
    return title + parts(page, form)


def attachment(page, item) -> list[str]:
    form = item.content
    printable = md.link("打印本表", md.relative(page.here, paths.form(page.doc, item)))
    if form.plain:  # the first syntax: the columns, and where to print it from
        pdf = page.downloads.pdf(page.doc)
        where = f"，或从{md.link('受控文件 PDF', md.relative(page.here, pdf.site_path))}打印" if pdf else ""
        return [md.paragraph(f"空白表单（{form.rows} 行）：{printable}{where}。各栏："),
                md.scroll(md.html_table("", "", [md.html_text(c) for c in form.columns],
                                        [[("&nbsp;", 1)] * len(form.columns)], "pp-table pp-form"))]
    return [md.paragraph(f"空白表单：{printable}（浏览器里打印时只印表单本身）。", "", "pp-no-print")] + parts(page, form)


def parts(page, form) -> list[str]:
    """Each part as a block of its own: raw HTML for the fields, checkboxes, grid and opinions;
    a note by the note's own renderer."""
    blocks = []
    for part in form.parts:
        kind = getattr(part, "kind", None)
        if kind == "fields":
            blocks.append(f'<p class="pp-form-fields">{"".join(field(f) for f in part.fields)}</p>')
        elif kind == "choices":
            label = f'<span class="pp-form-field">{md.html_text(part.label)}：</span>' if part.label else ""
            blocks.append(f'<p class="pp-form-choices">{label}{"".join(option(o) for o in part.options)}</p>')
        elif kind == "grid":
            blocks.append(md.scroll(grid(part)))
        elif kind == "opinion":
            space = '<div class="pp-form-space"></div>' * part.lines
            blocks.append(f'<div class="pp-form-opinion"><p>{md.html_text(part.title)}：</p>{space}'
                          f'<p class="pp-form-sign">{"".join(field(f) for f in part.sign)}</p></div>')
        else:  # a note: the note block's renderer
            blocks += render_node(page, part)
    return blocks


def blank(width: float) -> str:
    return f'<span class="pp-form-blank" style="width: {width}em"></span>'


def field(item) -> str:
    if item.options:
        after = " " + "".join(option(o) for o in item.options)
    elif item.date:
        after = f"{blank(3)}年{blank(1.6)}月{blank(1.6)}日"
    else:
        after = blank(item.width)
    return f'<span class="pp-form-field">{md.html_text(item.label)}{after}{md.html_text(item.after)}</span>'


def option(item) -> str:
    extra = blank(item.width) if item.width else ""
    return f'<span class="pp-form-option">□{md.html_text(item.text)}{extra}</span>'


def grid(part) -> str:
    head = "".join(
        "<tr>" + "".join(f"<th{_spans(cell.colspan, cell.rowspan)}>{md.html_text(cell.title)}</th>" for cell in row)
        + "</tr>" for row in part.header)
    printed = "".join("<tr>" + "".join(f"<td{_spans(cell.span, 1)}>{md.html_text(cell.text)}</td>" for cell in row)
                      + "</tr>" for row in part.rows)
    empty = ("<tr>" + "<td></td>" * len(part.leaves) + "</tr>") * part.blank_rows
    return f'<table class="pp-form-grid"><thead>{head}</thead><tbody>{printed}{empty}</tbody></table>'


def _spans(colspan: int, rowspan: int) -> str:
    return (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
