"""jieba, the Chinese word segmenter of the site's search, made cheap to start.

jieba keeps its prefix dictionary (about 500,000 words and word prefixes with their counts) as a
marshal file in the temp folder; unmarshalling it costs about 1.4 s on this machine, most of a
one-document site build. The same dictionary kept as one UTF-8 text of the words and one array of
the counts loads in about 0.3 s (a split and a dict(zip)). The first build writes that cache
(.cache/jieba/ of the project) from jieba's own loading; later builds read it into jieba's
tokenizer. The words and counts are the very same, so the segmentation and the search index are
identical. Anything unexpected (another jieba or dictionary, a damaged cache) means jieba loads
the usual way and the cache is written again.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from ..render import atomic

CACHE_DIR = Path(".cache") / "jieba"
FORMAT = 1


def import_jieba():
    """`import jieba`, without the ~0.2 s import of pkg_resources that jieba makes only to find its
    dictionary file (it opens the file by path when pkg_resources cannot be imported)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # makes `import pkg_resources` raise ImportError
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def initialize(root: Path) -> None:
    """Load jieba's default dictionary once per process, from the project's cache when it has one."""
    jieba = import_jieba()
    jieba.setLogLevel(logging.WARNING)  # not "Building prefix dict…" on every build
    prepare(jieba.dt, root / CACHE_DIR)


class Undo:
    """What adding a user dictionary changes in jieba's tokenizer, to take back after a build.

    The search plugin adds the site's words to jieba's one tokenizer of the process, and jieba
    derives each new word's count from the counts already there: a second build in the same process
    (`mkdocs serve`, the tests) would segment with the words of every earlier build, and their
    counts, and could index the same page differently. Taking the words back after each build makes
    every build segment as a fresh process does."""

    def __init__(self, words):
        jieba = import_jieba()
        self.tokenizer = jieba.dt
        freq = self.tokenizer.FREQ
        self.total = self.tokenizer.total
        self.counts = {}
        for word in words:
            for end in range(1, len(word) + 1):
                piece = word[:end]
                self.counts.setdefault(piece, freq.get(piece))
        self.tags = dict(self.tokenizer.user_word_tag_tab)

    def restore(self) -> None:
        freq = self.tokenizer.FREQ
        for piece, count in self.counts.items():
            if count is None:
                freq.pop(piece, None)
            else:
                freq[piece] = count
        self.tokenizer.total = self.total
        self.tokenizer.user_word_tag_tab = self.tags


def prepare(tokenizer, cache: Path) -> None:
    """Initialise a jieba Tokenizer from `cache`, or the usual way and then fill the cache."""
    if tokenizer.initialized:
        return
    key = _key(import_jieba(), tokenizer.dictionary)
    if key is not None and _load(tokenizer, cache, key):
        return
    tokenizer.initialize()
    if key is not None:
        with contextlib.suppress(OSError):  # a read-only project still builds, only slower
            _save(tokenizer, cache, key)


def _key(jieba, dictionary: str | None) -> str | None:
    """What the cache must match: the format, jieba's version and the dictionary file."""
    if dictionary is None:  # jieba's own dictionary, beside its code
        dictionary = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
    try:
        stat = os.stat(dictionary)
    except OSError:
        return None
    identity = [FORMAT, jieba.__version__, os.path.abspath(dictionary), stat.st_size, stat.st_mtime_ns]
    return hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:16]


def _paths(cache: Path, key: str) -> tuple[Path, Path, Path]:
    return cache / f"{key}.json", cache / f"{key}.words", cache / f"{key}.counts"


def _load(tokenizer, cache: Path, key: str) -> bool:
    header, words_file, counts_file = _paths(cache, key)
    try:
        total = json.loads(header.read_text("utf-8"))["total"]
        words = words_file.read_text("utf-8").split("\n")
        counts = array.array("q")
        counts.frombytes(counts_file.read_bytes())
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if len(words) != len(counts) or not isinstance(total, int):
        return False
    tokenizer.FREQ, tokenizer.total = dict(zip(words, counts)), total
    tokenizer.initialized = True
    return True


def _save(tokenizer, cache: Path, key: str) -> None:
    header, words_file, counts_file = _paths(cache, key)
    words = list(tokenizer.FREQ)
    if any("\n" in word for word in words):
        return  # cannot be kept one word a line; jieba's own dictionary never has one
    atomic.write_text(words_file, "\n".join(words))
    atomic.write_bytes(counts_file, array.array("q", tokenizer.FREQ.values()).tobytes())
    atomic.write_text(header, json.dumps({"total": tokenizer.total}))  # last: it marks the cache complete
