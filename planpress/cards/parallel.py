"""Run independent jobs on the machine's cores: forked worker processes, or one after another.

WeasyPrint lays out in pure Python, so threads would take turns; forked workers inherit the loaded
model and imports at no cost and really run side by side. Forking a process that runs threads can
hang, so then (and on one core, or for one job) the jobs simply run in turn.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

_jobs: tuple[Callable[[], Any], ...] = ()


def run_all(jobs: Sequence[Callable[[], Any]]) -> list:
    """The results of calling each job, in order. Results must pickle; exceptions should not be
    relied on to cross the process boundary, so jobs return their problems as values."""
    global _jobs
    cores = os.cpu_count() or 1
    forkable = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
    if len(jobs) < 2 or cores < 2 or not forkable:
        return [job() for job in jobs]
    _jobs = tuple(jobs)
    try:
        with multiprocessing.get_context("fork").Pool(min(len(jobs), cores)) as pool:
            return pool.map(_run, range(len(jobs)), chunksize=1)
    finally:
        _jobs = ()


def _run(index: int):
    return _jobs[index]()
