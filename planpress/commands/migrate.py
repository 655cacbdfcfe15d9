"""planpress migrate [DOC…]: rewrite working copies of the first format (v1) in the current one."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import dates
from ..sources import legacy
from ..model.loader import SOURCE_DIR, check
from ..sources.yamlsource import read_source
from ..lifecycle.migrate import migrate


def add_arguments(parser) -> None:
    parser.add_argument("documents", nargs="*", metavar="DOC",
                        help="文件编号或 source/ 里的文件（默认：source/ 里所有旧格式的文件）")


def run(args) -> int:
    source_dir = Path(args.root) / SOURCE_DIR
    if args.documents:
        paths = [Path(d) if d.endswith(".yaml") else source_dir / f"{d}.yaml" for d in args.documents]
    else:
        paths = [p for p in sorted(source_dir.glob("*.yaml")) if legacy.is_v1(read_source(p).data)]
        if not paths:
            print("source/ 里没有旧格式的文件，不用转换。")
            return 0
    for path in paths:
        migrate(path, dates.today())
        print(f"已转换 {path}")
    result = check(args.root)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.project is None:
        print("转换后的文件没有通过检查：见上面的提示。", file=sys.stderr)
        return 1
    print("转换后检查通过：内容和指纹不变，已有的审批仍然有效。")
    return 0
