"""Building the PDF: deterministic bytes, atomic writes, a closed URL fetcher, clear errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pypdf
import pytest

import planpress
from conftest import FIXTURES, REPO, copy_project, run_cli
from pdfcheck import build_pdf, edit, read
from planpress.pdf import render


@pytest.fixture
def small(tmp_path):
    """The small fixture plan (H-J-YA-901) with the repository's templates: quick to build."""
    return copy_project(FIXTURES / "project", tmp_path / "project")


def pdf_of(root):
    return root / "build" / "H-J-YA-901" / "H-J-YA-901_A-0.pdf"


def leftovers(root):
    return sorted(p.name for p in (root / "build" / "H-J-YA-901").iterdir() if p.name.startswith("."))


def test_same_sources_give_the_same_bytes_whatever_the_folder_or_the_day(tmp_path, monkeypatch):
    first = copy_project(FIXTURES / "project", tmp_path / "a" / "project")
    second = copy_project(FIXTURES / "project", tmp_path / "elsewhere" / "deeper" / "其他目录")
    monkeypatch.setenv("PLANPRESS_TODAY", "2024-03-02")
    one = build_pdf(first).read_bytes()
    monkeypatch.setenv("PLANPRESS_TODAY", "2031-12-31")
    monkeypatch.chdir(tmp_path)
    two = build_pdf(second).read_bytes()
    assert one == two
    assert str(tmp_path).encode() not in one and b"elsewhere" not in two


def test_a_failed_build_leaves_the_previous_pdf_untouched(small):
    before = build_pdf(small).read_bytes()
    edit(small / "source" / "H-J-YA-901.yaml", "purpose: 保护库房资料。", "purpose: 保护库房资料和电子病历。")
    edit(small / "templates" / "pdf" / "document.css", "@page {", '@import url("http://cdn.example.com/x.css");\n@page {')
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status != 0
    assert pdf_of(small).read_bytes() == before
    assert leftovers(small) == []


