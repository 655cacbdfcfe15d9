"""`planpress check` on the repository's own sources."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, run_cli


def test_real_sources_pass_and_warn_of_overdue_review(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2026-11-25")
    result = run_cli("check", root=REPO)
    assert result.status == 0, result.stderr
    assert "检查通过：1 个文件" in result.stdout
    assert "H-J-YA-028.yaml" in result.stderr
    assert "警告" in result.stderr and "定期评审已逾期" in result.stderr
    assert "2023-08-10" in result.stderr  # effective 2020-08-10 + 3 years


def test_no_overdue_warning_before_due_date(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "2023-08-10")
    result = run_cli("check", root=REPO)
    assert result.status == 0
    assert "逾期" not in result.stderr


def test_command_line_as_installed(tmp_path):
    """The console script itself: Chinese output, exit 0, nothing on a traceback path."""
    process = subprocess.run([sys.executable, "-m", "planpress", "check"], cwd=REPO, capture_output=True,
                             text=True, timeout=60)
    assert process.returncode == 0, process.stderr
    assert "检查通过" in process.stdout


def test_broken_file_from_command_line_exits_1_without_traceback(project):
    doc = project / "source" / "H-J-YA-901.yaml"
    doc.write_text(doc.read_text("utf-8").replace("effective: 2024-03-01", "effective: 2024-02-30"), "utf-8")
    process = subprocess.run([sys.executable, "-m", "planpress", "check"], cwd=project, capture_output=True,
                             text=True, timeout=60)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "source/H-J-YA-901.yaml:8:12: 错误: 【effective】日期“2024-02-30”不存在。" in process.stderr


def test_usage_errors_are_chinese():
    result = run_cli("check", "--no-such-option")
    assert result.status == 2
    assert "用法错误" in result.stderr and "不认识的参数" in result.stderr


def test_invalid_today_variable(monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", "tomorrow")
    result = run_cli("check", root=REPO)
    assert result.status == 2
    assert "PLANPRESS_TODAY" in result.stderr
