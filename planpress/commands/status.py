"""planpress status [DOC…]: version, state, approvals and review date of each document."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import dates
from ..lifecycle import checks
from ..lifecycle import drills, status
from ..lifecycle.workspace import document_path
from ..model.loader import check


def add_arguments(parser) -> None:
    parser.add_argument("documents", nargs="*", metavar="DOC", help="文件编号，例如 H-J-YA-028（默认：全部）")


def run(args) -> int:
    root = Path(args.root)
    paths = [document_path(root, number) for number in args.documents] or None
    today = dates.today()
    # Loaded without the lifecycle rules so that a document in trouble still shows where it stands.
    result = check(root, paths, today, lifecycle=False)
    if result.project is None:
        for problem in result.problems:
            print(problem, file=sys.stderr)
        print("源文件有错误，无法显示状态：先改正上面的错误。", file=sys.stderr)
        return 1
    project = result.project
    errors = 0
    for index, doc in enumerate(project.documents):
        found = checks.check_lifecycle([doc], project.history(doc.number))
        errors += sum(p.is_error for p in found)
        print(("\n" if index else "") + status.report(project, doc, today, found), end="")
        for line in drills.status_lines(root, project, doc, today):
            print(line)
    return 1 if errors else 0
