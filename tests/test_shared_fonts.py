"""One WeasyPrint FontConfiguration for the documents laid out in a process (render.weasy.font_config):
fonts opened and measured once, the same bytes as a configuration per document."""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from planpress.render import weasy

FIRST = ('<html lang="zh-CN"><body style="font-family: sans-serif"><p>应急处置卡 <b>处置步骤</b> 0123</p>'
         '<p style="font-size: 40pt">立即报告</p></body></html>')
SECOND = ('<html lang="zh-CN"><body style="font-family: serif"><h1>火灾应急处置</h1>'
          '<p>立即报告 <b>保卫科</b> 66001234，疏散病人。</p></body></html>')


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / "templates").mkdir()
    monkeypatch.setattr(weasy, "_fonts", None)  # as a new process starts
    return tmp_path


def pdf(html: str, root: Path) -> bytes:
    return weasy.write_pdf(weasy.render(html, root), compact_fonts=True, tags=False)


def test_documents_share_the_fonts_and_print_what_they_print_alone(project: Path, monkeypatch):
    with monkeypatch.context() as alone:
        alone.setattr(weasy, "font_config", lambda: None)  # WeasyPrint's default: one per document
        expected = pdf(SECOND, project)
    pdf(FIRST, project)
    shared = weasy.font_config()
    assert pdf(SECOND, project) == expected
    assert weasy.font_config() is shared and shared.strut_layouts  # filled by both documents


def test_a_document_that_adds_fonts_leaves_the_next_document_a_configuration_of_its_own(project: Path):
    font = subprocess.run(["fc-match", "-f", "%{file}", "sans-serif"], capture_output=True, text=True, check=True).stdout
    shutil.copyfile(font, project / "templates" / f"added{Path(font).suffix}")
    with_face = ('<html><head><style>@font-face { font-family: "Added Face"; src: url(added'
                 f'{Path(font).suffix}); }} body {{ font-family: "Added Face" }}</style></head>'
                 '<body><p>Fire 0123</p></body></html>')
    pdf(FIRST, project)
    first = weasy.font_config()
    pdf(with_face, project)
    assert first.faces_added  # the font was added to the configuration this document was laid out with
    assert weasy.font_config() is not first


def test_fontconfig_pointed_elsewhere_means_a_new_configuration(project: Path, monkeypatch):
    first = weasy.font_config()
    assert weasy.font_config() is first
    monkeypatch.setenv("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    assert weasy.font_config() is not first


def test_other_threads_lay_out_with_fonts_of_their_own(project: Path):
    """The intranet application may lay out a PDF in a request's thread: Pango's font map is not
    shared between threads."""
    found = []
    thread = threading.Thread(target=lambda: found.append((weasy.font_config(), pdf(SECOND, project))))
    thread.start()
    thread.join()
    assert found[0][0] is None and found[0][1].startswith(b"%PDF-")
    assert weasy.font_config() is not None


def test_the_font_folders_are_read_once_and_then_once_a_minute(project: Path, monkeypatch):
    folders, reads, clock = ["as installed"], [], [1000.0]
    monkeypatch.setattr(weasy.inputs, "fonts", lambda: reads.append(1) or folders[0])
    monkeypatch.setattr(weasy.time, "monotonic", lambda: clock[0])
    first = weasy.font_config()
    assert all(weasy.font_config() is first for _ in range(5)) and len(reads) == 1
    folders[0] = "a font installed"
    clock[0] += weasy.FONTS_RECHECK_SECONDS - 1
    assert weasy.font_config() is first and len(reads) == 1
    clock[0] += 1
    assert weasy.font_config() is not first and len(reads) == 2
