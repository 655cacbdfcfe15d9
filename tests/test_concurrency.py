"""One command at a time per document (issue 17, item 6), tried with real concurrent processes.

Each trial starts two processes (forked after planpress is imported, so a trial costs the work
itself, not two interpreter start-ups) that wait on a barrier and then run their command at the
same instant on the same document. Without the document lock, two approvals lost one of them in
about one try in fifteen, and a release beside an approval could leave a repository that no
longer passes `check`. Here every trial must end with every reported success actually on disk,
every refusal in Chinese, and `check` passing. A few trials run the real `planpress` command in
two subprocesses. And a command that cannot get the lock waits, then refuses, writing nothing.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import planpress
from conftest import REPO, copy_project, run_cli
from lifecycle_support import tree_hashes
from planpress import locks
from planpress.model import State
from planpress.problems import SourceError
from signing_support import ask, keys

DOC = "H-J-YA-028"
TODAY = "2026-11-25"
APPROVE_TRIALS = 16
RELEASE_TRIALS = 8
CLI_TRIALS = 3


@pytest.fixture(scope="module")
def in_revision(tmp_path_factory) -> Path:
    """The repository's plan revised to A/1 with an effective date: ready to be approved."""
    root = copy_project(REPO, tmp_path_factory.mktemp("concurrent") / "template")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        assert run_cli("revise", DOC, "--reason", "更新电话", root=root).status == 0
    path = root / "source" / f"{DOC}.yaml"
    path.write_text(path.read_text("utf-8").replace("effective:             #", f"effective: {TODAY}  #"), "utf-8")
    return root


