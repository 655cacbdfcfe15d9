"""The forms and frames test project: a copy of the examples (among them H-J-LC-041, a procedure
with every kind of form part, and H-Z-ZD-102, a chapter–article policy) with the document of
tests/fixtures/forms/ (a policy of articles only, choosing its frame by `frame:`) and what it needs
in planpress.yaml (the 制度-条 frame, a card style)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
FORMS, ARTICLES, CHAPTERS = "H-J-LC-041", "H-Z-ZD-103", "H-Z-ZD-102"

ARTICLES_FRAME = """  制度-条:
    numbering: [第一条, （一）, 1.]
    item_numbering: [（一）, 1.]
    sections:
      - {key: articles}
      - {key: forms,     title: 附件,         body: attachments, numbered: false}
      - {key: revisions, title: 文件修订记录, body: revisions,   numbered: false}
      - {key: approvals, title: 审核批准,     body: approvals,   numbered: false}
"""
CARD_STYLE = '    archive-water:       {color: "#01579B", icon: drop}\n'


def make(target: Path) -> Path:
    """The project at `target` (source/ and templates/)."""
    shutil.copytree(REPO / "examples" / "source", target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    for document in FIXTURES.glob("*.yaml"):
        shutil.copy(document, target / "source" / document.name)
    settings = target / "source" / "planpress.yaml"
    text = settings.read_text("utf-8")
    assert "\nframes:\n" in text and "  styles:\n" in text
    text = text.replace("\nframes:\n", "\nframes:\n" + ARTICLES_FRAME, 1).replace("  styles:\n", "  styles:\n" + CARD_STYLE, 1)
    settings.write_text(text, "utf-8")
    return target


# -- documents that slide a table and the approval table across page breaks ------------------------

FILLER = "本条为版式测试而设，内容一行，用来把后面的表格和审核批准表逐步向下推。"
LEAD_IN = "各级的到场时限如下表："
VARIANTS = 6  # documents of 0, 1, … 5 filler clauses: one of them has the lead-in at a page's foot
SIGNERS = ("zhou-min", "qian-hong", "zhao-ming", "li-qiang", "sun-li", "wu-tao")


def variant(index: int, lines_per_step: int) -> str:
    """A plan whose table (after its lead-in) and six-row approval table move down the pages by
    `lines_per_step` lines of filler per variant."""
    filler = "\n".join(f"        - {FILLER}" for _ in range(12 + index * lines_per_step))
    roles = ("主办", "审核一", "审核二", "审核三", "审核四", "院领导批准")
    signatories = "\n".join(f"  - {{role: {role}, person: {person}}}" for role, person in zip(roles, SIGNERS))
    return f"""number: H-J-LC-{index + 60 + (10 if lines_per_step > 1 else 0):03d}
title: 版式测试{index}
category: 全院文件-医疗管理
owner: 医务科
publisher: 质量管理科
version: A/0
effective: 2026-12-20
revised:
review_cycle_years: 3
sections:
  purpose: 版式测试。
  scope: 版式测试。
  definitions: 无
  responsibilities: [医务科负责。]
  procedures:
    - title: 填充
      clauses:
{filler}
    - text: {LEAD_IN}
      clauses:
        - type: table
          title: 到场时限
          columns: [级别, 到场时限]
          rows: [[一级, 10 分钟], [二级, 20 分钟], [三级, 30 分钟]]
  workflow: 无
  references: [{{type: references, items: [{{title: 医疗质量管理办法, effective: 2016-11-01}}]}}]
attachments: []
revisions: []
signatories:
{signatories}
approvals: []
"""


def add_variants(target: Path) -> list[str]:
    """Twelve plans: six moving the table a line at a time, six moving the approval table by three."""
    numbers = []
    for lines_per_step in (1, 3):
        for index in range(VARIANTS):
            text = variant(index, lines_per_step)
            number = text.split("\n", 1)[0].removeprefix("number: ")
            (target / "source" / f"{number}.yaml").write_text(text, "utf-8")
            numbers.append(number)
    return numbers
