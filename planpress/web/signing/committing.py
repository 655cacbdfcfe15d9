"""Run a lifecycle function that writes files (approve, release) and commit what it wrote as the
person, in one commit; if the commit fails, the files are put back: nothing signed but unrecorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ...render import atomic
from ..gitstore.store import blob_id




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
