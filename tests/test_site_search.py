"""The site's split search index (site/searchindex.py), its precompressed files (site/compress.py)
and the phone numbers found in texts (site/phones.py), without a browser: what the worker reads
is checked by decoding the files as it does. The searches themselves run in Chromium
(test_site_browser.py)."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from planpress.model import SearchWords
from planpress.site import compress, phones, searchindex

CONFIG = {"separator": r"[\s\u200b\u3000\-、。，．？！；]+",
          "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}}
ENTRIES = [  # as Material's search plugin writes them: jieba's words between zero-width spaces
    {"location": "contacts/", "title": "通讯录", "text": "<p>各\u200b科室\u200b的\u200b电话</p>"},
    {"location": "contacts/#admin-duty", "title": "行政总值班", "text": "滨河院区\u200b 3216116 \u200b大学院区\u200b 3212868"},
    {"location": "H-J-YA-028/", "title": "H-J-YA-028 \u200b病案\u200b保护", "text": "<p>\u200b&lt;b&gt;\u200b标记</p>"},
    {"location": "H-J-YA-028/#5-4-6", "title": "5.4.6 \u200b值班人员\u200b要\u200b报告", "text": ""},
    {"location": "H-J-YA-028/fire/", "title": "5.5.1 \u200b火灾", "text": "<p>火灾\u200b火灾</p>"},
    {"location": "H-J-YA-029/", "title": "H-J-YA-029 \u200b停电", "text": "<p>停电</p>"},
]
WORDS = SearchWords((("行政总值班", "值班", "夜班"), ("火灾", "着火")), ("了", "怎么办"))


def _read(path):
    return json.loads(path.read_text("utf-8"))


@pytest.fixture
def site(tmp_path):
    searchindex.write(tmp_path, ENTRIES, CONFIG, WORDS, [["保卫科", "医院保卫处"], ["火警"]])
    return tmp_path


def _decode(postings):
    """[(section, count in the title, count in the text, title length)] from a shard's postings."""
    found, section = [], 0
    for delta, counts in zip(postings[0::2], postings[1::2]):
        section += delta
        title = counts // 64
        found.append((section, title % 64, counts % 64, title // 64))
    return found


def test_a_token_is_filed_under_its_first_character_and_its_pairs(site):
    manifest = _read(site / "search" / "manifest.json")
    folder = site / "search" / manifest["folder"]
    count = manifest["shards"]
    shards = [_read(folder / "s" / f"{n}.json") for n in range(count)]
    assert searchindex.keys("行政总值班") == {"行", "行政", "政总", "总值", "值班"}
    for key in searchindex.keys("行政总值班"):
        assert "行政总值班" in shards[searchindex.bucket(key, count)]
    # 值班 is found inside longer tokens from the shard of its first pair alone
    inside = sorted(t for t in shards[searchindex.bucket("值班", count)] if "值班" in t)
    assert inside == ["值班人员", "行政总值班"]
    assert searchindex.bucket("值班", 1024) == (ord("值") * 31 + ord("班")) % 1024  # as the worker computes it
    fire = shards[searchindex.bucket("火", count)]["火灾"]
    assert _decode(fire) == [(4, 1, 2, 2)]  # title "5.5.1 火灾": 2 tokens
    assert _decode(shards[searchindex.bucket("3", count)]["3216116"]) == [(1, 0, 1, 0)]
    assert searchindex.keys("3216116") == {"3"}
    assert "&lt;b&gt;" in shards[searchindex.bucket("&", count)]  # tokens stay HTML-escaped, as the texts are


def test_the_manifest_names_pages_and_word_lists(site):
    manifest = _read(site / "search" / "manifest.json")
    assert manifest["sections"] == len(ENTRIES)
    assert manifest["pages"] == [["contacts/", "通讯录", 0], ["H-J-YA-028/", "H-J-YA-028 病案保护", 2],
                                 ["H-J-YA-028/fire/", "5.5.1 火灾", 4], ["H-J-YA-029/", "H-J-YA-029 停电", 5]]
    page = _read(site / "search" / manifest["folder"] / "p" / "1.json")
    assert page == [[2, "H-J-YA-028/", ENTRIES[2]["title"], ENTRIES[2]["text"]],
                    [3, "H-J-YA-028/#5-4-6", ENTRIES[3]["title"], ""]]
    groups = manifest["words"]["groups"]
    # Each group with the members the index holds (值班 inside 值班人员; 夜班, 着火 nowhere); a
    # directory entry with the other names documents use; an entry with no other name is no group.
    assert groups == [[["行政总值班", "值班", "夜班"], ["行政总值班", "值班"]], [["火灾", "着火"], ["火灾"]],
                      [["保卫科", "医院保卫处"], []]]
    assert manifest["words"]["ignore"] == ["了", "怎么办"]
    assert manifest["titleLength"] == pytest.approx(19 / 6, abs=1e-3)  # H-J-YA-028 病案保护: 6 tokens


def test_read_gives_back_every_entry(site):
    assert searchindex.read(site) == ENTRIES


def test_the_same_entries_give_the_same_bytes_and_chinese_stays_readable(tmp_path, site):
    again = tmp_path / "again"
    searchindex.write(again, ENTRIES, CONFIG, WORDS, [["保卫科", "医院保卫处"], ["火警"]])
    files = sorted(p.relative_to(site) for p in (site / "search").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in (again / "search").rglob("*") if p.is_file())
    for name in files:
        assert (site / name).read_bytes() == (again / name).read_bytes()
    folder = site / "search" / _read(site / "search" / "manifest.json")["folder"]
    for name in ("s/0.json", "p/0.json"):  # Chinese as UTF-8, not as \uXXXX (a third of the size) …
        text = (folder / name).read_text("utf-8")
        assert "行政总值班" in text and not re.search(r"\\u[3-9][0-9a-f]{3}", text)
    bundle = (folder / "p" / "0.json").read_text("utf-8")
    assert "\u200b" not in bundle and "\\u200b" in bundle  # … and the invisible word breaks escaped


def test_a_shard_stays_small_in_a_large_register(tmp_path):
    """200 documents of 20 sections, 3,000 two-character words from 400 characters: the shards grow
    in number, not in size (a word is filed under its first character and its pair)."""
    chars = [chr(0x4E00 + 37 * n) for n in range(400)]
    words = [chars[n % 400] + chars[(n * 7 + n // 400) % 400] for n in range(3000)]
    entries = []
    for n in range(200):
        for s in range(20):
            text = "\u200b".join(words[(n * 131 + s * 17 + k * 29) % 3000] for k in range(40))
            entries.append({"location": f"D-{n:03d}/" + (f"#{s}" if s else ""), "title": f"{n} \u200b{words[s]}",
                            "text": f"<p>{text}</p>"})
    manifest = searchindex.write(tmp_path, entries, CONFIG, SearchWords(), [])
    sizes = [p.stat().st_size for p in (tmp_path / "search" / manifest["folder"] / "s").glob("*.json")]
    assert manifest["shards"] >= 256 and max(sizes) < 4 * searchindex.SHARD_BYTES, (manifest["shards"], max(sizes))


def test_precompressed_copies_decompress_to_the_files_and_come_from_the_cache(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    page = "<p>行政总值班 3216116</p>" * 100
    (site / "a" / "index.html").write_text(page, "utf-8")
    (site / "tiny.json").write_text("{}", "utf-8")
    (site / "card.png").write_bytes(b"\x89PNG" + b"0" * 2000)
    (site / "sitemap.xml").write_text("<urlset>" + " " * 600 + "</urlset>", "utf-8")
    (site / "sitemap.xml.gz").write_bytes(b"MkDocs' own")
    assert compress.precompress(site, tmp_path) == 1
    assert gzip.decompress((site / "a" / "index.html.gz").read_bytes()).decode("utf-8") == page
    assert not (site / "tiny.json.gz").exists() and not (site / "card.png.gz").exists()
    assert (site / "sitemap.xml.gz").read_bytes() == b"MkDocs' own"
    again = tmp_path / "again"
    (again / "a").mkdir(parents=True)
    (again / "a" / "index.html").write_text(page, "utf-8")
    assert compress.precompress(again, tmp_path) == 0  # taken from .cache/site/gzip/
    assert (again / "a" / "index.html.gz").read_bytes() == (site / "a" / "index.html.gz").read_bytes()
    assert (again / "a" / "index.html.gz").read_bytes()[4:8] == b"\0\0\0\0"  # no time in the header


@pytest.mark.parametrize("text, numbers", [
    ("同时立即拨打 “119”报警", ["119"]),
    ("电话3216565，手机13800531192，外线0531-82169114。", ["3216565", "13800531192", "0531-82169114"]),
    ("拨打120急救", ["120"]),
    ("2020年8月10日生效，共 10000000元，H-J-YA-028，5.4.4，第 1190 次，12345678号房", []),
])
def test_numbers_in_a_text_dial(text, numbers):
    linked = phones.markdown(text)
    assert re.findall(r"\[([0-9-]+)\]\(tel:[0-9]+\)", linked) == numbers
    html = phones.html(text)
    assert re.findall(r'<a href="tel:[0-9]+">([0-9-]+)</a>', html) == numbers
