"""Chapter–article policies imported into a chapter–article frame (planpress/importer/articles.py,
frames.py): chapters as titled clauses of the frame's untitled section, articles as their clauses,
（一） as items, planpress numbering them as the original does (through the document, or from 第一条
in each chapter); the project's fitting frame used, else one added to planpress.yaml and reported;
a shape no frame numbers as written, or a planpress.yaml import cannot extend, comes in whole as
before. What a reader sees is checked in the printed text of the imported document's model."""

from __future__ import annotations

import shutil

from conftest import REPO
from importcheck import load_yaml, new_project
from planpress.importer import run
from planpress.importer.completeness import printed_text

HEAD = "{title}\n文件编号：{number}　　文件类别：{category}\n制定部门：医务科　　发布部门：质量管理科\n生效日期：2024年3月1日　　版本/修订：A/0\n"
ARTICLES = """第一条 为保障病案库房安全，制定本规定。
第二条 病案库房实行专人管理，管理人员负责：
（一）库房的防火、防水、防盗；
（二）温湿度的监测，包括：
1. 每日两次记录温度；
2. 每日两次记录湿度。
第三条 非库房管理人员进入库房须登记。
第三条 库房钥匙由专人保管。
第五条 本规定自发布之日起施行。
"""
PER_CHAPTER = """第一章
总则
第一条 为规范医疗纠纷处理，制定本办法。
第二条 本办法适用于全院。
第二章 处理
第一条 发生医疗纠纷时，科室应立即报告医务科。
第二条 医务科在3个工作日内组织调查。
第三章 附则
第一条 本办法自发布之日起施行。
"""
PARTS = """第一章 总则
第一节 目的
第一条 为规范输血管理，制定本制度。
第二章 管理
第一节 申请
第二条 临床科室提出用血申请。
第二节 发放
第三条 输血科核对后发血。
"""
MIXED = """第一章 总则
第一条 为规范输血管理，制定本制度。
第二章 管理
第二条 输血科负责血液的储存。
第一节 申请
第三条 临床科室提出用血申请。
"""
SOME_PARTS = """第一章 总则
第一条 为规范输血管理，制定本制度。
第二条 本制度适用于全院。
第二章 管理
第一节 申请
第三条 临床科室提出用血申请。
第二节 发放
第四条 输血科核对后发血。
第三章 附则
第五条 本制度自发布之日起施行。
"""


def original(folder, name: str, body: str, number: str, category: str = "全院文件-医疗管理", title: str = "管理规定"):
    path = folder / f"{name}.txt"
    path.write_text(HEAD.format(title=title, number=number, category=category) + body, "utf-8")
    return path


def printed(result, root) -> str:
    return printed_text(result.path, result.text, root, result.contacts_text, result.config_text)


def test_articles_only_get_a_frame_of_articles_and_their_defects_are_reported(tmp_path):
    root = new_project(tmp_path / "project")
    result = run(original(tmp_path, "a", ARTICLES, "H-J-ZD-090"), root)
    data = load_yaml(result.path)
    assert data["frame"] == "制度-条" and result.new_frames == ["制度-条"]
    assert data["sections"]["articles"][1] == {"text": "病案库房实行专人管理，管理人员负责：", "items": [
        "库房的防火、防水、防盗；", {"text": "温湿度的监测，包括：", "items": ["每日两次记录温度；", "每日两次记录湿度。"]}]}
    config = load_yaml(root / "source" / "planpress.yaml")
    assert config["frames"]["制度-条"]["numbering"] == ["第一条", "（一）", "1.", "（1）"]
    defects = [f.message for f in result.report.of("原文缺陷")]
    assert any("第三条重复" in m for m in defects) and any("缺少第四条" in m for m in defects)
    text = printed(result, root)
    for line in ("第二条 病案库房实行专人管理", "（二）温湿度的监测", "1.每日两次记录温度", "第四条 库房钥匙由专人保管", "第五条 本规定自发布之日起施行"):
        assert line in text, line


def test_articles_numbered_from_one_in_each_chapter_keep_that_numbering(tmp_path):
    root = new_project(tmp_path / "project")
    result = run(original(tmp_path, "c", PER_CHAPTER, "H-J-ZD-092"), root)
    data = load_yaml(result.path)
    assert [c["title"] for c in data["sections"]["chapters"]] == ["总则", "处理", "附则"]  # 第一章 over 总则 on its own line
    assert data["frame"] == "制度-每章编号"
    numbering = load_yaml(root / "source" / "planpress.yaml")["frames"]["制度-每章编号"]["numbering"]
    assert numbering[:2] == ["第一章", {"style": "第一条", "continuous": False}]
    assert not result.report.of("原文缺陷")
    text = printed(result, root)
    assert "第二章 处理\n第一条 发生医疗纠纷时" in text and "第三章 附则\n第一条 本办法自发布之日起施行" in text


