"""Import WeasyPrint without paying for its library search.

WeasyPrint opens Pango, HarfBuzz and fontconfig through cffi, trying several names per library.
cffi asks `ctypes.util.find_library` about each name, and on Linux every miss runs `ldconfig`,
then `gcc`, then `ld` in a subprocess: about 0.25 s of a 1 s PDF build on this machine. During
the import we answer those questions from one `ldconfig -p` listing instead; the names WeasyPrint
finally loads (libpango-1.0.so.0, …) are the same.
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import re
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType


def import_weasyprint() -> ModuleType:
    if "weasyprint" not in sys.modules and sys.platform.startswith("linux"):
        with _library_search_from_cache(), contextlib.suppress(OSError):
            import weasyprint  # noqa: F401
    import weasyprint  # elsewhere, or if the cache missed a library: the ordinary search

    return weasyprint


@contextlib.contextmanager
def _library_search_from_cache() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = _find_library
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _find_library(name: str) -> str | None:
    """The soname of lib`name` as `ldconfig -p` lists it, like ctypes' first strategy."""
    match = re.search(rf"\s(lib{re.escape(name)}\.so[^\s]*)\s+\(", _ldconfig_listing())
    return match.group(1) if match else None


@functools.cache
def _ldconfig_listing() -> str:
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        with contextlib.suppress(OSError):
            return subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False,
                                  env={"LC_ALL": "C", "LANG": "C"}).stdout
    return ""
