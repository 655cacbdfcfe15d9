"""`planpress release`: make an approved version the released one.

Only when every required approval matches the current content. It freezes the version in
source/archive/<number>/<version>.yaml (the document, the contact entries and campuses it shows,
the settings) so it can be rebuilt later whatever changes afterwards; the working copy is not
touched. The version is in force from its effective date; from that day the previous release is
superseded (已作废). Both follow from the files, nothing else is recorded.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..sources.loader import CONFIG_FILE, CONTACTS_FILE
from ..model import Document
from ..render import atomic
from ..sources.yamlsource import read_source
from . import archive, history
from .workspace import check_edit, open_document, refuse


@dataclasses.dataclass(frozen=True)
class Released:
    snapshot: Path
    doc: Document  # the working copy, now released
    previous: Document | None  # the release it replaces (superseded once the new one is in force)


def release(root: Path | str, number: str, before_write=None) -> Released:
    ws = open_document(root, number, "发布")
    doc = ws.doc
    if doc.is_released:
        raise refuse(ws.path, f"{number} {doc.version} 已经发布（{doc.release.released}）。",
                     f"要发布新版本，先运行 planpress revise {number} --reason \"修订原因\"。")
    reasons = [f"缺少{role}的审批" for role in doc.missing_approvals]
    reasons += [f"{a.role} {a.name} 的审批已失效（批准后内容已修改）" for a in doc.stale_approvals]
    reasons += [f"{a.role} {a.name} 的审批没有内容指纹（不是 planpress approve 写入的）" for a in doc.unbound_approvals]
    if reasons:
        raise refuse(ws.path, f"{number} {doc.version} 不能发布：{'；'.join(reasons)}。",
                     f"每个审批人确认当前内容后运行 planpress approve {number} --role 角色 --name 姓名；"
                     f"planpress status {number} 显示审批情况。", "approvals")
    if doc.effective is None:
        raise refuse(ws.path, f"{number} {doc.version} 没有生效日期，不能发布。", "填写 effective 后重新审批。", "effective")
    previous = history.last_release(ws.project, number)
    if previous and doc.effective < previous.effective:
        raise refuse(ws.path, f"生效日期 {doc.effective} 早于上一版 {previous.version} 的生效日期 {previous.effective}。",
                     "改正生效日期（改后需重新审批）。", "effective")

    target = archive.snapshot_path(ws.source_dir, number, doc.version)
    original = ws.path.read_bytes()
    text = archive.snapshot_text(doc, original.decode("utf-8-sig"), read_source(ws.source_dir / CONTACTS_FILE),
                                 read_source(ws.source_dir / CONFIG_FILE), ws.today)
    after = check_edit(ws, {target: text}, "发布")
    released = after.project.document(number)
    if not released.is_released:  # the snapshot must hold exactly what was approved
        raise refuse(target, "冻结的版本与当前内容的指纹不一致，没有发布。", "这是程序的问题，请把这条信息发给维护者。")

    if before_write:
        before_write()
    if target.exists():
        raise refuse(target, f"存档 {target.name} 已经存在，没有覆盖。", "存档只写一次：检查是否已经发布过这个版本。")
    if ws.path.read_bytes() != original:
        raise refuse(ws.path, "文件在命令运行期间被修改了，为免发布未审批的内容，这次没有发布。",
                     "保存并关闭编辑器里的这个文件，确认内容后重新运行。")
    atomic.write_text(target, text)
    return Released(target, released, previous)
