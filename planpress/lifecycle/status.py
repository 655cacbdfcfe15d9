"""`planpress status`: where each document stands, in words an editor and an approver act on."""

from __future__ import annotations

import datetime as dt

from ..model import Document, Project, State
from ..problems import Problem
from . import history


def report(project: Project, doc: Document, today: dt.date, problems: list[Problem]) -> str:
    lines = [f"{doc.number}《{doc.title}》"]
    current = project.current(doc.number)
    working_is_current = current is not None and current.version == doc.version and doc.is_released
    lines.append(f"  工作副本  {doc.version}  {_state(doc)}（{doc.source.name}）")
    lines.append(f"  内容指纹  {doc.short_fingerprint}")
    if not doc.is_released:
        effective = str(doc.effective) if doc.effective else "未填写（审批前须填写）"
        lines.append(f"  生效日期  {effective}")
    lines.append("  审批：")
    for signatory in doc.signatories:
        lines.append(f"    {_pad(signatory.role, 10)}{signatory.title} {signatory.name}：{_approval(doc, signatory.role)}")
    if doc.release is not None and doc.release.version == doc.version:
        lines.append(f"  发布签名  {_release(doc.release)}")
    if current is None:
        lines.append("  现行版本  无（还没有生效的版本）")
    else:
        review = f"下次评审 {current.review_due}" + ("（已逾期）" if current.review_overdue(today) else "")
        where = "即工作副本" if working_is_current else f"存档 {current.release.path.parent.name}/{current.release.path.name}"
        lines.append(f"  现行版本  {current.version}  {current.effective} 起生效；{review}（{where}）")
    pending = [d for d in project.history(doc.number) if d.state is State.APPROVED]
    for version in pending:
        lines.append(f"  待生效    {version.version}  已发布，{version.effective} 起生效")
    releases = project.history(doc.number)
    paper = project.paper_versions(doc.number)
    if releases or paper:
        lines.append("  历史版本：")
        for version in releases:
            lines.append(f"    {version.version}  {version.state.value}  发布于 {version.release.released}，"
                         f"生效 {version.effective}（{version.release.path.name}）")
        for row in reversed(paper):
            lines.append(f"    {row.version}  纸质版本  修订于 {row.date}：{row.description}（planpress 之前发布，没有 PDF）")
    for problem in problems:
        lines.append(f"  {problem.severity.value}：{problem.message}")
    lines.append(f"  下一步：{_next_step(project, doc, today)}")
    return "\n".join(lines) + "\n"


def _state(doc: Document) -> str:
    state = doc.state
    if state is State.APPROVED and doc.is_released:
        return f"已批准（已发布，{doc.effective} 起生效）"
    if state is State.APPROVED:
        return "已批准（尚未发布）"
    if state is State.DRAFT and doc.is_released:
        return "草稿（已发布，但审批或发布签名不能通过验证，见下面的错误）"
    if state is State.DRAFT and doc.release is not None and doc.release.version == doc.version:
        return "草稿（已发布的版本被改动过，须先 revise）"
    if state is State.DRAFT and doc.revisions and doc.revisions[-1].version == doc.version and not doc.is_released:
        return f"草稿（修订中：{doc.revisions[-1].description}）"
    return state.value


def _approval(doc: Document, role: str) -> str:
    approval = doc.approval(role)
    if approval is None:
        return "未审批"
    if approval.kind == "paper":
        said = f"纸质签批 {approval.date}（原件：{approval.original}）"
    elif approval.kind == "signed" and approval.signed_at is not None:
        said = f"电子签名 {approval.signed_at.isoformat()} {approval.meaning}"
    elif approval.kind == "signed":
        said = "电子签名"
    else:
        said = f"手写的姓名和日期 {approval.name} {approval.date or ''}".rstrip()
    if approval.counts:
        if approval.kind != "signed":
            return f"{said}，已转录发布"
        stamped = f"（可信时间 {approval.timestamp:%Y-%m-%d %H:%M:%S}）" if approval.timestamp else "（没有可信时间戳）"
        return f"{said}，签名有效，与当前内容一致{stamped}"
    if approval.findings:
        return f"{said}，不算数：{approval.findings[0].message}"
    return f"{said}，不算数（发布签名无效）"


def _release(release) -> str:
    if release.verified:
        witness = f"，核对：{release.witness}" if release.witness else ""
        stamped = f"（可信时间 {release.timestamp:%Y-%m-%d %H:%M:%S}）" if release.timestamp else "（没有可信时间戳）"
        return f"{release.signer} {release.signed_at.isoformat()} {release.meaning}，签名有效{witness}{stamped}"
    why = release.findings[0].message if release.findings else "无法验证"
    return f"无效：{why}"


def _next_step(project: Project, doc: Document, today: dt.date) -> str:
    number = doc.number
    if doc.release is not None and doc.release.version == doc.version and not doc.is_released:
        return f"发布后的内容被改动了：运行 planpress revise {number} --reason \"修订原因\" 形成新版本，或用 git 撤销改动。"
    if doc.is_released and any(f.code == "witness-missing" for f in doc.release.findings):
        return (f"转录还须第二人核对：名册的转录核对人对照纸质原件核对后运行 "
                f"planpress release {number} --transcription --p12 本人证书.p12。")
    if doc.is_released and not doc.in_force:
        previous = project.current(number)
        then = f"，届时 {previous.version} 作废" if previous is not None else ""
        return f"{doc.version} 已发布，将于 {doc.effective} 生效{then}。"
    if doc.is_released:
        current = project.current(number)
        if current is not None and current.review_overdue(today):
            return f"定期评审已逾期：组织评审；需要修改时运行 planpress revise {number} --reason \"修订原因\"。"
        return f"无需操作。需要修改时运行 planpress revise {number} --reason \"修订原因\"。"
    if doc.effective is None:
        return "修改内容并填写生效日期（effective），然后请审批人审批（planpress approve）。"
    waiting = [s for s in doc.signatories if s.role in doc.waiting_roles]
    paper = [s for s in waiting if (doc.approval(s.role) or None) and doc.approval(s.role).kind == "paper"]
    if paper and len(paper) == len(waiting):
        return (f"纸质签批待转录：质量管理科的文件控制员核对纸质原件后运行 "
                f"planpress release {number} --transcription --p12 本人证书.p12。")
    if waiting:
        who = "、".join(f"{s.role}（{s.name}）" for s in waiting)
        command = f"planpress approve {number} --role 角色 --p12 本人证书.p12"
        return (f"请 {who} 确认内容后用本人证书审批：{command}；"
                f"planpress diff {number} 显示与上一版的差别。" if history.last_release(project, number) else
                f"请 {who} 确认内容后用本人证书审批：{command}。")
    return f"审批已齐全：质量管理科的发布人运行 planpress release {number} --p12 本人证书.p12 发布。"


def _pad(text: str, width: int) -> str:
    """Pad to `width` terminal columns; a Chinese character takes two."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)
