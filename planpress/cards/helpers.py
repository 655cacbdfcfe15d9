"""Warm helper processes for the cards' rendering passes, one per core, forked before they are needed.

WeasyPrint lays out in pure Python, so the passes (one per campus) run in separate processes to use
both cores. Each process would first have to import WeasyPrint, pikepdf and PDFium (~0.6 s), so
`start()`, called by `planpress build` before it checks the sources, forks one helper that imports
them while this process checks the sources and writes the HTML; the helper then forks its siblings,
which are warm at no cost. `run()` hands each helper a pass and collects the files.

A process that has the libraries loaded already (the tests) forks its helpers when `run()` needs
them. Where forking is not possible (no fork, other threads running: forking then can deadlock the
child) or there is one job or one core, the jobs run here in turn. The bytes are the same either way.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ..problems import SourceError
from ..render.helper_protocol import close_quietly, run_job, value_of

MAX_HELPERS = 4  # more would only help with more campuses than that, and more cores

_helpers: list[_Helper] | None = None


def start() -> None:
    """Fork the helpers now, if there is more than one core (at most once per process)."""
    global _helpers
    count = min(os.cpu_count() or 1, MAX_HELPERS)
    # With the libraries loaded already, `run` forks warm helpers when they are needed.
    if _helpers is not None or count < 2 or "weasyprint" in sys.modules or not _can_fork():
        return
    _helpers = _fork(count, warm_up=True)
    atexit.register(stop)


def run(function: Callable[[Any], Any], jobs: Sequence[Any]) -> list:
    """`function(job)` for each job, in order: on the helpers started by `start`, else on helpers
    forked now when there are several jobs, else here.

    `function` must be a module-level function and jobs plain data (they are pickled). A SourceError
    raised by a job is raised here, with the problems of every job that failed."""
    global _helpers
    if len(jobs) > 1 and _helpers is None and (os.cpu_count() or 1) > 1 and _can_fork():
        _helpers = _fork(min(len(jobs), os.cpu_count() or 1, MAX_HELPERS), warm_up=False)
        atexit.register(stop)
    if not _helpers:
        return [function(job) for job in jobs]
    return _run_on_helpers(_helpers, function, jobs)


def stop() -> None:
    """End the helpers (they serve one build). Helpers that have done their jobs end when their
    pipes close; any other (still loading the libraries because the build stopped early, or busy
    because it was interrupted) is killed, with its siblings."""
    global _helpers
    helpers, _helpers = _helpers, None
    if not helpers:
        return
    finished = all(helper.served and not helper.busy for helper in helpers)
    for helper in helpers:
        helper.close()
    first = helpers[0].pid
    try:
        if not finished:
            os.killpg(first, signal.SIGKILL)
        os.waitpid(first, 0)
    except (ProcessLookupError, ChildProcessError, PermissionError):
        pass


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def _run_on_helpers(helpers: list[_Helper], function: Callable, jobs: Sequence[Any]) -> list:
    results: list = [None] * len(jobs)
    problems = []
    waiting = list(enumerate(jobs))
    busy: dict[int, tuple[_Helper, int]] = {}
    for helper in helpers:
        if waiting:
            index, job = waiting.pop(0)
            helper.send(function, job)
            busy[helper.fileno] = (helper, index)
    while busy:
        ready, _, _ = select.select(list(busy), [], [])
        for fileno in ready:
            helper, index = busy.pop(fileno)
            try:
                results[index] = helper.receive()
            except SourceError as exc:
                problems += exc.problems
            if waiting:
                index, job = waiting.pop(0)
                helper.send(function, job)
                busy[helper.fileno] = (helper, index)
    if problems:
        raise SourceError(problems)
    return results


# -- the helpers ----------------------------------------------------------------------------------

def _fork(count: int, warm_up: bool) -> list[_Helper] | None:
    """Fork the first helper, which loads the libraries and forks the others. Returns this
    process's ends of their pipes, or None if forking failed."""
    pipes = [(os.pipe(), os.pipe()) for _ in range(count)]  # (requests, replies) of each helper
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        for (a, b), (c, d) in pipes:
            for fd in (a, b, c, d):
                os.close(fd)
        return None
    if pid == 0:
        _first_helper(pipes, warm_up)  # never returns
    try:
        os.setpgid(pid, pid)  # as the helper does itself: whichever runs first
    except OSError:
        pass
    helpers = []
    for number, ((requests_read, requests_write), (replies_read, replies_write)) in enumerate(pipes):
        os.close(requests_read)
        os.close(replies_write)
        helpers.append(_Helper(pid if number == 0 else None, os.fdopen(requests_write, "wb"),
                               os.fdopen(replies_read, "rb")))
    return helpers


def _first_helper(pipes, warm_up: bool) -> None:
    status = 0
    try:
        # A process group of their own: `stop` can end a busy helper and its siblings at once.
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process reports it and stops them
        for (_, requests_write), (replies_read, _) in pipes:
            os.close(requests_write)
            os.close(replies_read)
        _load_libraries(warm_up)
        siblings = []
        for number in range(1, len(pipes)):
            pid = os.fork()
            if pid == 0:
                _keep_only(pipes, number)
                _serve(pipes[number])
                os._exit(0)
            siblings.append(pid)
        _keep_only(pipes, 0)
        _serve(pipes[0])
        for pid in siblings:
            os.waitpid(pid, 0)
    except BaseException:  # noqa: BLE001 - a helper must never return into the caller's code
        status = 1
    finally:
        os._exit(status)


def _load_libraries(warm_up: bool) -> None:
    """Import what a pass needs; lay out one small page so that fonts and caches are loaded once
    here rather than in every sibling. Failures are left to the first job, which reports them."""
    # Importing and laying out make millions of short-lived objects: collect less often, and never
    # rescan what the imports made (gc.freeze).
    gc.set_threshold(10_000, 20, 20)
    try:
        from ..render.libraries import import_weasyprint

        import_weasyprint()
        from . import passes

        if warm_up:
            passes.warm_up()
    except BaseException:  # noqa: BLE001
        pass
    gc.freeze()


def _keep_only(pipes, number: int) -> None:
    """Close the helper-side ends of every other helper's pipes (else their EOF never comes)."""
    for other, ((requests_read, _), (_, replies_write)) in enumerate(pipes):
        if other != number:
            os.close(requests_read)
            os.close(replies_write)


def _serve(pipe) -> None:
    (requests_read, _), (_, replies_write) = pipe
    requests, replies = os.fdopen(requests_read, "rb"), os.fdopen(replies_write, "wb")
    while True:
        try:
            function, job = pickle.load(requests)
        except EOFError:
            return
        reply = run_job(lambda: function(job))
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


class _Helper:
    def __init__(self, pid: int | None, requests, replies):
        self.pid = pid  # None for a sibling: a child of the first helper, which waits for it
        self.requests = requests
        self.replies = replies
        self.fileno = replies.fileno()
        self.busy = False
        self.served = False  # it has answered a job: its libraries are loaded

    def send(self, function: Callable, job: Any) -> None:
        self.busy = True
        try:
            pickle.dump((function, job), self.requests, protocol=pickle.HIGHEST_PROTOCOL)
            self.requests.flush()
        except BrokenPipeError as exc:
            raise RuntimeError("卡片排版子进程意外退出") from exc

    def receive(self):
        try:
            reply = pickle.load(self.replies)
        except EOFError as exc:
            raise RuntimeError("卡片排版子进程意外退出") from exc
        self.busy = False
        self.served = True
        return value_of(reply)

    def close(self) -> None:
        close_quietly(self.requests, self.replies)
