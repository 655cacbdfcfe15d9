"""What "the same document" means for an import: the clause tree and every text equal, review
fields aside. Review fields are what import can only propose (a scenario's key, a step's actor,
call, mentions and card), what it cannot know (postings, review cycle) and the approvals'
fingerprints (a paper approval has none)."""

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
    data["approvals"] = [{k: v for k, v in a.items() if k != "fingerprint"} for a in data.get("approvals", [])]
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
