"""The site built while the PDFs and cards are laid out, instead of after them.

The layout keeps both cores busy with helper processes while this process mostly waits; the
site (MkDocs: a page's Markdown, HTML and search entries) is CPU work of this process, one core's
worth. Built after the layout, it leaves the other core idle for its whole length (17–20 s for 200
documents). So once every document is planned and about a site's worth of layout is left (render.jobs
calls `start`), the site is built in a thread, on the outputs the layout has promised (site.pending),
while one helper fewer lays out (`helpers`): the site and the rest of the layout share the cores
instead of following each other. Once the site waits only for the downloads, every helper lays out
again; it links the downloads when they are written. (Beside every helper it only competes with
them: measured, +20 CPU s on 200 documents and no time saved.) If a document's layout fails
meanwhile, the register and its pages must show it as broken: the site built on the promise is
thrown away and `finish` says to build it again, after the layout, as before. Without helper
processes (the jobs run in this process), the site waits for the layout.
"""

from __future__ import annotations

import collections
import dataclasses
import threading
from collections.abc import Callable
from pathlib import Path

from ..builders import BuildOptions
from ..render import pool
from ..render.jobs import Work
from ..site.pending import LayoutFailed, PendingOutputs


# The site costs 7–10 % of the layout's CPU (200 documents: 17–20 s against 190–250 s); it starts
# with a little more layout left (one side finishing early costs less when it is the site), which
# one helper fewer lays out while the site is built.
SITE_SHARE = 0.1


class SiteAlongside:
    def __init__(self, build_site: Callable[[BuildOptions], list[Path]], options: BuildOptions):
        self._build_site = build_site
        self._options = options
        self._pending: PendingOutputs | None = None
        self._thread: threading.Thread | None = None
        self._written: list[Path] | None = None
        self._error: BaseException | None = None
        self._hold_back = False  # one helper fewer while the pages are built

    def starts_at(self, jobs: int) -> int:
        """How many of the `jobs` layout jobs are left when the site starts: a site's worth, laid
        out by one helper fewer meanwhile; at least two per helper, laid out by all of them (after
        one edit: its few jobs leave the cores mostly idle, the site and they share them)."""
        helpers = max(1, pool.size())
        return max(2 * helpers, round(jobs * SITE_SHARE * max(1, helpers - 1)))

    def start(self, works: list[Work], left: int) -> None:
        """Called once every document is planned, with the works still to be written and how many
        layout jobs are left: more than the last few, and one helper fewer lays out meanwhile."""
        if not pool.size():
            return
        self._hold_back = left > 2 * pool.size()
        out, base = self._options.out, self._options.out.resolve()  # the site names build/ resolved
        pending = PendingOutputs()
        by_document: dict[str, list[Work]] = collections.defaultdict(list)
        for work in works:
            by_document[work.document].append(work)
        for number, found in by_document.items():
            pending.promise(base / number, [base / path.relative_to(out) for work in found for path in work.outputs],
                            [base / work.replaces.relative_to(out) for work in found if work.replaces is not None])
        self._pending = pending
        self._thread = threading.Thread(target=self._run, name="planpress-site", daemon=True)
        self._thread.start()

    def helpers(self) -> int:
        """How many helpers may lay out: one fewer while the site's pages are being built."""
        if (self._hold_back and self._thread is not None and not self._pending.waiting.is_set()
                and self._thread.is_alive()):
            return max(1, pool.size() - 1)
        return pool.size()

    def _run(self) -> None:
        try:
            self._written = self._build_site(dataclasses.replace(self._options, pending=self._pending))
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread by `finish`
            self._error = exc

    def finish(self, failed: bool) -> list[Path] | None:
        """After the layout (`failed`: a document failed in it, or it stopped): the site's outputs,
        or None when the site is still to be built."""
        if self._thread is None:
            return None
        self._pending.finish(failed)
        self._thread.join()
        self._thread = None
        if isinstance(self._error, LayoutFailed):
            return None
        if self._error is not None:
            raise self._error
        return self._written
