"""Text extracted from a PDF (the seed H-J-YA-028.txt is one): lines broken mid-sentence, pages
told apart by form feeds or, as in the seed, by a page's first line directly after the previous
page's last one (the extractor put a blank line between the lines of a page, none between pages);
running headers and footers removed (planpress.importer.margins)."""

from __future__ import annotations

from pathlib import Path

from . import margins
from .errors import failure
from .stream import Original, Para, Place, Stream
from .textwidth import is_full, reference_width, width


def decode(data: bytes, path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise failure(path, "读不出这个文本文件的文字（既不是 UTF-8 也不是 GB18030/GBK 编码）。",
                  "用记事本打开它，“另存为”时编码选 UTF-8，再导入。")


def read(path: Path) -> Stream:
    text = decode(path.read_bytes(), path).replace("\r\n", "\n").replace("\r", "\n")
    from ..sources.limits import MAX_BYTES
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:  # refused before a line is looked at (the YAML would hold all of it)
        raise failure(path, f"原文的文字有 {size / 1024 / 1024:.1f} MB，超过一份受控文件的上限（{MAX_BYTES // 1024 // 1024} MB），"
                      "导入什么都没有写。", "检查是否选错了文件；一份很长的原文请按章节分成几份受控文件分别导入。")
    if not text.strip():
        raise failure(path, "文件里没有文字（只有空白），没有可导入的内容。", "检查是否选错了文件。")
    raw = text.split("\n")
    pages = _split_pages(raw)
    blank_separated = _blank_separated(raw)
    paged: list[list[Para]] = []
    for number, lines in enumerate(pages, 1):
        paras = []
        gap = False
        for line_number, line in lines:
            if not line.strip():
                gap = True
                continue
            para = Para(line.replace("\f", "").strip(), Place(page=number if len(pages) > 1 else None, line=line_number))
            para.gap_before = gap and not blank_separated
            gap = False
            paras.append(para)
        paged.append(paras)
    originals = [Original(p.place, p.text) for lines in paged for p in lines]
    paged, dropped = margins.strip_running(paged)
    items = [p for lines in paged for p in lines]
    reference = reference_width([width(p.text) for p in items])
    for para in items:
        para.full = is_full(width(para.text), reference)
    return Stream(path, "txt", items, pages=len(pages) if len(pages) > 1 else None,
                  dropped=[(p.place, p.text, why) for p, why in dropped], originals=originals)


def _split_pages(raw: list[str]) -> list[list[tuple[int, str]]]:
    numbered = list(enumerate(raw, 1))
    if any("\f" in line for line in raw):
        pages, current = [], []
        for number, line in numbered:
            parts = line.split("\f")
            for index, part in enumerate(parts):
                if index:
                    pages.append(current)
                    current = []
                current.append((number, part))
        pages.append(current)
        return [p for p in pages if any(line.strip() for _, line in p)]
    if not _blank_separated(raw):
        return [numbered]
    pages, current = [], []
    previous_blank = True
    for number, line in numbered:
        blank = not line.strip()
        if not blank and not previous_blank and line[:1].isspace() and current:
            pages.append(current)
            current = []
        current.append((number, line))
        previous_blank = blank
    pages.append(current)
    return pages


def _blank_separated(raw: list[str]) -> bool:
    """The extractor wrote a blank line after (nearly) every line: blank lines mean nothing."""
    pairs = followed = 0
    for line, after in zip(raw, raw[1:]):
        if line.strip():
            pairs += 1
            followed += not after.strip()
    return pairs >= 4 and followed >= 0.6 * pairs
