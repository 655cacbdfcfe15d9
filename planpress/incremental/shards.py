"""`planpress build --shard K/N`: a stable share of the documents, for one job of a parallel CI build.

Document H-J-YA-028 belongs to shard 1 + (the first 8 hex digits of SHA-256("H-J-YA-028") mod N):
it depends on the number alone, so adding or removing other documents never moves a document to
another shard (its cached outputs stay valid in that job's cache), and the N shards together hold
every document exactly once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re


@dataclasses.dataclass(frozen=True)
class Shard:
    index: int  # 1 … total
    total: int

    def __str__(self) -> str:
        return f"{self.index}/{self.total}"

    def holds(self, number: str) -> bool:
        return shard_of(number, self.total) == self.index


def shard_of(number: str, total: int) -> int:
    return 1 + int(hashlib.sha256(number.encode("utf-8")).hexdigest()[:8], 16) % total


def parse(text: str) -> Shard:
    """"2/4" → Shard(2, 4); ValueError with a Chinese message otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match:
        raise ValueError(f"--shard 要写成“第几份/共几份”，例如 --shard 1/4，这里是“{text}”。")
    index, total = int(match.group(1)), int(match.group(2))
    if total < 1 or not 1 <= index <= total:
        raise ValueError(f"--shard {text}：份数从 1 数起，第几份不能大于共几份（例如 1/4 … 4/4）。")
    return Shard(index, total)
