"""Revise → edit → diff → approve ×2 → release, on a copy of the real plan, as the two departments would.

Each step is run through the command line; what is asserted is what a user checks: the YAML lines
the tool wrote, the state `status` shows, the model the renderers get, the archive.
"""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

import planpress
from conftest import REPO, copy_project, run_cli
from lifecycle_support import PASSWORD
from planpress.model import State
from signing_support import keys

DOC = "H-J-YA-028"


@pytest.fixture
def plan(tmp_path: Path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    copy_project(REPO, root)
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    return root


def added_and_removed(before: str, after: str) -> tuple[list[str], list[str]]:
    """The lines a unified diff of the file shows as removed (-) and added (+)."""
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    return removed, added


def ok(*args, root):
    result = run_cli(*args, root=root)
    assert result.status == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


# -- what the repository ships ---------------------------------------------------------------------

def test_repository_ships_a0_released_and_effective():
    """A/0 was approved on paper in 2020: paper approvals, transcribed by the (demonstration)
    document controller, whose release signature covers the archive."""
    project = planpress.load(REPO)
    doc = project.document(DOC)
    assert str(doc.version) == "A/0" and doc.state is State.EFFECTIVE
    assert doc.is_released and doc.release.released.isoformat() == "2020-08-10"
    assert [(a.role, a.kind, a.name, str(a.date), a.counts) for a in doc.approvals] == [
        ("主办", "paper", "孙晓琳", "2020-08-10", True), ("院领导批准", "paper", "刘迎恩", "2020-08-10", True)]
    assert doc.release.verified and doc.release.meaning == "转录" and doc.release.signer == "文件管理员（演示）"
    assert [(s.person, s.meaning) for s in doc.signatories] == [("sun-xiaolin", "主办"), ("liu-yingen", "批准")]
    assert [str(d.version) for d in project.history(DOC)] == ["A/0"]
    assert project.current(DOC) is doc
    assert project.config.electronic_since.isoformat() == "2026-12-01"
    snapshot = REPO / "source" / "archive" / DOC / "A-0.yaml"
    assert f"fingerprint: {doc.fingerprint}" in snapshot.read_text("utf-8")


def test_status_of_the_shipped_plan(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    out = ok("status", DOC, root=REPO).stdout
    assert "工作副本  A/0  已生效" in out
    assert "孙晓琳：纸质签批 2020-08-10（原件：质量管理科文件柜（受控文件签批原件）），已转录发布" in out
    assert "刘迎恩：纸质签批 2020-08-10" in out
    assert "发布签名  文件管理员（演示）" in out and "转录，签名有效" in out
    assert "下次评审 2023-08-10（已逾期）" in out


# -- revise and approve write exactly the intended lines ---------------------------------------------

def test_revise_changes_exactly_the_intended_lines(plan: Path):
    path = plan / "source" / f"{DOC}.yaml"
    before = path.read_text("utf-8")
    result = ok("revise", DOC, "--reason", "更新保卫科电话", root=plan)
    assert "A/0 → A/1" in result.stdout
    after = path.read_text("utf-8")
    removed, added = added_and_removed(before, after)
    assert removed == [
        "version: A/0           # 版本/修订：小改动 A/0 → A/1，大改版 A/n → B/0",
        "effective: 2020-08-10  # 生效日期",
        "revised:               # 修订日期：首版为空，修订后填最近一次修订的日期",
        "revisions: []",
        "approvals:",
        "  - role: 主办",
        "    paper: {date: 2020-08-10, original: 质量管理科文件柜（受控文件签批原件）}",
        "  - role: 院领导批准",
        "    paper: {date: 2020-08-10, original: 质量管理科文件柜（受控文件签批原件）}",
    ]
    assert added == [
        "version: A/1           # 版本/修订：小改动 A/0 → A/1，大改版 A/n → B/0",
        "effective:             # 生效日期",
        "revised: 2026-11-25    # 修订日期：首版为空，修订后填最近一次修订的日期",
        "revisions:",
        "  - date: 2026-11-25",
        "    version: A/1",
        "    description: 更新保卫科电话",
        "    by: 医务科",
        "approvals: []",
    ]
    # the comment blocks around the changed fields stay where they were
    assert "approvals: []\n\n# 应急处置卡张贴位置" in after
    assert "    by: 医务科\n\n# 10 审核批准" in after
    doc = planpress.load(plan).document(DOC)
    assert doc.state is State.DRAFT and str(doc.version) == "A/1" and doc.effective is None
    # A/0's approvals are kept in its archive, A/0 stays the version in force
    project = planpress.load(plan)
    assert [a.name for a in project.history(DOC)[0].approvals] == ["孙晓琳", "刘迎恩"]
    assert str(project.current(DOC).version) == "A/0"


def test_major_revision_starts_a_new_edition(plan: Path):
    ok("revise", DOC, "--major", "--reason", "按新的管理办法改版", "--by", "医务科 张三", root=plan)
    doc = planpress.load(plan).document(DOC)
    assert str(doc.version) == "B/0"
    assert (doc.revisions[-1].description, doc.revisions[-1].by) == ("按新的管理办法改版", "医务科 张三")


def test_approve_writes_a_signed_statement(plan: Path):
    """The signatory's own key signs the statement; nobody types a name. The YAML gets the
    statement and its detached CMS signature as literal blocks, nothing else changes."""
    path = plan / "source" / f"{DOC}.yaml"
    ok("revise", DOC, "--reason", "更新保卫科电话", root=plan)
    text = path.read_text("utf-8").replace("effective:             # 生效日期", "effective: 2026-12-01  # 生效日期")
    path.write_text(text, "utf-8")
    before = path.read_text("utf-8")
    result = ok("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=plan)
    doc = planpress.load(plan).document(DOC)
    assert f"已签署：孙晓琳以“主办”的身份主办 {DOC} A/1" in result.stdout
    assert f"内容指纹 {doc.short_fingerprint}" in result.stdout and "还缺少：院领导批准" in result.stdout
    removed, added = added_and_removed(before, path.read_text("utf-8"))
    assert removed == ["approvals: []"]
    assert added[:3] == ["approvals:", "  - role: 主办", "    statement: |"]
    statement = "\n".join(line.removeprefix("      ") for line in added[3:15]) + "\n"
    assert statement == doc.approval("主办").statement
    assert statement.startswith("planpress-statement/1\nkind: approval\ndocument: H-J-YA-028\nversion: A/1\n"
                                "role: 主办\nmeaning: 主办\nperson: sun-xiaolin\nname: 孙晓琳\nsigned-at: ")
    assert f"digest-format: 2\ndigest: sha256:{doc.fingerprint}\n" in statement
    assert added[15] == "    signature: |" and added[16] == "      -----BEGIN PKCS7-----"
    assert added[-1] == "      -----END PKCS7-----"
    approval = doc.approval("主办")
    assert approval.counts and approval.kind == "signed" and approval.name == "孙晓琳" and approval.meaning == "主办"
    assert approval.signed_at.utcoffset() is not None
    assert doc.state is State.DRAFT and doc.waiting_roles == ("院领导批准",)


def test_approve_asks_for_the_password_on_the_terminal(plan: Path, monkeypatch):
    """No password option: the prompt (getpass) is the only way, unless the test variable is set."""
    import getpass

    monkeypatch.delenv("PLANPRESS_P12_PASSWORD")
    asked = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt: asked.append(prompt) or PASSWORD)
    in_revision_with_date(plan)
    ok("approve", DOC, "--role", "院领导批准", "--p12", str(keys().p12["liu-yingen"]), root=plan)
    assert asked == ["liu-yingen.p12 的证书密码："]
    assert planpress.load(plan).document(DOC).approved_by("院领导批准")
    usage = run_cli("approve", DOC, "--role", "主办", "--p12", "x.p12", "--password", PASSWORD, root=plan)
    assert usage.status == 2 and "不认识的参数" in usage.stderr
    assert run_cli("approve", DOC, "--role", "主办", "--name", "孙晓琳", root=plan).status == 2


def in_revision_with_date(plan: Path, effective: str = "2026-12-01") -> Path:
    path = plan / "source" / f"{DOC}.yaml"
    ok("revise", DOC, "--reason", "更新保卫科电话", root=plan)
    path.write_text(path.read_text("utf-8").replace("effective:             #", f"effective: {effective}  #"), "utf-8")
    return path


def approve(plan: Path, role: str, person: str):
    return ok("approve", DOC, "--role", role, "--p12", str(keys().p12[person]), root=plan)


def release(plan: Path, person: str = "zhou-min", *extra: str):
    return ok("release", DOC, "--p12", str(keys().p12[person]), *extra, root=plan)


# -- the full cycle ------------------------------------------------------------------------------------

def test_full_cycle_makes_a1_current_and_supersedes_a0(plan: Path, monkeypatch):
    source = plan / "source"
    path = source / f"{DOC}.yaml"
    a0 = planpress.load(plan).document(DOC)

    ok("revise", DOC, "--reason", "更新保卫科电话，修改漏水处置步骤", root=plan)
    text = path.read_text("utf-8")
    text = text.replace("要组织工作人员转移漏水现场重要资料、贵重物品，", "要立即组织工作人员转移漏水现场重要资料、贵重物品和电子设备，")
    text = text.replace("effective:             # 生效日期", "effective: 2026-12-01  # 生效日期")
    path.write_text(text, "utf-8")
    contacts = source / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace('binhe: "3216565"', 'binhe: "3216566"'), "utf-8")

    shown = ok("diff", DOC, root=plan).stdout
    assert "A/0（已生效） → A/1（草稿）" in shown
    assert "修改 5.5.2 c.\n    要{+立即+}组织工作人员转移漏水现场重要资料、贵重物品{+和电子设备+}，" in shown
    assert "修改 附件 1：保卫科电话\n    保卫科：滨河院区 [-3216565-]{+3216566+}，大学院区 3212755" in shown
    assert "建议的修订记录（可复制到 revisions 的 description）：修改 5.5.2 c.；更新附件 1：保卫科电话。" in shown
    assert "5.5.2 c. 的正文改了，突发漏水卡上这一步的措辞（card）没有改" in shown

    approve(plan, "主办", "sun-xiaolin")
    assert planpress.load(plan).document(DOC).state is State.DRAFT
    approve(plan, "院领导批准", "liu-yingen")
    assert planpress.load(plan).document(DOC).state is State.APPROVED
    released = release(plan).stdout
    assert "已发布 H-J-YA-028 A/1：生效日期 2026-12-01，将于 2026-12-01 生效（周敏 签署" in released
    snapshot = source / "archive" / DOC / "A-1.yaml"
    assert snapshot.is_file()
    text = snapshot.read_text("utf-8")
    assert "  statement: |\n    planpress-statement/1\n    kind: release\n" in text and "meaning: 发布\n" in text
    assert "people:\n  sun-xiaolin:\n    name: 孙晓琳\n" in text

    # before its effective date A/1 waits and A/0 is still the version in force
    project = planpress.load(plan)
    assert project.document(DOC).state is State.APPROVED
    assert str(project.current(DOC).version) == "A/0"

    monkeypatch.setenv("PLANPRESS_TODAY", "2026-12-01")
    project = planpress.load(plan)
    a1 = project.document(DOC)
    assert str(a1.version) == "A/1" and a1.state is State.EFFECTIVE
    assert project.current(DOC) is a1
    old, new = project.history(DOC)
    assert str(old.version) == "A/0" and old.state is State.SUPERSEDED and old.superseded and old.archived
    assert old.fingerprint == a0.fingerprint  # rebuilt from the archive as it was released …
    assert [c.phone_at("binhe") for c in old.attachments[0].content.contacts if c.key == "security"] == ["3216565"]
    assert [c.phone_at("binhe") for c in a1.attachments[0].content.contacts if c.key == "security"] == ["3216566"]
    assert new.state is State.EFFECTIVE and new.fingerprint == a1.fingerprint
    assert project.superseded(DOC) == (old,)

    status = ok("status", DOC, root=plan).stdout
    assert "工作副本  A/1  已生效" in status
    assert "现行版本  A/1  2026-12-01 起生效；下次评审 2029-12-01（即工作副本）" in status
    assert "A/0  已作废  发布于 2020-08-10" in status
    assert ok("check", root=plan).status == 0

    history_diff = json.loads(ok("diff", DOC, "A/0", "A/1", "--json", root=plan).stdout)
    assert history_diff["old_state"] == "已作废" and history_diff["new_state"] == "已生效"
    assert {(c["kind"], c["area"], c["new_label"]) for c in history_diff["changes"]} >= {
        ("changed", "clause", "5.5.2 c."), ("changed", "appendix", "附件 1：保卫科电话")}


def test_release_can_be_scheduled_and_takes_effect_on_its_date(plan: Path, monkeypatch):
    path = plan / "source" / f"{DOC}.yaml"
    ok("revise", DOC, "--reason", "年度评审，无实质修改", root=plan)
    path.write_text(path.read_text("utf-8").replace("effective:             #", "effective: 2027-01-01  #"), "utf-8")
    approve(plan, "主办", "sun-xiaolin")
    approve(plan, "院领导批准", "liu-yingen")
    release(plan)
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-12-31")
    assert "待生效    A/1  已发布，2027-01-01 起生效" in ok("status", DOC, root=plan).stdout
    monkeypatch.setenv("PLANPRESS_TODAY", "2027-01-01")
    project = planpress.load(plan)
    assert [d.state for d in project.history(DOC)] == [State.SUPERSEDED, State.EFFECTIVE]


def test_archive_schema_is_valid_and_the_snapshot_names_it():
    from importlib import resources

    import jsonschema

    schema = json.loads(resources.files("planpress.sources.schemas").joinpath("archive.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    snapshot = REPO / "source" / "archive" / DOC / "A-0.yaml"
    first = snapshot.read_text("utf-8").splitlines()[0]
    target = (snapshot.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
    assert target == (REPO / "planpress" / "sources" / "schemas" / "archive.schema.json").resolve()
