"""Fonts in the PDF: the configured families, checked before rendering, embedded compactly."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from pdfcheck import body_text, build_pdf, edit, embedded_fonts
from planpress.pdf import render
from planpress.render import compact_fonts
from planpress.render.fonts import find_font


@pytest.fixture
def small(tmp_path):
    return copy_project(FIXTURES / "project", tmp_path / "project")


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if text in line)


def set_fonts(root: Path, body: str, heading: str, title: str) -> None:
    config = root / "source" / "planpress.yaml"
    edit(config, "body: Noto Serif CJK SC", f"body: {body}")
    edit(config, "heading: Noto Sans CJK SC", f"heading: {heading}")
    edit(config, "title: Noto Sans CJK SC", f"title: {title}")


def family_names(pdf: Path) -> list[str]:
    return sorted(font.name.partition("+")[2] for font in embedded_fonts(pdf))


def test_the_default_fonts_are_embedded(small):
    assert family_names(build_pdf(small)) == ["Noto-Sans-CJK-SC", "Noto-Serif-CJK-SC"]


def test_switching_fonts_in_the_settings_changes_the_embedded_fonts(small):
    set_fonts(small, "Noto Sans Mono CJK SC", "Noto Sans Mono CJK SC", "Noto Serif CJK SC")
    pdf = build_pdf(small)
    assert family_names(pdf) == ["Noto-Sans-Mono-CJK-SC", "Noto-Serif-CJK-SC"]  # body + headings, title
    assert "保护库房资料。" in body_text(pdf)


def test_an_unknown_font_family_fails_at_its_line_in_the_settings(small):
    set_fonts(small, "Hospital FangSong GB2312", "Noto Sans CJK SC", "Noto Sans CJK SC")
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    line = line_of(small / "source" / "planpress.yaml", "Hospital FangSong")
    assert re.search(rf"planpress\.yaml:{line}:\d+: 错误: 【fonts\.body】找不到正文字体“Hospital FangSong GB2312”",
                     result.stderr), result.stderr
    assert "fc-list :lang=zh family" in result.stderr
    assert not (small / "build" / "H-J-YA-901").exists()


def test_a_character_no_font_has_fails_naming_it_and_where_it_is(small):
    plan = small / "source" / "H-J-YA-901.yaml"
    edit(plan, "purpose: 保护库房资料。", "purpose: 保护库房资料😀。")
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert re.search(rf"H-J-YA-901\.yaml:{line_of(plan, 'purpose:')}:\d+: 错误: 字符“😀”（U\+1F600）在所选字体（Noto Serif CJK SC）里没有",
                     result.stderr), result.stderr
    assert not (small / "build" / "H-J-YA-901").exists()


def test_a_heading_character_must_be_in_the_heading_font(small):
    # U+9FEB 鿫 is in Noto Sans CJK SC (here the body font) but not in Noto Serif CJK SC (headings).
    assert find_font("Noto Sans CJK SC").covers("鿫") and not find_font("Noto Serif CJK SC").covers("鿫")
    set_fonts(small, "Noto Sans CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC")
    plan = small / "source" / "H-J-YA-901.yaml"
    edit(plan, "title: 组织体系", "title: 组织体系鿫")
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert re.search(rf"H-J-YA-901\.yaml:{line_of(plan, '组织体系鿫')}:\d+: 错误: 字符“鿫”（U\+9FEB）"
                     "在所选字体（Noto Serif CJK SC）里没有", result.stderr), result.stderr


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory):
    """The real plan with compact fonts (as built) and with WeasyPrint's own font subsets."""
    project = planpress.load(REPO)
    doc = project.document("H-J-YA-028")
    folder = tmp_path_factory.mktemp("fonts")
    compact, plain = folder / "compact.pdf", folder / "plain.pdf"
    compact.write_bytes(render.pdf_bytes(project, doc))
    plain.write_bytes(render.pdf_bytes(project, doc, compact=False))
    return compact, plain


def test_compact_fonts_are_a_fraction_of_the_size(both_ways):
    compact, plain = both_ways
    assert {f.subtype for f in embedded_fonts(compact)} == {"/CIDFontType0C"}
    assert {f.subtype for f in embedded_fonts(plain)} == {"/OpenType"}
    assert compact.stat().st_size * 2 < plain.stat().st_size


def test_compact_fonts_print_exactly_the_same_pages(both_ways, tmp_path):
    compact, plain = both_ways
    for name, pdf in (("compact", compact), ("plain", plain)):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / name)], check=True)
    pages = sorted(tmp_path.glob("compact-*.png"))
    assert len(pages) >= 5
    for page in pages:  # poppler: identical pixels
        assert page.read_bytes() == (tmp_path / page.name.replace("compact", "plain")).read_bytes(), page.name
    one, two = pdfium.PdfDocument(compact), pdfium.PdfDocument(plain)
    for index in range(len(one)):  # pdfium: the same glyphs, anti-aliased a shade differently at most
        a = one[index].render(scale=0.7).to_pil().convert("L")
        b = two[index].render(scale=0.7).to_pil().convert("L")
        assert max(ImageChops.difference(a, b).tobytes()) < 64, index


def test_a_font_whose_cids_are_not_its_glyph_ids_is_left_alone():
    face = find_font("Noto Serif CJK SC")
    data = face.path.read_bytes()
    glyphs = [0, 10, 14, 200]
    subset = compact_fonts._harfbuzz_subset(data, face.index, glyphs, 0x20)
    assert subset is not None
    assert compact_fonts._cff_program_keeping_cids(subset, glyphs).startswith(b"\x01\x00")  # a CFF program
    assert compact_fonts._cff_program_keeping_cids(subset, [0, 11, 14, 200]) is None  # codes ≠ CIDs: keep


def test_a_font_name_cannot_break_out_of_the_style_sheet():
    from planpress.pdf.stylesheet import css_string

    quoted = css_string('Evil"; } body { display: none } </style><script>')
    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and ">" not in quoted
    assert css_string("Noto Serif CJK SC") == '"Noto Serif CJK SC"'
