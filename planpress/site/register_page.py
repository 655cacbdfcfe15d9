"""The home page: the document register (受控文件登记表), one row per document: the version in use."""

from __future__ import annotations

import datetime as dt

from .. import dates
from . import markdown as md
from . import paths, prose
from .versions import SiteVersions


def page(view: SiteVersions, today: dt.date) -> str:
    documents = view.shown()
    here = paths.register()
    rows = [(doc.number, [md.link(md.text(doc.number), md.relative(here, paths.document(doc))),
                          md.link(md.text(doc.title), md.relative(here, paths.document(doc))),
                          md.text(doc.category), md.text(doc.version.display),
                          prose.state_cell(doc) + prose.upcoming_note(view.upcoming(doc.number))
                          + broken_note(view, view.broken.get(doc.number)),
                          prose.date_cell(doc.effective), prose.review_cell(doc, today)])
            for doc in documents]
    rows += [(number, [md.text(number), "—", "—", "—", broken_note(view, view.broken[number], shown=False), "—", "—"])
             for number in view.without_version()]
    rows.sort(key=lambda row: row[0])
    overdue = [doc for doc in documents if doc.review_overdue(today)]
    notice = md.admonition("warning", f"{len(overdue)} 个文件的定期评审已逾期",
                           md.text(f"按 {dates.chinese(today)} 计算，见下表“下次评审”一栏。")) if overdue else ""
    broken = md.admonition("danger", f"{len(view.broken)} 个文件的源文件有错误", md.text(
        "这些文件这次没有重新生成：本站显示的是它们上一次正确生成的版本，PDF 和应急处置卡也是上一次的。"
        "下表“状态”一栏标出了它们和第一个错误；运行 planpress check 可看到全部错误和改法。")) if view.broken else ""
    return md.page(
        md.front_matter(outline=False),
        md.heading(1, "受控文件登记表"),
        md.paragraph(f"共 {len(rows)} 个文件，本站只提供每个文件的现行版本。"
                     f"点文件编号或名称查看全文；用右上角的搜索框查找条款、科室、电话或姓名。"
                     f"各文件的历次版本见{md.link('版本历史', md.relative(here, paths.history()))}。"),
        broken,
        notice,
        md.table(["文件编号", "文件名称", "文件类别", "版本/修订", "状态", "生效日期", "下次评审"],
                 [cells for _, cells in rows]),
    )


def broken_note(view: SiteVersions, problems, shown: bool = True) -> str:
    """The mark of a document whose sources have an error: what the site shows, and the first error
    (file:line:column and what is wrong), in bold red with its words (not colour alone)."""
    if not problems:
        return ""
    first = problems[0]
    more = f"，另有 {len(problems) - 1} 个错误" if len(problems) > 1 else ""
    what = "显示上一次正确的版本" if shown else "还没有正确生成过，本站没有它的内容"
    mark = f"**{md.text(f'⚠ 源文件有错误：{what}')}**" + md.attributes("", "pp-broken")
    return f"<br>{mark}<br>{md.text(f'{_where(first.location, view.project.root)}：{first.message}{more}')}"


def _where(location, root) -> str:
    """file:line:column from the project root, whichever folder the build ran in."""
    try:
        shown = location.file.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        shown = location.file.name
    return f"{shown}:{location.line}:{location.column}" if location.line else shown
