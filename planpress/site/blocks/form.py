"""A blank form attachment on the site: its columns, and where to print it from (the PDF)."""

from __future__ import annotations

from .. import markdown as md


def attachment(page, item) -> list[str]:
    form = item.content
    pdf = page.downloads.pdf(page.doc)
    where = f"，从{md.link('受控文件 PDF', md.relative(page.here, pdf.site_path))}打印" if pdf else ""
    table = md.html_table("", "", [md.html_text(c) for c in form.columns], [[("&nbsp;", 1)] * len(form.columns)],
                          "pp-table pp-form")
    return [md.paragraph(f"空白表单（{form.rows} 行）{where}。各栏："), md.scroll(table)]
