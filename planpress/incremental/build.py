"""A build of the whole register: every document's outputs, made again only where they changed.

A document with an error is left out: the others are built, its previous outputs stay as they
were, the site shows its last good version and marks it in the register, and the build says so and
ends with status 1. With a shard (--shard K/N, for CI), only that shard's PDFs and cards.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .. import dates
from ..builders import BUILD_DIR, SITE_DIR, BuildOptions, builder, planner, warm_up
from ..problems import Problem, sort_key
from ..render import jobs
from ..sources.names import SOURCE_DIR
from . import fastpath, good, register, shards
from .alongside import SiteAlongside

SHARD_KINDS = ("pdf", "cards")  # what a shard builds; the site is built once, from every shard's build/


def build_register(root: Path, kinds: list[str], numbers: list[str], shard: shards.Shard | None, pdfa: bool,
                   report: fastpath.Report) -> int:
    """Build `kinds` of the documents `numbers` (all when empty) of the shard (all when None),
    printing to `report`; the exit status."""
    warm_up(kinds)  # e.g. load the PDF engine in the helper processes while the sources are loaded
    today = dates.today()
    loaded = register.load(root, today)
    source_dir = root / SOURCE_DIR
    shown = [p for p in loaded.problems if shard is None or _in_shard(p, source_dir, shard)]
    for problem in shown:
        report.err(str(problem))
    if loaded.project is None:
        report.err("源文件有错误，未生成任何输出（原有输出保持不变）。")
        return 1
    project = loaded.project
    broken: dict[str, tuple[Problem, ...]] = {n: p for n, p in loaded.broken.items()
                                               if shard is None or shard.holds(n)}
    missing = [n for n in numbers if n not in loaded.numbers]
    if missing:
        report.err(f"planpress：没有编号为 {'、'.join(missing)} 的文件。现有：{'、'.join(loaded.numbers)}。")
        return 1
    documents = tuple(d for d in project.documents if (not numbers or d.number in numbers)
                      and (shard is None or shard.holds(d.number)))
    if broken:
        report.out(f"检查完成：{len(project.documents)} 个文件可以生成；{len(broken)} 个文件有错误，"
                   f"这次不生成（原有输出保持不变）：{'、'.join(broken)}。")
    else:
        report.out(f"检查通过：{len(project.documents)} 个文件。")
    if shard is not None:
        report.out(f"第 {shard} 份：{len(documents)} 个文件。")
    options = BuildOptions(out=root / BUILD_DIR, site=root / SITE_DIR, pdfa=pdfa,
                           keys={n: k for n, k in loaded.keys.items() if n not in broken})

    plans = [planner(kind)(project, documents, options) for kind in kinds if planner(kind)]
    from ..pdf.builder import hb_subset_check

    site_kinds = [kind for kind in kinds if planner(kind) is None]
    site_project, site_options = _site_options(root, project, options, broken, today) if site_kinds else (None, None)

    def build_site(given: BuildOptions) -> list[Path]:
        return [path for kind in site_kinds for path in builder(kind)(site_project, documents, given)]

    alongside = None
    if plans and site_kinds:  # built while the layout runs, from the outputs it will write
        alongside = SiteAlongside(build_site, site_options)
    try:
        hooks = {} if alongside is None else dict(planned=alongside.start, planned_at=alongside.starts_at,
                                                  helpers=alongside.helpers)
        outcome = jobs.run(plans, hb_subset_check(report.err), **hooks)
    except BaseException:
        if alongside is not None:
            alongside.finish(failed=True)
        raise
    site_written = alongside.finish(failed=bool(outcome.failed)) if alongside is not None else None
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

    if site_written is None and site_kinds:
        if outcome.failed:  # the site shows them as broken too: their last good versions
            site_project, site_options = _site_options(root, project, options, broken, today)
        site_written = build_site(site_options)
    for path in site_written or ():
        report.out(f"已生成 {path}")
    if broken:
        site = "站点显示它们上一次正确的版本，并在文件登记表里标出。" if any(planner(k) is None for k in kinds) else ""
        report.err(f"{len(broken)} 个文件有错误，没有重新生成（原有输出保持不变）：{'、'.join(sorted(broken))}。"
                   f"{site}改正上面列出的错误后重新运行 planpress build。")
        return 1
    return 0


def _site_options(root: Path, project, options: BuildOptions, broken, today):
    """The project the site shows (each document with an error in its last good version) and its
    options."""
    site_project = project
    if broken:
        kept = good.recall(root, broken, today)
        site_project = good.with_kept(_without(project, broken), kept)
    keys = {n: k for n, k in options.keys.items() if n not in broken}
    return site_project, dataclasses.replace(options, broken=dict(broken), keys=keys)


def _without(project, numbers):
    return dataclasses.replace(project, documents=tuple(d for d in project.documents if d.number not in numbers),
                               archive=tuple(d for d in project.archive if d.number not in numbers))


def _in_shard(problem: Problem, source_dir: Path, shard: shards.Shard) -> bool:
    owner = register._owner(problem, source_dir)
    return owner is None or shard.holds(owner)
