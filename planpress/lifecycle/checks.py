"""The lifecycle's part in loading a project (model/hooks.py): the roster and its trust anchors, the
archive of released versions, the verification of every approval and release signature, and the
rules that compare a working copy with its releases."""

from __future__ import annotations

import dataclasses

from ..model import Project, fingerprint, hooks
from ..problems import Location, Problem, error, warning
from ..sources import limits
from ..sources.names import ARCHIVE_DIR
from . import archive, drills, history, roster, signoff


class LifecycleStage(hooks.Stage):
    name = "lifecycle"
    order = 10  # first: the roster and the released versions decide what later checks see

    def on_settings(self, run):
        problems = roster.key_files(run.source_dir)
        trusted, found = roster.load(run.source_dir, run.people)
        run.people = trusted.people
        run.found[self.name] = trusted
        return problems + found

    def on_documents(self, run):
        problems: list[Problem] = []
        archived = []
        config = run.config
        for path in snapshot_paths(run):
            outside = limits.check_inside(path, run.source_dir)
            if outside:
                problems += outside
                continue
            snapshot, found = archive.load_snapshot(path, config.data["document_number_pattern"], run.today,
                                                    run.overrides.get(path.resolve()),
                                                    pattern_at=config.at(("document_number_pattern",)),
                                                    digests=run.digests)
            problems += found
            if snapshot is not None:
                archived.append(snapshot)
        run.found["archived"] = archived
        return problems

    def on_project(self, run, project: Project) -> Project:
        trusted = run.found[self.name]
        cutover = signoff.policy(project.config)  # the cut-over and the separation exceptions
        archived = [signoff.verify_archived(d, trusted.roster, cutover) for d in run.found.get("archived", ())]
        working, archived = history.attach(project.documents, archived, run.today)
        working = tuple(signoff.verify_working(d, trusted.roster, cutover) for d in working)
        return dataclasses.replace(project, documents=working, archive=archived, roster=trusted.roster)

    def on_check(self, run, project: Project) -> list[Problem]:
        cited = drills.citation_problems(run.root, project, run.documents)
        return cited + (check_lifecycle(project.documents, project.archive, run.directory) if run.lifecycle else [])


STAGE = LifecycleStage()


def snapshot_paths(run) -> list:
    """The snapshots to load: of every document, or of the checked ones; plus any about to be written."""
    source_dir = run.source_dir
    numbers = run.selected
    found = archive.snapshot_paths(source_dir) if numbers is None else \
        [p for n in numbers for p in archive.snapshot_paths(source_dir, n)]
    archive_root = (source_dir / ARCHIVE_DIR).resolve()
    known = {p.resolve() for p in found}
    for path in run.overrides:
        if path.parent.parent == archive_root and path not in known and (numbers is None or path.parent.name in numbers):
            found.append(path)
    return sorted(found, key=archive.path_order)
def check_lifecycle(documents, archive, directory=None) -> list[Problem]:
    """Rules that need the assembled model (content fingerprints, verified signatures) and the
    released versions.

    Every finding of the verification (lifecycle.signoff) on a released version is an error; on
    a draft a stale approval or a paper approval awaiting its transcription is a warning, anything
    else an error. A released version must not be edited in place; an archived snapshot must still
    be exactly what was released, under a valid release signature.
    """
    problems: list[Problem] = []
    for snapshot in archive:
        problems += check_snapshot(snapshot)
    numbers = dict.fromkeys(d.number for d in archive)
    for number in numbers:
        history = [d for d in archive if d.number == number]
        for older, newer in zip(history, history[1:]):
            if newer.version not in (older.version.next(), older.version.next(major=True)):
                problems.append(error(newer.release.location, "release.version",
                                      f"存档的版本跳号：{older.version} 之后是 {newer.version}。",
                                      "存档由 planpress release 写入，不应修改或删除：用 git 恢复缺少的存档。"))
            if older.effective and newer.effective and newer.effective < older.effective:
                problems.append(error(newer.release.location, "document.effective",
                                      f"{newer.version} 的生效日期 {newer.effective} 早于 {older.version} 的 {older.effective}。",
                                      "存档不应修改：用 git 恢复这个文件。"))
    shown_differently: list[tuple] = []  # (working copy, its release) that differ only by contacts.yaml
    for doc in documents:
        history = [d for d in archive if d.number == doc.number]
        released = next((d for d in history if d.version == doc.version), None)
        if released is not None and directory is not None and directory_changed_only(doc, released):
            shown_differently.append((doc, released))
            problems += _check_working_copy(doc, history, content_checked=True)
            continue
        problems += _check_working_copy(doc, history)
    problems += directory_problems(shown_differently, directory)
    return problems


