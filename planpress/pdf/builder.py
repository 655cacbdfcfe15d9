"""The `pdf` builder: build/<number>/<number>_<version>.pdf for every version of each document.

A document has one PDF per version in `Project.editions`: each released version (作废 on every
page once superseded, 受控 on page 1 while in force, unmarked while it waits for its effective
date) and the working copy while it is a revision in progress (草稿 until approved). An archived
version is rendered with the settings frozen at its release (`Project.config_for`), so its fonts
are resolved and its characters checked against those fonts, not today's. A PDF whose inputs
have not changed since it was written is kept as it is (`freshness`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..builders import BuildOptions
from ..model import Document, Project
from ..outputs import pdf_path
from ..problems import SourceError
from ..render import atomic, worker
from . import fonts, freshness, render

NO_HB_SUBSET = ("planpress：警告：没有加载 HarfBuzz 的字体子集库 hb-subset（Debian 软件包 libharfbuzz-subset0），"
                "PDF 改用 fontTools 截取字体，生成会慢几十倍。\n"
                "    怎么改：运行 make（以 root 身份会自动安装），或 apt-get install libharfbuzz-subset0；"
                "planpress doctor 可查看本机的字体和排版组件。")


FROZEN_UNPRINTABLE = ("planpress：警告：{number} {version} 是已发布的版本，{first}存档不能修改，所以不生成这一版的 PDF"
                      "（原有的 PDF 保留，其他版本照常生成）。\n"
                      "    怎么改：planpress check 的警告指出了这个字符；要印出这一版，换用包含这个字的字体；"
                      "否则发布一个不含它的新版本取代这一版。")


def build(project: Project, documents: tuple[Document, ...], options: BuildOptions) -> list[Path]:
    try:
        return _build(project, documents, options)
    finally:
        worker.stop()  # the helper process `planpress build` may have started for this build


def versions(project: Project, documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Every version of the selected documents that has a PDF, oldest first per document."""
    return tuple(version for doc in documents for version in project.editions(doc.number))


def _build(project: Project, documents: tuple[Document, ...], options: BuildOptions) -> list[Path]:
    pages = _prepare(project, versions(project, documents), options)
    stale = [(doc, page, inputs) for doc, page, inputs in pages
             if not freshness.up_to_date(project.root, pdf_path(options.out, doc), inputs)]
    if stale and not worker.hb_subset_loaded():
        print(NO_HB_SUBSET, file=sys.stderr)
    _render(project, stale, options)
    return [pdf_path(options.out, doc) for doc, _, _ in pages]


def _prepare(project: Project, docs: tuple[Document, ...], options: BuildOptions) -> list[tuple[Document, str, str]]:
    """(version, HTML, digest of its inputs) for each version, after every check: fonts found and
    covering every character. One bad version stops them all, with the problems of every version."""
    pages, problems = [], []
    for doc in docs:
        try:
            faces = fonts.resolve(project.config_for(doc))
            missing = fonts.coverage_problems(project, doc, faces)
            if missing and (doc.archived or doc.is_released):
                # A release cannot be edited: one that holds a character its fonts lack (released
                # before `check` refused it) is left out, so it cannot stop every later build.
                print(FROZEN_UNPRINTABLE.format(number=doc.number, version=doc.version,
                                                first=missing[0].message), file=sys.stderr)
                continue
            if missing:
                raise SourceError(missing)
            page = render.html(project, doc)
        except SourceError as exc:
            problems += [p for p in exc.problems if p not in problems]
            continue
        pages.append((doc, page, freshness.inputs_digest(project.root, page, faces.all, pdfa=options.pdfa)))
    if problems:
        raise SourceError(problems)
    return pages


def _render(project: Project, pages: list[tuple[Document, str, str]], options: BuildOptions) -> None:
    written = {}
    try:
        for doc, page, inputs in pages:
            path = pdf_path(options.out, doc)
            data = render.pdf_from_html(project, page, pdfa=options.pdfa)
            atomic.write_bytes(path, data)  # a full or read-only disk: planpress.cli says so (atomic.disk_problem)
            written[path] = (inputs, data)
    finally:
        freshness.record(project.root, written)  # what was written stays known even if a later one fails
