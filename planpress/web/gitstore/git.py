"""The git commands the application runs: argument lists, fixed environment, never a shell."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import subprocess
from pathlib import Path

TIMEOUT = 60


class GitError(Exception):
    pass


def blob_id(data: bytes) -> str:
    """git's object id of a file with these bytes (what `git hash-object` prints)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "SYSTEMROOT")
    env = {key: os.environ[key] for key in keep if key in os.environ}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C.UTF-8"})
    env.update(extra or {})
    return env


@dataclasses.dataclass(frozen=True)
class Commit:
    id: str
    author: str
    email: str
    when: str  # ISO 8601
    subject: str

    @property
    def shown_time(self) -> str:
        """In the server's time zone (the hospital's), as people write it: 2026-12-07 21:09."""
        import datetime as dt

        try:
            return dt.datetime.fromisoformat(self.when).astimezone().strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return self.when


class Repository:
    """The git work tree holding the project (the project may be a folder inside it)."""

    def __init__(self, top: Path):
        self.top = top

    @classmethod
    def find(cls, folder: Path) -> Repository | None:
        try:
            result = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, env=_environment(),
                                    capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if result.returncode != 0:
            return None
        return cls(Path(result.stdout.strip()).resolve())

    def run(self, *args: str, input: bytes | None = None, env: dict[str, str] | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
        try:
            result = subprocess.run(["git", *args], cwd=self.top, env=_environment(env), input=input,
                                    capture_output=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise GitError(f"git {args[0]}: {exc}") from None
        if check and result.returncode != 0:
            raise GitError(f"git {args[0]}: {result.stderr.decode('utf-8', 'replace').strip()}")
        return result

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.top).as_posix()

    def head(self) -> str | None:
        result = self.run("rev-parse", "--verify", "--quiet", "HEAD^{commit}", check=False)
        return result.stdout.decode().strip() or None

    def blob_at(self, commit: str, relative: str) -> bytes | None:
        result = self.run("cat-file", "blob", f"{commit}:{relative}", check=False)
        return result.stdout if result.returncode == 0 else None

    def object(self, object_id: str) -> bytes | None:
        result = self.run("cat-file", "blob", object_id, check=False)
        return result.stdout if result.returncode == 0 else None

    def write_blob(self, data: bytes) -> str:
        return self.run("hash-object", "-w", "--stdin", input=data).stdout.decode().strip()

    def merge_texts(self, mine: str, base: str, theirs: str) -> str | None:
        """git's three-way merge of a text: the merged text when no line was changed by both
        (theirs and mine both applied), else None. Temporary files, never a shell."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="planpress-merge-") as folder:
            paths = []
            for name, text in (("mine", mine), ("base", base), ("theirs", theirs)):
                path = Path(folder) / name
                path.write_text(text, "utf-8")
                paths.append(str(path))
            result = self.run("merge-file", "-p", "-q", *paths, check=False)
        return result.stdout.decode("utf-8") if result.returncode == 0 else None

    def last_commit(self, relative: str) -> Commit | None:
        result = self.run("log", "-1", "--format=%H%x00%an%x00%ae%x00%aI%x00%s", "--", relative, check=False)
        fields = result.stdout.decode("utf-8", "replace").rstrip("\n").split("\0")
        return Commit(*fields) if len(fields) == 5 else None

    def history(self, relative: str, limit: int = 20) -> list[Commit]:
        result = self.run("log", f"-{limit}", "--format=%H%x00%an%x00%ae%x00%aI%x00%s", "--", relative, check=False)
        commits = []
        for line in result.stdout.decode("utf-8", "replace").splitlines():
            fields = line.split("\0")
            if len(fields) == 5:
                commits.append(Commit(*fields))
        return commits

    def commit_files(self, changes: list[tuple[str, str]], message: str, author: tuple[str, str],
                     committer: tuple[str, str] | None = None) -> str:
        """A commit on top of HEAD whose tree is HEAD's with each (relative path, blob) of `changes`
        set; HEAD moves to it only if it has not moved meanwhile (compare-and-swap; a GitError
        otherwise). The person's work tree and index are not used: what someone has staged is not
        committed. `committer`: who applied a change another person made (a roster change reviewed
        by quality management); by default the author."""
        parent = self.head()
        git_dir = Path(self.run("rev-parse", "--absolute-git-dir").stdout.decode().strip())
        index = git_dir / f"planpress-index-{os.getpid()}-{os.urandom(4).hex()}"
        env = {"GIT_INDEX_FILE": str(index)}
        modes = {}
        try:
            if parent:
                self.run("read-tree", parent, env=env)
            for relative, blob in changes:
                mode = "100644"
                if parent:
                    entry = self.run("ls-tree", parent, "--", relative, check=False).stdout.decode().split()
                    if entry and entry[0] in ("100644", "100755"):
                        mode = entry[0]
                modes[relative] = mode
                self.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},{relative}", env=env)
            tree = self.run("write-tree", env=env).stdout.decode().strip()
        finally:
            index.unlink(missing_ok=True)
        name, email = author
        applied_by, applied_email = committer or author
        people = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                  "GIT_COMMITTER_NAME": applied_by, "GIT_COMMITTER_EMAIL": applied_email}
        arguments = ["commit-tree", tree, *(["-p", parent] if parent else [])]
        commit = self.run(*arguments, input=message.encode("utf-8"), env=people).stdout.decode().strip()
        self.run("update-ref", "-m", f"planpress: {message.splitlines()[0]}", "HEAD", commit, parent or "0" * 40)
        for relative, blob in changes:
            self._index_follows(relative, modes[relative], blob, parent)
        return commit

    def _index_follows(self, relative: str, mode: str, blob: str, parent: str | None) -> None:
        """The person's index entry of the file follows the commit, unless they staged something else
        there (then `git status` shows their staged change, as they left it)."""
        staged = self.run("ls-files", "-s", "--", relative, check=False).stdout.decode().split()
        before = self.run("rev-parse", "--verify", "--quiet", f"{parent}:{relative}", check=False).stdout.decode().strip() \
            if parent else ""
        if not staged or (len(staged) > 1 and staged[1] == before):
            self.run("update-index", "--add", "--cacheinfo", f"{mode},{blob},{relative}", check=False)
