"""PDFs back into documents: the project's own PDF of H-J-YA-028 and the PDFs of the three example
documents, built by the current renderer (`planpress build --only pdf`, once per module), import to
the documents they were built from: the same clause tree and texts, tables as table blocks with
the same cells, forms with the same columns, flowcharts with the same boxes and arrows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project, run_cli
from importcheck import V2_SEED, flow_shape, load_yaml, without_review
from pdfcheck import build_pdfs
from planpress.importer import run

EXAMPLES = REPO / "examples"
TODAY = "2024-01-01"


@pytest.fixture(scope="module")
def seed_pdf(tmp_path_factory) -> Path:
    root = copy_project(REPO, tmp_path_factory.mktemp("seed-pdf") / "repo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        (pdf,) = [p for p in build_pdfs(root) if p.name.startswith("H-J-YA-028")]
    return pdf


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory) -> dict[str, Path]:
    root = copy_project(EXAMPLES, tmp_path_factory.mktemp("examples-pdf") / "examples")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANPRESS_TODAY", TODAY)
        built = build_pdfs(root)
    return {pdf.parent.name: pdf for pdf in built}


def empty_project(target: Path, sources: Path) -> Path:
    """A project with the directory, roster and settings of `sources` and no documents."""
    (target / "source").mkdir(parents=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(sources / "source" / name, target / "source" / name)
    return target


def test_the_projects_own_pdf_of_h_j_ya_028_imports_to_its_source(seed_pdf, tmp_path):
    project = empty_project(tmp_path / "project", REPO)
    result = run(seed_pdf, project, write=False)
    assert without_review(result.data) == without_review(load_yaml(V2_SEED))
    lines = result.report.lines()
    assert any("印章或水印“受控”不是正文" in line for line in lines)  # the page-1 stamp is not text
    assert not any(f.kind == "原文缺陷" and "编号" in f.message for f in result.report.findings)  # planpress numbers
    assert not result.report.of("未能归入")


def blocks(data: dict, kind: str) -> list[dict]:
    found = []

    def walk(nodes):
        for node in nodes if isinstance(nodes, list) else []:
            if isinstance(node, dict):
                if node.get("type") == kind:
                    found.append(node)
                walk(node.get("clauses", []))

    for section in data["sections"].values():
        walk(section)
    return found


@pytest.mark.parametrize("number", ["H-J-YA-031", "H-J-YA-035", "H-Z-ZD-101"])
def test_the_example_pdfs_import_to_their_sources(example_pdfs, tmp_path, number):
    project = empty_project(tmp_path / "project", EXAMPLES)
    original = load_yaml(EXAMPLES / "source" / f"{number}.yaml")
    result = run(example_pdfs[number], project, write=False)
    imported = without_review(result.data)
    assert imported == without_review(original)
    # what a reader checks one by one: the tables' cells, the forms' columns, the flowcharts
    assert [(t.get("title"), t["columns"], t["rows"]) for t in blocks(result.data, "table")] == \
        [(t.get("title"), t["columns"], t["rows"]) for t in blocks(original, "table")]
    assert [a["form"] for a in result.data["attachments"] if "form" in a] == \
        [a["form"] for a in original["attachments"] if "form" in a]
    assert [flow_shape(f) for f in blocks(result.data, "flow")] == [flow_shape(f) for f in blocks(original, "flow")]
    assert not result.report.of("未能归入"), result.report.lines()
    # a draft's watermark is drawn, not text: nothing of it comes into the document
    assert "草稿" not in result.text


def test_a_contact_cell_comes_back_as_a_directory_reference(example_pdfs, tmp_path):
    """The PDF prints a {contact: …} cell as the name and its numbers; the numbers stay in contacts.yaml."""
    project = empty_project(tmp_path / "project", EXAMPLES)
    result = run(example_pdfs["H-J-YA-031"], project, write=False)
    grading = blocks(result.data, "table")[0]
    assert [row[3] for row in grading["rows"][:3]] == [{"contact": "admin-duty"}, {"contact": "it-oncall"}, {"contact": "it"}]
    assert "3216116" not in result.text  # 行政总值班's number is printed in the PDF, not copied into the YAML
    assert "改为通讯录引用" in result.text


def test_a_flowchart_is_proposed_for_review(example_pdfs, tmp_path):
    project = empty_project(tmp_path / "project", EXAMPLES)
    result = run(example_pdfs["H-J-YA-035"], project, write=False)
    assert "# 待核对：导入从原文的图形还原了方框的文字和箭头的走向" in result.text
    assert any(f.kind == "待核对" and "流程图“电梯困人处置流程”" in f.message and "7 个方框" in f.message
               for f in result.report.findings)


def test_an_imported_example_pdf_passes_check_in_the_examples_project(example_pdfs, tmp_path, monkeypatch):
    project = copy_project(EXAMPLES, tmp_path / "examples")
    (project / "source" / "H-J-YA-031.yaml").unlink()
    result = run_cli("import", str(example_pdfs["H-J-YA-031"]), root=project)
    assert result.status == 0, result.stderr
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    checked = run_cli("check", root=project)
    assert checked.status == 0, checked.stderr
    assert f"检查通过：{len(list((EXAMPLES / 'source').glob('H-*.yaml')))} 个文件" in checked.stdout


def test_vertically_merged_cells_of_a_pdf_table_are_carried_down(tmp_path):
    """A PDF made from a table with a row span (planpress never prints one; Word files do)."""
    import weasyprint
    html = ("<html lang='zh-CN'><head><style>td {border: 0.75pt solid black; padding: 4pt} table {border-collapse: collapse}"
            "</style></head><body style='font-family: Noto Serif CJK SC'><p>1 目的</p><p>测试。</p><table>"
            "<tr><td>级别</td><td>判定标准</td><td>响应</td></tr>"
            "<tr><td rowspan='2'>一级</td><td>全院系统中断</td><td>立即报告</td></tr>"
            "<tr><td>数据泄露</td><td>立即报告</td></tr>"
            "<tr><td>二级</td><td>单个科室中断</td><td>30 分钟内</td></tr></table></body></html>")
    path = tmp_path / "rowspan.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    from planpress.importer import pdf
    (table,) = [item for item in pdf.read(path).items if hasattr(item, "rows")]
    assert table.texts() == [["级别", "判定标准", "响应"], ["一级", "全院系统中断", "立即报告"],
                             ["一级", "数据泄露", "立即报告"], ["二级", "单个科室中断", "30 分钟内"]]
    assert [cell.carried for cell in table.rows[2]] == [True, False, False]
