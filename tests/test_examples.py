"""The example documents of other shapes (examples/), built end to end as a user would.

A plan with six subsections, two groups, a grading table, four scenarios, a flowchart and a blank
form (H-J-YA-031); a policy without scenarios, four clause levels, a 14-row table, definitions and
references with their 文号, three versions on paper before it (H-Z-ZD-101); a plan for one campus
only with a flowchart, a form and three approval roles (H-J-YA-035).

Expected values come from the YAML, read here without planpress: the clause numbers are computed
by this module's own small numbering, so the generated numbers are checked, not assumed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, run_cli
from pdfcheck import read
from seedtext import normalise

from planpress.site import searchindex

EXAMPLES = REPO / "examples"
PLAN, POLICY, SINGLE = "H-J-YA-031", "H-Z-ZD-101", "H-J-YA-035"
TODAY = "2026-11-25"


def load_yaml(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text("utf-8"))


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES / "source", target / "source")
    shutil.copytree(REPO / "templates", target / "templates")
    return target


def build_examples(target: Path, only: str = "pdf,site") -> Path:
    """A copy of the examples at `target`, built by `planpress build --only ONLY` as of TODAY."""
    root = copy_examples(target)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        result = run_cli("build", "--only", only, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_examples(tmp_path_factory.mktemp("examples") / "examples")


def document(number: str) -> dict:
    return load_yaml(EXAMPLES / "source" / f"{number}.yaml")


def pdf_body(root: Path, number: str, version: str) -> str:
    return "".join(page.body for page in read(root / "build" / number / f"{number}_{version}.pdf"))


# -- what the YAML says, read independently of planpress ----------------------------------------

def texts(node) -> list[str]:
    """Every piece of text a reader of the document must find: strings anywhere in the sections and
    attachments, except keys and the card-only fields (a step's actor and card wording are printed
    on the cards)."""
    found: list[str] = []
    skip = {"type", "key", "next", "call", "contact", "span", "rows", "effective", "code", "actor", "card"}

    def walk(value, field=""):
        if isinstance(value, str):
            if field not in skip and not re.fullmatch(r"[a-z][a-z0-9-]*", value):
                found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "branches":
                    found.extend(item)  # the branch labels; their targets are keys
                elif key != "mentions":
                    walk(item, key)
        elif isinstance(value, list):
            for item in value:
                walk(item, field)

    walk(node)
    return found


def numbered_headings(sections: dict, frame: list[dict]) -> list[tuple[str, str]]:
    """(number, title) of every titled clause, in reading order, numbered by depth."""
    found: list[tuple[str, str]] = []

    def walk(items: list, number: str) -> None:
        count = 0
        for item in items:
            if isinstance(item, dict) and item.get("type") in ("table", "flow"):
                continue
            if isinstance(item, dict) and item.get("type") == "references" and "title" not in item:
                count += len(item["items"])
                continue
            count += 1
            here = f"{number}.{count}"
            if isinstance(item, dict):
                if item.get("title"):
                    found.append((here, item["title"]))
                walk(item.get("clauses", []), here)

    for index, section in enumerate(frame, start=1):
        found.append((str(index), section["title"]))
        value = sections.get(section["key"])
        if isinstance(value, list):
            walk(value, str(index))
    return found


FRAME = load_yaml(EXAMPLES / "source" / "planpress.yaml")["frame"]["sections"]


@pytest.mark.parametrize("number, version", [(PLAN, "A-0"), (POLICY, "B-1"), (SINGLE, "A-0")])
def test_every_text_of_the_source_is_in_the_pdf(built, number, version):
    body = pdf_body(built, number, version)
    data = document(number)
    missing = [t for t in texts(data["sections"]) + texts(data["attachments"]) if normalise(t) not in body]
    # contact cells and flowchart lines may wrap, but every word stays in the text
    assert not missing, missing


@pytest.mark.parametrize("number, version", [(PLAN, "A-0"), (POLICY, "B-1"), (SINGLE, "A-0")])
def test_clause_numbers_are_generated_at_every_depth_in_order(built, number, version):
    body = pdf_body(built, number, version)
    headings = numbered_headings(document(number)["sections"], FRAME)
    position = 0
    for number_, title in headings:
        found = body.find(normalise(number_ + title), position)
        assert found >= 0, f"{number_} {title} not found after position {position}"
        position = found
    depths = {h.count(".") + 1 for h, _ in headings}
    if number == POLICY:
        assert {1, 2, 3, 4} <= depths  # 5, 5.2, 5.2.3, 5.2.3.1
        assert "5.2.3.1术前记录" in body and "5.2.3.1.1术前小结由经治医师" in body
        assert "5.2.2.2日常病程记录" in body and "a.病危患者根据病情变化随时书写" in body


def test_the_policy_table_has_fourteen_rows_and_a_caption(built):
    body = pdf_body(built, POLICY, "B-1")
    assert "表1病历各类记录的完成时限" in body
    table = next(n for n in document(POLICY)["sections"]["procedures"][2]["clauses"] if n.get("type") == "table")
    assert len(table["rows"]) == 14
    assert all(normalise(cell) in body for row in table["rows"] for cell in row)
    # the rows in order (a cell's lines may interleave with its neighbours' in the extracted text)
    position = body.find("表1")
    for row in table["rows"]:
        position = body.find(normalise(row[0] + row[1][:4]), position + 1)
        assert position >= 0, row


def test_the_grading_table_shows_contact_numbers_and_a_merged_row(built):
    body = pdf_body(built, PLAN, "A-0")
    assert normalise("行政总值班 滨河院区 3216116 / 大学院区 3212868") in body
    assert "涉及患者信息泄露的，无论影响范围，一律按一级处置。" in body


@pytest.mark.parametrize("number, version, nodes", [
    (PLAN, "A-0", ["发现系统故障", "是否为一级故障？", "科室启动应急流程（纸质单据）", "停止应急流程，填写故障登记表"]),
    (SINGLE, "A-0", ["接到困人报警", "被困人员是否不适或受伤？", "电梯停用，检查合格后恢复运行"]),
])
def test_the_flowchart_is_drawn_in_the_pdf_with_its_words(built, number, version, nodes):
    pages = read(built / "build" / number / f"{number}_{version}.pdf")
    page = next(p for p in pages if "6工作流程" in p.body)
    for node in nodes:
        assert normalise(node) in page.body, node
    assert "图1" in page.body


def test_the_single_campus_plan_never_shows_the_other_campus(built):
    body = "".join(page.all for page in read(built / "build" / SINGLE / f"{SINGLE}_A-0.pdf"))
    assert "大学院区" in body and "滨河" not in body
    assert "400-0531-119" in body  # a contact that exists at this campus only
    html = (built / "site" / SINGLE / "index.html").read_text("utf-8")
    assert "滨河" not in html and "400-0531-119" in html


def test_three_approval_roles_each_with_its_department(built):
    body = pdf_body(built, SINGLE, "A-0")
    assert "主办总务科科长：李强" in body
    assert "审核质量管理科科长：钱红" in body
    assert "院领导批准院办分管副院长：孙立" in body  # the department from the roster


def test_the_blank_form_is_on_a_page_of_its_own(built):
    pages = read(built / "build" / PLAN / f"{PLAN}_A-0.pdf")
    heading = normalise("附件 2 H-J-YA-031-A.02信息系统故障登记表")
    page = next(p for p in pages if heading in p.body)
    assert page.body.removeprefix("草稿").startswith(heading)  # the page starts with the form
    assert normalise("发生时间故障系统故障现象级别报告人处置措施恢复时间记录人") in page.body
    assert "8.2H-J-YA-031-A.02信息系统故障登记表" in pdf_body(built, PLAN, "A-0")


def test_every_text_is_on_the_site_and_the_chart_is_an_svg(built):
    for number in (PLAN, POLICY, SINGLE):
        html = (built / "site" / number / "index.html").read_text("utf-8")
        visible = normalise(re.sub(r"<[^>]+>", "", html)).replace("&amp;", "&")
        data = document(number)
        missing = [t for t in texts(data["sections"]) + texts(data["attachments"]) if normalise(t) not in visible]
        assert not missing, (number, missing)
    html = (built / "site" / PLAN / "index.html").read_text("utf-8")
    assert '<figure id="figure-1" class="pp-flow">' in html and "<svg" in html
    assert '<table id="table-1" class="pp-table">' in html and 'colspan="4"' in html


def test_the_search_index_holds_table_cells_and_flowchart_nodes(built):
    sections = {d["location"]: normalise(re.sub("\u200b", "", d["text"])) for d in searchindex.read(built / "site")}
    assert "死亡病例讨论记录" in sections[f"{POLICY}/#5-3"]
    assert normalise("维保人员按规程救出被困人员") in sections[f"{SINGLE}/#6"]


def test_versions_on_paper_are_listed_without_files(built):
    history = normalise(re.sub(r"<[^>]+>", "", (built / "site" / "history" / "index.html").read_text("utf-8")))
    assert "A/1纸质版本" in history and "B/0纸质版本" in history
    assert normalise("按《医疗机构病历管理规定（2013年版）》全面修订") in history
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        result = run_cli("status", POLICY, root=built)
    assert "A/1  纸质版本" in result.stdout and "没有 PDF" in result.stdout


def test_a_policy_has_no_cards(built):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        result = run_cli("build", POLICY, "--only", "cards", root=built)
    assert result.status == 0, result.stderr
    assert not (built / "build" / POLICY / "cards").exists()


def test_a_long_table_repeats_its_header_and_never_splits_a_row(tmp_path):
    root = copy_examples(tmp_path / "examples")
    path = root / "source" / POLICY.join(("", ".yaml"))
    text = path.read_text("utf-8")
    row = "            - [死亡病例讨论记录, 患者死亡后一周内, 科主任或副主任医师以上人员]\n"
    many = "".join(f"            - [第 {i} 类记录, 患者出院后 {i} 个工作日内，由经治医师完成并由上级医师审核签名, 经治医师]\n"
                   for i in range(1, 61))
    assert row in text
    path.write_text(text.replace(row, row + many, 1), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        result = run_cli("build", "--only", "pdf", root=root)
    assert result.status == 0, result.stderr
    pages = read(root / "build" / POLICY / f"{POLICY}_B-1.pdf")
    header = normalise("记录名称完成时限书写人")
    with_rows = [p for p in pages if "类记录患者出院后" in p.body]
    assert len(with_rows) >= 2  # the table runs over pages
    for page in with_rows:
        assert header in page.body  # the header row is repeated on every page of the table
    for i in range(1, 61):  # each row whole on one page: its three cells together
        cells = normalise(f"第 {i} 类记录患者出院后 {i} 个工作日内")
        assert sum(cells in p.body for p in pages) == 1, i
