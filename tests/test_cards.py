"""The quick cards of the real plan, as a member of staff and the document controller check them:
one page each, this campus's numbers and never the other's, big enough to read from two metres,
a QR code to the right page, and every printed copy numbered as the postings say.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

import planpress
from cardfiles import DOC_NUMBER, PdfText, Sources, build_cards, flat, snapshot
from conftest import REPO, copy_project

CARDS = "build/H-J-YA-028/cards"
STEM = "H-J-YA-028_A-0"


def _copy_repo(target: Path, paper: str = "A4") -> Path:
    copy_project(REPO, target)
    config = target / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8").replace("paper: A4", f"paper: {paper}"), "utf-8")
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = _copy_repo(tmp_path_factory.mktemp("cards"))
    build_cards(root)
    return root


@pytest.fixture(scope="module")
def built_a5(tmp_path_factory) -> Path:
    root = _copy_repo(tmp_path_factory.mktemp("cards-a5"), "A5")
    build_cards(root)
    return root


@pytest.fixture(scope="module")
def sources(built) -> Sources:
    return Sources(built, DOC_NUMBER)


def _card_keys(sources: Sources) -> list[str]:
    return [s["key"] for s in sources.scenarios()] + ["contacts"]


def _all_cards(sources: Sources) -> list[tuple[str, str]]:
    return [(card, campus) for campus in sources.campuses for card in _card_keys(sources)]


def test_twelve_cards_two_bundles_two_checklists(built, sources):
    folder = built / CARDS
    assert len(_all_cards(sources)) == 12
    expected = {f"{STEM}_{card}_{campus}.pdf" for card, campus in _all_cards(sources)}
    expected |= {f"{STEM}_{campus}{suffix}.pdf" for campus in sources.campuses for suffix in ("", "_postings")}
    assert {p.name for p in folder.glob("*.pdf")} == expected
    for card, campus in _all_cards(sources):
        pdf = PdfText(folder / f"{STEM}_{card}_{campus}.pdf")
        assert len(pdf) == 1, f"{card} {campus}: {len(pdf)} pages"
        assert pdf.page_size_mm() == (210, 297)
        assert (folder / f"{STEM}_{card}_{campus}.png").stat().st_size > 10_000
    for campus in sources.campuses:
        bundle = PdfText(folder / f"{STEM}_{campus}.pdf")
        assert len(bundle) == len(sources.copies(campus)) > 0
        assert all(bundle.page_size_mm(i) == (210, 297) for i in range(len(bundle)))
        assert len(PdfText(folder / f"{STEM}_{campus}_postings.pdf")) >= 1
    assert len(list(folder.glob("*.png"))) == 12


@pytest.mark.parametrize("campus", ["binhe", "daxue"])
def test_each_card_shows_its_campus_numbers_and_never_the_other_campus(built, sources, campus):
    other = next(c for c in sources.campuses if c != campus)
    foreign = sources.all_numbers(other) - sources.all_numbers(campus)
    assert foreign  # the two campuses do have different numbers, or this test could not fail
    for card in _card_keys(sources):
        text = flat(PdfText(built / CARDS / f"{STEM}_{card}_{campus}.pdf").text())
        for number in sources.expected_numbers(card, campus):
            assert number in text, f"{card} {campus}: {number} missing"
        leaked = [n for n in foreign if n in text]
        assert not leaked, f"{card} {campus} shows {other}'s numbers {leaked}"
        assert sources.campuses[campus] in text and sources.campuses[other] not in text


def test_cards_show_title_actors_and_steps_in_order(built, sources):
    for scenario in sources.scenarios():
        text = flat(PdfText(built / CARDS / f"{STEM}_{scenario['key']}_binhe.pdf").text())
        assert scenario["title"] in text
        positions = [text.index(step.get("card", step["text"])) for step in scenario["steps"]]
        assert positions == sorted(positions), f"{scenario['key']}: steps out of order"
        for step in scenario["steps"]:
            assert step["actor"] in text


def test_cards_identify_their_source(built, sources):
    doc = planpress.load(built).document(DOC_NUMBER)
    for card, campus in _all_cards(sources):
        text = flat(PdfText(built / CARDS / f"{STEM}_{card}_{campus}.pdf").text())
        for fragment in (DOC_NUMBER, sources.document["title"], "版本/修订 A / 0", "生效日期 2020年8月10日",
                         doc.short_fingerprint, "以受控文件为准", "受控副本编号", "张贴位置"):
            assert fragment in text, f"{card} {campus}: {fragment!r} missing"
        assert "-A0-" not in text  # a reference card is no controlled copy: its slots are blank


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_type_sizes_are_at_least_the_minimums(built, built_a5, sources, paper):
    root = built if paper == "A4" else built_a5
    checked = {"title": 0, "step": 0, "number": 0}
    for card, campus in _all_cards(sources):
        pdf = PdfText(root / CARDS / f"{STEM}_{card}_{campus}.pdf")
        assert pdf.page_size_mm() == ((210, 297) if paper == "A4" else (148, 210))
        scenario = next((s for s in sources.scenarios() if s["key"] == card), None)
        title, = pdf.sizes_of(0, scenario["title"] if scenario else "应急联络电话",
                              after=f"应急处置卡 · {sources.campuses[campus]}")  # the title under the band's kicker
        assert min(g.size for g in title) >= 40 - 0.01, f"{card}: title {title[0].size} pt"
        checked["title"] += 1
        if scenario:
            for step in scenario["steps"]:
                found = pdf.sizes_of(0, step.get("card", step["text"]))
                assert found, f"{card}: step not found"
                for glyphs in found:
                    assert min(g.size for g in glyphs) >= 16 - 0.01, f"{card}: step text {glyphs[0].size} pt"
                    checked["step"] += 1
        for number in sources.expected_numbers(card, campus):
            found = pdf.sizes_of(0, number)
            assert found, f"{card} {campus}: {number} not found"
            for glyphs in found:
                assert min(g.size for g in glyphs) >= 24 - 0.01, f"{card}: {number} at {glyphs[0].size} pt"
                assert all(g.bold for g in glyphs), f"{card}: {number} not bold"
                checked["number"] += 1
    assert all(checked.values()), checked


def test_qr_code_decodes_to_the_scenario_page(built, sources):
    base = sources.config["site"]["base_url"].rstrip("/")
    assert base == "http://intranet.hospital.local/planpress"
    for card, campus in _all_cards(sources):
        page = "contacts/" if card == "contacts" else f"{DOC_NUMBER}/{card}/"
        assert planpress.outputs.site_url(base + "/", page) == f"{base}/{page}"
        decoded = zxingcpp.read_barcodes(Image.open(built / CARDS / f"{STEM}_{card}_{campus}.png"))
        assert [code.text for code in decoded] == [f"{base}/{page}"], f"{card} {campus}"


@pytest.mark.parametrize("campus", ["binhe", "daxue"])
def test_bundle_prints_every_posted_copy_numbered_with_its_place(built, sources, campus):
    bundle = PdfText(built / CARDS / f"{STEM}_{campus}.pdf")
    copies = sources.copies(campus)
    titles = {s["key"]: s["title"] for s in sources.scenarios()} | {"contacts": "应急联络电话"}
    numbers = [f"{DOC_NUMBER}-A0-{campus}-{i:02d}" for i in range(1, len(copies) + 1)]
    for index, ((place, card), number) in enumerate(zip(copies, numbers)):
        text = flat(bundle.text(index))
        assert f"受控副本编号{number}" in text.replace(" ", ""), f"page {index + 1}"
        assert f"张贴位置{place}" in text.replace(" ", ""), f"page {index + 1}"
        assert titles[card] in text
        assert [n for n in numbers if n in text] == [number]  # no other copy's number on the page
        for phone in sources.expected_numbers(card, campus):
            assert phone in text


@pytest.mark.parametrize("campus", ["binhe", "daxue"])
def test_checklist_lists_every_copy_for_posting_and_recall(built, sources, campus):
    pdf = PdfText(built / CARDS / f"{STEM}_{campus}_postings.pdf")
    text = flat("".join(pdf.text(i) for i in range(len(pdf))))
    copies = sources.copies(campus)
    assert f"应急处置卡张贴与回收清单 · {sources.campuses[campus]}" in text
    assert "版本/修订 A / 0" in text and f"{STEM}_{campus}.pdf" in text
    assert f"共 {len(copies)} 份" in text and "回收旧版" in text
    rows = text.replace(" ", "")
    for sequence, (place, _) in enumerate(copies, start=1):
        assert f"{sequence}{DOC_NUMBER}-A0-{campus}-{sequence:02d}{place}" in rows


def test_same_sources_give_the_same_bytes(built, tmp_path):
    again = _copy_repo(tmp_path / "again")
    first = {p: (built / "build" / p).read_bytes() for p in (built / "build").rglob("*") if p.is_file()}
    second = build_cards(again)
    first = {p.relative_to(built / "build"): data for p, data in first.items()}
    assert first.keys() == second.keys()
    changed = [str(p) for p in first if first[p] != second[p]]
    assert not changed, changed


def test_command_line_build_gives_the_same_bytes(built, tmp_path):
    """`planpress build` run as a user runs it forks its helpers before it checks the sources and
    they load the libraries themselves (in-process, as above, they are forked when needed)."""
    again = _copy_repo(tmp_path / "cli")
    result = subprocess.run([sys.executable, "-m", "planpress", "build", "--only", "cards"], cwd=again,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert snapshot(again / "build") == snapshot(built / "build")
