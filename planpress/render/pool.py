"""Warm helper processes that lay out the PDFs and cards of every document, one per core.

WeasyPrint lays out in pure Python, so both cores are used by laying out in separate processes.
Each would first have to import WeasyPrint, pikepdf and PDFium (~0.6 s), so `start()`, called by
`planpress build` before it loads the sources, forks one helper that imports them and lays out a
line of Chinese (fonts and caches loaded) while this process loads the sources and writes the
HTML; that helper then forks its siblings, which are warm at no cost. `run()` hands the helpers
jobs of any kind and any document (a PDF, one campus's cards), each to the next helper that is
free, and calls back as each one finishes, so a register's layout keeps every helper busy until
the last job.

A process that has the libraries loaded already (the tests) forks its helpers when `run()` has
several jobs. Where forking is not possible (no fork, other threads running: forking then can
deadlock the child) or there is one job or one core, the jobs run here in turn. The bytes are
the same either way. Between jobs a helper collects its garbage: laying out makes reference
cycles by the million, and without it a helper's memory grows by a few hundred megabytes.
"""

from __future__ import annotations

import atexit
import collections
import gc
import itertools
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Sequence, Sized
from typing import Any

from ..problems import Problem, SourceError
from .helper_protocol import close_quietly, run_job, value_of

MAX_HELPERS = 4  # more would only help with more cores than that
IN_PROCESS = False  # run every job in this process (tests that count calls of a function set it)

Done = Callable[[int, Any, "tuple[Problem, ...] | None"], None]

_helpers: list[_Helper] | None = None


def start(kinds=None) -> None:
    """Fork the helpers now, if there is more than one core (at most once per process). `kinds`:
    what they will lay out (pdf, cards; default both): the cards' libraries and the warm-up layout,
    which pay off across many jobs, are left out of a PDF-only build, whose first PDF waits for them."""
    global _helpers
    count = min(os.cpu_count() or 1, MAX_HELPERS)
    # With the libraries loaded already, `run` forks warm helpers when they are needed.
    if _helpers is not None or count < 2 or "weasyprint" in sys.modules or not _can_fork() or IN_PROCESS:
        return
    _helpers = _fork(count, warm_up=kinds is None or "cards" in kinds)
    atexit.register(stop)


def size() -> int:
    """How many helpers are forked (0: none yet, jobs would lay out in this process)."""
    return len(_helpers or ())


def load_here() -> None:
    """Load the libraries and lay out a line in this process: a long-lived process (the intranet
    application's draft service) then forks warm helpers for each build at the cost of a fork."""
    _load_libraries(warm_up=True)


def run(jobs: Iterable[tuple[Callable[[Any], Any], Any]], done: Done,
        helpers: Callable[[], int] | None = None) -> None:
    """Run each `(function, job)`; `done(index, value, None)` or `done(index, None, problems)` (for
    a SourceError) is called here as each finishes, in the order they finish. `helpers()`, if
    given, is how many helpers may lay out at once, asked again as it may change (e.g. one core
    left to other work of this process for a while).

    `jobs` may be a generator that prepares each job as it is asked for the next: each is handed to
    a helper as soon as it is made, and while every helper is busy this process makes the next one
    (answering the helpers that finish in between), so that its own work overlaps theirs.
    `function` must be a module-level function and the job plain data (both are pickled)."""
    global _helpers
    if not isinstance(jobs, Sized) and _helpers is None:
        # Made as they are asked for: look at the first two before forking for them.
        made = iter(jobs)
        jobs = list(itertools.islice(made, 2))
        if len(jobs) > 1:
            jobs = itertools.chain(jobs, made)
    several = not isinstance(jobs, Sized) or len(jobs) > 1
    if (several and _helpers is None and (os.cpu_count() or 1) > 1 and _can_fork() and not IN_PROCESS):
        count = min(len(jobs), os.cpu_count() or 1, MAX_HELPERS) if isinstance(jobs, Sized) else \
            min(os.cpu_count() or 1, MAX_HELPERS)
        _helpers = _fork(count, warm_up=False)
        atexit.register(stop)
    if IN_PROCESS or not _helpers:
        for index, (function, job) in enumerate(jobs):
            try:
                value = function(job)
            except SourceError as exc:
                done(index, None, exc.problems)
            else:
                done(index, value, None)
        return
    _run_on_helpers(_helpers, jobs, done, helpers or (lambda: len(_helpers)))


