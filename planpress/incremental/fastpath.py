"""The whole build's stamp: when no input and no output changed, print the last report and stop.

`planpress build` records, after every build (also one that found errors), a key of all its
inputs and a digest of all its outputs in .cache/build-stamp.json, with every line it printed
and its exit status. The next `planpress build` with the same command line computes the key
again before importing anything else (`replay`, called first thing by the CLI): if the key and
the outputs' digest both match, no output can come out differently, so the report is printed
again as it was (the errors of a broken document too) and the process ends with the same status.

The key holds the bytes of every file of source/ (archive included), templates/ and the
project's mkdocs.yml; planpress's own files; the installed libraries; the font folders and
fontconfig's configuration; today's date (a version comes into force, a review falls due); and
the command line, the working folder and the few environment variables that change output. The
outputs' digest covers the size and modification time of every file under build/ and site/ and
of the freshness records in .cache/: an output deleted or changed by hand means a real build.

Standard library only, and cheap: hashing the files of a 200-document register and stat-ing
its outputs takes a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from .. import inputs

FORMAT = 1
CACHE_DIR = ".cache"
STAMP = Path(CACHE_DIR) / "build-stamp.json"
OUTPUT_DIRS = ("build", "site")
ENVIRONMENT = ("PLANPRESS_TODAY", "SOURCE_DATE_EPOCH")
UNCHANGED = "（源文件、模板、设置和程序都没有改动：全部输出都是最新的，沿用上次生成的结果。）"


class Report:
    """What a build prints, kept so that the next build with nothing changed can print it again."""

    def __init__(self):
        self.lines: list[tuple[str, str]] = []

    def out(self, text: str) -> None:
        print(text)
        self.lines.append(("out", text))

    def err(self, text: str) -> None:
        print(text, file=sys.stderr)
        self.lines.append(("err", text))


def request_key(argv: list[str]) -> tuple[Path, str] | None:
    """(project root, key of the inputs) of `argv` when it is a `planpress build`; else None."""
    from .. import builders, dates  # light modules: no model, no third-party library

    split = _split(argv)
    if split is None:
        return None
    root, options = split
    try:
        today = dates.today().isoformat()
    except ValueError:
        return None
    root_path = Path(root)
    command = json.dumps({"root": root, "cwd": os.getcwd(), "today": today, **options,
                          "builders": builders.BUILDERS, "environment": {k: os.environ.get(k) for k in ENVIRONMENT}},
                         sort_keys=True, ensure_ascii=False)
    key = inputs.combine(f"format {FORMAT}", command, inputs.tree(root_path / "source"),
                         inputs.tree(root_path / "templates"), inputs.file(root_path / "mkdocs.yml"),
                         inputs.code(), inputs.libraries(), inputs.fonts(), inputs.trust_pins())
    return root_path, key


def replay(argv: list[str]) -> int | None:
    """Print the last build's report and return its status if `argv` would build exactly the same."""
    try:
        found = request_key(argv)
        if found is None:
            return None
        root, key = found
        stamp = json.loads((root / STAMP).read_text("utf-8"))
        if stamp.get("format") != FORMAT or stamp.get("key") != key or stamp.get("outputs") != outputs_digest(root):
            return None
        lines, status = stamp["lines"], int(stamp["status"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for stream, text in lines:
        print(text, file=sys.stderr if stream == "err" else sys.stdout)
    print(UNCHANGED)
    return status


def record(root: Path, key: str, report: Report, status: int) -> None:
    """Remember this build: the key of its inputs (computed before it started), what it printed,
    its status, and the digest of the outputs it left."""
    from ..render import atomic

    stamp = {"format": FORMAT, "key": key, "status": status, "lines": report.lines,
             "outputs": outputs_digest(root)}
    with contextlib.suppress(OSError):  # without a stamp the next build simply does the real work
        atomic.write_text(root / STAMP, json.dumps(stamp, ensure_ascii=False) + "\n")


def forget(root: Path) -> None:
    with contextlib.suppress(OSError):
        (root / STAMP).unlink()


def outputs_digest(root: Path) -> str:
    parts = []
    for name in OUTPUT_DIRS:
        _stat_tree(root / name, name, parts)
    cache = root / CACHE_DIR
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(cache), key=lambda e: e.name):
            if entry.is_file() and entry.name != STAMP.name:
                stat = entry.stat()
                parts.append(f"{CACHE_DIR}/{entry.name} {stat.st_size} {stat.st_mtime_ns}")
    return inputs.combine(*parts)


def _stat_tree(folder: Path, shown: str, parts: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        parts.append(f"{shown} absent")
        return
    for entry in entries:
        name = f"{shown}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            _stat_tree(Path(entry.path), name, parts)
        else:
            stat = entry.stat()
            parts.append(f"{name} {stat.st_size} {stat.st_mtime_ns} {stat.st_ino}")


def _split(argv: list[str]) -> tuple[str, dict] | None:
    """The root and the build options of a plain `[--root R] build [DOC…] [options]`."""
    try:
        position = argv.index("build")
    except ValueError:
        return None
    head, tail = argv[:position], argv[position + 1:]
    outer = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    outer.add_argument("--root", default=".")
    inner = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    inner.add_argument("documents", nargs="*")
    inner.add_argument("--only", default=None)
    inner.add_argument("--pdfa", action="store_true")
    inner.add_argument("--shard", default=None)
    try:
        with contextlib.redirect_stderr(_Discard()):
            known, unknown = outer.parse_known_args(head)
            options, extra = inner.parse_known_args(tail)
    except (argparse.ArgumentError, SystemExit):
        return None
    if unknown or extra or any(word.startswith("-") for word in options.documents):
        return None
    return known.root, {"documents": sorted(options.documents), "only": options.only, "pdfa": options.pdfa,
                        "shard": options.shard}


class _Discard:
    def write(self, _text: str) -> int:
        return 0

    def flush(self) -> None:
        pass
