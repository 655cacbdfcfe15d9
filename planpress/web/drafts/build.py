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
    outcome = orchestrate.run(plans, hb_subset_check(plans, lines.append))
    lines += [f"已生成 {p.relative_to(out)}" for p in outcome.written]
    for problems in outcome.failed.values():
        lines += [str(p) for p in problems]
    return not outcome.failed, lines


def _serve() -> int:
    for line in sys.stdin:
        try:
            request = json.loads(line)
            ok, lines = build_draft(Path(request["root"]), request["number"], Path(request["out"]))
        except SourceError as exc:
            ok, lines = False, [str(p) for p in exc.problems]
        except Exception as exc:  # a bug of ours: reported on the page, the worker goes on
            ok, lines = False, [f"planpress 内部错误：{type(exc).__name__}: {exc}"]
        sys.stdout.write(json.dumps({"ok": ok, "lines": lines}, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        sys.exit(_serve())
    ok, shown = build_draft(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
    print("\n".join(shown))
    sys.exit(0 if ok else 1)
