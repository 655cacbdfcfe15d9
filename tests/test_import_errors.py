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