def directory_changed_only(doc, released) -> bool:
    """The working copy of a released version shows other directory entries (numbers, names,
    campus names) than the release, and nothing else changed: someone edited contacts.yaml."""
    return (doc.fingerprint != released.release.fingerprint
            and released.fingerprint == released.release.fingerprint
            and fingerprint.with_directory_of(doc, released) == released.release.fingerprint)


def directory_problems(shown_differently: list[tuple], directory) -> list[Problem]:
    """One error per changed entry of contacts.yaml, at that entry's changed value, naming every
    released document (and its cards) that shows the old one. The fix is a revision of those
    documents, never a signature on the unchanged release."""
    changes: dict[str, dict] = {}
    for doc, released in shown_differently:
        now, then = doc.shown_contacts(), released.shown_contacts()
        for key, old in then.items():
            new = now.get(key)
            if new is None:
                continue
            differences = _differences(old, new, released.campuses)
            if not differences:
                continue
            entry = changes.setdefault(key, {"contact": new, "differences": {}, "documents": []})
            entry["differences"].update(differences)
            entry["documents"].append((doc, released))
        renamed = [c for c in doc.campuses for old in released.campuses if c.key == old.key and c.name != old.name]
        for campus in renamed:
            old_name = next(c.name for c in released.campuses if c.key == campus.key)
            entry = changes.setdefault(f"campus:{campus.key}", {"campus": campus, "old": old_name, "documents": []})
            entry["documents"].append((doc, released))
    problems = []
    for key, entry in changes.items():
        documents = "；".join(_named(doc, released, None if key.startswith("campus:") else key)
                             for doc, released in entry["documents"])
        numbers = [doc.number for doc, _ in entry["documents"]]
        revise = (f"planpress revise {numbers[0]} --reason \"更新通讯录\"" if len(numbers) == 1 else
                  f"逐一运行 planpress revise 编号 --reason \"更新通讯录\"：{'、'.join(numbers)}")
        if key.startswith("campus:"):
            campus = entry["campus"]
            where, field = ("campuses", campus.key), f"campuses.{campus.key}"
            what = f"院区“{entry['old']}”改名为“{campus.name}”"
        else:
            contact = entry["contact"]
            where, field = _changed_at(key, entry["differences"])
            what = f"通讯录里“{contact.name}”的" + "，".join(entry["differences"].values())
        problems.append(error(
            directory.at(where), field,
            f"{what}，而已发布的版本印着原来的内容：{documents}。",
            f"已发布的版本不能直接改（它的审批针对的是原来的内容）。请先为这些文件开始修订（{revise}，"
            "或在内网应用里点“开始修订”），再保存这处改动；新内容随新版本"
            "审批、发布后生效，在此之前员工看到的仍是原来的内容。如果是改错了，把它改回原来的内容。"))
    return problems


def _differences(old, new, campuses) -> dict[str, str]:
    """What changed in an entry, by where it is written: the name, or a campus's number."""
    found = {}
    if old.name != new.name:
        found["name"] = f"名称由“{old.name}”改为“{new.name}”"
    for campus in campuses:
        before, after = old.phone_at(campus.key), new.phone_at(campus.key)
        if before != after:
            found["phone" if new.shared else f"phones.{campus.key}"] = \
                f"号码{'' if new.shared else f'（{campus.name}）'}由 {before or '（无）'} 改为 {after or '（无）'}"
    return found


def _changed_at(key: str, differences: dict) -> tuple[tuple, str]:
    first = next(iter(differences))
    path = ("contacts", key, *first.split("."))
    return path, ".".join(path)


