"""planpress: hospital controlled documents (受控文件) kept as structured YAML, rendered as a
signed-off PDF, wall-posted emergency cards and a searchable intranet site from one model."""

from .model import Document, Project
from .problems import Problem, SourceError

__all__ = ["Document", "Problem", "Project", "SourceError", "check", "load"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # check and load bring in the YAML parser and the JSON Schema validator (0.2 s); imported on
    # first use, so that `planpress build` can start slow preparations before paying for them.
    if name in ("check", "load"):
        from . import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'planpress' has no attribute {name!r}")
