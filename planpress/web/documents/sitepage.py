"""A document as staff read it on the site: the site's own page (site/document_page.py) turned into
HTML here, so the application shows the version in force, or the draft, without building the site."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import markdown

from ...builders import BUILD_DIR
from ...model import Document, Project
from ...site import document_page
from ...site.downloads import Downloads
from ...site.versions import SiteVersions

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


def html(project: Project, doc: Document, today: dt.date, *, draft: bool) -> str:
    view = SiteVersions(project, preview=draft)
    text = document_page.page(view, doc, Downloads(Path(project.root) / BUILD_DIR), today)
    text = _FRONT_MATTER.sub("", text)
    return markdown.markdown(text, extensions=["tables", "attr_list", "md_in_html", "admonition", "toc"],
                             extension_configs={"toc": {"permalink": False}}, output_format="html")