def _named(doc, released, key) -> str:
    from ..cards.content import cards_showing

    cards = cards_showing(released, key) if key else ()
    shown = f"，应急处置卡：{'、'.join(cards)}" if cards else ""
    return f"{doc.number} {released.version}（{doc.title}{shown}）"

# Findings on a release that are not about its signature (lifecycle.signoff, lifecycle.history)
RELEASE_RECORD_CODES = {"release-unsigned", "witness-missing", "witness-same-person", "separation-release",
                        "witness-invalid",
                        "cutover-after-release", "history-missing", "history-unchained", "history-mismatch",
                        "paper-revised"}


def check_snapshot(snapshot) -> list[Problem]:
    """A frozen version: the content it holds is the content released, under a valid release
    signature, and every approval in it counts."""
    problems = []
    release = snapshot.release
    if snapshot.fingerprint != release.fingerprint:
        problems.append(error(release.location, "release.fingerprint",
                              f"存档 {snapshot.number} {snapshot.version} 的内容与发布时的指纹不符：冻结的版本被改动过"
                              "（也可能是它引用的通讯录条目被改动）。",
                              "存档不可修改：用 git 恢复这个文件（git checkout -- 文件路径）。"))
    for finding in release.findings:
        if finding.code in RELEASE_RECORD_CODES:  # about the history, the duties or the second person
            shown = finding.message
        else:
            shown = f"{snapshot.number} {snapshot.version} 的发布签名无效：{finding.message}"
        problems.append((warning if finding.pending else error)(release.location, "release", shown,
                                                                _archive_hint(finding)))
    for approval in snapshot.approvals:
        for finding in approval.findings:
            problems.append(error(approval.location, "document.approvals",
                                  f"存档 {snapshot.number} {snapshot.version} 里“{approval.role}”的审批无效：{finding.message}",
                                  _archive_hint(finding)))
    return problems


def _archive_hint(finding) -> str:
    if "存档" in finding.hint:
        return finding.hint
    return f"{finding.hint}存档不可修改：用 git 恢复这个文件。" if finding.hint else "存档不可修改：用 git 恢复这个文件。"


def approval_problems(doc, released: bool) -> list[Problem]:
    """The findings of the verification of `doc`'s approvals as problems (see check_lifecycle)."""
    problems = []
    for approval in doc.approvals:
        for finding in approval.findings:
            if released:
                problems.append(error(approval.location, "approvals",
                                      f"已发布的 {doc.version} 里“{approval.role}”的审批无效：{finding.message}",
                                      finding.hint))
            elif finding.pending:
                problems.append(warning(approval.location, "approvals", f"{finding.message}（输出标为草稿）", finding.hint))
            else:
                problems.append(error(approval.location, "approvals", f"“{approval.role}”的审批无效：{finding.message}",
                                      finding.hint))
    return problems


