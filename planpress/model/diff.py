"""What changed between two versions of a document, clause by clause, in the reader's terms.

The result is structured (DocumentDiff → Change → Segment) so that the terminal, the site's
本版修订内容 page and tests all read the same thing. Clauses are compared by their text, not by
their numbers: numbers are generated, so inserting 5.4.2 renumbers everything after it, and that
is not a change of those clauses. A clause found with the same text elsewhere is "moved"; a clause
whose text is close to one in the same place is "changed", with a character-level diff (Chinese
has no spaces, so characters are the unit). Besides the clauses, the header fields, the rows of
the contact appendix (a changed phone number), the wording of the cards and what governs the
document (its signatories, review cycle and campuses, as the fingerprint covers them) are compared.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator

from .. import dates
from . import Clause, Document, blocks
from .plaintext import header_fields

KINDS = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "移动"}
AREAS = {"header": "文件信息", "clause": "正文", "appendix": "附件", "card": "应急处置卡", "revision": "修订记录"}
SIMILAR = 0.45  # at least this similar to count as the same clause, changed (else removed + added)


@dataclasses.dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete", "insert"
    text: str


@dataclasses.dataclass(frozen=True)
class Change:
    kind: str  # added, removed, changed, moved
    area: str  # header, clause, appendix, card, revision
    old_label: str | None  # "5.5.2 b." in the old version
    new_label: str | None
    old_text: str | None
    new_text: str | None
    segments: tuple[Segment, ...] = ()  # character diff for changed (and moved-and-changed) text
    anchor: str | None = None  # of the clause in the new version, for the site

    @property
    def label(self) -> str:
        renumbered = self.old_label and self.new_label and self.old_label != self.new_label
        if self.kind == "moved" and renumbered:
            return f"{self.old_label} → {self.new_label}"
        if renumbered:
            return f"{self.new_label}（原 {self.old_label}）"
        return self.new_label or self.old_label or ""

    @property
    def kind_text(self) -> str:
        return KINDS[self.kind]


@dataclasses.dataclass(frozen=True)
class DocumentDiff:
    number: str
    title: str
    old_version: str
    new_version: str
    old_state: str
    new_state: str
    changes: tuple[Change, ...]
    notes: tuple[str, ...] = ()  # things to check that are not changes (a step rewritten, its card not)

    @property
    def content_changes(self) -> tuple[Change, ...]:
        """What the revision changed for readers (not its own version, dates and record row)."""
        return tuple(c for c in self.changes if c.area not in ("header", "revision")
                     or (c.area == "header" and c.old_label not in _REVISION_FIELDS))

    @property
    def proposed_record(self) -> str:
        """A text for the revision record (文件修订记录) describing the content changes."""
        parts: dict[str, list[str]] = {}
        for change in self.content_changes:
            if change.area == "clause":
                verb = {"added": "新增", "removed": "删除", "changed": "修改", "moved": "调整"}[change.kind]
                parts.setdefault(f"{verb} ", []).append(change.label)
            elif change.area == "appendix":
                attachment, _, row = change.label.partition("：")
                parts.setdefault(f"更新{attachment}：", []).append(row)
            elif change.area == "card":
                parts.setdefault("修改应急处置卡：", []).append(change.label)
            else:
                parts.setdefault("修改", []).append(change.label)
        if not parts:
            return ""
        return "；".join(f"{verb}{'、'.join(dict.fromkeys(items))}" for verb, items in parts.items()) + "。"

    def as_dict(self) -> dict:
        return dataclasses.asdict(self) | {"proposed_record": self.proposed_record}


_REVISION_FIELDS = ("版本/修订", "修订日期", "生效日期")


def compare(old: Document, new: Document) -> DocumentDiff:
    changes = [*_header(old, new), *_clauses(old, new), *_appendix(old, new), *_cards(old, new), *_revisions(old, new)]
    return DocumentDiff(new.number, new.title, str(old.version), str(new.version), old.state.value,
                        new.state.value, tuple(changes), tuple(_card_notes(old, new)))


def _card_notes(old: Document, new: Document) -> list[str]:
    """A step whose text changed while its card kept its own short wording: is the card still true?"""
    before = {(s.key, step.card): step.text for s in old.scenarios for step in s.steps if step.card}
    notes = []
    for scenario in new.scenarios:
        for step in scenario.steps:
            if step.card and (scenario.key, step.card) in before and before[(scenario.key, step.card)] != step.text:
                label = f"{scenario.number} {step.letter}." if len(scenario.steps) > 1 else scenario.number
                notes.append(f"{label} 的正文改了，{scenario.title}卡上这一步的措辞（card）没有改：请确认卡片仍然忠实于正文。")
    return notes


# -- character level ----------------------------------------------------------------------------

_TOKEN = re.compile(r"[0-9A-Za-z]+|.", re.S)  # a number or a Latin word is one unit; else a character


def char_diff(old: str, new: str) -> tuple[Segment, ...]:
    """The edits from `old` to `new`, character by character (a phone number counts as one unit,
    so 3216565 → 3216566 shows whole), with a one-character coincidence inside a rewritten
    passage folded into it (资料→档案 reads better than 资料 and 档案 sharing nothing but luck)."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[list] = []  # [tag, old_text, new_text]
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between_edits = 0 < index < len(opcodes) - 1
        if tag == "equal" and between_edits and len("".join(a[i1:i2])) <= 1:
            tag = "replace"
        piece_old, piece_new = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][1] += piece_old
            merged[-1][2] += piece_new
        else:
            merged.append([tag, piece_old, piece_new])
    segments = []
    for tag, old_text, new_text in merged:
        if tag == "equal":
            segments.append(Segment("equal", old_text))
            continue
        if old_text:
            segments.append(Segment("delete", old_text))
        if new_text:
            segments.append(Segment("insert", new_text))
    return tuple(segments)


