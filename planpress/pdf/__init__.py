"""The signed-off PDF of a controlled document, in the hospital's layout.

    build(project, documents, options) -> list[Path]    the `pdf` builder of `planpress build`

Modules, one job each: fonts (find the configured fonts, prove they cover every character),
marks (what the document's state prints: 草稿, 作废, 受控), view (the model arranged for the
template), signatures (where the signature stamps go), render (HTML → PDF bytes), builder.
"""

from .builder import build

__all__ = ["build"]
