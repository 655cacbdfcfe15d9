"""Run a lifecycle function that writes files (approve, release, transcription) and commit what it
wrote as the person, in one commit; if the commit fails, the files are put back: nothing signed
but unrecorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...problems import SourceError
from ...render import atomic
from ..documents import present, project
from ..gitstore.store import Busy, Conflict, GitError, NoRepository, blob_id


def signed_and_committed(number: str, paths_before: list[Path], work: Callable[[], list[Path]], user,
                         message: str, what: str):
    """`run_and_commit` under the document's lock: (the saved commits, None), or (None, the page's
    refusal): the check's problems (a list for _problems.html) or why git could not record it (str,
    `what` not done: 签名, 发布 …)."""
    store = project.store()
    try:
        with store.editing(number):
            return run_and_commit(store, paths_before, work, user, message), None
    except SourceError as exc:
        return None, [present.problem_dict(p, project.root()) for p in exc.problems]
    except (Conflict, GitError, Busy, NoRepository) as exc:
        return None, f"没有{what}：无法写入 git（{type(exc).__name__}），文件保持原样。请稍后再试。"


def run_and_commit(store, paths_before: list[Path], work: Callable[[], list[Path]], user, message: str):
    """`work()` writes and returns the files it wrote; they are committed with `user` as author.
    `paths_before`: files whose bytes to restore if the commit fails (others written are removed)."""
    before = {p: (p.read_bytes() if p.exists() else None) for p in paths_before}
    written = work()
    try:
        files = [(p, blob_id(p.read_bytes()), p.read_bytes().decode("utf-8-sig")) for p in written]
        return store.save_files(files, (user.shown_name, user.commit_email), message)
    except BaseException:
        for path in written:
            old = before.get(path)
            if old is None:
                path.unlink(missing_ok=True)
            else:
                atomic.write_bytes(path, old, like=path)
        raise
