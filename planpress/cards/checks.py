"""The cards' part in loading a project (model/hooks.py): what the cards need of the sources,
checked before anything is built (cards/rules.py)."""

from __future__ import annotations

from ..model import hooks
from .rules import check_cards


class CardsStage(hooks.Stage):
    name = "cards"
    order = 50

    def on_documents(self, run):
        if not run.documents:
            return []
        return check_cards(run.config, run.directory, list(run.documents), run.root, whole_source=run.whole_source)


STAGE = CardsStage()
