"""`planpress approve`: record that a signatory approved exactly the current content.

The approval carries the content fingerprint, so any later change to what a reader sees makes
it stale (批准后内容已修改). Who may approve in which role comes from the document's
`signatories`; the document must pass `check`, have its effective date, and not be released yet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from pathlib import Path

from ..model import Document
from .workspace import check_edit, open_document, parse_date, refuse
from .yamledit import Edit


@dataclasses.dataclass(frozen=True)
class Approved:
    path: Path
    doc: Document  # as it stands after the approval
    role: str
    name: str
    date: dt.date


def approve(root: Path | str, number: str, role: str, name: str, date: str | None = None,
            before_write=None) -> Approved:
    ws = open_document(root, number, "审批")
    doc = ws.doc
    roles = [s.role for s in doc.signatories]
    signatory = doc.signatory(role)
    if signatory is None:
        close = difflib.get_close_matches(role, roles, n=1, cutoff=0.3)
        guess = f"您是不是要写“{close[0]}”？" if close else ""
        raise refuse(ws.path, f"没有“{role}”这个审批角色。",
                     f"{guess}{number} 的审批角色：{'、'.join(roles)}（见 signatories）。", "role")
    if name != signatory.name:
        raise refuse(ws.path, f"“{role}”应由{signatory.title} {signatory.name} 审批，不是 {name}。",
                     "人员变动时先在 signatories 里改正签署人（这会使审批作废、需重新审批）。", "name")
    if doc.is_released:
        raise refuse(ws.path, f"{number} {doc.version} 已经发布，不能再审批。",
                     f"要修改，先运行 planpress revise {number} --reason \"修订原因\"，改完后再审批新版本。")
    if doc.effective is None:
        raise refuse(ws.path, f"{number} {doc.version} 还没有填写生效日期，不能审批。",
                     "审批批准的内容包括生效日期：先在文件里填写 effective（例如 effective: 2026-12-01），再审批。",
                     "effective")
    day = parse_date(date, ws.path, "--date") or ws.today
    if day > ws.today:
        raise refuse(ws.path, f"批准日期 {day} 晚于今天（{ws.today}），不能预先签署。", "去掉 --date（默认今天），或写今天以前的日期。")

    edit = Edit(ws.path)
    values = {"role": role, "name": name, "date": day, "fingerprint": doc.fingerprint}
    index = next((i for i, a in enumerate(edit.data.get("approvals") or []) if a.get("role") == role), None)
    if index is None:
        edit.append("approvals", values)
    else:
        edit.update_item("approvals", index, {k: v for k, v in values.items() if k != "role"})
    text = edit.text()
    result = check_edit(ws, {ws.path: text}, "审批")
    edit.write(text, before_write)
    return Approved(ws.path, result.project.document(number), role, name, day)
