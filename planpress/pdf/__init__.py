"""The signed-off PDF of a controlled document, in the hospital's layout.

    build(project, documents, options) -> list[Path]    the `pdf` builder of `planpress build`
    plan(project, documents, options) -> Plan           its work per document, for render.jobs

Modules, one job each: fonts (find the configured fonts, prove they cover every character),
marks (what the document's state prints: 草稿, 作废, 受控), view (the model arranged for the
template), signatures (where the signature stamps go), render (HTML → PDF bytes), builder.
"""

__all__ = ["build", "plan"]


def __getattr__(name: str):
    # Imported on first use: the PDF helper process unpickles `signatures.mark_signature_cells`
    # and must not pay for the builder's imports (Jinja2, the loader) on the way.
    if name in ("build", "plan"):
        from . import builder

        return getattr(builder, name)
    raise AttributeError(f"module 'planpress.pdf' has no attribute {name!r}")
