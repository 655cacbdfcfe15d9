"""Helpers for the hostile-input tests: a project with outputs to protect, and what a refusal must look like.

Every refusal is asserted the same way: exit status 1, a Chinese message naming the place (and
with a hint, 怎么改), no Python traceback or internal error, no raw control character printed, and
not one byte of source/, build/ or site/ changed (special files are compared by kind, never read).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import CliResult, run_cli
from planpress.terminal import CONTROLS

DOC = "H-J-YA-901"


def tree(root: Path) -> dict[str, object]:
    """source/, build/ and site/ of `root`: relative path → bytes, link target, or kind of file."""
    found: dict[str, object] = {}
    for entry in root.iterdir():  # a staging folder left beside site/ or build/ would show here
        if entry.name.startswith(".") and entry.name != ".cache":
            found[entry.name] = ("left behind",)
    for top in ("source", "build", "site"):
        base = root / top
        if not os.path.lexists(base):
            continue
        pending = [base]
        while pending:
            path = pending.pop()
            mode = os.lstat(path).st_mode
            name = str(path.relative_to(root))
            if stat.S_ISLNK(mode):
                found[name] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                found[name] = ("folder",)
                pending.extend(path.iterdir())
            elif stat.S_ISREG(mode):
                found[name] = path.read_bytes()
            else:
                found[name] = ("special", stat.S_IFMT(mode))
    return found


def with_outputs(root: Path) -> Path:
    """Give the project outputs that a refused command must leave alone."""
    pdf = root / "build" / DOC / f"{DOC}_A-0.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 previous output\n")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<p>previous site</p>\n", "utf-8")
    return root


def refused(result: CliResult, *fragments: str) -> str:
    """The output of a refused command, after checking it looks as a user must see it."""
    output = result.stdout + result.stderr
    assert result.status == 1, output
    assert "Traceback" not in output and "内部错误" not in output, output
    assert not CONTROLS.search(output), repr(output)
    assert "错误" in output and "怎么改：" in output, output
    for fragment in fragments:
        assert fragment in output, output
    return output


def refuses_everything(root: Path, *fragments: str, commands=(("check",), ("build",)),
                       isolated: str | None = None) -> None:
    """Each of `commands` is refused with `fragments` and changes nothing.

    `isolated`: the error is inside one document (named so in the build's report), which a build
    sets aside while it makes the others (issue 13). Then source/ and build/ stay byte for byte as
    they were, and the site, which a build may make again, shows staff no error (only the document's
    last good version) and carries none of its hostile content."""
    before = tree(root)
    for command in commands:
        output = refused(run_cli(*command, root=root), *fragments)
        after = tree(root)
        if isolated and command[0] == "build":
            assert f"原有输出保持不变）：{isolated}" in output, output
            assert _without_site(after) == _without_site(before), command
            if after != before:
                _shows_nothing_of_it(root)
                before = after  # the commands after it must not change the remade site either
        else:
            assert after == before, command


def _without_site(found: dict[str, object]) -> dict[str, object]:
    return {name: value for name, value in found.items() if name != "site" and not name.startswith("site/")}


def _shows_nothing_of_it(root: Path) -> None:
    """The rebuilt site shows staff no editor's error and no raw control character anywhere."""
    for page in (root / "site").rglob("*"):
        if page.suffix in {".html", ".json", ".md", ".txt"} and page.is_file():
            text = page.read_text("utf-8")
            assert not CONTROLS.search(text), page
            assert "源文件有错误" not in text and "planpress check" not in text, page


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def line_of(path: Path, marker: str) -> int:
    text = path.read_text("utf-8")
    return text[:text.index(marker)].count("\n") + 1
