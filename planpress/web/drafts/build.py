"""Draft outputs of a working copy: its PDF and its cards, marked 草稿, into the application's own
folder (never build/, whose cards are the posted ones of the version in force).

The same builders as `planpress build`, given the project as it would be if this working copy were
the version staff use: the cards builder draws the cards of `for_staff`, which is then the working
copy. Run as a warm worker (`python -m planpress.web.drafts.build --worker`): it reads one JSON
request a line on stdin and answers one JSON line, keeping WeasyPrint and the helper processes
loaded between builds, so a draft after a save costs the layout only.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from ... import dates
from ...builders import BuildOptions
from ...problems import SourceError
from ...model import loader

DRAFTS_DIR = "drafts"


def output_dir(state_dir: Path) -> Path:
    return state_dir / DRAFTS_DIR


def build_draft(root: Path, number: str, out: Path) -> tuple[bool, list[str]]:
    """(succeeded, lines to show): the draft PDF and cards of `number` written under `out`."""
    from ...cards import plan as cards_plan
    from ...render import jobs as orchestrate
    from ...pdf import plan as pdf_plan
    from ...pdf.builder import hb_subset_check

    path = root / loader.SOURCE_DIR / f"{number}.yaml"
    result = loader.check(root, [path], dates.today())
    if result.project is None:
        return False, ["源文件有错误，没有生成草稿输出："] + [str(p) for p in result.problems if p.is_error]
    project = result.project
    doc = project.document(number)
    as_draft = dataclasses.replace(project, archive=tuple(d for d in project.archive if d.number != number))
    options = BuildOptions(out=out, site=out / "site")
    lines: list[str] = []
    plans = [pdf_plan(as_draft, (doc,), options), cards_plan(as_draft, (doc,), options)]
    outcome = orchestrate.run(plans, hb_subset_check(lines.append))
    lines += [f"已生成 {p.relative_to(out)}" for p in outcome.written]
    for problems in outcome.failed.values():
        lines += [str(p) for p in problems]
    return not outcome.failed, lines


SOCKET = "drafts.sock"


def socket_path(state_dir: Path) -> Path:
    return state_dir / SOCKET


def _answer(request: dict, root: Path | None = None, out: Path | None = None) -> dict:
    try:
        ok, lines = build_draft(root or Path(request["root"]), request["number"], out or Path(request["out"]))
    except SourceError as exc:
        ok, lines = False, [str(p) for p in exc.problems]
    except Exception as exc:  # a bug of ours: reported on the page, the worker goes on
        ok, lines = False, [f"planpress 内部错误：{type(exc).__name__}: {exc}"]
    return {"ok": ok, "lines": lines}


def _warm_up(root: Path, state_dir: Path) -> None:
    """A draft of the first document into a folder thrown away: the checker's schemas compiled,
    the templates loaded, fonts and caches filled before the first save asks for one."""
    import shutil
    import tempfile

    documents = sorted(p for p in (root / loader.SOURCE_DIR).glob("*.yaml") if p.name not in loader._SPECIAL)
    if not documents:
        return
    scratch = Path(tempfile.mkdtemp(prefix="warm-", dir=state_dir))
    try:
        build_draft(root, documents[0].stem, scratch)
    except Exception:  # a broken project: the first real request says why
        pass
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def serve_socket(root: Path, state_dir: Path) -> int:
    """The server's one draft builder (`planpress serve` starts it beside gunicorn): the layout
    helpers forked and warmed before the first save (WeasyPrint, pikepdf, PDFium imported, fonts
    loaded), the checker's schemas compiled; then one request at a time on a Unix socket that only
    this account can open, always for this project and its drafts folder. It ends with its parent."""
    import os
    import re
    import socket

    from ...render import pool

    import signal

    def stop(signum, frame):  # SIGTERM from `planpress serve` stopping: the finally below stops the helpers
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    parent = os.getppid()
    path = socket_path(state_dir)
    path.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_mask = os.umask(0o177)
    try:
        listener.bind(str(path))
    finally:
        os.umask(old_mask)
    listener.listen(8)
    listener.settimeout(2.0)
    pool.load_here()  # each build forks its helpers from here: warm
    out = output_dir(state_dir)
    _warm_up(root, state_dir)
    try:
        while os.getppid() == parent:
            try:
                connection, _ = listener.accept()
            except socket.timeout:
                continue
            with connection, connection.makefile("rwb") as stream:
                try:
                    request = json.loads(stream.readline(10_000) or b"{}")
                    number = str(request.get("number", ""))
                    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", number):
                        raise ValueError(number)
                except ValueError:
                    answer = {"ok": False, "lines": ["草稿请求无效。"]}
                else:
                    answer = _answer({"number": number}, root, out)
                try:
                    stream.write((json.dumps(answer, ensure_ascii=False) + "\n").encode("utf-8"))
                    stream.flush()
                except OSError:
                    pass
    finally:
        path.unlink(missing_ok=True)
        pool.stop()
    return 0


def _serve() -> int:
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            answer = {"ok": False, "lines": ["草稿请求无效。"]}
        else:
            answer = _answer(request)
        sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        sys.exit(_serve())
    if sys.argv[1:2] == ["--serve"]:
        sys.exit(serve_socket(Path(sys.argv[2]), Path(sys.argv[3])))
    ok, shown = build_draft(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
    print("\n".join(shown))
    sys.exit(0 if ok else 1)
