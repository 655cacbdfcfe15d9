"""Where a register build's time goes: `python bench/profile_register.py [COUNT]`.

Not a benchmark of `make bench` (no bench_ prefix): it measures, in one process, the CPU time of
each kind of layout job per document shape (PDF, one campus's cards), extrapolated to a register
of COUNT documents (default 200) on this machine's cores, and the parts of a site build: MkDocs
rendering every page, and what MkDocs does on every build even when every page is reused.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("PLANPRESS_TODAY", "2026-11-25")

from register import SHAPES, make_mixed_register  # noqa: E402


def cpu(function, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    from planpress.builders import BuildOptions
    from planpress.cards import builder as cards_builder, content, passes
    from planpress.cards.compose import compose
    from planpress.incremental import register
    from planpress.pdf import render
    from planpress.render.libraries import import_weasyprint
    from planpress.site import builder as site_builder

    import_weasyprint()
    with tempfile.TemporaryDirectory(prefix="planpress-profile-") as tmp:
        root = make_mixed_register(Path(tmp) / "register", 2 * len(SHAPES))
        project = register.load(root).project
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs")
        print("CPU seconds per layout job (median of 3), by shape:")
        total = 0.0
        for doc in project.documents[:len(SHAPES)]:
            shown = project.for_staff(doc.number)
            html = render.html(project, doc)
            pdf = cpu(lambda: render.render_job(render.PdfJob(html, root)))
            passes_cpu = []
            if shown.scenarios:
                settings = content.card_settings(project, shown)
                cards = content.cards_of(project, shown)
                for campus in shown.campuses:
                    composition = compose(project, shown, cards, root / "build", campus, None)
                    job = passes.plan(composition, root, settings.card_paper,
                                      *cards_builder._file_names(shown, composition, root / "build"))
                    passes_cpu.append(cpu(lambda: passes.render(job)))
            share = pdf + sum(passes_cpu)
            total += share
            print(f"  {doc.number:<11} PDF {pdf:5.2f}  cards {' + '.join(f'{p:.2f}' for p in passes_cpu) or '—':<13}"
                  f"  = {share:5.2f} s")
        per_document = total / len(SHAPES)
        cores = os.cpu_count() or 1
        print(f"  a register of {count}: {per_document * count:.0f} CPU s of layout, "
              f"{per_document * count / cores:.0f} s on {cores} cores at best")

        options = BuildOptions(out=root / "build", site=root / "site")
        pages = None

        def site() -> None:
            site_builder.build(project, project.documents, options)

        shutil.rmtree(root / ".cache" / "site", ignore_errors=True)
        start = time.perf_counter()
        site()
        cold = time.perf_counter() - start
        pages = sum(1 for _ in (root / "site").rglob("index.html"))
        print(f"site, every page rendered: {cold:.2f} s for {pages} pages ({cold / pages * 1000:.0f} ms a page; "
              f"a register of {count}: ~{cold * count / (2 * len(SHAPES)):.0f} s)")
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        site()
        profile.disable()
        warm = time.perf_counter() - start
        print(f"site, every page reused: {warm:.2f} s (under the profiler); the largest parts:")
        stream = io.StringIO()
        stats = pstats.Stats(profile, stream=stream)
        stats.sort_stats("cumulative").print_stats(
            r"(mkdocs/(config/base|commands/build|structure/files)|planpress/site|material/plugins/search|shutil)", 25)
        print("\n".join(line for line in stream.getvalue().splitlines() if "/" in line))


if __name__ == "__main__":
    main()
