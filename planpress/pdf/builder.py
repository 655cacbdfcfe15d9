"""The `pdf` builder: build/<number>/<number>_<version>.pdf for every version of each document.

A document has one PDF per version in `Project.editions`: each released version (作废 on every
page once superseded, 受控 on page 1 while in force, unmarked while it waits for its effective
date) and the working copy while it is a revision in progress (草稿 until approved). An archived
version is rendered with the settings frozen at its release (`Project.config_for`), so its fonts
are resolved and its characters checked against those fonts, not today's. A PDF whose inputs
have not changed since it was written is kept as it is (`freshness`).

`plan` gives each document's work to `render.jobs`, which lays out the PDFs of every
document on the shared helper processes. A document any of whose versions cannot be made (a font
missing or lacking a character, a template error) keeps all its PDFs as they were; the other
documents are built.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..builders import BuildOptions
from ..render.jobs import Plan, Work, raise_failures, run
from ..model import Document, Project
from ..outputs import pdf_path
from ..problems import SourceError
from ..render import atomic
from . import fonts, freshness, render

NO_HB_SUBSET = ("planpress：警告：没有加载 HarfBuzz 的字体子集库 hb-subset（Debian 软件包 libharfbuzz-subset0），"
                "PDF 改用 fontTools 截取字体，生成会慢几十倍。\n"
                "    怎么改：运行 make（以 root 身份会自动安装），或 apt-get install libharfbuzz-subset0；"
                "planpress doctor 可查看本机的字体和排版组件。")
KIND = "pdf"


FROZEN_UNPRINTABLE = ("planpress：警告：{number} {version} 是已发布的版本，{first}存档不能修改，所以不生成这一版的 PDF"
                      "（原有的 PDF 保留，其他版本照常生成）。\n"
                      "    怎么改：planpress check 的警告指出了这个字符；要印出这一版，换用包含这个字的字体；"
                      "否则发布一个不含它的新版本取代这一版。")


def build(project: Project, documents: tuple[Document, ...], options: BuildOptions) -> list[Path]:
    """Every PDF of `documents`; a SourceError with the problems of every document that failed
    (after the others are written)."""
    return raise_failures(run([plan(project, documents, options)],
                              hb_subset_check(lambda text: print(text, file=sys.stderr))))


def versions(project: Project, documents: tuple[Document, ...]) -> tuple[Document, ...]:
    """Every version of the selected documents that has a PDF, oldest first per document."""
    return tuple(version for doc in documents for version in project.editions(doc.number))


def plan(project: Project, documents: tuple[Document, ...], options: BuildOptions) -> Plan:
    manifest = freshness.Manifest(project.root)
    return Plan(documents, lambda doc: _document_work(project, doc, options, manifest), manifest.save)


def _document_work(project: Project, doc: Document, options: BuildOptions, manifest: freshness.Manifest) -> Work:
    """The PDFs of every version of one document: fresh ones kept, the others to lay out, after
    every check (fonts found and covering every character). One bad version stops them all, with
    the problems of every version."""
    editions = project.editions(doc.number)
    outputs = [pdf_path(options.out, version) for version in editions]
    planned = _planned(project, doc, editions, options, manifest)
    if planned is not None and manifest.kept_document(doc.number, planned) == outputs:
        return Work(doc.number, KIND, outputs)  # its sources unchanged, its PDFs intact: no HTML needed
    stale, problems, skipped = [], [], []
    for version, path in zip(editions, outputs):
        try:
            faces = fonts.resolve(project.config_for(version))
            page = render.html(project, version)
            inputs = manifest.inputs_digest(page, faces.all, pdfa=options.pdfa)
            if manifest.up_to_date(path, inputs):
                continue
            missing = fonts.coverage_problems(project, version, faces)  # what the record proves for a fresh PDF
            if missing and (version.archived or version.is_released):
                # A release cannot be edited: one that holds a character its fonts lack (released
                # before `check` refused it) is left out, so it cannot stop every later build.
                print(FROZEN_UNPRINTABLE.format(number=version.number, version=version.version,
                                                first=missing[0].message), file=sys.stderr)
                skipped.append(path)
                continue
            if missing:
                raise SourceError(missing)
        except SourceError as exc:
            problems += [p for p in exc.problems if p not in problems]
            continue
        stale.append((path, page, inputs))
    if problems:
        return Work(doc.number, KIND, outputs, problems=tuple(problems))
    outputs = [path for path in outputs if path not in skipped]
    if not stale:
        if planned is not None and not skipped:
            manifest.remember_document(doc.number, planned, outputs)
        return Work(doc.number, KIND, outputs)

    jobs = [(render.render_job, render.PdfJob(page, project.root, options.pdfa)) for _, page, _ in stale]
    written = [(path, inputs) for path, _, inputs in stale]  # not the HTML: the jobs hold it until sent

    def finish(results: list[bytes]) -> None:
        for (path, inputs), data in zip(written, results):
            atomic.write_bytes(path, data)  # a full or read-only disk: planpress.cli says so (atomic.disk_problem)
            manifest.remember(path, inputs, data)  # what was written stays known even if a later one fails
        if planned is not None and not skipped:
            manifest.remember_document(doc.number, planned, outputs)

    return Work(doc.number, KIND, outputs, jobs, finish)


def _planned(project: Project, doc: Document, editions, options: BuildOptions,
             manifest: freshness.Manifest) -> str | None:
    """The key of the document's PDFs from its sources' key, or None (no key, or a font missing:
    then the document is planned in full, which reports the problem)."""
    key = options.keys.get(doc.number)
    if key is None:
        return None
    try:
        faces = [face for version in editions for face in fonts.resolve(project.config_for(version)).all]
    except SourceError:
        return None
    return manifest.document_key(key, faces, pdfa=options.pdfa)


def hb_subset_check(warn) -> list:
    """The small job to run before anything is laid out (PDFs and cards both subset their fonts):
    `warn(NO_HB_SUBSET)` when the helpers lack hb-subset. Not run when nothing is laid out."""
    return [(render.hb_subset_job, None, lambda loaded: None if loaded else warn(NO_HB_SUBSET))]
