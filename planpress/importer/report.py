"""The import report: defects of the original and what import could not place, in Chinese, each
with its place in the original (page and line, or paragraph / table of a Word file)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .stream import Place

DEFECT = "原文缺陷"        # wrong in the original: planpress makes it impossible from now on
UNPLACED = "未能归入"      # import kept it at the nearest clause and flagged it: check it
REVIEW = "待核对"          # import proposed something (actor, call, key): confirm or correct it
NOTE = "说明"              # what import did, for the record (page headers dropped …)


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: str
    place: Place | None
    message: str
    hint: str = ""
    texts: tuple[str, ...] = ()  # the original's texts this finding says were left out (completeness)

    def render(self, source: Path) -> str:
        where = f"{source.name} {self.place}" if self.place else source.name
        text = f"{where}: {self.kind}: {self.message}"
        if self.hint:
            text += f"\n    {self.hint}"
        return text


@dataclasses.dataclass
class Report:
    source: Path
    findings: list[Finding] = dataclasses.field(default_factory=list)

    def add(self, kind: str, place: Place | None, message: str, hint: str = "", texts=()) -> None:
        """`texts`: what of the original this finding reports as left out of the printed document
        (quoted in the message); the completeness proof counts them as accounted for."""
        self.findings.append(Finding(kind, place, message, hint, tuple(t for t in texts if t)))

    def defect(self, place, message, hint="", texts=()):
        self.add(DEFECT, place, message, hint, texts)

    def unplaced(self, place, message, hint="", texts=()):
        self.add(UNPLACED, place, message, hint, texts)

    def review(self, place, message, hint="", texts=()):
        self.add(REVIEW, place, message, hint, texts)

    def note(self, place, message, hint="", texts=()):
        self.add(NOTE, place, message, hint, texts)

    def left_out(self) -> list[tuple[Place | None, str]]:
        return [(f.place, text) for f in self.findings for text in f.texts]

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def lines(self) -> list[str]:
        order = {DEFECT: 0, UNPLACED: 1, REVIEW: 2, NOTE: 3}
        ranked = sorted(enumerate(self.findings), key=lambda pair: (order[pair[1].kind], pair[0]))
        return [finding.render(self.source) for _, finding in ranked]

    def summary(self) -> str:
        return (f"原文缺陷 {len(self.of(DEFECT))} 处，未能归入 {len(self.of(UNPLACED))} 处，"
                f"待核对的推测 {len(self.of(REVIEW))} 处。")
