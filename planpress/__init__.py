"""planpress: hospital controlled documents (受控文件) kept as structured YAML, rendered as a
signed-off PDF, wall-posted emergency cards and a searchable intranet site from one model."""

from .loader import check, load
from .model import Document, Project
from .problems import Problem, SourceError

__all__ = ["Document", "Problem", "Project", "SourceError", "check", "load"]
__version__ = "0.1.0"
