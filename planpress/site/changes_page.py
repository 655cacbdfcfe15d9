"""本版修订内容: what the version staff use changed from the previous released version.

The comparison is planpress.model.diff.compare (the same as `planpress diff`): clauses matched
by their text, added / removed / changed / moved, with the edits inside a changed text marked
character by character; then the contact appendix, the wording of the cards and the header. The
page is kept out of the search: the text it shows as deleted is no longer in force.
"""

from __future__ import annotations

from .. import dates
from ..model.diff import AREAS, Change, DocumentDiff, compare
from ..model import Document, State
from . import markdown as md
from . import paths
from .history_page import reason
from .versions import SiteVersions

# The order of the sections: what staff act on first; the header (version, dates) last.
SECTIONS = ("clause", "appendix", "card", "header")


def page(view: SiteVersions, doc: Document) -> str:
    here = paths.changes(doc)
    previous = view.previous_release(doc)
    document = md.link(md.text(f"{doc.number}《{doc.title}》"), md.relative(here, paths.document(doc)))
    history = md.link("版本历史", md.relative(here, paths.history(), doc.number.lower()))
    blocks = [
        md.front_matter(searchable=False),
        md.heading(1, md.text(f"{doc.number} 本版修订内容")),
        md.paragraph(f"{document} 版本/修订 {md.text(doc.version.display)}（{md.text(_state(doc))}）。"
                     f"各版本见{history}。", "", "pp-source"),
    ]
    if previous is None:
        blocks.append(md.paragraph(md.text(f"本版 {doc.version.display} 是首次发布的版本，没有上一版本可以比较。")))
        return md.page(*blocks)
    diff = compare(previous, doc)
    blocks.append(md.paragraph(md.text(
        f"与上一版本 {previous.version.display}（{previous.state.value}）相比。修订原因：{reason(doc) or '（修订记录未写明）'}")))
    blocks.append(md.paragraph("删去的文字<del>划线</del>，新加的文字<ins>加下划线</ins>。", "", "pp-legend"))
    for area in SECTIONS:
        changes = [c for c in diff.changes if c.area == area and c in diff.content_changes]
        if changes:
            blocks.append(section(area, changes, here, doc))
    if not diff.content_changes:
        blocks.append(md.paragraph("本版正文、附件和应急处置卡的内容没有改动（只更新了版本信息）。"))
    blocks.append(version_table(diff, previous, doc))
    return md.page(*blocks)


def _state(doc: Document) -> str:
    if doc.state is State.EFFECTIVE:
        return f"{dates.chinese(doc.effective)}起生效"
    return doc.state.value


def section(area: str, changes: list[Change], here: str, doc: Document) -> str:
    blocks = [md.heading(2, AREAS[area], f"changes-{area}")]
    for change in changes:
        blocks.append(change_block(change, here, doc))
    return md.page(*blocks).rstrip("\n")


def change_block(change: Change, here: str, doc: Document) -> str:
    label = f"**{md.text(change.kind_text)}** {md.text(change.label)}"
    if change.anchor and change.kind != "removed":
        if change.area == "clause":
            label += "（" + md.link("看本条", md.relative(here, paths.document(doc), change.anchor)) + "）"
        elif scenario := next((s for s in doc.scenarios if s.anchor == change.anchor), None):
            label += "（" + md.link("看处置页", md.relative(here, paths.scenario(doc, scenario.key))) + "）"
    return md.page(md.paragraph(label, "", "pp-change"),
                   md.paragraph(md.marked(_segments(change)), "", "pp-diff")).rstrip("\n")


def _segments(change: Change) -> list[tuple[str, str]]:
    if change.segments:
        return [(s.op, s.text) for s in change.segments]
    if change.kind == "added":
        return [("insert", change.new_text or "")]
    if change.kind == "removed":
        return [("delete", change.old_text or "")]
    if change.kind == "changed":  # a short header value: shown whole, old then new
        return [("delete", change.old_text or ""), ("insert", change.new_text or "")]
    return [("equal", change.new_text or "")]  # moved, text unchanged


def version_table(diff: DocumentDiff, previous: Document, doc: Document) -> str:
    """The header fields that changed (version, dates), old and new side by side."""
    rows = [[md.text(c.label), md.text(c.old_text or "") or "—", md.text(c.new_text or "") or "—"]
            for c in diff.changes if c.area == "header" and c not in diff.content_changes]
    if not rows:
        return ""
    return md.page(
        md.heading(2, "版本信息", "changes-version"),
        md.stacked_table(["项目", previous.version.display, doc.version.display], rows, "pp-narrow"),
    ).rstrip("\n")
