"""What `planpress doctor` finds out: the settings' fonts on this machine and the versions of the
typesetting libraries, including whether HarfBuzz's subsetter (hb-subset) is loaded."""

from __future__ import annotations

import ctypes
import platform
from pathlib import Path

from ..model import Config
from ..problems import SourceError


def read_config(path: Path, problems: list[str]) -> Config | None:
    """Only the settings file: the doctor must work even when a plan has errors."""
    from ..model import assemble
    from ..sources import schema
    from ..sources.yamlsource import read_source

    try:
        source = read_source(path)
    except SourceError as exc:
        problems += [str(p) for p in exc.problems]
        return None
    found = schema.validate(source, "config")
    if found:
        problems += [str(p) for p in found]
        return None
    return assemble.config_from(source)


def versions() -> tuple[list[tuple[str, str]], bool]:
    from ..render.weasy import has_hb_subset

    versions = [("Python", platform.python_version())]
    try:
        subset = has_hb_subset()
    except Exception as exc:  # WeasyPrint itself cannot load: say so, keep reporting
        versions.append(("WeasyPrint", f"无法加载（{exc}）"))
        return versions, False
    import weasyprint
    from weasyprint.text.ffi import pango

    versions.append(("WeasyPrint", weasyprint.__version__))
    versions.append(("Pango", _dotted(pango.pango_version())))
    versions.append(("HarfBuzz", _c_string("libharfbuzz.so.0", "hb_version_string")))
    versions.append(("fontconfig", _dotted(_c_int("libfontconfig.so.1", "FcGetVersion"))))
    return versions, subset


def _dotted(number: int | None) -> str:
    """15012 → 1.50.12 (Pango), 21400 → 2.14.0 (fontconfig)."""
    if number is None:
        return "未知"
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _c_string(library: str, function: str) -> str:
    try:
        call = getattr(ctypes.CDLL(library), function)
    except (OSError, AttributeError):
        return "未知"
    call.restype = ctypes.c_char_p
    return call().decode()


def _c_int(library: str, function: str) -> int | None:
    try:
        return int(getattr(ctypes.CDLL(library), function)())
    except (OSError, AttributeError):
        return None
