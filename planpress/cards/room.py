"""What a card is known to hold, per paper: how many steps, and how many characters of card
wording each (docs/manual/05-cards.md; tests/test_cards_fit.py lays these out on both papers and
finds every one fits). The layout decides in the end (cards/layout.py: a card that does not fit
stops the build); this is what an editor can be told while writing."""

from __future__ import annotations

# paper → (steps at most, characters of wording per step), most characters first
HOLDS = {"A4": ((8, 40),), "A5": ((6, 40), (8, 32))}


MAX_STEPS = {paper: max(most for most, _ in shapes) for paper, shapes in HOLDS.items()}


def wording_budget(paper: str, steps: int) -> int | None:
    """About how many characters of card wording a card of `steps` steps holds on `paper`, all its
    steps together: the most of a measured shape with at least that many steps (fewer steps leave
    their room to the others). None past the measured steps (the draft card will tell)."""
    fitting = [most * characters for most, characters in HOLDS.get(paper, ()) if steps <= most]
    return max(fitting) if fitting else None


def budgets(paper: str) -> dict[int, int]:
    """wording_budget for every count of steps a card is known to hold (for a page's counter)."""
    return {steps: wording_budget(paper, steps) for steps in range(1, MAX_STEPS.get(paper, 0) + 1)}


def holds(paper: str) -> str:
    """"A5 卡片放得下 8 步、每步 32 个字，或 6 步、每步 40 个字" (for messages)."""
    shapes = sorted(HOLDS.get(paper, ()), key=lambda shape: -shape[0])
    parts = [f"{steps} 步、每步{'卡片措辞 ' if len(shapes) == 1 else ' '}{characters} 个字" for steps, characters in shapes]
    return f"{paper} 卡片放得下 " + "，或 ".join(parts) if parts else ""
