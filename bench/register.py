"""A generated document register for benchmarks: copies of the real plan under new numbers."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """A copy of the repository's project (source/ and templates/) at `target`."""
    shutil.copytree(REPO / "source", target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    return target


def make_register(target: Path, count: int) -> Path:
    """A project at `target` whose source/ holds `count` documents (H-J-YA-028 and copies)."""
    if (target / "source").exists():
        return target
    copy_project(target)
    original = (REPO / "source" / "H-J-YA-028.yaml").read_text("utf-8")
    # A copy under a new number is a new draft: the plan's approvals approved other content.
    original = re.sub(r"^approvals:\n(?:[ ].*\n)+", "approvals: []\n", original, count=1, flags=re.M)
    serial = 100
    for _ in range(count - 1):
        number = f"H-J-YA-{serial:03d}"
        text = re.sub(r"^number: .*$", f"number: {number}", original, count=1, flags=re.M)
        text = text.replace("title: 病案保护及信息安全应急预案\n", f"title: 病案保护及信息安全应急预案（{serial}）\n", 1)
        (target / "source" / f"{number}.yaml").write_text(text, "utf-8")
        serial += 1
    return target
