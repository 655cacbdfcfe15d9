"""planpress: hospital controlled documents (受控文件) kept as structured YAML, rendered as a
signed-off PDF, wall-posted emergency cards and a searchable intranet site from one model."""

__all__ = ["Document", "Problem", "Project", "SourceError", "check", "load"]
__version__ = "0.1.0"

# Imported on first use: the loader brings in the YAML parser and the JSON Schema validator (0.2 s),
# and `planpress build` starts loading the PDF engine in a helper process before paying for them.
_LAZY = {"check": "model.loader", "load": "model.loader", "Document": "model", "Project": "model",
         "Problem": "problems", "SourceError": "problems"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'planpress' has no attribute {name!r}")