# -- aligning two lists of labelled texts --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class _Item:
    label: str
    text: str
    anchor: str | None = None


def _align(area: str, old: list[_Item], new: list[_Item]) -> list[Change]:
    """Changes from `old` to `new`, in the order of the new version (a removal where it was).

    The items that stay in order are the best common subsequence where an identical text counts 1
    and a similar one a little less, so that an edited clause keeps its place and only what really
    went elsewhere is a move. What is left over is paired by identical text (moved), then by
    similar text (moved and changed); the rest was removed or added.
    """
    found: list[tuple[float, Change]] = []
    pairs = _common(old, new)
    for i, j, same in pairs:
        if not same:
            a, b = old[i], new[j]
            found.append((j, Change("changed", area, a.label, b.label, a.text, b.text, char_diff(a.text, b.text), b.anchor)))
    kept_old, kept_new = {i for i, _, _ in pairs}, {j for _, j, _ in pairs}
    # a removed item is listed where it stood: just before the next item that stayed
    removed = [(next((j for k, j, _ in pairs if k > i), len(new)) - 0.5, a)
               for i, a in enumerate(old) if i not in kept_old]
    added = [(j, b) for j, b in enumerate(new) if j not in kept_new]
    for exact in (True, False):
        for entry in list(removed):
            a = entry[1]
            match = next((other for other in added
                          if (other[1].text == a.text if exact else _similarity(a.text, other[1].text) >= SIMILAR)), None)
            if match is None:
                continue
            removed.remove(entry)
            added.remove(match)
            position, b = match
            segments = () if exact else char_diff(a.text, b.text)
            found.append((position, Change("moved", area, a.label, b.label, a.text, b.text, segments, b.anchor)))
    found += [(position, Change("removed", area, a.label, None, a.text, None)) for position, a in removed]
    found += [(position, Change("added", area, None, b.label, None, b.text, (), b.anchor)) for position, b in added]
    return [change for _, change in sorted(found, key=lambda pair: pair[0])]


_WINDOW = 12  # how far apart (in items) an edited clause may be found in the other version


