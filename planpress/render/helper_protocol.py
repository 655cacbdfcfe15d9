"""What a forked helper process sends back for a job, and how the caller reads it.

The PDF helper (render.worker) and the cards' helpers (cards.helpers) both run jobs in processes
forked from `planpress build` and pickle a reply through a pipe: ("ok", value), ("problems", the
SourceError's problems, which the caller raises again as they are) or ("crash", message, traceback).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

from ..problems import SourceError


def run_job(job: Callable[[], Any]) -> tuple:
    """The reply for `job()`: never raises, whatever the job does."""
    try:
        return ("ok", job())
    except SourceError as exc:
        return ("problems", exc.problems)
    except BaseException as exc:  # noqa: BLE001 - handed to the caller, which raises it
        return ("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc())


def value_of(reply: tuple) -> Any:
    """The job's value, or its SourceError raised here, or a RuntimeError for a crash (the helper's
    traceback is printed when PLANPRESS_DEBUG is set)."""
    status, *payload = reply
    if status == "ok":
        return payload[0]
    if status == "problems":
        raise SourceError(payload[0])
    message, details = payload
    if os.environ.get("PLANPRESS_DEBUG"):
        print(details, file=sys.stderr)
    raise RuntimeError(message)


def close_quietly(*streams) -> None:
    for stream in streams:
        try:
            stream.close()
        except OSError:
            pass
