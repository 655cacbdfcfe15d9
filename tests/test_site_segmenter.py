"""The site search's jieba dictionary read from planpress's cache is jieba's own, word for word."""

from __future__ import annotations

from pathlib import Path

from planpress.site import segmenter

TEXT = "病案室及信息科办公区域中遭遇、发生的各类突发事件，其中病案库房、病案办公室为重点监测部门。"


def fresh_tokenizer():
    return segmenter.import_jieba().Tokenizer()


def test_the_cached_dictionary_is_jiebas_own(tmp_path: Path):
    cache = tmp_path / "jieba"
    first = fresh_tokenizer()
    segmenter.prepare(first, cache)  # jieba loads it the usual way; planpress writes its cache
    assert first.initialized and sorted(p.suffix for p in cache.iterdir()) == [".counts", ".json", ".words"]
    second = fresh_tokenizer()
    segmenter.prepare(second, cache)
    assert second.initialized
    assert second.FREQ == first.FREQ and second.total == first.total
    assert list(second.cut(TEXT)) == list(first.cut(TEXT))


def test_a_damaged_cache_is_not_used_and_is_written_again(tmp_path: Path):
    cache = tmp_path / "jieba"
    reference = fresh_tokenizer()
    segmenter.prepare(reference, cache)
    counts = next(cache.glob("*.counts"))
    counts.write_bytes(counts.read_bytes()[:-8])  # one count short
    damaged = fresh_tokenizer()
    segmenter.prepare(damaged, cache)
    assert damaged.FREQ == reference.FREQ and damaged.total == reference.total
    assert counts.stat().st_size == 8 * len(reference.FREQ)
