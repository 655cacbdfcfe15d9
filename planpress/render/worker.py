"""WeasyPrint in a helper process forked before the sources are checked, so the two overlap.

Importing WeasyPrint (Pango, HarfBuzz, fontTools, its own stylesheets) is a third of a PDF build;
checking the sources and writing the HTML is a fifth. On a machine with two cores they need not
wait for each other: `start()` forks a helper that imports WeasyPrint while this process checks
the sources; `pdf()` then sends it the HTML and gets the PDF bytes back. The helper runs the same
functions this process would, so the bytes are the same.

Where forking is not possible or not worth it (no fork, other threads running, WeasyPrint already
imported as in the tests), `start()` does nothing and `pdf()` renders in this process.
"""

from __future__ import annotations

import atexit
import gc
import os
import pickle
import signal
import sys
import threading
from pathlib import Path

from .helper_protocol import close_quietly, run_job, value_of

_helper: _Helper | None = None


def start() -> None:
    """Fork the helper (at most once per process)."""
    global _helper
    if _helper is not None or "weasyprint" in sys.modules or not hasattr(os, "fork"):
        return
    if threading.active_count() > 1:  # forking a threaded process can deadlock the child
        return
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the helper
        status = 0
        try:
            os.close(requests_write)
            os.close(replies_read)
            _serve(os.fdopen(requests_read, "rb"), os.fdopen(replies_write, "wb"))
        except BaseException:  # noqa: BLE001 - the helper must never return into the caller's code
            status = 1
        finally:
            os._exit(status)
    os.close(requests_read)
    os.close(replies_write)
    _helper = _Helper(pid, os.fdopen(requests_write, "wb"), os.fdopen(replies_read, "rb"))
    atexit.register(stop)


def stop() -> None:
    global _helper
    if _helper is not None:
        _helper.close()
        _helper = None


def pdf(html: str, root: Path, **options) -> bytes:
    """The PDF of `html`: laid out with `weasy.render` and written with `weasy.write_pdf(**options)`."""
    return _call("pdf", html, root, **options)


def hb_subset_loaded() -> bool:
    return _call("hb_subset_loaded")


def _call(name: str, *args, **kwargs):
    if _helper is None:
        return _JOBS[name](*args, **kwargs)
    return _helper.call(name, args, kwargs)


def _pdf(html: str, root: Path, **options) -> bytes:
    from . import weasy

    return weasy.write_pdf(weasy.render(html, root), **options)


def _hb_subset_loaded() -> bool:
    from .weasy import has_hb_subset

    return has_hb_subset()


_JOBS = {"pdf": _pdf, "hb_subset_loaded": _hb_subset_loaded}


def _serve(requests, replies) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C: the caller reports it, the helper just ends
    from .libraries import import_weasyprint

    # Importing and laying out make millions of short-lived objects: collect less often, and never
    # rescan what the imports made (gc.freeze); this saves some 5–10 % of the helper's time.
    gc.set_threshold(10_000, 20, 20)
    try:
        import_weasyprint()
        from . import weasy  # noqa: F401 - what every job uses
        from .user_agent import lean_html_class

        lean_html_class()
    except BaseException:  # noqa: BLE001 - reported with the first job, which will fail the same way
        pass
    gc.freeze()
    while True:
        try:
            name, args, kwargs = pickle.load(requests)
        except EOFError:
            return
        reply = run_job(lambda: _JOBS[name](*args, **kwargs))
        pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
        replies.flush()


class _Helper:
    def __init__(self, pid: int, requests, replies):
        self.pid = pid
        self.requests = requests
        self.replies = replies

    def call(self, name: str, args: tuple, kwargs: dict):
        try:
            pickle.dump((name, args, kwargs), self.requests, protocol=pickle.HIGHEST_PROTOCOL)
            self.requests.flush()
            reply = pickle.load(self.replies)
        except (EOFError, BrokenPipeError) as exc:
            raise RuntimeError("PDF 排版子进程意外退出") from exc
        return value_of(reply)

    def close(self) -> None:
        close_quietly(self.requests, self.replies)
        try:
            os.kill(self.pid, signal.SIGKILL)  # idle or abandoned: nothing of it is needed any more
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
