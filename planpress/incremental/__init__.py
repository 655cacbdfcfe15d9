"""Building only what changed: `planpress build` on a register of hundreds of documents.

Three levels, each keyed on everything that determines the bytes below it:

1. `fastpath`: one stamp for the whole build. Its key is the bytes of every file of source/,
   templates/ and the project's mkdocs.yml, planpress's own files, the installed libraries, the
   state of the fonts, today's date and the command line; with it, a digest of every output.
   When both match, nothing can have changed: the last build's report is printed again and the
   process ends before importing anything heavy (no model, no WeasyPrint, no MkDocs).
2. `register`: the model, one document at a time. Each document's checked and assembled model
   (with its released versions and its problems) is kept in .cache/documents/, keyed on its own
   files and on the files every document depends on (contacts.yaml, planpress.yaml, today). An
   edited document is read again; the others are unpickled.
3. Each output: a PDF by its HTML (`pdf.freshness`), a document's cards by the HTML of their
   passes (`cards_freshness`), a site page by its Markdown (`site.pagecache`). These texts are
   made again on every build that gets this far, because making them is cheap and they are exact:
   whatever changes an output changes them. Only the expensive steps (WeasyPrint, MkDocs' page
   rendering and the search index's segmentation) are skipped for outputs whose text is unchanged.

A document with an error is left out of every output and keeps its previous outputs; the site
shows its last good version (`good`), and the register marks it. `orchestrate` lays out the PDFs
and cards of all documents on the warm helper processes of `render.pool`. `shards` picks a stable
share of the documents for one job of a CI system's parallel build.
"""
