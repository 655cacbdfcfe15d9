"""The intranet site: plain Markdown pages generated from the model, built by MkDocs.

pages are written by one module each (register, document, scenario, contacts, history); the
MkDocs plugin (`plugin.py`) hands them to MkDocs without writing them to disk; `builder.py` is the
`planpress build` builder that runs MkDocs strictly into a staging folder and swaps it in.
"""