def run_all(function: Callable[[Any], Any], jobs: Sequence[Any]) -> list:
    """`function(job)` for each job, in order; a SourceError raised by any job is raised here,
    with the problems of every job that failed."""
    results: list = [None] * len(jobs)
    problems: list[Problem] = []

    def collect(index: int, value: Any, failed) -> None:
        if failed is not None:
            problems.extend(failed)
        results[index] = value

    run([(function, job) for job in jobs], collect)
    if problems:
        raise SourceError(problems)
    return results


def stop() -> None:
    """End the helpers, with their siblings: nothing of them is needed any more (idle, still loading
    the libraries because the build stopped early, busy because it was interrupted, or collecting
    the garbage of their last job, which the build need not wait for)."""
    global _helpers
    helpers, _helpers = _helpers, None
    if not helpers:
        return
    for helper in helpers:
        helper.close()
    first = helpers[0].pid
    try:
        os.killpg(first, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        os.waitpid(first, 0)
    except ChildProcessError:
        pass


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


RECHECK_SECONDS = 0.05  # while fewer helpers than there are may work: how often to ask again


def _run_on_helpers(helpers: list[_Helper], jobs: Iterable[tuple[Callable, Any]], done: Done,
                    allowed: Callable[[], int]) -> None:
    made = enumerate(jobs)  # each job is made (by the caller's generator) when asked for
    exhausted = False
    ready: collections.deque = collections.deque()  # made, waiting for a helper
    idle = list(reversed(helpers))
    busy: dict[int, tuple[_Helper, int]] = {}

    def answer(timeout: float | None) -> None:
        """Take the replies of the helpers that have finished (waiting up to `timeout` for one)."""
        finished, _, _ = select.select(list(busy), [], [], timeout)
        for fileno in finished:
            helper, index = busy.pop(fileno)
            try:
                value, failed = helper.receive(), None
            except SourceError as exc:
                value, failed = None, exc.problems
            idle.append(helper)
            hand_out()  # the helper gets its next job before this one's files are written
            done(index, value, failed)

    def hand_out() -> None:
        while idle and ready and len(busy) < max(1, allowed()):
            helper = idle.pop()
            index, (function, job) = ready.popleft()
            helper.send(function, job)
            busy[helper.fileno] = (helper, index)

    while not exhausted:  # make every job, handing each out as soon as a helper is free for it
        try:
            ready.append(next(made))
        except StopIteration:
            exhausted = True
        hand_out()
        if busy:
            answer(0)  # without waiting: the replies that came while the job was being made
    while busy or ready:
        hand_out()
        answer(RECHECK_SECONDS if ready and idle else None)  # held back: ask `allowed` again soon


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
    """Import what the jobs need; lay out one small page so that fonts and caches are loaded once
    here rather than in every sibling. Failures are left to the first job, which reports them."""
    # Importing and laying out make millions of short-lived objects: collect less often, and never
    # rescan what the imports made (gc.freeze).
    gc.set_threshold(10_000, 20, 20)
    try:
        from .libraries import import_weasyprint

        import_weasyprint()
        from . import weasy  # noqa: F401
        from ..pdf import render  # noqa: F401
        from .user_agent import lean_html_class

        lean_html_class()  # parsed once here, not in each sibling

        if warm_up:  # cards: pikepdf and PDFium loaded once, and fonts and caches, before the siblings fork
            from ..cards import passes

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
        del reply, function, job
        gc.collect()  # a layout's cycles: freed before the next job, not a few jobs later


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
            raise RuntimeError("排版子进程意外退出") from exc

    def receive(self):
        try:
            reply = pickle.load(self.replies)
        except EOFError as exc:
            raise RuntimeError("排版子进程意外退出") from exc
        self.busy = False
        self.served = True
        return value_of(reply)

    def close(self) -> None:
        close_quietly(self.requests, self.replies)
