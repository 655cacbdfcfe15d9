"""The printable page of a form attachment: the form alone, with what identifies it on paper (the
document's number, the form's code, the version), and a link back to the document. Printing it
from the browser prints only the form: planpress.css hides the site's header, tabs, footer and the
page's own links when printing."""

from __future__ import annotations

from ..model import Document
from ..model.plaintext import header_label, header_values
from . import blocks
from . import markdown as md
from . import paths


def page(doc: Document, attachment) -> str:
    here = paths.form(doc, attachment)
    block_page = blocks.Page(doc, here, lambda flow: "", None, lambda clause: "")
    document = md.relative(here, paths.document(doc), attachment.anchor)
    identity = [(header_label(doc, "number"), doc.number), ("表单编号", attachment.code),
                (header_label(doc, "version"), header_values(doc)["version"])]
    cells = "".join(f"<th>{md.html_text(label)}</th><td>{md.html_text(value)}</td>" for label, value in identity)
    return md.page(
        md.front_matter(searchable=False, outline=False),  # its text is searched on the document page
        md.paragraph(f"{md.link(md.text(f'{doc.number}《{doc.title}》'), document)} 的附件 {attachment.ordinal}"
                     "。用浏览器的打印（Ctrl+P）打印本页，只印出下面的表单。", "", "pp-no-print"),
        md.heading(1, md.text(attachment.title), "form", "pp-form-heading"),
        f'<table class="pp-form-identity"><tr>{cells}</tr></table>',
        *blocks.renderer("form").parts(block_page, attachment.content),
    )
