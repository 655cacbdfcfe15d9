"""版本/修订: the edition letter and the revision number of a controlled document (A/0, A/1, B/0)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Version:
    edition: str
    revision: int

    @classmethod
    def parse(cls, text: str) -> Version:
        edition, revision = text.split("/")
        return cls(edition, int(revision))

    def __str__(self) -> str:
        return f"{self.edition}/{self.revision}"

    @property
    def display(self) -> str:
        """As the header table prints it: A / 0."""
        return f"{self.edition} / {self.revision}"

    @property
    def slug(self) -> str:
        """For file names: A-0."""
        return f"{self.edition}-{self.revision}"

    def next(self, major: bool = False) -> Version:
        if major:
            return Version(chr(ord(self.edition) + 1), 0)
        return Version(self.edition, self.revision + 1)

    def sort_key(self) -> tuple[str, int]:
        return (self.edition, self.revision)
