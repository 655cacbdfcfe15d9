"""What a version's state prints on its pages; the words themselves are in the template.

DRAFT: a diagonal 草稿 watermark on every page (no complete approval of this content).
APPROVED: nothing (approved, not yet released). EFFECTIVE: the red 受控 mark on page 1.
SUPERSEDED: a diagonal 作废 on every page.
"""

from __future__ import annotations

import dataclasses

from ..model import State


@dataclasses.dataclass(frozen=True)
class Marks:
    state: str  # draft / approved / effective / superseded: CSS class and template switch
    watermark: bool  # across every page
    controlled: bool  # 受控 on page 1


def marks_for(state: State) -> Marks:
    name = state.name.lower()
    return Marks(name, watermark=state in (State.DRAFT, State.SUPERSEDED), controlled=state is State.EFFECTIVE)
