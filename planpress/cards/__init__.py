"""Wall-posted quick cards (应急处置卡): one per scenario per campus, plus a contact card per campus.

`build` is the builder registered as "cards" in planpress.builders. It is imported lazily so that
`planpress check`, which uses `planpress.cards.rules`, does not pay for WeasyPrint.
"""

from __future__ import annotations


def build(project, documents, options):
    from .builder import build as build_cards
    return build_cards(project, documents, options)


def plan(project, documents, options):
    from .builder import plan as plan_cards
    return plan_cards(project, documents, options)
