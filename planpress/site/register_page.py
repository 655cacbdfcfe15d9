"""The home page: the document register (受控文件登记表), one row per document: the version in use.

Staff see no editor's errors here: a document whose sources have an error shows its last good
version like any other (the editors find the error in `planpress check` and in the application),
and one that never had a good version is not listed. On a phone each row is a block of
"header: value" lines (markdown.stacked_table). The page is left out of the search: every row's
number and title are found on the document's own page.
"""

from __future__ import annotations

import datetime as dt

from .. import dates
from . import markdown as md
from . import paths, prose
from .versions import SiteVersions

COLUMNS = ["文件编号", "文件名称", "文件类别", "版本/修订", "状态", "生效日期", "下次评审"]


def page(view: SiteVersions, today: dt.date) -> str:
    documents = view.shown()
    here = paths.register()
    rows = [[md.link(md.text(doc.number), md.relative(here, paths.document(doc))),
             md.link(md.text(doc.title), md.relative(here, paths.document(doc))),
             md.text(doc.category), md.nowrap(md.text(doc.version.display)),
             prose.state_cell(doc) + prose.upcoming_note(view.upcoming(doc.number)),
             prose.date_cell(doc.effective), prose.review_cell(doc, today)]
            for doc in sorted(documents, key=lambda d: d.number)]
    overdue = [doc for doc in documents if doc.review_overdue(today)]
    notice = md.admonition("warning", f"{len(overdue)} 个文件的定期评审已逾期",
                           md.text(f"按 {dates.chinese(today)} 计算，见下表“下次评审”一栏。")) if overdue else ""
    return md.page(
        md.front_matter(searchable=False, outline=False),
        md.heading(1, "受控文件登记表"),
        md.paragraph(f"共 {len(rows)} 个文件，本站只提供每个文件的现行版本。"
                     f"点文件编号或名称查看全文；用上方的搜索框查找条款、科室、电话或姓名，"
                     f"也可以直接搜发生的事，例如“着火了”“水管爆了”。"
                     f"各文件的历次版本见{md.link('版本历史', md.relative(here, paths.history()))}。"),
        notice,
        md.stacked_table(COLUMNS, rows, "pp-register"),
    )
