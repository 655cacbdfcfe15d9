"""What "the same document" means for an import: the clause tree and every text equal, review
fields aside. Review fields are what import can only propose (a scenario's key, a step's actor,
call, mentions and card), what it cannot know (postings, review cycle, where a paper original is
kept) and how the signatories and approvals are recorded: a document names roster persons (their
names, titles and departments from source/people.yaml unless it writes its own), or, where import
had no roster, people by name; what is compared is each row's role, name, title and department as
the approvals table prints them, and each approval's role and date.

Two ways of writing the same thing count as the same: an optional section written `[]` or `无`
(both print “无。”), and a flowchart's node keys, which readers never see: flows are compared as
their boxes' texts with where each box leads (label → box number), so `next: handle` and the
importer's `next: n5` are equal when they point at the same box."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ruamel.yaml import YAML

from conftest import REPO
from planpress.importer.data import plain

V2_SEED = Path(__file__).resolve().parent.parent / "source" / "H-J-YA-028.yaml"  # format v2 (landed on main)
STEP_REVIEW = ("actor", "call", "mentions", "card")


def new_project(root: Path) -> Path:
    """A project like the hospital's, without documents: directory, settings, roster (with its
    certificates) and templates."""
    (root / "source").mkdir(parents=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, root / "source" / name)
    shutil.copytree(REPO / "source" / "certificates", root / "source" / "certificates")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def load_yaml(path: Path):
    return _dates(YAML(typ="safe").load(path.read_text("utf-8")))


def _dates(value):
    import datetime
    if isinstance(value, dict):
        return {str(k): _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def without_review(document: dict) -> dict:
    data = _dates(plain(document))
    for key in ("postings", "review_cycle_years"):
        data.pop(key, None)
    data["signatories"] = [_signatory_row(s) for s in data.get("signatories", [])]
    data["approvals"] = [(a["role"], a["paper"]["date"] if "paper" in a else a.get("date"))
                         for a in data.get("approvals", [])]
    sections = data.get("sections", {})
    for key, section in list(sections.items()):
        if section in ("无", "无。", None):
            sections[key] = []
        elif isinstance(section, list):
            _strip_nodes(section)
    return data


def _roster() -> dict:
    """The people of the repository's roster and of the examples', by key."""
    people = {}
    for folder in (V2_SEED.parent, V2_SEED.parent.parent / "examples" / "source"):
        people.update(load_yaml(folder / "people.yaml")["people"])
    return people


def _signatory_row(signatory: dict) -> tuple:
    """(role, name, title, department) as the approvals table prints them: a roster person's name,
    and their title and department unless the document writes its own."""
    person = _roster().get(signatory.get("person"), {})
    return (signatory["role"], person.get("name", signatory.get("name")),
            signatory.get("title", person.get("title")),
            signatory.get("department", person.get("department")) or "")


def flow_shape(flow: dict) -> list[tuple[str, list]]:
    """A flow as (text, [(label, index of the box it leads to)]) per box, keys resolved."""
    nodes = flow["nodes"]
    index = {node["key"]: n for n, node in enumerate(nodes) if "key" in node}
    shape = []
    for n, node in enumerate(nodes):
        if "branches" in node:
            leads = sorted((label, index[key]) for label, key in node["branches"].items())
        elif "next" in node:
            keys = node["next"] if isinstance(node["next"], list) else [node["next"]]
            leads = [("", index[key]) for key in keys]
        else:
            leads = [("", n + 1)] if n + 1 < len(nodes) else []
        shape.append((node["text"], leads))
    return shape


def _strip_nodes(nodes: list) -> None:
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if node.get("type") == "flow":
            node["nodes"] = flow_shape(node)
        if node.get("type") == "scenario":
            node.pop("key", None)
            for step in node.get("steps", []):
                for key in STEP_REVIEW:
                    step.pop(key, None)
        _strip_nodes(node.get("clauses", []))


TYPED_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*\.?|[a-z][.)]|[①-⑳])\s*")


def word_sentences(path: Path) -> list[str]:
    """Every sentence of a Word file as a reader sees it (normalised: no whitespace): its body
    paragraphs without their typed clause numbers (planpress generates the numbers), the texts of
    its drawings' boxes, and its tables' cells. Not the page count of the header table (the PDF
    prints the real one), nor a blank date's placeholder (年  月  日), nor the page header and
    footer (other parts of the file)."""
    import docx
    from docx.oxml.ns import qn
    from seedtext import normalise, sentences
    document = docx.Document(str(path))
    texts = []
    for paragraph in document.paragraphs:
        texts.append(TYPED_NUMBER.sub("", paragraph.text))
        for box in paragraph._p.iter(qn("w:txbxContent")):
            texts.extend("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in box.iter(qn("w:p")))
    for t, table in enumerate(document.tables):
        for row in table.rows:
            cells = [cell.text for cell in row.cells]
            if t == 0 and "文件总页码" in cells:
                cells = [c for i, c in enumerate(cells) if i == 0 or cells[i - 1] != "文件总页码"]
            texts.extend(cells)
    found = []
    for text in texts:
        for sentence in sentences(normalise(text)):
            if sentence and sentence != "年月日" and sentence not in found:
                found.append(sentence)
    return found
