"""The shape of the code, drawn from its imports: stages only look down, and no two modules import
each other (directly or round a circle).

    sources → model → outputs (render, pdf, cards, site) → lifecycle · trust → incremental → importer
    → web → commands

A later stage adds what it must check to loading through a registered hook (model/hooks.py), so the
loader never imports it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "planpress"
BASE = {"problems", "dates", "terminal", "inputs", "locks", "machine", "bounded"}  # small modules every stage may use
STAGES = [{"sources"}, {"model"}, {"render", "pdf", "cards", "site", "outputs", "builders"}, {"lifecycle", "trust"},
          {"incremental"}, {"importer"}, {"web"}, {"commands", "cli", "__main__"}]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every planpress module → the planpress modules it imports (anywhere in it)."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    found: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[:len(parts) - node.level + 1] + ([node.module] if node.module else []))
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else base)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
        found[name] = {t for t in targets if t in modules and t != name}
    return found


def stage_of(module: str) -> int | None:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in BASE or not top:
        return -1
    return next(i for i, names in enumerate(STAGES) if top in names)


def test_no_stage_imports_a_later_one():
    climbing = sorted(f"{m} → {t}" for m, targets in imports().items() for t in targets
                      if stage_of(t) > stage_of(m))
    assert climbing == []


def test_sources_and_model_import_no_later_stage_at_all():
    later = {"render", "pdf", "cards", "site", "outputs", "builders", "lifecycle", "trust", "incremental", "importer",
             "web", "commands", "cli"}
    found = sorted(f"{m} → {t}" for m, targets in imports().items() for t in targets
                   if m.split(".")[1:2][0:1] and m.split(".")[1] in ("sources", "model") and t.split(".")[1] in later)
    assert found == []
    assert not any(t.startswith("planpress.model") for m, targets in imports().items() if m.startswith("planpress.sources")
                   for t in targets)


def test_no_import_circles():
    graph = imports()
    circles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for target in graph.get(node, ()):
                if target == start and len(path) > 1:
                    circles.append(" → ".join(path + (start,)))
                elif target not in seen and target.rpartition(".")[0] != node:  # a package importing its modules
                    seen.add(target)
                    stack.append((target, path + (target,)))
    assert circles == []
