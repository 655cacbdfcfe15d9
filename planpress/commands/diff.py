"""planpress diff DOC [OLD] [NEW]: clause-level changes between two versions."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .. import dates, terminal
from ..lifecycle import history
from ..model.diff import compare
from ..lifecycle.present import diff_text
from ..lifecycle.workspace import document_path, refuse
from ..model.loader import check


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("old", nargs="?", metavar="OLD", help="旧版本，例如 A/0（默认：最近发布的版本）")
    parser.add_argument("new", nargs="?", metavar="NEW", help=f"新版本，例如 A/1 或 {history.WORKING}（默认：工作副本）")
    parser.add_argument("--json", action="store_true", help="输出结构化结果（JSON），供站点或其他工具使用")


def run(args) -> int:
    root = Path(args.root)
    path = document_path(root, args.document)
    result = check(root, [path], dates.today(), lifecycle=False)  # comparing is how to see a stray edit
    if result.project is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print("源文件有错误，无法比较：先改正上面的错误。", file=sys.stderr)
        return 1
    project = result.project
    number = args.document
    last = history.last_release(project, number)
    if args.old is None and last is None:
        raise refuse(path, f"{number} 还没有发布过的版本，没有可比较的旧版本。", "指定两个版本，例如 planpress diff H-J-YA-028 A/0 A/1。")
    old = history.resolve(project, number, args.old) if args.old else last
    new = history.resolve(project, number, args.new) if args.new else project.document(number)
    for label, doc in ((args.old, old), (args.new, new)):
        if doc is None:
            raise refuse(path, f"{number} 没有版本“{label}”。",
                         f"现有版本：{'、'.join(history.labels(project, number))}；工作副本写 {history.WORKING}。")
    outcome = compare(old, new)
    if args.json:
        print(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2))
    else:
        # Coloured on a terminal; diff_text neutralised every text it took from the versions.
        terminal.write_trusted(sys.stdout, diff_text(outcome, colour=sys.stdout.isatty()))
    return 0
