"""Which reader a file needs, judged by its bytes (a renamed file is still recognised), and the
files no reader can take: empty, old binary Word (.doc), password-protected, damaged, unknown."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import failure

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, .xls, and encrypted .docx
MAX_BYTES = 50 * 1024 * 1024
MAX_TEXT_BYTES = 4 * 1024 * 1024  # a plan's text is some tens of KB
MAX_UNPACKED = 200 * 1024 * 1024  # all parts of a .docx, uncompressed (python-docx and lxml hold them in memory)


def kind_of(path: Path) -> str:
    """"docx", "pdf" or "txt"; raises SourceError with the reason otherwise."""
    if not path.exists():
        raise failure(path, "找不到这个文件。", "检查文件名和所在的文件夹（可以把文件拖进终端窗口得到完整路径）。")
    if path.is_dir():
        raise failure(path, "这是一个文件夹，不是文件。", "请给出要导入的 .docx、.pdf 或 .txt 文件。")
    size = path.stat().st_size
    if size == 0:
        raise failure(path, "文件是空的（0 字节），没有可导入的内容。", "检查是否选错了文件，或者文件在复制时损坏了。")
    if size > MAX_BYTES:
        raise failure(path, f"文件太大（{size // (1024 * 1024)} MB），不像是一份受控文件。", "检查是否选错了文件。")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(OLE_MAGIC):
        data = path.read_bytes()
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise failure(path, "这个 Word 文件设置了打开密码，无法读取。",
                          "在 Word 里打开它，点“文件 → 信息 → 保护文档 → 用密码进行加密”，清空密码后保存，再导入。")
        raise failure(path, "这是旧版 Word 97-2003 格式（.doc），planpress 只能读取 .docx。",
                      "在 Word（或 WPS）里打开它，“另存为”选择“Word 文档 (*.docx)”，再导入另存的 .docx 文件。")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise failure(path, "这个 Word 文件已损坏（不是完整的 .docx 压缩包），无法读取。",
                          "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。") from None
        if unpacked > MAX_UNPACKED:  # a zip bomb: a few MB that unpack to gigabytes
            raise failure(path, f"这个 Word 文件解压后有 {unpacked // (1024 * 1024)} MB，超过 {MAX_UNPACKED // (1024 * 1024)} MB "
                                "的上限，不像是一份受控文件，没有导入。",
                          "检查是否选错了文件；文件里有很大的图片时，在 Word 里压缩图片（或删去图片）后另存，再导入。")
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names or "ppt/presentation.xml" in names:
            raise failure(path, "这是 Excel 或 PowerPoint 文件，不是 Word 文件。", "请导入受控文件的 Word（.docx）或 PDF。")
        raise failure(path, "这个 .docx 文件已损坏（缺少正文部分 word/document.xml），无法读取。",
                      "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        raise failure(path, "这个 .docx 文件已损坏（不是 Word 文件的格式），无法读取。",
                      "在 Word 里打开它看看能否修复；能打开时“另存为”一个新的 .docx 再导入。")
    if suffix == ".pdf":
        raise failure(path, "这个 .pdf 文件已损坏（文件开头不是 PDF 的格式），无法读取。",
                      "重新从原来的地方导出或下载这份 PDF。")
    if suffix in (".txt", ".text", "") or _looks_like_text(path):
        if size > MAX_TEXT_BYTES:  # its YAML would be far over what `check` reads (sources.limits)
            raise failure(path, f"文本文件太大（{size // (1024 * 1024)} MB），一份受控文件的文字只有几十 KB，没有导入。",
                          "检查是否选错了文件；原文确实很长时，把它拆成几份文件分别导入。")
        return "txt"
    raise failure(path, f"不认识这种文件（{suffix}）。", "planpress 能导入 Word（.docx）、PDF（.pdf）和纯文本（.txt）。")


def _looks_like_text(path: Path) -> bool:
    sample = path.read_bytes()[:4096]
    return b"\x00" not in sample
