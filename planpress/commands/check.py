"""planpress check [PATH…]: validate the sources and print every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from ..model.loader import check


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="要检查的文件或文件夹（默认：source/ 全部）")


def run(args) -> int:
    result = check(args.root, [Path(p) for p in args.paths] or None)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    errors = sum(p.is_error for p in result.problems)
    warnings = len(result.problems) - errors
    if errors:
        print(f"检查未通过：{errors} 个错误，{warnings} 个警告。", file=sys.stderr)
        return 1
    count = len(result.project.documents)
    print(f"检查通过：{count} 个文件，{warnings} 个警告。")
    return 0
