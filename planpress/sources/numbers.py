"""Document numbers: always a safe file name, and checked against the hospital's pattern in bounded time.

The number names the document's folder in build/ and site/ and every output file, so whatever
`document_number_pattern` in planpress.yaml allows, a number must be a plain name: it starts with a
letter or digit and holds only letters, digits, "-", "_" and "." (so never "." or "..", no "/" or
"\\", no control character), at most MAX_LENGTH characters.

The pattern is a regular expression written by a user. A pathological one, such as `^(a+)+$`,
makes Python's backtracking matcher take exponential time on a number that almost matches. The
match is timed: on the main thread a SIGALRM timer interrupts it after MATCH_SECONDS (CPython's
regex engine checks for signals while it backtracks), and the number's other rules are not run,
since they would try the same match again. Off the main thread (no timer can be set there; planpress
never checks there itself) the match runs untimed.
"""

from __future__ import annotations

import re
import signal
import threading

from ..problems import Location, Problem, error

MAX_LENGTH = 64
MATCH_SECONDS = 0.25
_SAFE = re.compile(r"[^\W_][\w.-]*")


def unsafe_reason(name: str) -> str | None:
    """Why `name` cannot be a folder or file name of the outputs, or None when it can."""
    if len(name) > MAX_LENGTH:
        return f"太长（{len(name)} 个字符，最多 {MAX_LENGTH} 个）"
    if not _SAFE.fullmatch(name):
        return "只能用字母、数字、“-”“_”“.”，并以字母或数字开头（不能是 . 或 ..，不能有 / \\ 空格或控制字符）"
    return None


class _TooSlow(Exception):
    pass


def fullmatch_within(pattern: str, text: str, seconds: float = MATCH_SECONDS) -> bool | None:
    """Whether `pattern` matches all of `text`; None when matching took longer than `seconds`."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return re.fullmatch(pattern, text) is not None
    armed = [True]

    def on_alarm(signum, frame):
        if armed[0]:
            raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    earlier = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        matched = re.fullmatch(pattern, text) is not None
        armed[0] = False
        return matched
    except _TooSlow:
        return None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier[0]:
            signal.setitimer(signal.ITIMER_REAL, *earlier)


def check_number(source, pattern: str, pattern_at: Location | None, archived: bool = False) -> tuple[list[Problem], bool]:
    """Problems of the `number` of a schema-valid document (a yamlsource.SourceFile), and whether
    the document's rules may run (not when matching the pattern would hang them)."""
    number = source.data.get("number")
    if not isinstance(number, str):
        return [], True
    problems = []
    at = source.at(("number",))
    reason = unsafe_reason(number)
    if reason:
        hint = "存档不应修改：用 git 恢复这个文件。" if archived else "改成医院编号格式的编号，例如 H-J-YA-028，并把文件改成同样的名字。"
        problems.append(error(at, "number", f"文件编号“{number}”不能用作文件名：{reason}。", hint))
    if fullmatch_within(pattern, number) is None:
        problems.append(error(pattern_at or at, "document_number_pattern",
                              f"文件编号格式（正则表达式）太复杂：检查编号“{number}”超过了 {MATCH_SECONDS} 秒"
                              "（嵌套的重复，例如 (a+)+，会让匹配的时间成倍增长）。",
                              "写成简单的格式，不要在重复的括号里再重复，例如 '^[A-Z]+(-[A-Z]+)*-[0-9]{3}$'。"))
        return problems, False
    return problems, True
