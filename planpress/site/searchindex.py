"""The site's search index, split so that a search loads only what it needs.

Material's search worker fetches one search_index.json on every page and builds a lunr index of
all of it in the browser: for a register of 200 documents that is megabytes on every first visit
and seconds of a phone's CPU before the first result. planpress writes the same entries (the
sections Material's search plugin cut from each page, segmented by jieba with the plan's terms)
into small files instead, and its own worker (theme/assets/javascripts/workers/planpress-search.js,
in place of Material's, with the same messages) fetches them when a search needs them:

  search/search_index.json     Material's settings only (no documents): every page still loads it
  search/manifest.json         fetched when the search box is first used: the pages (address,
                               title, first section), the number of shards, the word lists
                               (synonym groups with the members that occur in the index, the
                               words a query leaves out), and the folder of the files below
  search/<digest>/s/<n>.json   shard n: the tokens (the words of the index, lower case) filed
                               under a key of bucket n (`bucket`), with their postings [section
                               delta, counts, …] (_postings). A token is filed under its first
                               character (a query word found at a token's start, and the words
                               a query is cut into) and, if it is Chinese, under each pair of
                               neighbouring characters in it: a Chinese word of two characters
                               or more is found inside a longer token (值班 in 行政总值班) from the
                               shard of its first pair alone. Pairs spread far more evenly than
                               characters (every other token holds 的 or 应), so no shard is big.
  search/<digest>/p/<n>.json   page n: its sections as Material wrote them [section, address,
                               title, text]; a search loads the pages it shows with their text

The files of one index are immutable (the folder is named by their digest); manifest.json says
which folder is current. Everything is written with ensure_ascii off (Chinese as UTF-8, not
\\uXXXX; only invisible characters escaped) and compact separators, in a fixed order: the same
site gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..model import SearchWords
from .safety import regular_file

FORMAT = 1
MANIFEST = "manifest.json"
SHARD_BYTES = 8_000  # aim for shards of about this size, before compression
MAX_SHARDS = 1024
MAX_COUNT = 1023  # a title's length kept in a posting (tokens); counts in a section: 63
# Material's search plugin keeps these tags in a section's text; they are not words.
_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def write(site: Path, entries: Sequence[Mapping], config: Mapping, words: SearchWords,
          aliases: Iterable[Sequence[str]] = (), previous: Path | None = None) -> dict:
    """Write the split index of `entries` into site/search/; returns the manifest. `previous`: the
    site this one replaces, whose files with the same bytes are linked rather than written again
    (one edit changes a few of a register's thousands of files)."""
    separator = re.compile(config["separator"])
    boosts = {name: float(spec.get("boost", 1.0)) for name, spec in config["fields"].items()}
    pages, sections = _pages(entries)
    postings, title_length = _postings(sections, separator)
    shard_count = _shard_count(postings)
    shards: list[dict] = [{} for _ in range(shard_count)]
    for token in sorted(postings):
        for number in sorted({bucket(key, shard_count) for key in keys(token)}):
            shards[number][token] = postings[token]
    ends = [page[2] for page in pages[1:]] + [len(sections)]
    files = {f"s/{n}.json": _json(shard) for n, shard in enumerate(shards)}
    files.update({f"p/{n}.json": _json([[sid, *sections[sid]] for sid in range(page[2], end)])
                  for n, (page, end) in enumerate(zip(pages, ends))})
    digest = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in files.items())).hexdigest()[:16]
    # Written plainly: the site is built in a staging folder that replaces site/ in one step.
    for folder in {(site / "search" / digest / name).parent for name in files}:
        folder.mkdir(parents=True, exist_ok=True)
    kept = _folder(previous)
    for name, data in files.items():
        target = site / "search" / digest / name
        if kept is None or not _linked(kept / name, target, data):
            target.write_bytes(data)
    manifest = {
        "format": FORMAT,
        "folder": f"{digest}/",
        "shards": shard_count,
        "sections": len(sections),
        "titleLength": round(title_length, 3),
        "separator": config["separator"],
        "boosts": boosts,
        "pages": pages,
        "words": _word_lists(words, aliases, postings),
    }
    (site / "search" / MANIFEST).write_bytes(_json(manifest))
    return manifest


