"""Helpers of the intranet application's tests (Django is set up by conftest.py first)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

from django.test import Client

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Correct-Horse-2026"
serial = itertools.count(1)
GIT_USER = ["-c", "user.name=外部编辑", "-c", "user.email=outside@example.org"]


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *GIT_USER, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def make_project(target: Path, sources: Path = REPO / "source") -> Path:
    """The repository's source/ (or `sources`) and templates/ at `target`, committed in a new git repository."""
    shutil.copytree(sources, target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    (target / ".gitignore").write_text("/.planpress/\n/.cache/\n/build/\n/site/\n", "utf-8")
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "初始版本")
    return target


def signed_in(user, *, csrf: bool = False) -> Client:
    client = Client(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def base_of(root: Path, number: str = "H-J-YA-028") -> str:
    from planpress.web.gitstore.git import blob_id

    return blob_id((root / "source" / f"{number}.yaml").read_bytes())


def header_post(root: Path, **changes) -> dict:
    """The header form as the page fills it, with `changes`."""
    from planpress.lifecycle.yamledit import Edit
    from planpress.web.documents import header

    data = {k: v for k, v in header.initial(Edit(root / "source" / "H-J-YA-028.yaml").data).items()}
    data.update(changes)
    data["base"] = changes.get("base") or base_of(root)
    return data


def last_commit(root: Path) -> dict:
    fields = git(root, "log", "-1", "--format=%an%x00%ae%x00%s").rstrip("\n").split("\0")
    return {"author": fields[0], "email": fields[1], "subject": fields[2]}


def commit_count(root: Path) -> int:
    return int(git(root, "rev-list", "--count", "HEAD").strip())


def start_revision(client, root: Path, reason: str = "更新保卫科电话") -> None:
    """A/0 → A/1 through the revise page (a released version is changed only in a revision)."""
    response = client.post("/documents/H-J-YA-028/revise/", {"base": base_of(root), "reason": reason})
    assert response.status_code == 302, response.content.decode()[:2000]
