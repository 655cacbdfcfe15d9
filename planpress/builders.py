"""The outputs `planpress build` can make, one builder per kind, in build order.

Each builder is `build(project, documents, options) -> list[Path]`: it takes the loaded model
(never YAML) and writes one kind of output atomically. Kinds are imported only when built, so
`planpress check` does not pay for WeasyPrint or MkDocs. A kind that lays out on the helper
processes also has a planner, `plan(project, documents, options) -> render.jobs.Plan`:
`planpress build` runs the plans of all such kinds together, so the PDFs and cards of every
document share the helpers, and one document's failure leaves the others' outputs to be written.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
from collections.abc import Callable, Mapping
from pathlib import Path

BUILDERS: dict[str, str] = {  # kind → "module:function"
    "pdf": "planpress.pdf:build",
    "cards": "planpress.cards:build",
    "site": "planpress.site.builder:build",  # last: offers the PDF and cards built before it
}

# Kinds laid out on the shared helper processes (render.pool), by their planner.
PLANNERS: dict[str, str] = {  # kind → "module:function"
    "pdf": "planpress.pdf:plan",
    "cards": "planpress.cards:plan",
}

# Optional: work a kind can start before the sources are checked, to overlap with the check.
WARM_UPS: dict[str, str] = {  # kind → "module:function"
    "pdf": "planpress.render.pool:start",
    "cards": "planpress.render.pool:start",
}

BUILD_DIR = "build"
SITE_DIR = "site"


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    out: Path  # build/ of the project
    site: Path  # site/ of the project
    pdfa: bool = False  # PDF/A-2b for the archive
    # Documents left out of this build for their errors (by number), with their errors: the site
    # shows their last good version (the project given to it holds that version) and marks them.
    broken: Mapping[str, tuple] = dataclasses.field(default_factory=dict)
    # The key of each document's inputs (incremental.register: its files, contacts.yaml,
    # planpress.yaml, today, planpress): with it, a builder can tell that a document's outputs need
    # not even be planned again. Empty: every document is planned (its outputs still kept if fresh).
    keys: Mapping[str, str] = dataclasses.field(default_factory=dict)
    # The site only: outputs still being laid out while it is built (site.pending.PendingOutputs).
    pending: object | None = None


def builder(kind: str) -> Callable:
    return _resolve(BUILDERS[kind])


def planner(kind: str) -> Callable | None:
    return _resolve(PLANNERS[kind]) if kind in PLANNERS else None


def warm_up(kinds: list[str]) -> None:
    """Start the warm-ups of `kinds`, each once; a warm-up is told every kind it serves."""
    for reference in dict.fromkeys(WARM_UPS[kind] for kind in kinds if kind in WARM_UPS):
        _resolve(reference)([kind for kind in kinds if WARM_UPS.get(kind) == reference])


def warm_up_for(argv: list[str]) -> None:
    """Called first thing by the CLI, before the heavy imports: when `argv` is a `planpress build`
    of kinds with a warm-up, start them now. Anything unusual is left to the real parser."""
    peek = argparse.ArgumentParser(add_help=False)
    peek.add_argument("--root")
    peek.add_argument("--only")
    peek.add_argument("words", nargs="*")
    try:
        known, _ = peek.parse_known_args(argv)
    except SystemExit:
        return
    if known.words[:1] == ["build"]:
        kinds = [k.strip() for k in (known.only or ",".join(BUILDERS)).split(",")]
        warm_up([k for k in kinds if k in BUILDERS])


def _resolve(reference: str) -> Callable:
    module_name, _, function = reference.partition(":")
    return getattr(importlib.import_module(module_name), function)
