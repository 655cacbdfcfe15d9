"""planpress build [DOC…] [--only KIND,…] [--shard K/N]: check the sources, then write the outputs.

Only what changed is made again (planpress.incremental): when nothing changed at all, the CLI has
already printed the last report (incremental.fastpath) before this module is imported. A document
with an error is left out: the others are built, its previous outputs stay as they were, the site
shows its last good version and marks it in the register, and the build exits 1.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import dates
from ..builders import BUILD_DIR, BUILDERS, SITE_DIR, BuildOptions, builder, planner, warm_up
from ..incremental import fastpath, good, orchestrate, register, shards
from ..problems import Problem, SourceError, sort_key
from ..render import pool

SHARD_KINDS = ("pdf", "cards")  # what a shard builds; the site is built once, from every shard's build/


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
        status = _build(args, kinds, shard, root, report)
    except SourceError as exc:
        for problem in exc.problems:
            report.err(str(problem))
        status = 1
    finally:
        pool.stop()  # started by warm_up; already stopped unless the build ended early
    if found is not None and found[0] == root:
        fastpath.record(root, found[1], report, status)
    return status


def _build(args, kinds: list[str], shard: shards.Shard | None, root: Path, report: fastpath.Report) -> int:
    warm_up(kinds)  # e.g. load the PDF engine in the helper processes while the sources are loaded
    today = dates.today()
    loaded = register.load(root, today)
    source_dir = root / "source"
    shown = [p for p in loaded.problems if shard is None or _in_shard(p, source_dir, shard)]
    for problem in shown:
        report.err(str(problem))
    if loaded.project is None:
        report.err("源文件有错误，未生成任何输出（原有输出保持不变）。")
        return 1
    project = loaded.project
    broken: dict[str, tuple[Problem, ...]] = {n: p for n, p in loaded.broken.items()
                                               if shard is None or shard.holds(n)}
    missing = [n for n in args.documents if n not in loaded.numbers]
    if missing:
        report.err(f"planpress：没有编号为 {'、'.join(missing)} 的文件。现有：{'、'.join(loaded.numbers)}。")
        return 1
    documents = tuple(d for d in project.documents if (not args.documents or d.number in args.documents)
                      and (shard is None or shard.holds(d.number)))
    if broken:
        report.out(f"检查完成：{len(project.documents)} 个文件可以生成；{len(broken)} 个文件有错误，"
                   f"这次不生成（原有输出保持不变）：{'、'.join(broken)}。")
    else:
        report.out(f"检查通过：{len(project.documents)} 个文件。")
    if shard is not None:
        report.out(f"第 {shard} 份：{len(documents)} 个文件。")
    options = BuildOptions(out=root / BUILD_DIR, site=root / SITE_DIR, pdfa=args.pdfa,
                           keys={n: k for n, k in loaded.keys.items() if n not in broken})

    plans = [planner(kind)(project, documents, options) for kind in kinds if planner(kind)]
    from ..pdf.builder import hb_subset_check

    outcome = orchestrate.run(plans, hb_subset_check(plans, report.err))
    for path in outcome.written:
        report.out(f"已生成 {path}")
    printed = set(shown)
    for number, problems in outcome.failed.items():
        for problem in sorted(problems, key=sort_key):
            if problem not in printed:
                report.err(str(problem))
                printed.add(problem)
        broken[number] = tuple(problems)
    good.keep(root, project, [d.number for d in project.documents if d.number not in broken], loaded.keys)

    for kind in kinds:
        if planner(kind) is None:
            site_project = project
            if broken:
                kept = good.recall(root, broken, today)
                site_project = good.with_kept(_without(project, broken), kept)
            keys = {n: k for n, k in options.keys.items() if n not in broken}
            for path in builder(kind)(site_project, documents, dataclasses.replace(options, broken=broken, keys=keys)):
                report.out(f"已生成 {path}")
    if broken:
        site = "站点显示它们上一次正确的版本，并在文件登记表里标出。" if any(planner(k) is None for k in kinds) else ""
        report.err(f"{len(broken)} 个文件有错误，没有重新生成（原有输出保持不变）：{'、'.join(sorted(broken))}。"
                   f"{site}改正上面列出的错误后重新运行 planpress build。")
        return 1
    return 0


def _without(project, numbers):
    return dataclasses.replace(project, documents=tuple(d for d in project.documents if d.number not in numbers),
                               archive=tuple(d for d in project.archive if d.number not in numbers))


def _in_shard(problem: Problem, source_dir: Path, shard: shards.Shard) -> bool:
    owner = register._owner(problem, source_dir)
    return owner is None or shard.holds(owner)
