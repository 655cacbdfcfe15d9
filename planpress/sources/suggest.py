"""“您是不是要写……？”: a suggestion only when a name is a slip of another, never a far guess."""

from __future__ import annotations

from collections.abc import Iterable


def close_match(word: str, options: Iterable[str]) -> str | None:
    """The option `word` is most likely a misspelling of, if any is close enough: one edit for
    names of up to four characters, two up to ten, three beyond (a swap of neighbours is one)."""
    word = str(word)
    allowed = 1 if len(word) <= 4 else 2 if len(word) <= 10 else 3
    best: tuple[int, str] | None = None
    for option in options:
        option = str(option)
        if option == word:
            continue
        distance = 0 if option.lower() == word.lower() else _distance(word.lower(), option.lower(), allowed)
        if distance <= allowed and (best is None or distance < best[0]):
            best = (distance, option)
    return best[1] if best else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    close = close_match(word, options)
    return f"您是不是要写“{close}”？" if close else ""


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau–Levenshtein without repeated edits), or
    limit + 1 as soon as it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
