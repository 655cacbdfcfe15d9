"""The hospital's original text of H-J-YA-028, split the way fidelity tests compare it.

tests/fixtures/seed/H-J-YA-028.txt is the text extracted from the hospital's PDF: line breaks in
mid-sentence, clause numbers typed by hand. Shared by the tests of the YAML, the model and the PDF.
"""

from __future__ import annotations

import re

from conftest import FIXTURES

SEED = (FIXTURES / "seed" / "H-J-YA-028.txt").read_text("utf-8")
CLAUSE_START = re.compile(r"^(\d+(\.\d+)*|[a-e][.)])\s*")

# Lines the source keeps as structure rather than prose, with the model field that holds them.
STRUCTURED = {
    "组长：分管院长": "organization.groups[1].composition",
    "副组长：病案室主任、医务科科长、信息科科长、保卫科科长": "organization.groups[1].composition",
    "成员：各科室主任": "organization.groups[1].composition",
    "《医疗机构管理条例》，自1994年09月01日起施行": "references (title + date)",
    "《国家突发公共事件总体应急预案》，自2006年02月26日起施行。": "references (title + date)",
    "《全国卫生部门卫生应急管理工作规范（试行）》.2007年起施行": "references (title + year)",
    "H-J-YA-028-A.01病案保护及信息安全应急预案快速联络通信表": "attachments (number + code + title)",
}


def normalise(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def seed_paragraphs() -> list[str]:
    """The body (1 目的 … 8 表单附件) as paragraphs: a paragraph starts at a clause number, after a
    heading, and after a line that ends a sentence or a label; other line breaks are rejoined."""
    body = SEED[SEED.index("1 目的"):SEED.index("9 文件修订记录")]
    paragraphs: list[str] = []
    closed = True
    for raw in body.splitlines():
        line = normalise(raw)
        if not line:
            continue
        numbered = CLAUSE_START.match(raw.strip())
        text = normalise(CLAUSE_START.sub("", raw.strip())) if numbered else line
        if numbered or closed:
            paragraphs.append(text)
        else:
            paragraphs[-1] += text
        is_heading = bool(numbered) and len(text) <= 12 and not re.search(r"[，。；]", text)
        is_roster_line = bool(re.fullmatch(r"[^，。；：]{1,6}：[^，。；]+", line))  # 组长：分管院长
        closed = is_heading or is_roster_line or line.endswith(("。", "；", "："))
    return paragraphs


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；])", paragraph) if s]


def prose_sentences() -> list[str]:
    """Every sentence of the body that the plan keeps as prose (not as STRUCTURED data)."""
    return [s for p in seed_paragraphs() if p not in STRUCTURED for s in sentences(p)]


def appendix_rows() -> list[tuple[str, str, str]]:
    """附件 1 as the seed prints it: (department, 滨河院区 phone, 大学院区 phone)."""
    table = SEED[SEED.index("科  室 电话（滨河院区）"):SEED.index("备注")]
    return [tuple(line.split()) for line in table.splitlines()[1:] if line.strip()]


def duty_phones() -> list[str]:
    """The holiday duty phones of the 备注 line: 3216116, 3212868."""
    return re.findall(r"\d{7}", SEED[SEED.index("备注"):])