def _check_working_copy(doc, history, content_checked: bool = False) -> list[Problem]:
    """`content_checked`: the content's difference from its release is reported elsewhere (an edit
    of contacts.yaml, `directory_problems`), so only the record rules apply here."""
    problems = _released_as(doc, history) + _record_agrees(doc, history)
    released = next((d for d in history if d.version == doc.version), None)
    last = history[-1] if history else None
    where = doc.field_locations
    if released is not None:
        if doc.fingerprint != released.release.fingerprint and not content_checked:
            problems.append(error(
                where["version"], "version",
                f"{doc.version} 已于 {released.release.released} 发布，发布后内容又被修改了（没有先运行 planpress revise）。",
                f"要修改已发布的文件，请运行 planpress revise {doc.number} --reason \"修订原因\"，形成新版本 "
                f"{doc.version.next()}（您已做的修改会保留在新版本里）；planpress diff {doc.number} 显示改了什么。"
                "（内容指纹包括签署人的姓名、职务、评审周期、生效日期和院区。）"))
            problems += approval_problems(doc, released=True)
        elif _approval_record(doc) != _approval_record(released):
            problems.append(error(where["approvals"], "approvals",
                                  f"已发布的 {doc.version} 的审批记录与存档（{released.release.path.name}）不一致。",
                                  "发布后审批记录不能再改：用 git 恢复 approvals 的内容。"))
        if last is not None and last.version != doc.version:
            problems.append(error(where["version"], "version",
                                  f"工作副本是 {doc.version}，但 {last.version} 已经发布。",
                                  f"工作副本应为最新发布的版本 {last.version} 或正在修订的下一版：用 git 恢复这个文件。"))
        return problems
    if last is not None and doc.version not in (last.version.next(), last.version.next(major=True)):
        problems.append(error(where["version"], "version",
                              f"版本 {doc.version} 接不上最近发布的 {last.version}。",
                              f"修订中的版本应为 {last.version.next()}（小改）或 {last.version.next(major=True)}（改版），"
                              "请用 planpress revise 生成，不要手改版本号。"))
    if last is not None and any(a.kind == "paper" for a in doc.approvals):
        problems.append(error(where["approvals"], "approvals",
                              f"{doc.version} 是在 planpress 里修订的版本（上一版 {last.version} 已发布），不能用纸质签批。",
                              f"请签署人用本人证书审批：planpress approve {doc.number} --role 角色 --p12 本人证书.p12。"))
    problems += approval_problems(doc, released=False)
    return problems


def _released_as(doc, history) -> list[Problem]:
    """The working copy's record of its release (`released_as`) names an archive that is there."""
    if doc.released_as is None:
        return []
    version, digest = doc.released_as
    where = doc.field_locations.get("released_as") or doc.field_locations["version"]
    archived = next((d for d in history if str(d.version) == version), None)
    hint = f"用 git 恢复 source/archive/{doc.number}/ 里的存档（git log -- source/archive）；released_as 只由 planpress 写入。"
    if version != str(doc.version):
        return [error(where, "released_as", f"released_as 写的是 {version}，工作副本却是 {doc.version}。", hint)]
    if archived is None:
        return [error(where, "released_as", f"{doc.number} {version} 已经发布（存档摘要 {digest[:16]}），但找不到它的存档："
                                            "存档被删除了，上一版会被误当作现行版本。", hint)]
    if archived.release.digest != digest:
        return [error(where, "released_as", f"{doc.number} {version} 的存档不是发布时写入的那一个（摘要 {digest[:16]}，"
                                            f"现在是 {archived.release.digest[:16]}）：存档被替换或改动过。", hint)]
    return []


def _record_agrees(doc, history) -> list[Problem]:
    """The revision record (section 9) and the archives tell the same history: every version the
    record shows after the first archived one, up to the working copy, has its archive, and every
    later archive is in the record, in the same order."""
    if not history:
        return []
    first = history[0].version
    archived = {d.version for d in history}
    rows = [r.version for r in doc.revisions if r.version.sort_key() > first.sort_key()]
    where = doc.field_locations.get("revisions") or doc.field_locations["version"]
    problems = []
    for version in rows:
        if version.sort_key() < doc.version.sort_key() and version not in archived:
            problems.append(error(where, "revisions", f"修订记录里有 {version}，但 source/archive/{doc.number}/ 里没有它的存档："
                                                      "存档被删除了。",
                                  f"用 git 恢复存档 {version.slug}.yaml（git log -- source/archive）。"))
    for version in sorted(archived - set(rows) - {first}, key=lambda v: v.sort_key()):
        problems.append(error(where, "revisions", f"存档里有 {version}，修订记录里却没有这一版：多出的存档，或修订记录被改动过。",
                              "存档和修订记录只由 planpress 写入：用 git 恢复。"))
    if rows != sorted(rows, key=lambda v: v.sort_key()):
        problems.append(error(where, "revisions", "修订记录里版本的顺序与存档的顺序不一致。", "用 git 恢复修订记录。"))
    return problems


def _approval_record(doc) -> list[tuple]:
    """The approvals as written (signatures, paper records, typed entries), for comparing copies."""
    return sorted((a.role, a.kind, a.statement or "", a.signature or "", a.name, str(a.date), a.original or "",
                   a.fingerprint or "") for a in doc.approvals)
