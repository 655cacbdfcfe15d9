"""The site built while the PDFs and cards are laid out, instead of after them.

The layout keeps both cores busy with helper processes while this process mostly waits; the
site (MkDocs: a page's Markdown, HTML and search entries) is CPU work of this process. Once every
document is planned and only the last few layout jobs are left (render.jobs calls `start`), the
site is built in a thread, on the outputs the layout has promised (site.pending), using the cores
the layout leaves idle as it ends (after one edit: nearly all the layout); it links the downloads
only when they are written. Started earlier in a long build it only competes with the helpers. If a
document's layout fails meanwhile, the register and its pages must show it as broken: the site
built on the promise is thrown away and `finish` says to build it again, after the layout, as
before. Without helper processes (the jobs run in this process), the site waits for the layout.
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


class SiteAlongside:
    def __init__(self, build_site: Callable[[BuildOptions], list[Path]], options: BuildOptions):
        self._build_site = build_site
        self._options = options
        self._pending: PendingOutputs | None = None
        self._thread: threading.Thread | None = None
        self._written: list[Path] | None = None
        self._error: BaseException | None = None

    def start(self, works: list[Work]) -> None:
        """Called once every document is planned, with the works still to be written."""
        if not pool.size():
            return
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
