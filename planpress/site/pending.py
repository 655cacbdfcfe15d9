"""Outputs still being laid out while the site is built beside them (`planpress build`).

The site offers only the files that exist in build/, and keys a document's pages by what its
folder holds. Built while the PDFs and cards are still being laid out, it takes both from here
for the documents being laid out: the files their folders will hold once their outputs are
written. Nothing is linked into the site before `wait` says they are written; if a document's
layout failed instead, `wait` raises LayoutFailed, and the site built on the promise is thrown
away (its staging folder) and built again from what build/ really holds.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path


class LayoutFailed(Exception):
    """A document's layout failed after the site was started on its promised outputs."""


class PendingOutputs:
    def __init__(self) -> None:
        self._written: set[Path] = set()  # files that will exist
        self._replaced: set[Path] = set()  # folders swapped whole: only their written files remain
        self._folders: set[Path] = set()  # document folders with pending outputs
        self._done = threading.Event()
        self._failed = False
        self.waiting = threading.Event()  # the site is built but for the downloads: it waits for them

    def promise(self, folder: Path, written: Iterable[Path], replaced: Iterable[Path] = ()) -> None:
        """Document folder `folder` will hold `written` (absolute paths), and of the folders
        `replaced`, nothing else."""
        self._folders.add(folder)
        self._written.update(written)
        self._replaced.update(replaced)

    def exists(self, path: Path) -> bool | None:
        """Whether `path` will be a file of build/; None when its document is not being laid out
        (the disk says)."""
        if path in self._written:
            return True
        if any(folder in path.parents for folder in self._replaced):
            return False
        return None

    def listing(self, folder: Path, on_disk: list[Path]) -> list[Path]:
        """What document folder `folder` will hold, from what it holds now."""
        if folder not in self._folders:
            return on_disk
        kept = [path for path in on_disk if self.exists(path) is not False]
        return sorted(set(kept) | {path for path in self._written if folder in path.parents})

    def finish(self, failed: bool) -> None:
        """Called once the outputs are written (or, `failed`, not all of them)."""
        self._failed = failed
        self._done.set()

    def stop_if_failed(self) -> None:
        """Raise LayoutFailed if the layout has already ended without writing every promised file
        (a document failed, or the build was interrupted): the site built on the promise is to be
        thrown away, so it stops at its next page instead of building the rest first."""
        if self._done.is_set() and self._failed:
            raise LayoutFailed

    def wait(self) -> None:
        self.waiting.set()
        self._done.wait()
        if self._failed:
            raise LayoutFailed
