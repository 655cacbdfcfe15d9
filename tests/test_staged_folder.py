"""A folder built beside the old one and swapped in (render.atomic.staged_directory), with the
replaced folder's empty subfolders kept for the next build (`spare`): a site has one per page."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planpress.render.atomic import staged_directory


def listing(folder: Path) -> dict[str, str]:
    """relative path → "folder", "link → target" or the file's text."""
    found = {}
    for top, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(top, name)
            key = path.relative_to(folder).as_posix()
            if path.is_symlink():
                found[key] = f"link → {os.readlink(path)}"
            elif path.is_dir():
                found[key] = "folder"
            else:
                found[key] = path.read_text("utf-8")
    return found


def build(target: Path, spare: Path, files: dict[str, str]) -> dict[str, str]:
    """Build `target` from `files` (path → text); what the staging folder held when it was handed over."""
    with staged_directory(target, spare=spare) as staging:
        handed = listing(staging)
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, "utf-8")
    return handed


def test_the_next_build_starts_from_the_replaced_folders_subfolders_and_drops_the_unused(tmp_path: Path):
    site, spare = tmp_path / "site", tmp_path / ".cache" / "spare"
    first = {"index.html": "home", "fire/index.html": "fire v1", "flood/index.html": "flood",
             "search/abc/s/0.json": "[1]"}
    assert build(site, spare, first) == {}  # nothing kept yet: an empty folder
    assert listing(site) == {"index.html": "home", "fire": "folder", "fire/index.html": "fire v1", "flood": "folder",
                             "flood/index.html": "flood", "search": "folder", "search/abc": "folder",
                             "search/abc/s": "folder", "search/abc/s/0.json": "[1]"}
    assert not spare.exists()  # no folder was replaced

    second = {"index.html": "home", "fire/index.html": "fire v2", "search/def/s/0.json": "[2]"}
    assert build(site, spare, second) == {}
    # The first site's folders, without a file: kept for the next build.
    kept = {"fire": "folder", "flood": "folder", "search": "folder", "search/abc": "folder", "search/abc/s": "folder"}
    assert listing(spare) == kept

    third = {"index.html": "home", "fire/index.html": "fire v3", "search/ghi/s/0.json": "[3]"}
    assert build(site, spare, third) == kept
    # The folders this build left empty (a page that is gone, the old search folder) are not published.
    assert listing(site) == {"index.html": "home", "fire": "folder", "fire/index.html": "fire v3",
                             "search": "folder", "search/ghi": "folder", "search/ghi/s": "folder",
                             "search/ghi/s/0.json": "[3]"}
    # Now the second site's folders are kept.
    assert listing(spare) == {"fire": "folder", "search": "folder", "search/def": "folder", "search/def/s": "folder"}
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".site")]  # no staging folder left


def test_what_is_planted_in_the_spare_is_removed_and_never_followed(tmp_path: Path):
    site, spare = tmp_path / "site", tmp_path / ".cache" / "spare"
    outside = tmp_path / "outside"
    (outside / "inner").mkdir(parents=True)
    (outside / "keep.txt").write_text("not ours", "utf-8")
    build(site, spare, {"index.html": "v1"})
    (spare / "page").mkdir(parents=True)
    (spare / "page" / "stale.html").write_text("an old page", "utf-8")
    (spare / "page" / "to-outside").symlink_to(outside, target_is_directory=True)
    (spare / "outside-link").symlink_to(outside / "keep.txt")

    assert build(site, spare, {"index.html": "v2", "page/index.html": "new"}) == {"page": "folder"}
    assert listing(site) == {"index.html": "v2", "page": "folder", "page/index.html": "new"}
    assert listing(outside) == {"inner": "folder", "keep.txt": "not ours"}


@pytest.mark.parametrize("planted", ["link", "file"])
def test_a_spare_that_is_not_a_folder_is_not_used(tmp_path: Path, planted: str):
    site, spare = tmp_path / "site", tmp_path / ".cache" / "spare"
    outside = tmp_path / "outside"
    (outside / "page").mkdir(parents=True)
    build(site, spare, {"index.html": "v1"})
    spare.parent.mkdir(parents=True, exist_ok=True)
    if planted == "link":
        spare.symlink_to(outside, target_is_directory=True)
    else:
        spare.write_text("not a folder", "utf-8")

    assert build(site, spare, {"index.html": "v2"}) == {}
    assert listing(site) == {"index.html": "v2"}
    assert listing(outside) == {"page": "folder"}


def test_a_failed_build_keeps_the_old_folder(tmp_path: Path):
    site, spare = tmp_path / "site", tmp_path / ".cache" / "spare"
    build(site, spare, {"a/index.html": "v1"})
    build(site, spare, {"a/index.html": "v2"})
    with pytest.raises(RuntimeError):
        with staged_directory(site, spare=spare) as staging:
            (staging / "a" / "index.html").write_text("half", "utf-8")
            raise RuntimeError("the build failed")
    assert listing(site) == {"a": "folder", "a/index.html": "v2"}
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".site")]
