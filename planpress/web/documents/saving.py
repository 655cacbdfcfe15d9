"""A save from any form of the editor: the same steps whatever was edited.

1. Take the document's lock (another save of this document waits; other documents do not).
2. The file must still be the `base` the form was opened on, else a Conflict (the other version
   is shown beside the editor's own; nothing is written).
3. The new text is made from the current file (a form's changes through yamledit's round trip, or
   the expert tab's YAML as typed) and checked with `planpress check`'s loader: errors are shown at
   their fields and nothing is written.
4. gitstore writes it and commits it as the signed-in person; the audit trail records it; the
   draft PDF and cards are made again in the background.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from pathlib import Path

from ...problems import Problem
from ..audit.chain import record
from ..audit.models import Action
from ..drafts import runner
from ..signing import notify
from ..gitstore.store import Busy, Conflict, GitError, NoRepository, like_original
from . import project


@dataclasses.dataclass
class Outcome:
    status: str  # saved, invalid, conflict, unchanged, failed
    text: str = ""  # the text that was (or would have been) saved
    problems: tuple[Problem, ...] = ()  # errors (invalid) or warnings (saved)
    conflict: Conflict | None = None
    commit: str = ""
    blob: str = ""
    message: str = ""  # failed: why, in Chinese (save_file, saved: the summary)


def save(user, number: str, base: str, make_text: Callable[[bytes], str], summary: str | Callable[[], str],
         *, action: str = Action.SAVE, reason: str = "", lifecycle: bool = True) -> Outcome:
    """`make_text(current bytes) -> new text`; `summary` is the commit message's first line (or
    makes it, after make_text: what changed is known then)."""
    path: Path = project.document_file(number)
    outcome = save_file(user, path, number, base, make_text, summary,
                        lambda text: project.check_text(number, text, lifecycle=lifecycle))
    if outcome.status != "saved":
        return outcome
    version = ""
    doc = project.load().document(number)
    if doc is not None:
        version = str(doc.version)
    record(action, account=user, document=number, version=version, reason=reason,
           details={"commit": outcome.commit, "summary": outcome.message})
    runner.schedule(number, outcome.blob, user.username)
    notify.announce(number)  # a submitted version: an approval this edit made stale is due again
    outcome.message = ""
    outcome.problems = tuple(p for p in outcome.problems if p.location.file.resolve() == path.resolve())
    return outcome


def save_file(user, path: Path, lock: str, base: str, make_text: Callable[[bytes], str],
              summary: str | Callable[[], str], check: Callable[[str], Any]) -> Outcome:
    """The steps of a save for any source file (a document, contacts.yaml): under the lock `lock`,
    the base compared, the text made and checked by `check(text)` (a loader CheckResult), written
    and committed. A saved Outcome carries the summary in `message` and every warning found."""
    store = project.store()
    try:
        with store.editing(lock):
            current, current_blob = store.read(path)
            if current_blob != base:
                conflict = store.conflict(path, current)
                record(Action.SAVE_CONFLICT, account=user, document=lock,
                       details={"base": base, "current": conflict.current_blob})
                return Outcome("conflict", conflict=conflict)
            text = make_text(current)
            summary = summary() if callable(summary) else summary
            if like_original(current, text) == current:
                return Outcome("unchanged", text=text, blob=current_blob)
            result = check(text)
            if not result.ok:
                return Outcome("invalid", text=text, problems=tuple(p for p in result.problems if p.is_error))
            saved = store.save(path, base, text, _author(user), _message(user, summary))
    except NoRepository:
        return Outcome("failed", message="这个项目不在 git 仓库里，无法保存修改记录，所以没有保存。"
                                         "请系统管理员在项目文件夹运行 git init 并提交 source/。")
    except Busy:
        return Outcome("failed", message="这份文件正被另一个保存占用太久，这次没有保存。您的内容还在下面，请稍后再保存。")
    except GitError as exc:
        return Outcome("failed", message=f"写入 git 时出错，这次没有保存（文件保持原样）：{exc}")
    warnings = tuple(p for p in result.problems if not p.is_error)
    return Outcome("saved", text=text, problems=warnings, commit=saved.commit, blob=saved.blob, message=summary)


def _author(user) -> tuple[str, str]:
    return user.shown_name, user.commit_email


def _message(user, summary: str) -> str:
    return f"{summary}\n\n由 {user.shown_name}（{user.username}）在 planpress 内网应用中保存。\n"