def test_chapters_sections_and_articles(tmp_path):
    root = new_project(tmp_path / "project")
    result = run(original(tmp_path, "p", PARTS, "H-J-ZD-093"), root)
    data = load_yaml(result.path)
    assert data["frame"] == "制度-节"
    assert data["sections"]["chapters"][1] == {"title": "管理", "clauses": [
        {"title": "申请", "clauses": ["临床科室提出用血申请。"]}, {"title": "发放", "clauses": ["输血科核对后发血。"]}]}
    assert load_yaml(root / "source" / "planpress.yaml")["frames"]["制度-节"]["numbering"][:3] == ["第一章", "第一节", "第一条"]
    text = printed(result, root)
    assert "第二章 管理\n第一节 申请\n第二条 临床科室提出用血申请" in text and "第二节 发放\n第三条 输血科核对后发血" in text


def test_the_projects_own_frame_is_used_and_planpress_yaml_is_left_alone(tmp_path):
    """The examples' 制度 frame is chosen by the category 全院文件-管理制度: no frame: line, nothing added."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "examples" / "source", root / "source")
    before = (root / "source" / "planpress.yaml").read_bytes()
    body = PER_CHAPTER.replace("第一条 发生", "第三条 发生").replace("第二条 医务科", "第四条 医务科").replace("第一条 本办法自", "第五条 本办法自")
    result = run(original(tmp_path, "e", body, "H-Z-ZD-150", category="全院文件-管理制度"), root)
    assert "frame" not in result.data and list(result.data["sections"]) == ["chapters"]
    assert result.config_text is None and result.new_frames == []
    assert (root / "source" / "planpress.yaml").read_bytes() == before
    assert any("按 source/planpress.yaml 的框架“制度”导入（文件类别选用它）" in f.message for f in result.report.of("说明"))


def test_a_second_policy_uses_the_frame_the_first_one_added(tmp_path):
    root = new_project(tmp_path / "project")
    run(original(tmp_path, "a", ARTICLES, "H-J-ZD-090"), root)
    added = (root / "source" / "planpress.yaml").read_text("utf-8")
    result = run(original(tmp_path, "b", ARTICLES.replace("病案库房", "药品库房"), "H-J-ZD-094"), root)
    assert result.data["frame"] == "制度-条" and result.new_frames == [] and result.config_text is None
    assert (root / "source" / "planpress.yaml").read_text("utf-8") == added


def test_a_frame_name_taken_by_a_frame_that_does_not_fit_gets_a_new_name(tmp_path):
    root = new_project(tmp_path / "project")
    config = root / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8") + "\nframes:\n  制度-条:\n    numbering: [第一条, 一、]\n    sections:\n"
                      "      - {key: articles}\n      - {key: forms, title: 附件, body: attachments}\n"
                      "      - {key: revisions, title: 文件修订记录, body: revisions}\n      - {key: approvals, title: 审核批准, body: approvals}\n",
                      "utf-8")
    result = run(original(tmp_path, "a", ARTICLES, "H-J-ZD-090"), root)  # its items are （一）, not 一、
    assert result.data["frame"] == "制度-条-2"
    frames = load_yaml(config)["frames"]
    assert list(frames) == ["制度-条", "制度-条-2"] and frames["制度-条"]["numbering"] == ["第一条", "一、"]


def test_chapters_without_sections_beside_chapters_with_them(tmp_path):
    """总则 and 附则 hold their articles straight, the chapter between has 节: the 制度-节 frame numbers
    them all as written, the articles running on through the document."""
    root = new_project(tmp_path / "project")
    result = run(original(tmp_path, "s", SOME_PARTS, "H-J-ZD-096"), root)
    data = load_yaml(result.path)
    assert data["frame"] == "制度-节" and not any("框架" in f.message for f in result.report.of("未能归入"))
    chapters = data["sections"]["chapters"]
    assert chapters[0] == {"title": "总则", "clauses": ["为规范输血管理，制定本制度。", "本制度适用于全院。"]}
    assert chapters[2] == {"title": "附则", "clauses": ["本制度自发布之日起施行。"]}
    text = printed(result, root)
    assert "第一章 总则\n第一条 为规范输血管理，制定本制度。\n第二条 本制度适用于全院。\n第二章 管理\n第一节 申请\n第三条 临床科室提出用血申请" in text
    assert "第二节 发放\n第四条 输血科核对后发血。\n第三章 附则\n第五条 本制度自发布之日起施行。" in text


def test_shapes_no_frame_numbers_as_written_come_in_whole(tmp_path):
    """Articles of one chapter partly in 节 and partly not; and a planpress.yaml whose frames is
    written on one line (import does not rewrite it): each chapter one clause, numbers as written."""
    root = new_project(tmp_path / "project")
    result = run(original(tmp_path, "m", MIXED, "H-J-ZD-095"), root, write=False)
    assert "frame" not in result.data and result.config_text is None
    assert result.data["sections"]["procedures"][0] == {"title": "第一章 总则", "text": ["第一条 为规范输血管理，制定本制度。"]}
    assert any("不是一个框架能照原文编号的样子" in f.message for f in result.report.of("未能归入"))

    config = root / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8") + "\nframes: {}\n", "utf-8")
    result = run(original(tmp_path, "a", ARTICLES, "H-J-ZD-090"), root, write=False)
    assert "frame" not in result.data and result.config_text is None
    assert result.data["sections"]["procedures"][0]["text"][0] == "第一条 为保障病案库房安全，制定本规定。"
    assert any("frames 不是逐行书写的" in f.message for f in result.report.of("未能归入"))
