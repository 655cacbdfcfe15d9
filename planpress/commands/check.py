"""planpress check [PATH…]: validate the sources and print every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from ..lifecycle import drills
from ..model.loader import check


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="要检查的文件或文件夹（默认：source/ 全部）")


def run(args) -> int:
    paths = [Path(p) for p in args.paths]
    drill_top = (Path(args.root) / "source" / drills.DRILLS_DIR).resolve()
    drill_paths = [p for p in paths if p.resolve().is_relative_to(drill_top)]
    others = [p for p in paths if p not in drill_paths]
    result = check(args.root, others or None)
    problems = list(result.problems)
    if result.project is not None and (not paths or drill_paths):
        problems += drills.check_files(args.root, result.project, drill_paths or None)
    # Drill records (source/drills/) are checked here, not in loading: a broken record is the
    # editor's to fix, and must not stop the site and the cards being built.
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if errors:
        print(f"检查未通过：{errors} 个错误，{warnings} 个警告。", file=sys.stderr)
        return 1
    print(f"检查通过：{len(result.project.documents)} 个文件，{warnings} 个警告。")
    return 0
