"""The outputs `planpress build` can make, one builder per kind, in build order.

Each builder is `build(project, documents, options) -> list[Path]`: it takes the loaded model
(never YAML) and writes one kind of output atomically. Kinds are imported only when built, so
`planpress check` does not pay for WeasyPrint or MkDocs.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
from collections.abc import Callable
from pathlib import Path

BUILDERS: dict[str, str] = {  # kind → "module:function"
    "pdf": "planpress.pdf:build",
    "cards": "planpress.cards:build",
    "site": "planpress.site.builder:build",  # last: offers the PDF and cards built before it
}

# Optional: work a kind can start before the sources are checked, to overlap with the check.
WARM_UPS: dict[str, str] = {  # kind → "module:function"
    "pdf": "planpress.render.worker:start",
    "cards": "planpress.cards.helpers:start",
}

BUILD_DIR = "build"
SITE_DIR = "site"


@dataclasses.dataclass(frozen=True)
class BuildOptions:
    out: Path  # build/ of the project
    site: Path  # site/ of the project
    pdfa: bool = False  # PDF/A-2b for the archive


def builder(kind: str) -> Callable:
    return _resolve(BUILDERS[kind])


def warm_up(kinds: list[str]) -> None:
    for kind in kinds:
        if kind in WARM_UPS:
            _resolve(WARM_UPS[kind])()


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