def _folder(site: Path | None) -> Path | None:
    """The folder of the index files of `site`, if it has a readable index."""
    if site is None:
        return None
    try:
        folder = json.loads((site / "search" / MANIFEST).read_text("utf-8"))["folder"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return site / "search" / folder if isinstance(folder, str) and re.fullmatch(r"[0-9a-f]{16}/", folder) else None


def _linked(old: Path, target: Path, data: bytes) -> bool:
    """Link `old` as `target` if it is a regular file holding exactly `data`."""
    try:
        if not regular_file(old) or old.read_bytes() != data:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def keys(token: str) -> set[str]:
    """What a token is filed under: its first character, and each pair of neighbouring characters
    of a token with Chinese in it."""
    found = {token[0]}
    if _HAN.search(token):
        found.update(token[i:i + 2] for i in range(len(token) - 1))
    return found


def bucket(key: str, shards: int) -> int:
    """The shard of a key of one or two characters; the worker computes the same."""
    value = ord(key[0])
    if len(key) > 1:
        value = value * 31 + ord(key[1])
    return value % shards


def read(site: Path) -> list[dict]:
    """The entries of the split index in site/search/, as the search plugin made them (location,
    title, text), in section order: what a search can find (the tests, a server-side search)."""
    manifest = json.loads((site / "search" / MANIFEST).read_text("utf-8"))
    folder = site / "search" / manifest["folder"]
    entries = []
    for number in range(len(manifest["pages"])):
        for _, location, title, text in json.loads((folder / "p" / f"{number}.json").read_text("utf-8")):
            entries.append({"location": location, "title": title, "text": text})
    return entries


def tokens(value: str, separator: re.Pattern) -> list[str]:
    """The words of a title or text as the search sees them: tags removed, split where Material's
    separator splits (spaces, the zero-width spaces jieba's segmentation put in, punctuation),
    lower case, still HTML-escaped as the search plugin wrote them (&lt;). The worker splits the
    same way when it marks the words found, and escapes a query's words the same way."""
    found = []
    for part in _TAG.split(value):
        found += [word.lower() for word in separator.split(part) if word]
    return found


def _pages(entries: Sequence[Mapping]) -> tuple[list, list[tuple[str, str, str]]]:
    """The pages in index order [address, title, first section] (a page's sections follow each
    other: the search plugin indexes one page at a time), and every section (address, title, text)
    by its number."""
    pages: list = []
    sections: list[tuple[str, str, str]] = []
    for entry in entries:
        location = entry["location"]
        path = location.split("#", 1)[0]
        if not pages or pages[-1][0] != path:
            pages.append([path, _plain(entry["title"]), len(sections)])
        sections.append((location, entry["title"], entry["text"]))
    return pages, sections


def _plain(title: str) -> str:
    """A page's title for a result that shows no more: without the segmentation's zero-width spaces
    (still HTML-escaped, as the search plugin wrote it)."""
    return title.replace("\u200b", "")


def _postings(sections: list[tuple[str, str, str]], separator: re.Pattern) -> tuple[dict[str, list[int]], float]:
    """token → [section delta, counts, …] in section order, and the average title's length in
    tokens. counts = (title length × 64 + count in the title) × 64 + count in the text; the title's
    length only where the token is in it (most postings are text only, and stay short): the search
    weighs a word that makes up most of a short title (行政总值班) above one in a long one."""
    found: dict[str, list[int]] = {}
    last: dict[str, int] = {}
    lengths = 0
    for sid, (_, title, text) in enumerate(sections):
        counts: dict[str, list[int]] = {}
        title_tokens = tokens(title, separator)
        lengths += len(title_tokens)
        for field, words in ((0, title_tokens), (1, tokens(text, separator))):
            for token in words:
                counts.setdefault(token, [0, 0])[field] += 1
        length = min(len(title_tokens), MAX_COUNT)
        for token, (in_title, in_text) in counts.items():
            packed = ((length * 64 + min(in_title, 63)) if in_title else 0) * 64 + min(in_text, 63)
            found.setdefault(token, []).extend([sid - last.get(token, 0), packed])
            last[token] = sid
    return found, lengths / max(len(sections), 1)


def _shard_count(postings: Mapping[str, list[int]]) -> int:
    """A power of two that keeps shards near SHARD_BYTES: a token is stored under each of its keys,
    so the total counts each token once per key."""
    total = sum((len(token) * 3 + 8 + 4 * len(numbers)) * len(keys(token)) for token, numbers in postings.items())
    count = 1
    while count < MAX_SHARDS and total / count > SHARD_BYTES:
        count *= 2
    return count


def _word_lists(words: SearchWords, aliases: Iterable[Sequence[str]], postings: Mapping[str, list[int]]) -> dict:
    """The groups of words searched together (the hospital's synonyms, then each directory entry's
    name with the other names the documents use for it), each with the members that occur in
    some token: only those need a shard loaded. And the words a query leaves out."""
    inside = {token[start:end] for token in postings for start in range(min(len(token), 20))
              for end in range(start + 1, min(len(token), start + 20) + 1)}
    groups = [list(group) for group in words.groups] + [list(group) for group in aliases if len(group) > 1]

    def present(word: str) -> bool:
        word = html.escape(word.lower(), quote=False)
        if len(word) > 1 and _HAN.search(word):  # found inside a token
            return word in inside
        return any(token.startswith(word) for token in postings)  # found at the start of a token

    return {"groups": [[group, [w for w in group if present(w)]] for group in groups],
            "ignore": list(words.ignore)}


# Invisible and direction characters (jieba's zero-width spaces between words among them) are
# written as \uXXXX: a file of the site never holds one raw (tests/hostile.py).
_INVISIBLE = {code: f"\\u{code:04x}" for first, last in ((0x7F, 0x9F), (0x61C, 0x61C), (0x200B, 0x200F),
                                                        (0x2028, 0x202E), (0x2060, 0x2064), (0xFEFF, 0xFEFF))
              for code in range(first, last + 1)}


_INVISIBLE_CHARACTER = re.compile("[" + "".join(re.escape(chr(code)) for code in _INVISIBLE) + "]")
_ZERO_WIDTH_SPACE = "\u200b"


def _json(value) -> bytes:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    # jieba's zero-width spaces (a quarter of a million in 200 documents) replaced first, in one
    # pass; then the rare others: a tenth of the time of str.translate over every character.
    text = text.replace(_ZERO_WIDTH_SPACE, _INVISIBLE[ord(_ZERO_WIDTH_SPACE)])
    return _INVISIBLE_CHARACTER.sub(lambda found: _INVISIBLE[ord(found.group())], text).encode("utf-8")
