"""Field paths: where a value stands in a parsed source, and how a message names it."""

from __future__ import annotations

FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """('scenarios', 'items', 1, 'title') → 'scenarios.items[2].title' (items counted from 1)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text
