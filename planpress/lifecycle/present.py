"""A DocumentDiff for the terminal: one block per change, deletions [-…-] and insertions {+…+}.

With colour when the output is a terminal (red deletions, green insertions); the brackets stay,
so the text is just as clear when copied or printed. Every text taken from the versions passes
through terminal.neutralise before it is coloured: an escape code or a bidirectional override in a
clause shows as \u001b or \u202e instead of hiding or reordering what the reviewer reads.
"""

from __future__ import annotations

from ..terminal import neutralise
from ..model.diff import AREAS, Change, DocumentDiff

_RED, _GREEN, _BOLD, _RESET = "\033[31m", "\033[32m", "\033[1m", "\033[0m"


def diff_text(result: DocumentDiff, colour: bool = False) -> str:
    if colour:
        def paint(code: str, text: str) -> str:
            return f"{code}{neutralise(text)}{_RESET}"
    else:
        def paint(code: str, text: str) -> str:
            return neutralise(text)
    lines = [paint(_BOLD, f"{result.number}《{result.title}》 {result.old_version}（{result.old_state}）"
                          f" → {result.new_version}（{result.new_state}）")]
    if not result.changes:
        lines.append("两个版本的内容相同。")
        return "\n".join(lines) + "\n"
    for area, name in AREAS.items():
        changes = [c for c in result.changes if c.area == area]
        if not changes:
            continue
        lines.append("")
        lines.append(paint(_BOLD, f"【{name}】"))
        for change in changes:
            lines += _change_lines(change, paint)
    counts = "、".join(f"{kind} {n} 处" for kind, n in _counts(result).items())
    lines.append("")
    lines.append(f"共{counts}。")
    for note in result.notes:
        lines.append(neutralise(f"提示：{note}"))
    if result.proposed_record:
        lines.append(neutralise(f"建议的修订记录（可复制到 revisions 的 description）：{result.proposed_record}"))
    return "\n".join(lines) + "\n"


def _change_lines(change: Change, paint) -> list[str]:
    head = neutralise(f"  {change.kind_text} {change.label}")
    if change.kind == "added":
        return [head, "    " + paint(_GREEN, f"{{+{change.new_text}+}}")]
    if change.kind == "removed":
        return [head, "    " + paint(_RED, f"[-{change.old_text}-]")]
    if change.kind == "moved" and not change.segments:
        return [head, f"    {neutralise(change.new_text)}"]
    if not change.segments:  # a header field: old → new
        return [head, "    " + paint(_RED, f"[-{change.old_text or '（空）'}-]") + " → "
                + paint(_GREEN, f"{{+{change.new_text or '（空）'}+}}")]
    body = ""
    for segment in change.segments:
        if segment.op == "equal":
            body += neutralise(segment.text)
        elif segment.op == "delete":
            body += paint(_RED, f"[-{segment.text}-]")
        else:
            body += paint(_GREEN, f"{{+{segment.text}+}}")
    return [head, f"    {body}"]


def _counts(result: DocumentDiff) -> dict[str, int]:
    counts: dict[str, int] = {}
    for change in result.changes:
        counts[change.kind_text] = counts.get(change.kind_text, 0) + 1
    return counts
