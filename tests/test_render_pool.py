"""The warm helper processes (planpress/render/pool.py): jobs handed out as they are made, results
and errors reported as each finishes, the same values as in this process."""

from __future__ import annotations

import gc
import os
from pathlib import Path
import time
import types
import weakref

import pytest

from planpress.problems import Location, SourceError, error
from planpress.render import jobs, pool

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2 or not hasattr(os, "fork"), reason="helpers need two cores and fork")


def started(job: str) -> tuple[str, int, float]:
    """Run in a helper: which job, in which process, when."""
    return job, os.getpid(), time.monotonic()


def refused(job: str):
    raise SourceError([error(Location(Path("source") / "x.yaml"), "", f"不能做：{job}")])


@pytest.fixture(autouse=True)
def fresh_helpers():
    pool.stop()
    yield
    pool.stop()


def test_each_job_goes_to_a_helper_as_soon_as_it_is_made():
    """The first job runs while the caller is still making the second (a generator that takes its
    time, as planning a document's outputs does)."""
    pool.run_all(started, ["warm", "up"])  # helpers forked and ready, as `planpress build` starts them
    made = {}

    def jobs():
        yield started, "first"
        time.sleep(0.8)  # making the second job
        made["second"] = time.monotonic()
        yield started, "second"

    results = {}
    pool.run(jobs(), lambda index, value, problems: results.__setitem__(index, (value, problems)))
    (first, first_pid, first_start), first_problems = results[0]
    (second, second_pid, second_start), _ = results[1]
    assert (first, second, first_problems) == ("first", "second", None)
    assert first_pid != os.getpid() and second_pid != os.getpid()
    assert first_start < made["second"] - 0.5, "the first job waited for the second to be made"


def test_results_and_refusals_come_back_as_each_job_finishes():
    order = []

    def done(index, value, problems):
        order.append((index, value[0] if value else None, [p.message for p in problems] if problems else None))

    pool.run([(started, "一"), (refused, "二"), (started, "三")], done)
    assert sorted(order) == [(0, "一", None), (1, None, ["不能做：二"]), (2, "三", None)]


def test_run_all_in_order_and_every_refusal_together():
    assert [value[0] for value in pool.run_all(started, ["a", "b", "c", "d"])] == ["a", "b", "c", "d"]
    with pytest.raises(SourceError) as raised:
        pool.run_all(refused, ["x", "y"])
    assert sorted(p.message for p in raised.value.problems) == ["不能做：x", "不能做：y"]


def slept(job: str) -> tuple[str, float, float]:
    """Run in a helper: a job that takes a while, with when it started and ended."""
    start = time.monotonic()
    time.sleep(0.3)
    return job, start, time.monotonic()


def test_fewer_helpers_lay_out_while_the_caller_says_so():
    """While `helpers()` says one, the jobs run one after another (the other core builds the site);
    once it says two, side by side again."""
    pool.run_all(started, ["warm", "up"])
    allowed = [1]
    spans: dict[int, tuple[float, float]] = {}

    def done(index, value, problems):
        assert problems is None
        spans[index] = value[1:]
        if len(spans) == 3:
            allowed[0] = 2

    pool.run([(slept, str(n)) for n in range(8)], done, helpers=lambda: allowed[0])
    held = [spans[n] for n in range(3)]
    assert all(earlier[1] <= later[0] for earlier, later in zip(held, held[1:])), held
    free = sorted(spans[n] for n in range(3, 8))
    assert any(later[0] < earlier[1] for earlier, later in zip(free, free[1:])), free


class Payload:
    """A job's result: what a document's files are to the build (bytes, a megabyte a document)."""


def payload(_job) -> Payload:
    return Payload()


def test_a_documents_files_are_let_go_once_written(monkeypatch):
    """The build keeps a document's laid-out files only until its outputs are written: 200
    documents' PDFs and cards held to the end made the main process ~230 MB larger (494 → 268 MB)."""
    monkeypatch.setattr(pool, "IN_PROCESS", True)  # one job after another: the first is written first
    written: dict[str, weakref.ref] = {}
    alive_when_next_written = []

    def work(doc):
        def finish(results):
            for other in written.values():
                gc.collect()
                alive_when_next_written.append(other() is not None)
            written[doc.number] = weakref.ref(results[0])

        return jobs.Work(doc.number, "test", [], [(payload, None)], finish)

    documents = [types.SimpleNamespace(number=number) for number in ("H-J-YA-001", "H-J-YA-002", "H-J-YA-003")]
    outcome = jobs.run([jobs.Plan(documents, work)])
    assert not outcome.failed and outcome.jobs == 3
    assert alive_when_next_written == [False, False, False]
