"""`planpress revise`: start the next version of a released document.

A/0 → A/1 (or → B/0 with major=True): the version steps, a revision-record row is added (date,
new version, reason, by whom), the revision date is set, the effective date is emptied (it is
decided for the new version, before approval) and the approvals are cleared, the released
version's approvals staying in its archive snapshot. State goes back to 草稿.

A revision starts from a released version. Conflicts that stop it, with nothing written:
  - a revision is already in progress (the working copy's version was never released);
  - the archive no longer holds exactly what was released (the history would be lost);
  - the file changed on disk while the command ran (an editor saved it meanwhile).
Edits made to the released version before running revise are not a conflict: the released
content is safe in the archive, so they simply become part of the new version (diff shows them).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..locks import document_lock
from . import checks
from ..model import Version
from . import history
from .workspace import check_edit, open_document, refuse
from .yamledit import Edit


@dataclasses.dataclass(frozen=True)
class Revised:
    path: Path
    old: Version
    new: Version
    carried_edits: bool  # the released version had been edited before revise: those edits are in the new one


def revise(root: Path | str, number: str, reason: str, *, major: bool = False, by: str | None = None,
           before_write=None) -> Revised:
    with document_lock(root, number, "planpress revise"):
        return _revise(root, number, reason, major, by, before_write)


def _revise(root, number: str, reason: str, major: bool, by: str | None, before_write) -> Revised:
    ws = open_document(root, number, "修订", lifecycle=False)
    doc = ws.doc
    reason = " ".join((reason or "").split())
    if not reason:
        raise refuse(ws.path, "没有写修订原因。", f"例如 planpress revise {number} --reason \"更新保卫科电话\"。", "reason")
    last = history.last_release(ws.project, number)
    if last is None:
        raise refuse(ws.path, f"{number} 还没有发布过，不需要 revise。",
                     "首版直接修改 source/ 里的文件即可；审批后用 planpress release 发布。")
    if doc.version != last.version:
        raise refuse(ws.path, f"{number} 已经在修订中：{doc.version} 还没有发布（最近发布的是 {last.version}）。",
                     f"直接修改 {ws.path.name} 即可；改完后审批（planpress approve）再发布（planpress release）。", "version")
    broken = [p for s in ws.project.history(number) for p in checks.check_snapshot(s)]
    if broken:
        raise refuse(ws.path, f"{number} 的存档与发布记录不一致，修订会丢失已发布版本的依据，所以没有修订。",
                     "先用 git 恢复存档文件（见下面的错误），再运行 revise。", details=broken)

    new = doc.version.next(major=major)
    edit = Edit(ws.path)
    edit.set("version", str(new))
    edit.set("revised", ws.today, after="effective")
    edit.set("effective", None)
    edit.append("revisions", {"date": ws.today, "version": str(new), "description": reason, "by": by or doc.owner})
    edit.clear("approvals")
    edit.remove("released_as")  # the record of the last release; the revision record now shows it
    text = edit.text()
    check_edit(ws, {ws.path: text}, "修订")
    edit.write(text, before_write)
    return Revised(ws.path, doc.version, new, carried_edits=doc.fingerprint != last.fingerprint)
