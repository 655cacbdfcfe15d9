"""planpress doctor: the fonts and typesetting libraries this machine will use for the PDF."""

from __future__ import annotations

import platform
import re

import pytest
import weasyprint

from conftest import FIXTURES, REPO, copy_project, run_cli
from pdfcheck import edit
from planpress.render.fonts import find_font


@pytest.fixture
def small(tmp_path):
    return copy_project(FIXTURES / "project", tmp_path / "project")


def test_doctor_reports_fonts_files_and_versions(small):
    result = run_cli("doctor", root=small)
    assert result.status == 0, result.stdout
    out = result.stdout
    for role, family in (("正文（fonts.body）", "Noto Serif CJK SC"), ("标题（fonts.heading）", "Noto Sans CJK SC"),
                         ("文件名称（fonts.title）", "Noto Sans CJK SC")):
        assert f"✓ {role}：{family} → {find_font(family).path}" in out
    assert re.search(rf"Python\s+{re.escape(platform.python_version())}", out)
    assert re.search(rf"WeasyPrint\s+{re.escape(weasyprint.__version__)}", out)
    assert re.search(r"Pango\s+1\.\d+\.\d+", out)
    assert re.search(r"HarfBuzz\s+\d+\.\d+\.\d+", out)
    assert re.search(r"fontconfig\s+2\.\d+\.\d+", out)
    assert "hb-subset   ✓ 已加载（libharfbuzz-subset0）" in out
    assert "一切正常" in out


def test_doctor_names_a_missing_font_and_its_line(small):
    config = small / "source" / "planpress.yaml"
    edit(config, "heading: Noto Sans CJK SC", "heading: 方正小标宋_GBK")
    result = run_cli("doctor", root=small)
    assert result.status == 1
    assert "✗ 标题（fonts.heading）：方正小标宋_GBK → 找不到" in result.stdout
    assert re.search(r"planpress\.yaml:\d+:\d+：找不到标题字体“方正小标宋_GBK”", result.stdout)
    assert "发现 1 个问题" in result.stdout


def test_doctor_says_when_hb_subset_is_missing(small, monkeypatch):
    import planpress.render.weasy as weasy

    monkeypatch.setattr(weasy, "has_hb_subset", lambda: False)
    result = run_cli("doctor", root=small)
    assert result.status == 1
    assert "hb-subset   ✗ 没有加载" in result.stdout
    assert "apt-get install libharfbuzz-subset0" in result.stdout
