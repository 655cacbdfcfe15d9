"""planpress build [DOC…] [--only KIND,…] [--shard K/N]: check the sources, then write the outputs.

Only what changed is made again (planpress.incremental): when nothing changed at all, the CLI has
already printed the last report (incremental.fastpath) before this module is imported. A document
with an error is left out: the others are built, its previous outputs stay as they were, the site
shows its last good version and marks it in the register, and the build exits 1.
"""

from __future__ import annotations

from pathlib import Path

from ..builders import BUILDERS
from ..incremental import fastpath, shards
from ..incremental.build import SHARD_KINDS, build_register
from ..problems import SourceError
from ..render import pool


def add_arguments(parser) -> None:
    parser.add_argument("documents", nargs="*", metavar="DOC", help="只生成这些文件编号（默认：全部）")
    parser.add_argument("--only", metavar="KIND", default=None,
                        help=f"只生成这些类型，逗号分隔：{'、'.join(BUILDERS) or '（无）'}（默认：全部）")
    parser.add_argument("--pdfa", action="store_true", help="PDF 采用归档格式 PDF/A-2b")
    parser.add_argument("--shard", metavar="K/N", default=None,
                        help="只生成 N 份中第 K 份文件的 PDF 和卡片（CI 并行任务用；每个文件固定属于某一份），"
                             "站点在汇总各份的 build/ 之后用 --only site 生成")


def run(args) -> int:
    report = fastpath.Report()
    kinds = [k.strip() for k in (args.only or ",".join(BUILDERS)).split(",") if k.strip()]
    unknown = [k for k in kinds if k not in BUILDERS]
    if unknown:
        report.err(f"planpress：不认识的输出类型：{'、'.join(unknown)}。可选：{'、'.join(BUILDERS)}。")
        return 2
    shard = None
    if args.shard is not None:
        try:
            shard = shards.parse(args.shard)
        except ValueError as exc:
            report.err(f"planpress：{exc}")
            return 2
        if args.only is None:
            kinds = [k for k in kinds if k in SHARD_KINDS]
        elif any(k not in SHARD_KINDS for k in kinds):
            report.err("planpress：--shard 只生成 PDF 和卡片（--only pdf,cards）。站点在汇总各份的 build/ 之后"
                       "用 planpress build --only site 生成一次。")
            return 2
    root = Path(args.root)
    found = fastpath.request_key(getattr(args, "argv", None)) if getattr(args, "argv", None) is not None else None
    fastpath.forget(root)  # the outputs are about to change: the stamp of the last build no longer holds
    try:
        status = build_register(root, kinds, args.documents, shard, args.pdfa, report)
    except SourceError as exc:
        for problem in exc.problems:
            report.err(str(problem))
        status = 1
    finally:
        pool.stop()  # started by warm_up; already stopped unless the build ended early
    if found is not None and found[0] == root:
        fastpath.record(root, found[1], report, status)
    return status
