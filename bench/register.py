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


# -- the mixed register -----------------------------------------------------------------------------

EXAMPLES = REPO / "examples" / "source"
# The shapes of a hospital's register, in turn: the seed plan (five scenarios, two campuses), a plan
# with six subsections, a grading table, a flowchart and a blank form, a single-campus plan, and a
# policy without scenarios (four clause levels, a 14-row table).
SHAPES = (REPO / "source" / "H-J-YA-028.yaml", EXAMPLES / "H-J-YA-031.yaml", EXAMPLES / "H-J-YA-035.yaml",
          EXAMPLES / "H-Z-ZD-101.yaml")
# Shown by every copy of H-J-YA-031 (calls on its cards, its contact table): a quarter of the register.
QUARTER_CONTACT = ("it-oncall", '"13800531192"')


def make_mixed_register(target: Path, count: int) -> Path:
    """A project at `target` with `count` documents of the four shapes in turn: H-J-YA-028 itself
    (released, in force, with its archive), then copies under new numbers (H-J-YA-101… for plans,
    H-Z-ZD-103… for policies) as drafts: a copy's approvals approved other content. The seed's
    directory and settings, with the examples' contacts and card styles added, serve every shape."""
    if (target / "source").exists():
        return target
    copy_project(target)
    source = target / "source"
    contacts = (source / "contacts.yaml").read_text("utf-8")
    examples = (EXAMPLES / "contacts.yaml").read_text("utf-8")
    for entry in re.findall(r"^  ([a-z-]+):\n(?:    .*\n)+", examples, flags=re.M):
        if not re.search(rf"^  {entry}:$", contacts, flags=re.M):  # units only the examples have
            block = re.search(rf"^  {entry}:\n(?:    .*\n)+", examples, flags=re.M).group(0)
            contacts = contacts.rstrip("\n") + "\n\n" + block
    (source / "contacts.yaml").write_text(contacts, "utf-8")
    config = (source / "planpress.yaml").read_text("utf-8")
    styles = re.search(r"^  styles:\n((?:    .*\n)+)", (EXAMPLES / "planpress.yaml").read_text("utf-8"), flags=re.M).group(1)
    styles = "".join(line for line in styles.splitlines(True) if not line.startswith("    contacts:"))
    config = config.replace("  styles:\n", "  styles:\n" + styles, 1)
    (source / "planpress.yaml").write_text(config, "utf-8")
    _add_example_people(source / "people.yaml")
    texts = [path.read_text("utf-8") for path in SHAPES]
    for index in range(1, count):
        shape = index % len(SHAPES)
        prefix = SHAPES[shape].stem.rsplit("-", 1)[0]
        number = f"{prefix}-{100 + index:03d}"
        text = re.sub(r"^approvals:\n(?:[ ].*\n)+", "approvals: []\n", texts[shape], count=1, flags=re.M)
        text = re.sub(r"^number: .*$", f"number: {number}", text, count=1, flags=re.M)
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m.group(1)}（{100 + index}）", text, count=1, flags=re.M)
        (source / f"{number}.yaml").write_text(text, "utf-8")
    return target


def _add_example_people(roster: Path) -> None:
    """The examples' signatories (no certificates) appended to the roster's `people`, its last key."""
    people = roster.read_text("utf-8")
    assert re.search(r"^people:\n(?:(?:  .*)?\n)+\Z", people, flags=re.M), "people must be the roster's last key"
    examples = (EXAMPLES / "people.yaml").read_text("utf-8")
    for line in re.findall(r"^  [a-z-]+: \{.*\}\n", examples, flags=re.M):
        if not re.search(rf"^{re.escape(line.split(':')[0])}:", people, flags=re.M):
            people = people.rstrip("\n") + "\n" + line
    roster.write_text(people, "utf-8")


def edit_one_document(root: Path, number: str = "H-J-YA-101", undo: bool = False) -> None:
    """Change (or change back) one sentence of one document: the H-J-YA-031 shape's purpose."""
    path = root / "source" / f"{number}.yaml"
    old, new = "保证故障期间诊疗工作不中断", "保证故障期间诊疗工作不间断"
    text = path.read_text("utf-8")
    path.write_text(text.replace(new, old, 1) if undo else text.replace(old, new, 1), "utf-8")


def change_quarter_phone(root: Path, undo: bool = False) -> None:
    """Change (or change back) the number of a contact shown by a quarter of the mixed register."""
    key, number = QUARTER_CONTACT
    path = root / "source" / "contacts.yaml"
    other = number.replace("192", "193")
    text = path.read_text("utf-8")
    path.write_text(text.replace(other, number, 1) if undo else text.replace(number, other, 1), "utf-8")