@pytest.fixture(scope="module")
def approved(in_revision: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("concurrent-approved") / "template"
    shutil.copytree(in_revision, root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PLANPRESS_TODAY", TODAY)
        for role, person in (("主办", "sun-xiaolin"), ("院领导批准", "liu-yingen")):
            assert run_cli("approve", DOC, "--role", role, "--p12", str(keys().p12[person]), root=root).status == 0
    return root


def _approve(root: str, role: str, person: str, barrier, results) -> None:
    from planpress.lifecycle.approve import approve

    barrier.wait()
    try:
        approve(root, DOC, role, keys().p12[person], ask)
        results.put(("approve", role, "ok", ""))
    except SourceError as exc:
        results.put(("approve", role, "refused", "\n".join(str(p) for p in exc.problems)))


def _release(root: str, barrier, results) -> None:
    from planpress.lifecycle.release import release

    barrier.wait()
    try:
        release(root, DOC, keys().p12["zhou-min"], ask)
        results.put(("release", "发布", "ok", ""))
    except SourceError as exc:
        results.put(("release", "发布", "refused", "\n".join(str(p) for p in exc.problems)))


def race(*jobs) -> list[tuple[str, str, str, str]]:
    """Run each (function, args) in a process of its own, all released by one barrier."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(jobs)), context.Queue()
    processes = [context.Process(target=function, args=(*args, barrier, results)) for function, args in jobs]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    return outcomes


def refusals_are_chinese(outcomes) -> None:
    for _, _, verdict, message in outcomes:
        if verdict == "refused":
            assert "Traceback" not in message and "怎么改：" in message, message


def test_two_approvals_at_once_are_both_kept(in_revision: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    for trial in range(APPROVE_TRIALS):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(in_revision, root)
        outcomes = race((_approve, (str(root), "主办", "sun-xiaolin")), (_approve, (str(root), "院领导批准", "liu-yingen")))
        refusals_are_chinese(outcomes)
        assert [o[2] for o in outcomes] == ["ok", "ok"], (trial, outcomes)  # the lock makes the second wait, not fail
        doc = planpress.load(root).document(DOC)
        assert doc.approved_by("主办") and doc.approved_by("院领导批准"), f"trial {trial}: an approval was lost"
        assert doc.state in (State.APPROVED, State.EFFECTIVE)
        shutil.rmtree(root)


def test_a_release_beside_an_approval_leaves_a_repository_that_passes_check(approved: Path, tmp_path: Path, monkeypatch):
    """周敏 releases while 刘迎恩 signs his approval again: whichever comes first, the other sees
    its result (a second approval of a released version is refused), and `check` passes."""
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    seen = set()
    for trial in range(RELEASE_TRIALS):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(approved, root)
        outcomes = race((_release, (str(root),)), (_approve, (str(root), "院领导批准", "liu-yingen")))
        refusals_are_chinese(outcomes)
        verdicts = {o[0]: o[2] for o in outcomes}
        assert verdicts["release"] == "ok", outcomes
        seen.add(verdicts["approve"])
        if verdicts["approve"] == "refused":
            assert "已经发布，不能再审批" in next(o[3] for o in outcomes if o[0] == "approve")
        check = run_cli("check", root=root)
        assert check.status == 0, (trial, check.stderr)
        project = planpress.load(root)
        assert project.document(DOC).state is State.EFFECTIVE
        archived = project.history(DOC)[-1]
        assert [a.statement for a in archived.approvals] == [a.statement for a in project.document(DOC).approvals], \
            f"trial {trial}: the archive froze other approvals than the working copy holds"
        shutil.rmtree(root)
    assert seen  # (both orders occur in practice; either is correct)


def test_two_real_commands_at_once(in_revision: Path, tmp_path: Path):
    """The `planpress` command itself, twice at once, in two processes of their own."""
    planpress_bin = Path(sys.executable).parent / "planpress"
    env = {**os.environ, "PLANPRESS_TODAY": TODAY}
    for trial in range(CLI_TRIALS):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(in_revision, root)
        commands = [[str(planpress_bin), "--root", str(root), "approve", DOC, "--role", role, "--p12", str(keys().p12[person])]
                    for role, person in (("主办", "sun-xiaolin"), ("院领导批准", "liu-yingen"))]
        running = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
        for process in running:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0 and "已签署" in out and "Traceback" not in err, err
        doc = planpress.load(root).document(DOC)
        assert doc.approved_by("主办") and doc.approved_by("院领导批准")


def _hold(root: str, number: str, ready, done) -> None:
    with locks.document_lock(root, number, "planpress approve"):
        ready.set()
        done.wait(60)


def test_a_command_that_cannot_get_the_lock_waits_then_refuses_in_chinese(in_revision: Path, tmp_path: Path,
                                                                          monkeypatch):
    monkeypatch.setenv("PLANPRESS_TODAY", TODAY)
    monkeypatch.setenv(locks.WAIT_VARIABLE, "0.5")
    root = tmp_path / "repo"
    shutil.copytree(in_revision, root)
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(root), DOC, ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        before = tree_hashes(root)
        started = time.monotonic()
        result = run_cli("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=root)
        waited = time.monotonic() - started
        assert result.status == 1 and "Traceback" not in result.stderr
        assert f"{DOC}正在被另一条命令（planpress approve，进程 {holder.pid}" in result.stderr
        assert "等了 0.5 秒还没有结束，这次没有执行，什么也没有写入" in result.stderr and "怎么改：" in result.stderr
        assert waited >= 0.5
        assert tree_hashes(root) == before
        # another document is not held up
        assert run_cli("check", root=root).status == 0
    finally:
        done.set()
        holder.join(30)
    ok = run_cli("approve", DOC, "--role", "主办", "--p12", str(keys().p12["sun-xiaolin"]), root=root)
    assert ok.status == 0, ok.stderr  # released when the holder ended


def test_an_import_waits_for_the_document_commands(tmp_path: Path):
    """The repository lock: shared by document commands, exclusive for what writes shared files."""
    root = tmp_path / "repo"
    (root / "source").mkdir(parents=True)
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(root), DOC, ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with locks.document_lock(root, "H-J-YA-031", "planpress approve", wait=0):
            pass  # another document: no wait
        with pytest.raises(SourceError) as refused:
            with locks.repository_lock(root, "planpress import", wait=0.2):
                pass
        assert "仓库里的共用文件（名册、通讯录）正在被" in str(refused.value.problems[0])
    finally:
        done.set()
        holder.join(30)
    with locks.repository_lock(root, "planpress import", wait=0):
        pass


def test_a_save_in_the_intranet_application_and_a_command_wait_for_each_other(tmp_path: Path):
    """The application's document lock (web/gitstore) is the commands' lock too; and it is
    re-entrant, so a lifecycle function the application calls while holding it does not wait for
    itself."""
    from planpress.web.gitstore.store import Busy, Store

    root = tmp_path / "repo"
    (root / "source").mkdir(parents=True)
    store = Store(root, tmp_path / "state")
    context = multiprocessing.get_context("fork")
    ready, done = context.Event(), context.Event()
    holder = context.Process(target=_hold, args=(str(root), DOC, ready, done))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(Busy):
            with store.editing(DOC, timeout=0.3):
                pass
        with store.editing("H-J-YA-031", timeout=0.3):  # another document: free
            pass
    finally:
        done.set()
        holder.join(30)
    with store.editing(DOC, timeout=1):
        with locks.document_lock(root, DOC, "planpress revise", wait=0):  # re-entered by this thread
            pass
