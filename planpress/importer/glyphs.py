"""Symbols a Word file draws in a symbol font, written as the characters the document fonts have:
a checkbox ☐ (Word's checkbox control, MS Gothic / Segoe UI Symbol) is □, a ticked or crossed one
■, a heavy tick ✓. Noto CJK has no ☐ ☑ ☒ ✔, and check refuses a character no font prints.
(The completeness proof compares letters and digits only, so the swap loses nothing.)"""

from __future__ import annotations

from .report import Report

PRINTABLE = str.maketrans({"☐": "□", "☑": "■", "☒": "■", "✔": "✓"})


def printable(data, report: Report) -> None:
    """Swap the symbols in every text of `data` in place, and say so once in the report."""
    swapped: dict[str, int] = {}

    def text(value: str) -> str:
        new = value.translate(PRINTABLE)
        if new != value:
            for ch in value:
                if ch in "☐☑☒✔":
                    swapped[ch] = swapped.get(ch, 0) + 1
        return new

    def walk(value):
        if isinstance(value, dict):
            for key, item in value.items():
                value[key] = text(item) if isinstance(item, str) else walk(item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                value[index] = text(item) if isinstance(item, str) else walk(item)
        return value

    walk(data)
    if swapped:
        listed = "、".join(f"“{ch}”改成“{ch.translate(PRINTABLE)}”（{n} 处）" for ch, n in swapped.items())
        report.note(None, f"原文用符号字体画的勾选框和勾：{listed}；文件的字体里没有原来的符号。",
                    "核对勾选框印出来的样子；表单的勾选项（options）由 planpress 自己画框。")
