"""Are this tree's outputs byte-identical to another commit's? `python bench/compare_outputs.py [REF]`

`--keep` leaves the two scratch copies for a closer look. Builds source/ and examples/ (PDFs, cards, PNG previews, site) from nothing twice, in scratch copies:
once with the code, templates and sources of REF (default: where this branch left main), once with those of this working
tree (its files as they are now, committed or not, new ones included), each run as `make` runs
it, with the same date. Then compares every file of build/, site/, examples/build/ and examples/site/ and
prints the ones that differ, are missing or are new. Exit status 1 when anything differs.

Not a `make bench` row and not a test (two cold builds take a few minutes): run it before merging
a change that should not change what planpress writes.
"""

from __future__ import annotations

import contextlib
import filecmp
import io
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
OUTPUTS = ("build", "site", "examples/build", "examples/site")


def export_ref(ref: str, target: Path) -> None:
    data = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", ref],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        archive.extractall(target, filter="data")


def export_working_tree(target: Path) -> None:
    files = subprocess.run(["git", "-C", str(REPO), "ls-files", "-z", "--cached", "--others", "--exclude-standard"], check=True,
                           capture_output=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = REPO / name
        if not source.exists():  # deleted in the working tree
            continue
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            path.symlink_to(os.readlink(source))
        else:
            path.write_bytes(source.read_bytes())


def build(tree: Path) -> float:
    """Build the tree's source/ and examples/ with the tree's own code; returns CPU seconds."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(tree), PLANPRESS_TODAY=TODAY)
    used = subprocess.run([sys.executable, "-c", "import planpress; print(planpress.__file__)"], cwd=tree, env=env,
                          check=True, capture_output=True, text=True).stdout.strip()
    if not Path(used).is_relative_to(tree):  # the editable install of .venv must not stand in for it
        raise SystemExit(f"{tree.name}: planpress imported from {used}, not from the tree")
    before = os.times()
    for argv in (["build"], ["--root", "examples", "build"]):
        done = subprocess.run([sys.executable, "-m", "planpress", *argv], cwd=tree, env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"{tree.name}: planpress {' '.join(argv)} failed:\n{done.stderr}")
    after = os.times()
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def differences(before: Path, after: Path) -> list[str]:
    found = []
    for name in OUTPUTS:
        old = {p.relative_to(before) for p in (before / name).rglob("*") if p.is_file()}
        new = {p.relative_to(after) for p in (after / name).rglob("*") if p.is_file()}
        found += [f"missing  {p}" for p in sorted(old - new)]
        found += [f"new      {p}" for p in sorted(new - old)]
        found += [f"differs  {p}" for p in sorted(old & new) if not filecmp.cmp(before / p, after / p, shallow=False)]
    return found


def main() -> int:
    arguments = [a for a in sys.argv[1:] if a != "--keep"]
    ref = arguments[0] if arguments else subprocess.run(
        ["git", "-C", str(REPO), "merge-base", "HEAD", "main"], check=True, capture_output=True, text=True).stdout.strip()
    print(f"before: {ref}; after: this working tree")
    # --keep: leave both scratch copies (printed) for a closer look at what differs
    keep = "--keep" in sys.argv
    with (contextlib.nullcontext(tempfile.mkdtemp(prefix="planpress-compare-")) if keep
          else tempfile.TemporaryDirectory(prefix="planpress-compare-")) as tmp:
        if keep:
            print(f"scratch copies kept in {tmp}")
        before, after = Path(tmp) / "before", Path(tmp) / "after"
        export_ref(ref, before)
        export_working_tree(after)
        for tree in (before, after):
            print(f"{tree.name}: {build(tree):.1f} CPU s", flush=True)
        found = differences(before, after)
        count = sum(1 for name in OUTPUTS for p in (after / name).rglob("*") if p.is_file())
        print(f"{count} files compared; {len(found)} differ" + (":" if found else ""))
        for line in found:
            print("  " + line)
        return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
