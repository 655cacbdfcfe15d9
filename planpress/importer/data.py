"""The emitted document as plain data that can carry YAML comments.

`Map` and `Seq` are a dict and a list (tests compare them with ==); `note(key, text)` attaches an
end-of-line comment to a key or index, `lead` holds comment lines written before the mapping's
first key. planpress.importer.writer turns them into YAML text.
"""

from __future__ import annotations


class Map(dict):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes: dict = {}
        self.lead: list[str] = []
        self.before: dict = {}  # key → comment lines written above it
        self.after: list = []   # a block's nodes to be written after it in its list (texts it could not hold)

    def note(self, key, text: str) -> "Map":
        if text:
            self.notes[key] = f"{self.notes[key]}；{text}" if key in self.notes else text
        return self


class Seq(list):
    def __init__(self, *args):
        super().__init__(*args)
        self.notes: dict = {}

    def note(self, index: int, text: str) -> "Seq":
        if text:
            self.notes[index] = f"{self.notes[index]}；{text}" if index in self.notes else text
        return self


def plain(value):
    """The value without comments (plain dicts and lists)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
