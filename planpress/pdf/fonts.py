"""The PDF's fonts: the families named in source/planpress.yaml, found and proven sufficient.

Three roles: body (正文), heading (标题: section headings, table headers) and title (文件名称).
Before anything is rendered, each role's family must be installed, and must cover every character
it will print; otherwise Pango would quietly borrow another font, or print a tofu box.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from ..model import Config, Document, Project
from ..problems import Location, Problem, SourceError, error
from ..render.fonts import FontFace, FontNotFound, find_font, uncovered
from ..render import TEMPLATES_DIR

ROLES = {"body": "正文", "heading": "标题", "title": "文件名称"}
TEMPLATE_FILES = ("pdf/document.html", "pdf/clauses.html", "pdf/document.css")


@dataclasses.dataclass(frozen=True)
class PdfFonts:
    body: FontFace
    heading: FontFace
    title: FontFace

    @property
    def all(self) -> tuple[FontFace, ...]:
        return (self.body, self.heading, self.title)


def resolve(config: Config) -> PdfFonts:
    """The installed face of each configured family; a Chinese error at the config line if not."""
    faces, problems = {}, []
    for role, label in ROLES.items():
        family = getattr(config.fonts, role)
        try:
            faces[role] = find_font(family)
        except FontNotFound as exc:
            substitute = f"本机只会用“{exc.found}”代替，" if exc.found else ""
            problems.append(error(
                config.location(f"fonts.{role}"), f"fonts.{role}",
                f"找不到{label}字体“{family}”：{substitute}PDF 的字体就不对了。",
                "先在本机安装这个字体（安装后运行 fc-cache），或检查名称是否与 fc-list 列出的字体族名称完全一致"
                "（运行 fc-list :lang=zh family 查看已安装的中文字体；默认用 Noto Serif CJK SC 和 Noto Sans CJK SC）。"))
    if problems:
        raise SourceError(problems)
    return PdfFonts(**faces)


def check_coverage(project: Project, doc: Document, fonts: PdfFonts) -> None:
    """Every character each role prints is in that role's font; else a problem where it is written.
    `fonts` are those of `project.config_for(doc)`: an archived version keeps its own."""
    problems = coverage_problems(project, doc, fonts)
    if problems:
        raise SourceError(problems)


def coverage_problems(project: Project, doc: Document, fonts: PdfFonts) -> list[Problem]:
    """The problems check_coverage raises (also run by `planpress check`: planpress.render.checkfonts)."""
    config = project.config_for(doc)
    problems: list[Problem] = []
    problems += uncovered(doc.texts(), [fonts.body])
    problems += uncovered(_heading_texts(project, doc), [fonts.heading])
    problems += uncovered([(doc.title, doc.field_locations["title"])], [fonts.title])
    # The form's own words (labels, page footer, marks) are fixed; only the font can be changed.
    fixed = list(_template_texts(project, doc))
    problems += uncovered(_at(fixed, config.location("fonts.body")), [fonts.body])
    problems += uncovered(_at(fixed, config.location("fonts.heading")), [fonts.heading])
    return problems


def _heading_texts(project: Project, doc: Document) -> Iterator[tuple[str, Location]]:
    for top in doc.clauses:
        for clause in top.walk():
            if clause.kind in ("section", "clause", "revisions", "approvals") and clause.title:
                yield clause.heading, clause.location
    for attachment in doc.attachments:
        yield f"{attachment.code}{attachment.title}", attachment.location
    for campus in doc.campuses:  # column headers of the contact table
        yield campus.name, Location(project.directory.path)


def _template_texts(project: Project, doc: Document) -> Iterator[str]:
    """The words of the form: the templates' own text and the labels the view adds."""
    from .view import fixed_labels

    for name in TEMPLATE_FILES:
        path = project.root / TEMPLATES_DIR / name
        if path.is_file():
            yield "".join(re.findall(r"[^\x00-\x7f]", path.read_text("utf-8")))
    yield from fixed_labels(doc)


def _at(texts: Iterable[str], location: Location) -> list[tuple[str, Location]]:
    return [(text, location) for text in texts]
