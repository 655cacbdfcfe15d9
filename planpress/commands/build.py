"""planpress build [DOC…] [--only KIND,…]: check the sources, then write the outputs."""

from __future__ import annotations

import sys
from pathlib import Path

from ..builders import BUILD_DIR, BUILDERS, SITE_DIR, BuildOptions, builder, warm_up
from ..sources.loader import check


def add_arguments(parser) -> None:
    parser.add_argument("documents", nargs="*", metavar="DOC", help="只生成这些文件编号（默认：全部）")
    parser.add_argument("--only", metavar="KIND", default=",".join(BUILDERS),
                        help=f"只生成这些类型，逗号分隔：{'、'.join(BUILDERS) or '（无）'}")
    parser.add_argument("--pdfa", action="store_true", help="PDF 采用归档格式 PDF/A-2b")


def run(args) -> int:
    kinds = [k.strip() for k in args.only.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in BUILDERS]
    if unknown:
        print(f"planpress：不认识的输出类型：{'、'.join(unknown)}。可选：{'、'.join(BUILDERS)}。", file=sys.stderr)
        return 2
    root = Path(args.root)
    warm_up(kinds)  # e.g. load the PDF engine in a helper process while the sources are checked
    result = check(root)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.project is None:
        print("源文件有错误，未生成任何输出（原有输出保持不变）。", file=sys.stderr)
        return 1
    project = result.project
    print(f"检查通过：{len(project.documents)} 个文件。")
    known = {d.number for d in project.documents}
    missing = [n for n in args.documents if n not in known]
    if missing:
        print(f"planpress：没有编号为 {'、'.join(missing)} 的文件。现有：{'、'.join(sorted(known))}。", file=sys.stderr)
        return 1
    documents = tuple(d for d in project.documents if not args.documents or d.number in args.documents)
    options = BuildOptions(out=root / BUILD_DIR, site=root / SITE_DIR, pdfa=args.pdfa)
    for kind in kinds:
        for path in builder(kind)(project, documents, options):
            print(f"已生成 {path}")
    return 0
