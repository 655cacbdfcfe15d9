"""Hostile or broken places for the outputs (issue 11): what reaches the site, where it is written,
and what happens when the disk is full or read-only.

The disk is a real one: a small tmpfs mounted for the test (this machine and CI run as root), made
read-only with `mount -o remount,ro` or filled to the last byte, with the project on it; so every
write path of every builder meets the real EROFS / ENOSPC from the kernel. Each refusal is a Chinese
message, exit 1, no traceback, previous outputs byte for byte as they were and no staging folder.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import planpress
from conftest import FIXTURES, copy_project, run_cli
from signing_support import keys
from hostile import DOC, edit, line_of, refused, tree
from planpress import terminal
from planpress.builders import BuildOptions

TODAY = "2026-11-25"


def ok(*args: str, root: Path) -> str:
    result = run_cli(*args, root=root)
    output = result.stdout + result.stderr
    assert result.status == 0, output
    assert "Traceback" not in output and not terminal.CONTROLS.search(output), output
    return output


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The fixture project, built once by `planpress build` (PDF, cards, site)."""
    root = copy_project(FIXTURES / "project", tmp_path_factory.mktemp("built") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        ok("build", root=root)
    return root


@pytest.fixture
def copy(built: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    target = tmp_path / "project"
    shutil.copytree(built, target, symlinks=True)
    return target


# -- what reaches the site ------------------------------------------------------------------------

def test_a_symlink_in_source_is_never_published(copy: Path, tmp_path: Path, monkeypatch):
    secret = tmp_path / "shadow"
    secret.write_text("root:$6$secret-hash:19000:0:99999:7:::\n", "utf-8")
    project = planpress.load(copy)  # loaded and checked before the link appears: the site builder's own guard
    (copy / "source" / "shadow.txt").symlink_to(secret)
    (copy / "source" / "notes.txt").write_text("内部备注\n", "utf-8")  # not a link, still not published
    from planpress.site.builder import build

    build(project, project.documents, BuildOptions(out=copy / "build", site=copy / "site"))
    published = [p for p in (copy / "site").rglob("*") if p.is_file()]
    assert published and not any(p.name in ("shadow.txt", "notes.txt") for p in published)
    assert not any(b"secret-hash" in p.read_bytes() for p in published)
    # and `check` refuses the link outright
    refused(run_cli("check", root=copy), "shadow.txt: 错误: 这是一个符号链接")


def test_a_link_planted_in_build_is_not_offered_for_download(copy: Path, tmp_path: Path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF secret")
    pdf = copy / "build" / DOC / f"{DOC}_A-0.pdf"
    pdf.unlink()
    pdf.symlink_to(secret)
    project = planpress.load(copy)
    from planpress.site.builder import build

    build(project, project.documents, BuildOptions(out=copy / "build", site=copy / "site"))
    assert not any(b"%PDF secret" in p.read_bytes() for p in (copy / "site").rglob("*") if p.is_file())


def test_a_base_url_with_markup_is_refused_by_check(copy: Path):
    config = copy / "source" / "planpress.yaml"
    edit(config, "base_url: http://test.hospital.local/docs/", "base_url: 'http://x/\"><script>alert(1)</script>'")
    before = tree(copy)
    for command in (("check",), ("build",)):
        refused(run_cli(*command, root=copy), f"planpress.yaml:{line_of(config, 'base_url')}:", "【site.base_url】网址格式不对")
    assert tree(copy) == before


def test_a_site_url_with_markup_in_mkdocs_yml_is_refused_by_the_site_builder(copy: Path):
    (copy / "mkdocs.yml").write_text(
        "INHERIT: " + str(Path(planpress.__file__).parent / "site" / "mkdocs.yml") + "\n"
        "site_url: 'http://x/\"><script>alert(1)</script>'\n", "utf-8")
    before = tree(copy)
    refused(run_cli("build", "--only", "site", root=copy), "不是普通的 http(s) 网址", "原有站点保持不变")
    assert tree(copy) == before


# -- site/ that is a symlink or a mount point ---------------------------------------------------

def test_a_site_that_links_to_the_web_folder_is_updated_there_and_stays_a_link(copy: Path, tmp_path: Path):
    web = tmp_path / "www" / "planpress"
    web.mkdir(parents=True)
    (web / "stale.html").write_text("old page\n", "utf-8")
    os.chmod(web, 0o750)
    os.chown(web, 33, 33)  # www-data
    shutil.rmtree(copy / "site")
    (copy / "site").symlink_to(web, target_is_directory=True)
    for _ in range(2):  # the second build must work as well as the first
        ok("build", "--only", "site", root=copy)
        assert (copy / "site").is_symlink() and os.readlink(copy / "site") == str(web)
        assert (web / "index.html").is_file() and not (web / "stale.html").exists()
        info = web.stat()
        assert stat.S_IMODE(info.st_mode) == 0o750 and (info.st_uid, info.st_gid) == (33, 33)
        assert sorted(p.name for p in web.parent.iterdir()) == ["planpress"]  # no staging folder left


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_site_that_is_a_mount_point_is_refused(copy: Path):
    shutil.rmtree(copy / "site")
    with tmpfs(copy / "site", "16m") as site:
        (site / "index.html").write_text("<p>served by the web server</p>\n", "utf-8")
        before = tree(copy)
        refused(run_cli("build", "--only", "site", root=copy), "site/ 是一个挂载点，不能整体替换")
        assert tree(copy) == before


# -- a read-only or full disk ----------------------------------------------------------------------

def _project_on(disk: Path, built: Path) -> Path:
    root = disk / "project"
    shutil.copytree(built, root, symlinks=True)
    edit(root / "source" / f"{DOC}.yaml", "purpose: 保护库房资料。", "purpose: 保护库房资料和档案。")  # every output must change
    return root


def _fill(disk: Path) -> None:
    """Write until the disk is full (the kernel says ENOSPC), in big pieces and then in small ones
    for the last bytes. Unbuffered: a buffered file would raise ENOSPC again when it is closed."""
    for name, piece in (("filler", 65536), ("filler2", 512)):
        with contextlib.suppress(OSError):
            with open(disk / name, "wb", buffering=0) as stream:
                while True:
                    stream.write(b"\0" * piece)


@pytest.mark.parametrize("command", [("build", "--only", "pdf"), ("build", "--only", "cards"), ("build", "--only", "site"),
                                     ("approve", DOC, "--role", "主办", "--p12", str(keys().p12["wang-yi"]))],
                         ids=["pdf", "cards", "site", "approve"])
@pytest.mark.parametrize("state", ["read-only", "full"])
def test_a_read_only_or_full_disk_is_a_clear_message_and_changes_nothing(built: Path, tmp_path: Path, command, state,
                                                                         monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    with tmpfs(tmp_path / "disk", "64m") as disk:
        root = _project_on(disk, built)
        if state == "read-only":
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            expected = "磁盘（或这个文件夹的挂载）是只读的"
        else:
            _fill(disk)
            expected = "磁盘已满"
        before = tree(root)
        result = run_cli(*command, root=root)
        output = refused(result, "无法写入：" + expected, "已有的输出保持原样")
        assert tree(root) == before, output


def test_the_site_builder_and_the_schema_accept_the_same_addresses():
    import json

    from planpress.site import safety

    schema = json.loads((Path(planpress.__file__).parent / "sources" / "schemas" / "config.schema.json").read_text("utf-8"))
    assert schema["properties"]["site"]["properties"]["base_url"]["pattern"] == safety.SITE_URL.pattern
    for url in ("http://intranet.hospital.local/planpress/", "https://10.0.0.5:8443/a/%E6%96%87/"):
        assert safety.safe_site_url(url)
    for url in ('http://x/"><script>', "http://x/a b", "javascript:alert(1)", "http://x/?q=<b>", "http://x/#'", "http://x/\n"):
        assert not safety.safe_site_url(url)
        assert not re.search(schema["properties"]["site"]["properties"]["base_url"]["pattern"], url)  # as jsonschema does
