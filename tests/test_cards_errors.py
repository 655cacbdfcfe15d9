"""What can go wrong with the cards, on the small fixture project: a card too long for its page,
bad postings and contacts, a QR address that is not a web address, a character the font lacks.
Each is a Chinese message with file:line:column and exit 1, and the cards built before stay as
they were, byte for byte.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cardfiles import PdfText, build_cards, flat, snapshot
from conftest import run_cli

DOC = "H-J-YA-901.yaml"
CARDS = Path("build/H-J-YA-901/cards")
STEM = "H-J-YA-901_A-0"
LONG_STEP = "立即通知后勤维修人员，" + "关闭水阀、转移资料、切断电源并记录现场情况，" * 30  # longer than a page


def _edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / "source" / file
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _line_of(project: Path, file: str, marker: str) -> int:
    text = (project / "source" / file).read_text("utf-8")
    return text[:text.index(marker)].count("\n") + 1


def test_fixture_project_cards(project):
    """Two campuses, postings only at one: six cards, one bundle and checklist, a warning for the other."""
    files = build_cards(project)
    names = sorted(p.name for p in files if p.parent == CARDS.relative_to("build"))
    assert [n for n in names if n.endswith(".pdf")] == sorted(
        [f"{STEM}_{card}_{campus}.pdf" for card in ("leak", "fire", "contacts") for campus in ("north", "south")]
        + [f"{STEM}_north.pdf", f"{STEM}_north_postings.pdf"])
    bundle = PdfText(project / CARDS / f"{STEM}_north.pdf")
    assert len(bundle) == 6  # copies: 2 × [leak, fire, contacts]
    assert "H-J-YA-901-A0-north-06" in flat(bundle.text(5)) and "病案库房" in flat(bundle.text(5))
    result = run_cli("check", root=project)
    assert "南院区（south）没有张贴位置" in result.stderr


def test_overlong_card_fails_the_build_naming_it_and_leaves_outputs(project):
    before = build_cards(project)
    _edit(project, DOC, "card: 立即通知后勤维修人员。", f"card: {LONG_STEP}")
    assert run_cli("check", root=project).status == 0  # the text is valid; only the card cannot hold it

    result = run_cli("build", "--only", "cards", root=project)

    assert result.status == 1
    assert "Traceback" not in result.stderr
    line = _line_of(project, DOC, "- text: 发现漏水立即通知后勤维修人员。")
    assert f"{DOC}:{line}:" in result.stderr
    assert "应急处置卡“漏水（北院区）”一页放不下（A4）" in result.stderr
    assert "应急处置卡“漏水（南院区）”一页放不下（A4）" in result.stderr
    assert "第 1 步" in result.stderr and "字号不会为了放下而缩小" in result.stderr
    assert snapshot(project / "build") == before
    assert not list((project / "build" / "H-J-YA-901").glob(".cards*"))  # no half-built folder left


def test_long_card_that_fits_a4_fails_on_a5(project):
    _edit(project, DOC, "card: 立即通知后勤维修人员。", "card: " + "立即通知后勤维修人员，关闭水阀，转移资料。" * 18)
    assert run_cli("build", "--only", "cards", root=project).status == 0
    _edit(project, "planpress.yaml", "paper: A4", "paper: A5")
    result = run_cli("build", "--only", "cards", root=project)
    assert result.status == 1
    assert "一页放不下（A5）" in result.stderr and "cards.paper 改为 A4" in result.stderr


CASES = [
    ("posting-unknown-scenario", DOC, "cards: [leak, fire, contacts]", "cards: [leak, smoke, contacts]",
     ("没有叫“smoke”的卡片",)),
    ("posting-unknown-campus", DOC, "campus: north", "campus: east", ("院区“east”不存在",)),
    ("contact-without-number-here", DOC, "call: [fire-alarm, security]", "call: [fire-alarm, north-only]",
     ("北院区库房", "南院区没有电话号码")),
    ("qr-base-url-not-web", "planpress.yaml", "base_url: http://test.hospital.local/docs/",
     "base_url: file:///srv/docs/", ("网址格式不对", "http://")),
    ("duty-phone-missing", DOC, "    duty:\n      label: 行政总值班电话\n      contact: duty\n", "",
     ("值班电话", "duty")),
    ("place-too-long", DOC, "location: 病案库房", "location: 病案科二楼东侧走廊尽头第三间库房", ("张贴位置", "最多放 12 个字")),
]


@pytest.mark.parametrize("name, file, old, new, expected", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_a_check_error_and_leaves_outputs(project, name, file, old, new, expected):
    before = build_cards(project)
    _edit(project, file, old, new)

    checked = run_cli("check", root=project)
    built = run_cli("build", "--only", "cards", root=project)

    for result in (checked, built):
        assert result.status == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert f"{file}:" in result.stderr and "错误" in result.stderr and "怎么改：" in result.stderr
        for fragment in expected:
            assert fragment in result.stderr, result.stderr
    assert "原有输出保持不变" in built.stderr
    assert snapshot(project / "build") == before


def test_character_missing_from_the_font_is_named_where_it_is_written(project):
    before = build_cards(project)
    _edit(project, DOC, "card: 立即通知后勤维修人员。", "card: 立即通知后勤维修人员🚰。")
    result = run_cli("build", "--only", "cards", root=project)
    assert result.status == 1
    line = _line_of(project, DOC, "- text: 发现漏水立即通知后勤维修人员。")
    assert f"{DOC}:{line}:" in result.stderr and "字符“🚰”" in result.stderr
    assert snapshot(project / "build") == before


def test_unapproved_version_prints_draft_cards(project):
    path = project / "source" / DOC
    text = path.read_text("utf-8")
    start = text.index("  - role: 院领导批准\n    statement:")
    end = text.index("postings:")
    path.write_text(text[:start] + "\n" + text[end:], "utf-8")
    build_cards(project)
    for name in (f"{STEM}_fire_north.pdf", f"{STEM}_north.pdf", f"{STEM}_north_postings.pdf"):
        text = flat(PdfText(project / CARDS / name).text())
        assert "草稿 · 未经批准生效，不得张贴" in text, name