def _common(old: list[_Item], new: list[_Item]) -> list[tuple[int, int, bool]]:
    """(i, j, identical) of the best order-preserving pairing of old and new items."""
    n, m = len(old), len(new)
    weights: dict[tuple[int, int], float] = {}

    def weight(i: int, j: int) -> float:
        if old[i].text == new[j].text:
            return 1.0
        if abs(i - j) > _WINDOW:
            return 0.0
        if (i, j) not in weights:
            similarity = _similarity(old[i].text, new[j].text)
            weights[(i, j)] = 0.5 + 0.4 * similarity if similarity >= SIMILAR else 0.0
        return weights[(i, j)]

    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            w = weight(i, j)
            if w:
                best = max(best, score[i + 1][j + 1] + w)
            score[i][j] = best
    pairs = []
    i = j = 0
    while i < n and j < m:
        w = weight(i, j)
        if w and score[i][j] == score[i + 1][j + 1] + w:
            pairs.append((i, j, old[i].text == new[j].text))
            i, j = i + 1, j + 1
        elif score[i + 1][j] >= score[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _similarity(a: str, b: str) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()


# -- the parts of a document ------------------------------------------------------------------

def _header(old: Document, new: Document) -> Iterator[Change]:
    fields_old = dict([("文件名称", old.title), *header_fields(old), *_governance(old)])
    fields_new = dict([("文件名称", new.title), *header_fields(new), *_governance(new)])
    for label, value in fields_new.items():
        before = fields_old.get(label)
        if before is None:
            yield Change("added", "header", None, label, None, value)
        elif before != value:  # short values: shown whole, old → new
            yield Change("changed", "header", label, label, before, value)
    for label, value in fields_old.items():
        if label not in fields_new:
            yield Change("removed", "header", label, None, value, None)


def _governance(doc: Document) -> list[tuple[str, str]]:
    """What governs the document besides its header (all in the fingerprint): who signs it in which
    role, its review cycle and its campuses. A reviewer must see a swapped approver."""
    rows = [("评审周期", f"{doc.review_cycle_years} 年"), ("适用院区", "、".join(c.name for c in doc.campuses))]
    seen: dict[str, int] = {}
    for s in doc.signatories:
        seen[s.role] = seen.get(s.role, 0) + 1
        label = f"审核批准：{s.role}" + (f"（{seen[s.role]}）" if seen[s.role] > 1 else "")
        who = " ".join(part for part in (s.department, s.title, s.name) if part)
        rows.append((label, f"{who}（{s.meaning}）" if s.meaning else who))
    return rows


def _clause_items(doc: Document) -> list[_Item]:
    items = []

    def walk(clause: Clause, context: str, prefix: str = "") -> None:
        if clause.kind in ("revisions", "approvals"):  # tables compared separately (or not content)
            return
        block_type = blocks.of(clause)
        pieces = block_type.diff_items(clause, context) if block_type is not None else None
        if pieces is not None:  # a block compared piece by piece (a table row by row)
            items.extend(_Item(label, text, clause.anchor) for label, text in pieces)
            return
        if clause.is_list_item:
            label = f"{context} {clause.number}".strip()
        else:
            label = f"{prefix}{clause.number}"
        text = _clause_text(clause)
        if text:
            items.append(_Item(label, text, clause.anchor))
        for child in clause.children:
            walk(child, label, prefix)

    for top in doc.clauses:
        walk(top, "")
    for attachment in doc.attachments:
        for top in attachment.clauses:
            walk(top, "", f"附件 {attachment.ordinal} ")
    return items


def _clause_text(clause: Clause) -> str:
    """A clause as it reads, without its number (which is generated and may shift)."""
    if clause.title and clause.text:
        return f"{clause.title}：{clause.text}"
    return clause.title or clause.text


def _clauses(old: Document, new: Document) -> list[Change]:
    return _align("clause", _clause_items(old), _clause_items(new))


def _appendix_items(doc: Document) -> list[_Item]:
    items = []
    for attachment in doc.attachments:
        pieces = blocks.kind(attachment.kind).attachment_diff_items(doc, attachment, f"附件 {attachment.ordinal}")
        items += [_Item(label, text) for label, text in pieces]
    return items


def _appendix(old: Document, new: Document) -> Iterator[Change]:
    """Rows are keyed by what they name, so a changed number shows as a change of that row."""
    olds = {i.label: i for i in _appendix_items(old)}
    news = {i.label: i for i in _appendix_items(new)}
    for label, item in news.items():
        if label not in olds:
            yield Change("added", "appendix", None, label, None, item.text)
        elif olds[label].text != item.text:
            yield Change("changed", "appendix", label, label, olds[label].text, item.text,
                         char_diff(olds[label].text, item.text))
    for label, item in olds.items():
        if label not in news:
            yield Change("removed", "appendix", label, None, item.text, None)


def _card_items(doc: Document) -> list[_Item]:
    items = []
    for scenario in doc.scenarios:
        for index, step in enumerate(scenario.card_steps, start=1):
            calls = f"（拨打：{'、'.join(c.name for c in step.calls)}）" if step.calls else ""
            items.append(_Item(f"{scenario.title}卡第 {index} 步", f"{step.actor}：{step.card_text}{calls}",
                               scenario.anchor))
    return items


def _cards(old: Document, new: Document) -> list[Change]:
    return _align("card", _card_items(old), _card_items(new))


def _revisions(old: Document, new: Document) -> Iterator[Change]:
    before = {(r.date, r.version) for r in old.revisions}
    for row in new.revisions:
        if (row.date, row.version) not in before:
            text = f"{dates.chinese(row.date)} {row.version} {row.description}"
            yield Change("added", "revision", None, str(row.version), None, text)
