"""A save: the file still holds what the form was edited from (its blob id, the `base`), the new
text is written, and one commit records it with the signed-in person as author.

The caller holds the document's lock (`Store.editing`) from reading the base to committing, so two
saves of one document are in order and the second sees the first; saves of different documents
only share the short git lock around the ref update. An outside change (someone using git or an
editor on the server) changes the file's bytes, so it is never overwritten: it is a Conflict.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from pathlib import Path

from ...render import atomic
from .git import Commit, GitError, Repository, blob_id
from .locks import Busy, held

__all__ = ["Busy", "Conflict", "GitError", "NoRepository", "Saved", "Store", "blob_id", "like_original"]


class NoRepository(Exception):
    """The project is not inside a git work tree: saves are refused (nothing could record them)."""


@dataclasses.dataclass
class Conflict(Exception):
    """The file changed since the form was opened: the other version, and who made it."""

    current: bytes
    current_blob: str
    commit: Commit | None  # the last commit of the file; None if it was never committed
    committed: bool  # the file on disk is the committed version (else someone changed it outside git)

    @property
    def text(self) -> str:
        return self.current.decode("utf-8-sig", errors="replace").replace("\r\n", "\n")


@dataclasses.dataclass(frozen=True)
class Saved:
    commit: str
    blob: str


def like_original(original: bytes, text: str) -> bytes:
    """`text` (LF, as a browser or ruamel gives it, after CRLF from a form is undone) in the line
    endings and byte order mark of the file it replaces."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if original.count(b"\r\n") * 2 > original.count(b"\n"):
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    return b"\xef\xbb\xbf" + data if original.startswith(b"\xef\xbb\xbf") else data


class Store:
    def __init__(self, root: Path, state_dir: Path):
        self.root = root
        self.locks = state_dir / "locks"
        self._repository: Repository | None = None

    @property
    def repository(self) -> Repository:
        if self._repository is None:
            found = Repository.find(self.root)
            if found is None:
                raise NoRepository(str(self.root))
            self._repository = found
        return self._repository

    @contextlib.contextmanager
    def editing(self, number: str, timeout: float = 30.0) -> Iterator[None]:
        """The document's lock: the application's own, and the one every planpress command takes
        (planpress.locks: a command on the same document waits, and is waited for)."""
        from ...locks import LockBusy, document_lock

        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(document_lock(self.root, number, "planpress serve", wait=timeout))
            except LockBusy:
                raise Busy(f"document:{number}") from None
            stack.enter_context(held(self.locks, f"document:{number}", timeout))
            yield

    def read(self, path: Path) -> tuple[bytes, str]:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = b""
        return data, blob_id(data)

    def conflict(self, path: Path, current: bytes) -> Conflict:
        """The other version of the file (what it holds now) and who made it."""
        repository = self.repository
        relative = repository.relative(path)
        head = repository.head()
        committed = head is not None and repository.blob_at(head, relative) == current
        return Conflict(current, blob_id(current), repository.last_commit(relative), committed)

    def save(self, path: Path, base: str, text: str, author: tuple[str, str], message: str) -> Saved:
        """Write and commit `text` if the file is still `base`; else Conflict. Hold `editing` around it."""
        return self.save_files([(path, base, text)], author, message)[0]

    def save_files(self, files: list[tuple[Path, str, str]], author: tuple[str, str], message: str,
                   committer: tuple[str, str] | None = None) -> list[Saved]:
        """Several files in one commit, each (path, base, text); all or none. A file that does not
        exist has the base of empty content (blob_id(b"")). `committer`: see Repository.commit_files."""
        repository = self.repository
        planned = []
        for path, base, text in files:
            current, current_blob = self.read(path)
            if current_blob != base:
                raise self.conflict(path, current)
            data = text if isinstance(text, bytes) else like_original(current, text)  # bytes: an attachment as sent
            planned.append((path, current, data, repository.write_blob(data)))
        written = []
        try:
            for path, current, data, blob in planned:
                atomic.write_bytes(path, data, like=path if path.exists() else None)
                written.append((path, current))
            with held(self.locks, "git"):
                commit = repository.commit_files([(repository.relative(p), b) for p, _, _, b in planned], message, author,
                                                 committer)
        except (GitError, Busy, OSError):
            for path, current in written:  # put back what was there: nothing half-saved
                if current:
                    atomic.write_bytes(path, current, like=path)
                else:
                    path.unlink(missing_ok=True)
            raise
        return [Saved(commit, blob) for _, _, _, blob in planned]
