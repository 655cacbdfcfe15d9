"""Which version the wall cards show, through a revision of the real plan on a temporary copy.

Staff must only meet the version in force: while A/1 is being revised, approved, or released for a
later date, the cards stay A/0 with A/0's phone numbers (as frozen in the archive, even though
contacts.yaml already has the new number). From A/1's effective date the cards, bundles and
checklists are A/1, no A/0 file is left beside them, and the checklists name the A/0 copies to take
down: each beside the A/1 copy that replaces it, and those nothing replaces in a list of their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cardfiles import PdfText, build_cards, flat
from conftest import REPO, copy_project, run_cli
from signing_support import keys

DOC = "H-J-YA-028"
CARDS = Path("build") / DOC / "cards"
OLD_NUMBER, NEW_NUMBER = "3216565", "3216566"  # 保卫科 at 滨河院区, shown by the theft and contact cards
REVISED, EFFECTIVE = "2026-11-20", "2026-11-25"


def ok(*args, root: Path):
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    return result


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def _card_text(root: Path, name: str, page: int = 0) -> str:
    return flat(PdfText(root / CARDS / name).text(page))


def _checklist_text(root: Path, name: str) -> str:
    pdf = PdfText(root / CARDS / name)
    return flat("".join(pdf.text(i) for i in range(len(pdf)))).replace(" ", "")


def _versions_in(root: Path) -> set[str]:
    return {p.name.split("_")[1] for p in (root / CARDS).iterdir()}


@pytest.fixture(scope="module")
def revised(tmp_path_factory) -> Path:
    """The plan revised to A/1: a new 保卫科 number, no cards at 信息科办公室 any more, two sets in
    the 大学院区 病案库房; approved and released on REVISED to take effect on EFFECTIVE."""
    root = copy_project(REPO, tmp_path_factory.mktemp("versions") / "repo")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", REVISED)
        ok("revise", DOC, "--reason", "更新保卫科电话；调整张贴位置", root=root)
        source = root / "source"
        _edit(source / "contacts.yaml", f'binhe: "{OLD_NUMBER}"', f'binhe: "{NEW_NUMBER}"')
        plan = source / f"{DOC}.yaml"
        _edit(plan, "  - location: 信息科办公室\n    campus: binhe\n    cards: [fire, power-outage, equipment-software]\n"
                    "    copies: 1\n", "")
        _edit(plan, "  - location: 病案库房\n    campus: daxue\n    cards: [fire, water-leak, theft, power-outage, contacts]\n"
                    "    copies: 1", "  - location: 病案库房\n    campus: daxue\n"
                                     "    cards: [fire, water-leak, theft, power-outage, contacts]\n    copies: 2")
        _edit(plan, "effective:             #", f"effective: {EFFECTIVE}  #")
        build_cards(root)  # during the revision the cards are A/0's, with A/0's number
        assert _versions_in(root) == {"A-0"}
        during = _card_text(root, "H-J-YA-028_A-0_theft_binhe.pdf")
        assert OLD_NUMBER in during and NEW_NUMBER not in during and "不得张贴" not in during
        ok("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=root)
        ok("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["liu-yingen"]), root=root)
        ok("release", DOC, "--p12", str(keys().p12["zhou-min"]), root=root)
    return root


def test_before_the_effective_date_cards_stay_a0_with_the_old_number(revised, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-24")  # released, but A/1 takes effect tomorrow
    build_cards(revised)
    assert _versions_in(revised) == {"A-0"}
    for name in ("H-J-YA-028_A-0_theft_binhe.pdf", "H-J-YA-028_A-0_contacts_binhe.pdf"):
        text = _card_text(revised, name)
        assert "版本/修订 A / 0" in text and OLD_NUMBER in text and NEW_NUMBER not in text, name
        assert "不得张贴" not in text  # A/0 is in force: nothing marks it
    bundle = _card_text(revised, "H-J-YA-028_A-0_binhe.pdf", 12)  # A/0 still hangs at 信息科办公室
    assert "H-J-YA-028-A0-binhe-13" in bundle and "信息科办公室" in bundle
    checklist = _checklist_text(revised, "H-J-YA-028_A-0_binhe_postings.pdf")
    assert "换下" not in checklist and "只回收" not in checklist  # A/0 replaced no controlled copies


def test_from_the_effective_date_cards_are_a1_with_the_new_number_and_no_a0_file_lingers(revised, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-24")
    build_cards(revised)
    monkeypatch.setenv("PLANPRESS_TODAY", EFFECTIVE)
    build_cards(revised)
    assert _versions_in(revised) == {"A-1"}
    assert not list((revised / CARDS.parent).glob(".cards*"))
    for name in ("H-J-YA-028_A-1_theft_binhe.pdf", "H-J-YA-028_A-1_contacts_binhe.pdf"):
        text = _card_text(revised, name)
        assert "版本/修订 A / 1" in text and f"生效日期 2026年11月25日" in text, name
        assert NEW_NUMBER in text and OLD_NUMBER not in text, name
        assert "不得张贴" not in text
    assert "3212755" in _card_text(revised, "H-J-YA-028_A-1_theft_daxue.pdf")  # 大学院区's 保卫科: unchanged
    bundle = PdfText(revised / CARDS / "H-J-YA-028_A-1_binhe.pdf")
    assert len(bundle) == 11  # 信息科办公室 no longer has cards
    assert "H-J-YA-028-A1-binhe-11" in flat(bundle.text(10)).replace(" ", "")
    assert len(PdfText(revised / CARDS / "H-J-YA-028_A-1_daxue.pdf")) == 16  # two sets in 病案库房 now


def test_a1_checklist_names_the_a0_copy_each_new_copy_replaces_and_those_only_recalled(revised, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", EFFECTIVE)
    build_cards(revised)
    binhe = _checklist_text(revised, "H-J-YA-028_A-1_binhe_postings.pdf")
    assert "换下的A/0版副本" in binhe
    for sequence in range(1, 12):  # same places, same cards: each A/1 copy replaces its A/0 twin
        assert f"H-J-YA-028-A1-binhe-{sequence:02d}换下H-J-YA-028-A0-binhe-{sequence:02d}" in binhe
    recalled = binhe[binhe.index("只回收、不再张贴的A/0版副本"):]
    for sequence, card in ((12, "火灾"), (13, "停电"), (14, "办公设备及病案管理软件安全")):
        assert f"H-J-YA-028-A0-binhe-{sequence}信息科办公室{card}" in recalled
    assert "3份旧版副本不再张贴，只回收" in binhe

    daxue = _checklist_text(revised, "H-J-YA-028_A-1_daxue_postings.pdf")
    # 病案库房 now has two sets: the first replaces A/0's set there, the second is new; 病案办公室's
    # copies move down the numbering but still replace the A/0 copies hanging there.
    for sequence in range(1, 6):
        assert f"H-J-YA-028-A1-daxue-{sequence:02d}换下H-J-YA-028-A0-daxue-{sequence:02d}" in daxue
    for sequence in range(6, 11):
        assert f"H-J-YA-028-A1-daxue-{sequence:02d}新增，无旧版可换下" in daxue
    for sequence in range(11, 17):
        assert f"H-J-YA-028-A1-daxue-{sequence:02d}换下H-J-YA-028-A0-daxue-{sequence - 5:02d}" in daxue
    assert "只回收" not in daxue
