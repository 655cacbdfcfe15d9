"""source/synonyms.yaml, the site search's synonyms and ignored words: checked by `planpress check`
with Chinese messages at file:line:column; a project without it searches with planpress's
default list."""

from __future__ import annotations

from pathlib import Path

import pytest

import planpress
from conftest import REPO, run_cli

SYNONYMS = "source/synonyms.yaml"


def _write(project: Path, text: str) -> None:
    (project / SYNONYMS).write_text(text, "utf-8")


def _check(project: Path):
    result = run_cli("check", root=project)
    assert "Traceback" not in result.stderr
    return result


def test_a_project_without_the_file_searches_with_the_default_list(project):
    assert not (project / SYNONYMS).exists()
    assert _check(project).status == 0
    words = planpress.load(project).search
    assert words.path is None
    groups = {group[0]: group for group in words.groups}
    assert "着火" in groups["火灾"] and "水管爆了" in groups["漏水"] and "保卫处" in groups["保卫科"]
    assert "值班" in groups["行政总值班"] and "电脑中毒" in groups["信息安全"]
    assert "了" in words.ignore and "怎么办" in words.ignore


def test_the_hospitals_file_replaces_the_default_list(project):
    _write(project, "synonyms:\n  跌倒: [摔倒, 滑倒]\nignore: [了]\n")
    assert _check(project).status == 0
    words = planpress.load(project).search
    assert words.groups == (("跌倒", "摔倒", "滑倒"),) and words.ignore == ("了",)
    assert words.path == project / SYNONYMS


def test_the_repositorys_list_is_valid_and_loaded():
    words = planpress.load(REPO).search
    assert words.path is not None and words.path.name == "synonyms.yaml"
    assert len(words.groups) >= 10


def _at(text: str, marker: str, occurrence: int = 1) -> str:
    """file:line:column of the `occurrence`-th `marker` in `text` (columns count characters)."""
    index = -1
    for _ in range(occurrence):
        index = text.index(marker, index + 1)
    line = text.count("\n", 0, index) + 1
    return f"synonyms.yaml:{line}:{index - (text.rfind(chr(10), 0, index) + 1) + 1}:"


@pytest.mark.parametrize("text, marker, fragments", [
    ("synonyms:\n  火灾: [着火, 失火 起火]\n", "失火 起火", ("搜索词的格式不对", "失火 起火", "不能有空格或逗号")),
    ("synonyms:\n  火灾: 着火\n", "着火", ("列表",)),
    ("synonyms:\n  火灾: []\n", "[]", ("至少要有 1 项",)),
    ("synonyms:\n  \"火 灾\": [着火]\n", "\"火 灾\"", ("不是一个词", "火 灾")),
    ("synonym:\n  火灾: [着火]\n", "synonym", ("不认识的字段", "synonym", "synonyms")),
    ("ignore: [了, \"\"]\n", "\"\"", ("搜索词的格式不对",)),
    ("synonyms:\n  火灾: [着火, 一二三四五六七八九十一二三四五六七八九十一]\n", "一二三", ("太长了", "20")),
])
def test_a_broken_list_is_an_error_at_its_place(project, text, marker, fragments):
    _write(project, text)
    result = _check(project)
    assert result.status == 1, result.stderr
    location = _at(text, marker)
    line = next((line for line in result.stderr.splitlines() if location in line), None)
    assert line is not None and "错误" in line, (location, result.stderr)
    assert all(fragment in result.stderr for fragment in fragments), result.stderr
    assert "怎么改：" in result.stderr


def test_repeated_and_ignored_words_are_warnings(project):
    text = "synonyms:\n  火灾: [着火, 失火, 着火, 火灾]\n  停电: [断电, 了]\nignore: [了, 吗, 吗]\n"
    _write(project, text)
    result = _check(project)
    assert result.status == 0, result.stderr  # warnings do not stop a build
    expected = [(_at(text, "着火", 2), "“着火”在这一行写了两次"), (_at(text, "火灾]"), "“火灾”与这一行的词相同"),
                (_at(text, "[断电"), "“了”也写在 ignore 里"), (_at(text, "吗", 2), "“吗”在 ignore 里写了两次")]
    for location, message in expected:
        assert any(location in line and "警告" in line and message in line for line in result.stderr.splitlines()), \
            (location, result.stderr)


def test_a_broken_list_stops_the_build_and_keeps_the_site(project):
    assert run_cli("build", "--only", "site", root=project).status == 0
    site = (project / "site" / "index.html").read_bytes()
    _write(project, "synonyms:\n  火灾: 着火\n")
    result = run_cli("build", "--only", "site", root=project)
    assert result.status == 1 and "synonyms.yaml:2:" in result.stderr
    assert (project / "site" / "index.html").read_bytes() == site