def test_a_write_that_fails_halfway_leaves_the_previous_pdf_untouched(small, monkeypatch):
    before = build_pdf(small).read_bytes()
    edit(small / "source" / "H-J-YA-901.yaml", "purpose: 保护库房资料。", "purpose: 保护库房资料和电子病历。")

    def disk_full(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert "H-J-YA-901_A-0.pdf: 错误: 无法写入：磁盘已满（No space left on device）" in result.stderr
    assert "已有的输出保持原样" in result.stderr
    assert pdf_of(small).read_bytes() == before
    assert leftovers(small) == []


def test_a_template_reaching_the_network_is_refused(small):
    edit(small / "templates" / "pdf" / "document.css", "@page {", '@import url("http://cdn.example.com/fonts.css");\n@page {')
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert "模板引用了外部网址，生成时不允许联网：http://cdn.example.com/fonts.css" in result.stderr
    assert "Traceback" not in result.stderr
    assert not pdf_of(small).exists()


def test_a_template_reaching_outside_the_project_is_refused(small, tmp_path):
    outside = tmp_path / "logo.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    edit(small / "templates" / "pdf" / "document.html", "<main>", f'<img src="{outside.as_uri()}" alt=""><main>')
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert f"模板引用了项目以外的文件：{outside.as_uri()}" in result.stderr
    assert not pdf_of(small).exists()


def test_a_template_mistake_names_the_template_line(small):
    edit(small / "templates" / "pdf" / "document.html", "<main>", "<main>{% if %}")
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 1
    assert re.search(r"templates/pdf/document\.html:\d+:1: 错误: 模板语法错误", result.stderr), result.stderr


def test_the_page_count_follows_the_content(small):
    short = read(build_pdf(small))
    items = "".join(f"\n    - 第{i}项职责：负责病案库房的日常巡查、登记和报告，发现隐患及时整改并记录在案。" for i in range(60))
    edit(small / "source" / "H-J-YA-901.yaml", "responsibilities:\n    - 医务科负责解释。", "responsibilities:\n    - 医务科负责解释。" + items)
    long = read(build_pdf(small))
    assert len(long) > len(short)
    for pages in (short, long):
        assert re.search(r"文件总页码(\d+)", pages[0].body).group(1) == str(len(pages))
        assert f"共{len(pages)}页" in pages[-1].footer


def test_pdfa_2b_for_the_archive(small):
    pdf = build_pdf(small, "--pdfa")
    reader = pypdf.PdfReader(pdf)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="2"' in xmp or "<pdfaid:part>2</pdfaid:part>" in xmp
    assert 'pdfaid:conformance="B"' in xmp or "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    intents = root["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (still tagged)
    assert root["/Lang"] == "zh-CN"
    assert read(pdf)[0].body.startswith("库房漏水应急预案文件类别")
    assert pdf.read_bytes() == build_pdf(small, "--pdfa").read_bytes()  # still deterministic


def test_a_build_without_hb_subset_warns(small, monkeypatch):
    from planpress.render import pool

    monkeypatch.setattr(pool, "IN_PROCESS", True)  # the question is asked of a helper: here, this process
    monkeypatch.setattr(render, "hb_subset_job", lambda _job: False)
    result = run_cli("build", "--only", "pdf", root=small)
    assert result.status == 0
    assert "警告：没有加载 HarfBuzz 的字体子集库 hb-subset（Debian 软件包 libharfbuzz-subset0）" in result.stderr
    assert "planpress doctor" in result.stderr


def planpress_process(root, *args):
    """`python -m planpress ARGS` as a separate process, as `make` runs it (with its PDF helper process)."""
    return subprocess.run([sys.executable, "-m", "planpress", *args], cwd=root, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PLANPRESS_TODAY": "2024-03-02"})


def test_a_separate_process_builds_the_same_bytes_with_its_helper(small):
    result = planpress_process(small, "build", "--only", "pdf")
    assert result.returncode == 0, result.stderr
    project = planpress.load(small)
    assert pdf_of(small).read_bytes() == render.pdf_bytes(project, project.documents[0])


def test_a_separate_process_reports_a_forbidden_url_from_its_helper(small):
    edit(small / "templates" / "pdf" / "document.css", "@page {", '@import url("https://cdn.example.com/a.css");\n@page {')
    result = planpress_process(small, "build", "--only", "pdf")
    assert result.returncode == 1
    assert "模板引用了外部网址，生成时不允许联网：https://cdn.example.com/a.css" in result.stderr
    assert "Traceback" not in result.stderr and not pdf_of(small).exists()


def test_a_separate_process_stops_at_a_source_error(small):
    edit(small / "source" / "H-J-YA-901.yaml", "effective: 2024-03-01", "effective: 2024-02-30")
    result = planpress_process(small, "build", "--only", "pdf")
    assert result.returncode == 1
    assert "2024-02-30" in result.stderr and not pdf_of(small).exists()


@pytest.mark.parametrize("argv, started", [
    (["build"], ["pdf"]),
    (["--root", "somewhere", "build", "--only", "pdf", "H-J-YA-028"], ["pdf"]),
    (["build", "--pdfa", "--only", "pdf"], ["pdf"]),
    (["build", "--only", "nothing-with-a-warm-up"], []),
    (["check"], []),
    (["doctor"], []),
])
def test_the_pdf_engine_starts_loading_only_for_a_pdf_build(argv, started, monkeypatch):
    from planpress import builders

    calls = []
    monkeypatch.setattr(builders, "WARM_UPS", {"pdf": "planpress.render.pool:start"})
    monkeypatch.setattr(builders, "BUILDERS", {"pdf": "planpress.pdf:build", "nothing-with-a-warm-up": "x:y"})
    monkeypatch.setattr(builders, "warm_up", lambda kinds: calls.extend(k for k in kinds if k in builders.WARM_UPS))
    builders.warm_up_for(argv)
    assert calls == started
