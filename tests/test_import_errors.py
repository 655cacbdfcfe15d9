"""Bad input: a clear Chinese message, exit status 1, no traceback, nothing in source/ changed."""

from __future__ import annotations

import shutil

import pytest

from conftest import REPO, run_cli


@pytest.fixture
def project(tmp_path):
    (tmp_path / "source").mkdir()
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, tmp_path / "source" / name)
    return tmp_path


def snapshot(project):
    return {p.name: p.read_bytes() for p in (project / "source").iterdir()}


def make_damaged_docx(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 40)


def make_encrypted_docx(path):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 100
    path.write_bytes(ole)


def make_doc(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "WordDocument".encode("utf-16-le") + b"\x00" * 100)


def make_scanned_pdf(path):
    import pypdf
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    with path.open("wb") as out:
        writer.write(out)


def make_locked_pdf(path):
    import pypdf
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret", algorithm="AES-128")
    with path.open("wb") as out:
        writer.write(out)


def make_empty(path):
    path.write_bytes(b"")


def make_blank_text(path):
    path.write_text("   \n\n  \n", "utf-8")


CASES = [
    ("damaged.docx", make_damaged_docx, "已损坏"),
    ("locked.docx", make_encrypted_docx, "设置了打开密码"),
    ("old.doc", make_doc, "“另存为”选择“Word 文档 (*.docx)”"),
    ("renamed.docx", make_doc, "旧版 Word 97-2003 格式（.doc）"),
    ("scan.pdf", make_scanned_pdf, "需要" if False else "OCR"),
    ("locked.pdf", make_locked_pdf, "密码"),
    ("empty.txt", make_empty, "文件是空的"),
    ("blank.txt", make_blank_text, "没有文字"),
]


@pytest.mark.parametrize("name, make, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_in_chinese_and_changes_nothing(project, tmp_path, name, make, words):
    path = tmp_path / name
    make(path)
    before = snapshot(project)
    result = run_cli("import", str(path), root=project)
    assert result.status == 1
    assert words in result.stderr
    assert "错误" in result.stderr and "怎么改" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert snapshot(project) == before


def test_a_missing_file(project, tmp_path):
    result = run_cli("import", str(tmp_path / "nothing.docx"), root=project)
    assert result.status == 1 and "找不到这个文件" in result.stderr


def test_a_document_without_number_asks_for_one(project, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("值班制度\n1 目的\n规范值班。\n2 适用范围\n全院。\n4 权责\n4.1 医务科负责。\n", "utf-8")
    before = snapshot(project)
    result = run_cli("import", str(path), root=project)
    assert result.status == 1 and "--number" in result.stderr
    assert snapshot(project) == before
    assert run_cli("import", str(path), "--number", "H-J-ZD-020", root=project).status == 0


def test_a_document_without_frame_becomes_free_clauses_under_5(project, tmp_path):
    path = tmp_path / "free.txt"
    path.write_text("文件编号 H-J-ZD-021\n门禁管理规定\n1. 门禁卡只限本人使用。\n2. 丢失门禁卡应立即报告保卫科。\n", "utf-8")
    result = run_cli("import", str(path), root=project)
    assert result.status == 0, result.stderr
    assert "没有认出全院受控文件的十节框架" in result.stdout and "第 5 节“规程”下的条款" in result.stdout
    from importcheck import load_yaml
    data = load_yaml(project / "source" / "H-J-ZD-021.yaml")
    assert data["sections"]["procedures"] == ["门禁卡只限本人使用。", "丢失门禁卡应立即报告保卫科。"]


# -- sizes, modes and shapes that must never crash (issues 17 and 21) ------------------------------

def zip_bomb(path, size: int = 4 << 30, declared: int | None = None):
    """A .docx whose word/document.xml inflates to `size` bytes of zeros (4 GiB: a few MB on
    disk), its sizes in zip64 records; `declared`: the size the archive claims instead (a liar)."""
    import struct
    import zlib
    chunk = 1 << 20
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(b"\0" * chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    data = block * (size // chunk) + squeeze.flush()
    declared = size if declared is None else declared
    members = [("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', 0),
               ("_rels/.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                b'Target="word/document.xml"/></Relationships>', 0)]
    out, central = bytearray(), bytearray()
    for name, body, _ in members:
        offset = len(out)
        raw = name.encode()
        crc = zlib.crc32(body)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, len(body), len(body), len(raw), 0) + raw + body
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 0, 0, 0, crc, len(body), len(body), len(raw),
                               0, 0, 0, 0, 0, offset) + raw
    offset = len(out)
    raw = b"word/document.xml"
    extra = struct.pack("<HHQQ", 1, 16, declared, len(data))
    out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(raw), len(extra)) + raw + extra + data
    extra = struct.pack("<HHQQQ", 1, 24, declared, len(data), offset)
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(raw), len(extra),
                           0, 0, 0, 0, 0xFFFFFFFF) + raw + extra
    start = len(out)
    out += central
    end64 = len(out)
    out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, 3, 3, len(central), start)
    out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 3, 3, len(central), start, 0)
    path.write_bytes(bytes(out))
    return path


def test_a_docx_of_4_gib_uncompressed_is_refused_quickly_in_bounded_memory(project, tmp_path):
    """The archive says 4 GiB: refused before a byte is inflated, under a 1.5 GiB address-space limit."""
    import resource
    import subprocess
    import sys
    import time
    path = zip_bomb(tmp_path / "bomb.docx")
    assert path.stat().st_size < 20 << 20
    before = snapshot(project)

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (3 << 29, 3 << 29))

    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "planpress", "--root", str(project), "import", str(path)],
                            capture_output=True, text=True, preexec_fn=limit, timeout=60)
    assert time.perf_counter() - started < 10
    assert result.returncode == 1, result.stderr
    assert "解压后" in result.stderr and "超过 200 MB" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(project) == before


