"""Which released version is in force, which are superseded, and which version each label means."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from ..model import Document, Finding, Project, Version

WORKING = "工作副本"  # the label `diff` and `status` use for source/<number>.yaml


def attach(documents: Iterable[Document], archive: Iterable[Document],
           today: dt.date) -> tuple[tuple[Document, ...], tuple[Document, ...]]:
    """Give every working copy its release (if its version was released) and every archived
    version its place: the latest released version whose effective date has come is in force;
    every older one is superseded (已作废). Each release must commit to the archive before it
    (the signed `previous`): an archive removed, replaced or put out of order is a finding on the
    release after it, which then does not count; so is a paper-approved version that follows one."""
    archive = sorted(archive, key=lambda d: (d.number, d.version.sort_key()))
    placed: list[Document] = []
    for number in dict.fromkeys(d.number for d in archive):
        versions = chained([d for d in archive if d.number == number])
        in_force = [d for d in versions if d.effective and d.effective <= today]
        current = in_force[-1].version.sort_key() if in_force else None
        placed += [dataclasses.replace(d, as_of=today,
                                       superseded=current is not None and d.version.sort_key() < current)
                   for d in versions]
    releases = {(d.number, d.version): d.release for d in placed}
    working = tuple(dataclasses.replace(d, as_of=today, release=releases.get((d.number, d.version)))
                    for d in documents)
    return working, tuple(placed)


def last_release(project: Project, number: str) -> Document | None:
    history = project.history(number)
    return history[-1] if history else None


def resolve(project: Project, number: str, label: str | None) -> Document | None:
    """A version by its label: "A/0", "A-0", or 工作副本/working for the working copy."""
    if label is None:
        return None
    if label in (WORKING, "working", "work", "当前"):
        return project.document(number)
    try:
        version = Version.parse(label.replace("-", "/").replace(" ", ""))
    except ValueError:
        return None
    for doc in project.history(number):
        if doc.version == version:
            return doc
    working = project.document(number)
    return working if working.version == version else None


def labels(project: Project, number: str) -> list[str]:
    """What `resolve` accepts for this document, for messages."""
    found = [f"{d.version}（{d.state.value}）" for d in project.history(number)]
    working = project.document(number)
    if not working.is_released:
        found.append(f"{working.version}（{WORKING}）")
    return found


def chained(versions: list[Document]) -> list[Document]:
    """`versions` (one document's archives, in version order) with the history findings added."""
    from .signoff import transcription

    result = []
    for index, doc in enumerate(versions):
        before = versions[index - 1] if index else None
        recorded = doc.release.previous
        found = []
        if recorded is not None and before is None:
            found.append(Finding("history-missing",
                                 f"{doc.number} {doc.version} 发布时的上一版是 {recorded[0]}（存档摘要 {recorded[1][:16]}），"
                                 f"现在找不到它的存档：存档被删除了。",
                                 f"用 git 恢复 source/archive/{doc.number}/ 里被删除的存档（git log -- source/archive）。"))
        elif before is not None and recorded is None:
            found.append(Finding("history-unchained",
                                 f"{doc.number} {doc.version} 的发布记录没有写明上一版（{before.version}）的存档摘要："
                                 "无法确认之前的存档没有被删除或替换。",
                                 "存档只由 planpress release 写入：用 git 恢复这个文件。"))
        elif before is not None and recorded != (str(before.version), before.release.digest):
            found.append(Finding("history-mismatch",
                                 f"{doc.number} {doc.version} 发布时的上一版是 {recorded[0]}（存档摘要 {recorded[1][:16]}），"
                                 f"现在排在它前面的是 {before.version}（存档摘要 {before.release.digest[:16]}）："
                                 "中间的存档被删除、替换或顺序被改动过。",
                                 f"用 git 恢复 source/archive/{doc.number}/ 里的存档（git log -- source/archive）。"))
        if transcription(doc) and (before is not None or recorded is not None):
            found.append(Finding("paper-revised",
                                 f"{doc.number} {doc.version} 是在 planpress 里修订的版本（上一版 "
                                 f"{(recorded or (str(before.version), ''))[0]}），不能用纸质签批：只有这份文件进入 planpress "
                                 "之前、电子签批启用前发布的版本才能转录纸质签批。",
                                 f"请签署人用本人证书审批（planpress approve {doc.number} --role 角色 --p12 本人证书.p12）。"))
        if found:
            release = dataclasses.replace(doc.release, verified=False, findings=doc.release.findings + tuple(found))
            doc = dataclasses.replace(doc, release=release)
        result.append(doc)
    return result
