"""An attachment of clauses on the site: its clause tree, as the document's own."""

from __future__ import annotations


def attachment(page, item) -> list[str]:
    return [page.tree(clause) for clause in item.clauses]
