"""What "the same document" means for an import: the clause tree and every text equal, review
fields aside. Review fields are what import can only propose (a scenario's key, a step's actor,
call, mentions and card), what it cannot know (postings, review cycle) and how the signatories and
approvals are recorded: import writes the names and dates of the paper original, a planpress
document names roster persons (their names from source/people.yaml) and records paper approvals;
what is compared is each row's role, name, title, department and date."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from planpress.importer.data import plain

V2_SEED = Path(__file__).resolve().parent.parent / "source" / "H-J-YA-028.yaml"  # format v2 (landed on main)
STEP_REVIEW = ("actor", "call", "mentions", "card")


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
    people = load_yaml(V2_SEED.parent / "people.yaml")["people"]
    data["signatories"] = [(s["role"], people[s["person"]]["name"] if "person" in s else s.get("name"), s.get("title"),
                            s.get("department") or "") for s in data.get("signatories", [])]
    data["approvals"] = [(a["role"], a["paper"]["date"] if "paper" in a else a.get("date"))
                         for a in data.get("approvals", [])]
    for section in data.get("sections", {}).values():
        if isinstance(section, list):
            _strip_nodes(section)
    return data


def _strip_nodes(nodes: list) -> None:
    for node in nodes:
        if not isinstance(node, dict):
            continue
        if node.get("type") == "scenario":
            node.pop("key", None)
            for step in node.get("steps", []):
                for key in STEP_REVIEW:
                    step.pop(key, None)
        _strip_nodes(node.get("clauses", []))
