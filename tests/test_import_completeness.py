"""The completeness proof import runs on itself (planpress/importer/completeness.py): a sentence,
a cell or a word of the original that is neither printed by the imported document nor listed in
the report stops the import, in Chinese, before anything is written; a text kept only in a YAML
comment prints nowhere and does not count. (Every fixture of tests/test_import_*.py passes the
proof, since every import runs it.)"""

from __future__ import annotations

import pytest

import corpus
from importcheck import new_project
from planpress.importer import run, structure
from planpress.importer.completeness import gaps, printed_text
from planpress.importer.stream import Original, Place
from planpress.problems import SourceError

ARTICLE = "第二条 本办法适用于全院各临床、医技科室及职能部门。"
WRITTEN = ARTICLE.split(" ", 1)[1]  # planpress numbers the article (the policy's chapter–article frame)


def originals(*texts: str) -> list[Original]:
    return [Original(Place(paragraph=n), text) for n, text in enumerate(texts, 1)]


def test_a_sentence_or_a_word_printed_nowhere_is_a_gap():
    printed = "本办法适用于全院各临床科室。医务科负责解释。"
    [gap] = gaps(originals("本办法适用于全院各临床科室。医务科负责解释。本办法自发布之日起施行。"), printed, [])
    assert gap.sentence == "本办法自发布之日起施行" and gap.place.paragraph == 1
    [gap] = gaps(originals("医务科、护理部负责解释。"), printed, [])  # a piece of a sentence
    assert gap.pieces == ("护理部负责解释",)


def test_layout_is_not_content():
    """Typed clause numbers, punctuation and spaces, the way a date is written, full-width digits
    and the blanks of a form are not content: planpress prints them its own way."""
    printed = "规范危急值的报告。本办法自2024年3月1日起施行。值班电话3216566。填报日期"
    assert not gaps(originals("5.1.2　规范危急值的报告；", "本办法自 2024-03-01 起施行。", "值班电话：３２１６５６６",
                              "填报日期：　　年　　月　　日"), printed, [])


def test_what_the_report_quotes_is_accounted_for():
    printed = "医务科负责解释。"
    assert gaps(originals("医务科负责解释。第 2 页 共 5 页"), printed, [])
    assert not gaps(originals("医务科负责解释。第 2 页 共 5 页"), printed, ["第 2 页 共 5 页"])
    # a part of a line reported (a number given by --number instead), the rest printed
    assert not gaps(originals("H-J-ZD-099医务科负责解释"), printed, ["H-J-ZD-099"])
    assert gaps(originals("H-J-ZD-099医务科负责解释"), printed, [])


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("completeness")
    return corpus.chapter_policy(folder / "H-J-ZD-040 医疗安全不良事件管理办法.docx"), new_project(folder / "project")


def test_a_text_kept_only_as_a_comment_prints_nowhere(policy):
    path, root = policy
    result = run(path, root, write=False)
    assert f"- {WRITTEN}\n" in result.text
    commented = result.text.replace(f"- {WRITTEN}\n", f"# {WRITTEN}\n", 1)
    originals_ = [Original(Place(paragraph=1), ARTICLE)]
    assert not gaps(originals_, printed_text(result.path, result.text, root, None, result.config_text), [])
    [gap] = gaps(originals_, printed_text(result.path, commented, root, None, result.config_text), [])
    assert gap.sentence == WRITTEN.rstrip("。")


def test_an_import_that_would_lose_a_sentence_fails_loudly_and_writes_nothing(policy, monkeypatch):
    path, root = policy
    recognise = structure.recognise

    def losing(*args, **kwargs):
        data, places = recognise(*args, **kwargs)
        chapter = data["sections"]["chapters"][0]
        chapter["clauses"] = [t for t in chapter["clauses"] if t != WRITTEN]
        return data, places

    monkeypatch.setattr(structure, "recognise", losing)
    before = {p.name: p.read_bytes() for p in (root / "source").iterdir() if p.is_file()}
    with pytest.raises(SourceError) as failed:
        run(path, root)
    message = str(failed.value)
    assert "导入没有通过完整性检查：原文有 1 处文字既不在导入的文件里，也没有列在报告里" in message
    assert "本办法适用于全院各临床" in message and "什么都没有写" in message
    assert {p.name: p.read_bytes() for p in (root / "source").iterdir() if p.is_file()} == before
