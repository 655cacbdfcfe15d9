"""Card styles for imported scenarios: `check` wants a style per scenario key in planpress.yaml, so
import appends a proposal for each new key (marked for review) without touching any other line;
and an import writes the document, contacts.yaml, planpress.yaml and people.yaml all together or not
at all."""

from __future__ import annotations

import os
import shutil

import pytest

import importdocs
from conftest import REPO, run_cli
from importcheck import load_yaml
from planpress.cards.colors import MIN_TEXT_CONTRAST, contrast_ratio
from planpress.importer import styles


@pytest.fixture
def project(tmp_path):
    (tmp_path / "source").mkdir()
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, tmp_path / "source" / name)
    shutil.copytree(REPO / "templates", tmp_path / "templates")
    return tmp_path


def test_a_new_scenario_gets_a_proposed_style_and_nothing_else_changes(project, tmp_path):
    before = (project / "source" / "planpress.yaml").read_text("utf-8")
    result = run_cli("import", str(importdocs.plan(tmp_path / "plan.docx")), root=project)
    assert result.status == 0, result.stderr
    after = (project / "source" / "planpress.yaml").read_text("utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line for line in after.splitlines() if line not in added] == before.splitlines()  # every other line kept
    assert len(added) == 1 and added[0].startswith("    network-outage:")  # 停电 (power-outage) already has one
    assert "# 待核对：planpress import 建议的样式（H-J-YA-031“网络中断”）" in added[0]
    config = load_yaml(project / "source" / "planpress.yaml")["cards"]["styles"]
    new = config["network-outage"]
    others = {k: v for k, v in config.items() if k != "network-outage"}
    assert new["icon"] in ("monitor", "server") and new["icon"] not in {s["icon"] for s in others.values()}
    assert new["color"].upper() not in {s["color"].upper() for s in others.values()}
    assert contrast_ratio(new["color"], new.get("text", "#FFFFFF")) >= MIN_TEXT_CONTRAST
    assert "planpress.yaml 新增 1 个（network-outage），标为“待核对”" in result.stdout
    assert "场景“网络中断”（network-outage）的应急处置卡还没有样式" in result.stdout


@pytest.mark.parametrize("title, key, icon", [("火灾", "fire", "flame"), ("突发漏水", "water-leak", "drop"),
                                              ("停电", "power-outage", "bolt"), ("盗窃案件", "theft", "lock"),
                                              ("电梯困人", "elevator-entrapment", "elevator"),
                                              ("病毒或勒索软件", "virus-ransomware", "shield"),
                                              ("网络中断", "network-outage", "monitor")])
def test_the_icon_is_matched_to_the_scenario_by_its_words(title, key, icon):
    icons = ["bolt", "drop", "elevator", "flame", "lock", "monitor", "phone", "server", "shield"]
    proposal = styles.propose(key, title, {"contacts": {"color": "#263238", "icon": "phone"}}, icons)
    assert proposal.icon == icon and proposal.matched


def test_a_used_icon_and_used_colours_are_not_proposed_again():
    icons = ["bolt", "drop", "flame", "monitor", "phone", "server", "shield"]
    taken = {"fire": {"color": "#B71C1C", "icon": "flame"}, "his": {"color": "#006064", "icon": "server"},
             "it": {"color": "#1B5E20", "icon": "monitor"}}
    proposal = styles.propose("network", "网络中断", taken, icons)
    assert proposal.icon not in ("flame", "server", "monitor") and not proposal.matched
    assert proposal.color not in {"#B71C1C", "#006064", "#1B5E20"}
    second = styles.propose("fire-2", "二号楼火灾", taken, icons)
    assert second.icon != "flame" and second.color != "#B71C1C"


def test_a_light_colour_gets_dark_text():
    proposal = styles.propose("power-outage", "停电", {}, ["bolt"])
    assert proposal.color == "#FFD600" and proposal.text == "#000000"
    assert contrast_ratio(proposal.color, proposal.text) >= MIN_TEXT_CONTRAST


def test_nothing_is_written_when_writing_one_file_fails(project, tmp_path, monkeypatch):
    """contacts.yaml, planpress.yaml and people.yaml (周强) would all get additions; the document cannot be written."""
    path = importdocs.plan(tmp_path / "plan.docx")
    before = {p.name: p.read_bytes() for p in (project / "source").iterdir()}
    real = os.replace

    def failing(src, dst, *args, **kwargs):
        if str(dst).endswith("H-J-YA-031.yaml"):
            raise PermissionError(13, "Permission denied")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", failing)
    result = run_cli("import", str(path), root=project)
    assert result.status == 1
    assert "写入 H-J-YA-031.yaml 失败" in result.stderr and "导入什么都没有改" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert {p.name: p.read_bytes() for p in (project / "source").iterdir()} == before  # no temporary files left either


def test_nothing_is_written_when_a_file_changed_during_the_import(project, tmp_path):
    from planpress.importer import run, write_all
    from planpress.problems import SourceError
    result = run(importdocs.plan(tmp_path / "plan.docx"), project, write=False)
    read = {path: path.read_bytes() if path.exists() else None for path, _ in result.writes()}
    contacts = project / "source" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8") + "\n# 别人刚保存的修改\n", "utf-8")
    edited = {p.name: p.read_bytes() for p in (project / "source").iterdir()}
    with pytest.raises(SourceError) as raised:
        write_all(result.writes(), read)
    assert "在导入期间被修改了" in str(raised.value.problems[0].message)
    assert {p.name: p.read_bytes() for p in (project / "source").iterdir()} == edited


def test_a_failed_import_writes_no_styles(project, tmp_path):
    """The document exists: import refuses before anything, planpress.yaml included, is written."""
    (project / "source" / "H-J-YA-031.yaml").write_text("number: H-J-YA-031\n", "utf-8")
    before = {p.name: p.read_bytes() for p in (project / "source").iterdir()}
    result = run_cli("import", str(importdocs.plan(tmp_path / "plan.docx")), root=project)
    assert result.status == 1 and "已经存在" in result.stderr
    assert {p.name: p.read_bytes() for p in (project / "source").iterdir()} == before


def test_the_contact_card_gets_a_style_when_the_settings_have_none(project, tmp_path):
    config = project / "source" / "planpress.yaml"
    config.write_text(config.read_text("utf-8").replace('    contacts:           {color: "#263238", icon: phone}     # 深灰 · 电话\n', ""), "utf-8")
    assert run_cli("import", str(importdocs.plan(tmp_path / "plan.docx")), root=project).status == 0
    styled = load_yaml(config)["cards"]["styles"]
    assert styled["contacts"]["icon"] == "phone" and "network-outage" in styled