def test_a_docx_that_lies_about_its_size_stops_at_the_cap(project, tmp_path):
    """It claims 1 KB and inflates to 80 MB: reading stops at the cap (the claim is not trusted)."""
    path = zip_bomb(tmp_path / "liar.docx", size=80 << 20, declared=1024)
    result = run_cli("import", str(path), root=project)
    assert result.status == 1 and "Traceback" not in result.stderr
    assert "已损坏" in result.stderr or "太大" in result.stderr


def test_a_48_mb_text_is_refused_before_anything_is_written(project, tmp_path):
    import time
    path = tmp_path / "huge.txt"
    line = "文件编号 H-J-ZD-090\n" + "5.1 本条是一段很长的重复文字，用来检验导入对超大原文的处理。\n" * 10
    path.write_text(line * (48 * 1024 * 1024 // len(line.encode("utf-8")) + 1), "utf-8")
    assert path.stat().st_size >= 48 * 1024 * 1024
    before = snapshot(project)
    started = time.perf_counter()
    result = run_cli("import", str(path), root=project)
    assert time.perf_counter() - started < 20
    assert result.status == 1 and "太大（48 MB）" in result.stderr and "没有导入" in result.stderr, result.stderr
    assert snapshot(project) == before


def test_written_files_keep_their_modes_under_umask_022(project, tmp_path):
    """The document gets rw-r--r--; the shared files it rewrites keep theirs (600 never appears)."""
    import importdocs
    import os
    import stat
    contacts = project / "source" / "contacts.yaml"
    config = project / "source" / "planpress.yaml"
    contacts.chmod(0o640)
    config.chmod(0o644)
    old = os.umask(0o022)
    try:
        result = run_cli("import", str(importdocs.plan(tmp_path / "plan.docx")), root=project)
    finally:
        os.umask(old)
    assert result.status == 0, result.stderr
    assert "新增" in result.stdout  # contacts.yaml and planpress.yaml were rewritten
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(project / "source" / "H-J-YA-031.yaml") == 0o644
    assert mode(contacts) == 0o640 and mode(config) == 0o644


def test_a_text_that_starts_at_its_first_section(project, tmp_path):
    """No title, no header block (the UnboundLocalError of issue 21): asked for a number, then for a
    title, then imported; a file named after the document gives both."""
    path = tmp_path / "notes.txt"
    path.write_text("1 目的\n规范值班。\n2 适用范围\n全院。\n4 权责\n4.1 医务科负责。\n5 规程\n5.1 按排班表值班。\n", "utf-8")
    result = run_cli("import", str(path), root=project)
    assert result.status == 1 and "--number" in result.stderr and "Traceback" not in result.stderr
    result = run_cli("import", str(path), "--number", "H-J-ZD-020", root=project)
    assert result.status == 1 and "--title" in result.stderr
    result = run_cli("import", str(path), "--number", "H-J-ZD-020", "--title", "值班制度", root=project)
    assert result.status == 0, result.stderr
    named = tmp_path / "H-J-ZD-021 值班管理规定.txt"
    named.write_text(path.read_text("utf-8"), "utf-8")
    result = run_cli("import", str(named), root=project)
    assert result.status == 0, result.stderr
    from importcheck import load_yaml
    data = load_yaml(project / "source" / "H-J-ZD-021.yaml")
    assert (data["title"], data["sections"]["purpose"]) == ("值班管理规定", "规范值班。")
    assert "导入按文件名用 H-J-ZD-021" in result.stdout and "导入按文件名用“值班管理规定”" in result.stdout


def test_a_shape_that_trips_the_recogniser_still_comes_in_whole(project, tmp_path, monkeypatch):
    """Should recognition ever fail, the text comes in paragraph by paragraph (the completeness
    proof passes), and the report says so; never a traceback."""
    import importdocs
    from planpress.importer import run, structure

    def broken(self, number):
        raise IndexError("a shape nobody foresaw")

    monkeypatch.setattr(structure.Recogniser, "document", broken)
    result = run(importdocs.policy(tmp_path / "policy.docx", True), project, write=False)
    assert result.number == "H-J-ZD-015"
    [finding] = result.report.of("未能归入")
    assert "出了错（IndexError）" in finding.message and "逐段" in finding.message
    procedures = result.data["sections"]["procedures"]
    assert "5.2.3.2 组织相关科室进行根本原因分析，提出整改措施。" in procedures
