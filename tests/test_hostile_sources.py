"""Hostile sources, as a colleague with write access to the repository could commit them (issue 11).

One test per kind of input: files that are not regular files, YAML that would exhaust memory or the
stack, characters no output can show, numbers and patterns that would write outside build/ or hang
`check`. Each is refused by `check` and `build` (and, where it matters, `approve` and `release`)
with a Chinese message at the place, exit 1, no traceback, and nothing changed.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, run_cli
from signing_support import keys
from hostile import DOC, edit, line_of, refused, refuses_everything, tree, with_outputs
from planpress.sources import limits

PLAN = f"source/{DOC}.yaml"


@pytest.fixture
def guarded(project: Path) -> Path:
    """The fixture project, with a previous build/ and site/ that must survive every refusal."""
    return with_outputs(project)


def cli_process(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """`planpress ARGS` as its own process, for inputs that used to hang it: the timeout fails the test."""
    return subprocess.run([sys.executable, "-m", "planpress", "--root", str(root), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO)


# -- files that are not regular files ----------------------------------------------------------

def _symlink_to_shadow(path: Path) -> None:
    path.symlink_to("/etc/shadow")


def _symlink_to_passwd(path: Path) -> None:
    path.symlink_to("/etc/passwd")


def _symlink_to_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _char_device(path: Path) -> None:
    os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))  # like /dev/zero


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


@pytest.mark.parametrize("name, make, what", [
    ("shadow.txt", _symlink_to_shadow, "符号链接（指向 /etc/shadow）"),
    ("H-J-YA-902.yaml", _symlink_to_passwd, "符号链接（指向 /etc/passwd）"),
    ("H-J-YA-902.yaml", _symlink_to_zero, "符号链接（指向 /dev/zero）"),
    ("H-J-YA-902.yaml", _fifo, "命名管道（FIFO）"),
    ("H-J-YA-902.yaml", _char_device, "字符设备"),
    ("H-J-YA-902.yaml", _socket, "套接字（socket）"),
])
def test_a_source_that_is_not_a_regular_file_is_refused(guarded: Path, name: str, make, what: str):
    make(guarded / "source" / name)
    started = time.monotonic()
    refuses_everything(guarded, f"source/{name}: 错误: 这是一个{what}")
    assert time.monotonic() - started < 30  # a FIFO or /dev/zero used to hang check for good
    output = run_cli("check", root=guarded).stderr
    assert "root:x:0:0" not in output  # the message never shows what a link points at


def test_a_source_named_on_the_command_line_that_is_a_fifo_does_not_block(guarded: Path):
    fifo = guarded / "source" / "H-J-YA-902.yaml"
    os.mkfifo(fifo)
    result = cli_process(guarded, "check", str(fifo), timeout=30)
    assert result.returncode == 1, result.stderr
    assert "这是一个命名管道（FIFO），不是普通文件" in result.stderr and "Traceback" not in result.stderr


def test_a_folder_of_source_that_is_a_symlink_is_refused(guarded: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    (outside / DOC).mkdir(parents=True)
    (outside / DOC / "A-0.yaml").write_text("release: {}\n", "utf-8")
    (guarded / "source" / "archive").symlink_to(outside, target_is_directory=True)
    refuses_everything(guarded, "source/archive: 错误: 这是一个符号链接")


def test_source_itself_may_not_be_a_symlink(tmp_path: Path, project: Path):
    moved = tmp_path / "real-source"
    (project / "source").rename(moved)
    (project / "source").symlink_to(moved, target_is_directory=True)
    refuses_everything(project, "source/ 是一个符号链接")


def test_the_size_cap_counts_the_bytes_read_not_what_stat_says(guarded: Path, monkeypatch):
    plan = guarded / PLAN
    plan.write_text(plan.read_text("utf-8") + "# " + "很" * (limits.MAX_BYTES // 3 + 10) + "\n", "utf-8")
    real_stat = os.stat

    def small_stat(path, *args, **kwargs):  # a file that lies about its size (a /proc file says 0)
        info = real_stat(path, *args, **kwargs)
        return os.stat_result((info.st_mode, info.st_ino, info.st_dev, info.st_nlink, info.st_uid, info.st_gid,
                               10, info.st_atime, info.st_mtime, info.st_ctime))

    monkeypatch.setattr(os, "stat", small_stat)
    refuses_everything(guarded, f"{PLAN}: 错误: 文件太大", commands=(("check",),))


# -- YAML that would exhaust memory, the stack or time ----------------------------------------------

BILLION_LAUGHS = "\n".join(
    ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]" for n in range(1, 9)]) + "\n"


def test_an_alias_bomb_is_refused_at_once(guarded: Path):
    assert len(BILLION_LAUGHS.encode()) < 500  # 9^9 values once expanded
    (guarded / "source" / "contacts.yaml").write_text(BILLION_LAUGHS, "utf-8")
    started = time.monotonic()
    refuses_everything(guarded, "source/contacts.yaml:5:", "引用（*名称）展开后的内容太多")
    assert time.monotonic() - started < 10


def test_too_many_aliases_are_refused(guarded: Path):
    lines = ["x: &x 1"] + [f"k{n}: *x" for n in range(limits.MAX_ALIASES + 1)]
    (guarded / "source" / "contacts.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    refuses_everything(guarded, f"source/contacts.yaml:{limits.MAX_ALIASES + 2}:{len(f'k{limits.MAX_ALIASES}: ') + 1}: 错误:",
                       "引用（*名称）太多")


def test_a_recursive_alias_is_an_error_not_a_crash(guarded: Path):
    edit(guarded / PLAN, "title: 库房漏水应急预案", "title: &loop [*loop]")
    refuses_everything(guarded, f"{PLAN}:{line_of(guarded / PLAN, '&loop')}:", "递归引用", isolated=DOC)


@pytest.mark.parametrize("depth", [100, 10_000, 400_000])
def test_deep_nesting_is_an_error_not_a_crash(guarded: Path, depth: int):
    # 400,000 levels fit in 1 MB: ruamel's C composer overflows the C stack (a segfault) on this.
    (guarded / "source" / "contacts.yaml").write_text("a: " + "[" * depth + "]" * depth + "\n", "utf-8")
    started = time.monotonic()
    refuses_everything(guarded, f"source/contacts.yaml:1:{limits.MAX_DEPTH + 3}: 错误:", "嵌套太深")
    assert time.monotonic() - started < 10


def test_deep_block_nesting_is_an_error(guarded: Path):
    lines = [" " * level + f"k{level}:" for level in range(200)]
    (guarded / "source" / "planpress.yaml").write_text("\n".join(lines) + " x\n", "utf-8")
    refuses_everything(guarded, f"source/planpress.yaml:{limits.MAX_DEPTH + 1}:", "嵌套太深")


def test_an_alias_cannot_nest_deeper_than_the_limit(guarded: Path):
    half = limits.MAX_DEPTH - 2
    text = "a: &deep " + "[" * half + "]" * half + "\nb: [[[[[*deep]]]]]\n"
    (guarded / "source" / "contacts.yaml").write_text(text, "utf-8")
    refuses_everything(guarded, "source/contacts.yaml:2:", "展开后超过")


# -- characters no output can show ----------------------------------------------------------------

@pytest.mark.parametrize("file, old, new, field, shown", [
    (PLAN, "title: 库房漏水应急预案", 'title: "库房\\e[8m漏水应急预案"', "title", "U+001B（ESC"),
    (PLAN, "title: 库房漏水应急预案", "title: 库房漏水\u202e应急预案", "title", "U+202E"),
    (PLAN, "title: 库房漏水应急预案", 'title: "库房\\r漏水应急预案"', "title", "U+000D（CR"),
    (PLAN, "title: 库房漏水应急预案", 'title: "库房\\u200b漏水应急预案"', "title", "U+200B（零宽空格"),
    (PLAN, "title: 库房漏水应急预案", 'title: "库房\\U0010FFFF漏水应急预案"', "title", "U+10FFFF"),
    ("source/contacts.yaml", "name: 保卫科", 'name: "保卫\\x9b科"', "contacts.security.name", "U+009B"),
    ("source/planpress.yaml", "name: 测试医院受控文件", 'name: "测试医院\\e]0;x\\a受控文件"', "site.name", "U+001B"),
    ("source/contacts.yaml", "  security:\n", '  "secu\\x1brity":\n', "contacts.secu\\u001brity", "键里有"),
])
def test_a_control_character_in_any_text_is_refused(guarded: Path, file, old, new, field, shown):
    path = guarded / file
    edit(path, old, new)
    line = line_of(path, new.split("\n")[0].strip())
    refuses_everything(guarded, f"{file}:{line}:", f"【{field}】", shown, "不可见的控制字符",
                       isolated=DOC if file == PLAN else None)


def test_an_escape_yaml_itself_refuses_is_explained(guarded: Path):
    edit(guarded / PLAN, "title: 库房漏水应急预案", 'title: "库房\\ud800漏水应急预案"')  # a lone surrogate
    refuses_everything(guarded, f"{PLAN}:{line_of(guarded / PLAN, 'title:')}:", "双引号里的转义", isolated=DOC)


def test_a_raw_control_character_is_named_with_its_place(guarded: Path):
    path = guarded / PLAN
    edit(path, "title: 库房漏水应急预案", "title: 库房\x1b[2K漏水应急预案")
    refuses_everything(guarded, f"{PLAN}:{line_of(path, 'title:')}:10: 错误:", "U+001B（ESC", isolated=DOC)


def test_a_character_the_fonts_lack_is_refused_by_check_approve_and_release(guarded: Path):
    path = guarded / PLAN
    edit(path, "title: 库房漏水应急预案", "title: 库房漏水应急预案😀")
    where = f"{PLAN}:{line_of(path, 'title:')}:"
    refuses_everything(guarded, where, "字符“😀”（U+1F600）在所选字体", commands=(
        ("check",), ("build", "--only", "site"),
        ("approve", DOC, "--role", "主办", "--p12", str(keys().p12["wang-yi"])),
        ("release", DOC, "--p12", str(keys().p12["qian-qi"]))), isolated=DOC)


def test_a_cached_verdict_never_hides_a_new_character(guarded: Path):
    assert run_cli("check", root=guarded).status == 0
    assert (guarded / ".cache" / "fonts" / "verdicts.json").is_file()  # printable: remembered
    edit(guarded / PLAN, "title: 库房漏水应急预案", "title: 库房漏水应急预案😀")
    refuses_everything(guarded, "字符“😀”（U+1F600）在所选字体", commands=(("check",), ("check",)))


def test_a_font_that_is_not_installed_is_refused_by_check(guarded: Path):
    edit(guarded / "source" / "planpress.yaml", "body: Noto Serif CJK SC", "body: Hospital FangSong GB2312")
    refuses_everything(guarded, "source/planpress.yaml:", "【fonts.body】找不到正文字体")


# -- numbers and patterns ---------------------------------------------------------------------------

def test_a_permissive_pattern_cannot_make_the_number_dot_dot(guarded: Path):
    edit(guarded / "source" / "planpress.yaml", "document_number_pattern: '^[A-Z]+(-[A-Z]+)*-[0-9]{3}$'",
         "document_number_pattern: '.*'")
    plan = guarded / PLAN
    dots = guarded / "source" / "...yaml"
    dots.write_text(plan.read_text("utf-8").replace(f"number: {DOC}", "number: ..", 1), "utf-8")
    plan.unlink()
    refuses_everything(guarded, f"source/...yaml:{line_of(dots, 'number:')}:9: 错误: 【number】文件编号“..”不能用作文件名",
                       isolated="..")


@pytest.mark.parametrize("number", ["H/J-YA-901", "H-J\\YA-901", "-H-J-YA-901", "H-J-YA-901\t"])
def test_a_number_is_always_a_plain_file_name(guarded: Path, number: str):
    edit(guarded / "source" / "planpress.yaml", "document_number_pattern: '^[A-Z]+(-[A-Z]+)*-[0-9]{3}$'",
         "document_number_pattern: '(?s).*'")
    edit(guarded / PLAN, f"number: {DOC}", f"number: {number!r}".replace("\\\\", "\\"))
    refuses_everything(guarded, "【number】", "不能用作文件名", isolated=DOC)


def test_a_pathological_pattern_cannot_hang_check(guarded: Path):
    config = guarded / "source" / "planpress.yaml"
    edit(config, "document_number_pattern: '^[A-Z]+(-[A-Z]+)*-[0-9]{3}$'",
         "document_number_pattern: '^(H|-|J|Y|A|9|0|1|H-J-YA-)+$'")
    edit(guarded / PLAN, f"number: {DOC}", "number: " + "H-J-YA-" * 24 + "90!")  # matching: 2^24 tries
    before = tree(guarded)
    started = time.monotonic()
    result = cli_process(guarded, "check", timeout=60)
    assert time.monotonic() - started < 20
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"source/planpress.yaml:{line_of(config, 'document_number_pattern')}:" in result.stderr
    assert "【document_number_pattern】文件编号格式（正则表达式）太复杂" in result.stderr, result.stderr
    assert tree(guarded) == before


def test_unsafe_output_names_are_refused_by_the_path_builder(tmp_path: Path):
    from planpress.problems import SourceError
    from planpress.render.paths import under

    for name in ("..", ".", "", "a/b", "a\\b", "../x", "x\x00", "-x"):
        with pytest.raises(SourceError) as caught:
            under(tmp_path, name)
        assert "不是安全的文件名" in str(caught.value)
    assert under(tmp_path, "H-J-YA-028", "H-J-YA-028_A-0.pdf") == tmp_path / "H-J-YA-028" / "H-J-YA-028_A-0.pdf"


def test_the_real_sources_pass_every_new_rule():
    result = run_cli("check", root=REPO)
    assert result.status == 0, result.stderr
