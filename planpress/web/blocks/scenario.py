"""A scenario's form (处置场景): its key and title, and its steps, each with who does it, whom to
call (picked from the directory, numbers shown), the words linked to the directory, and the card
wording counted against what a card holds on its paper (planpress/cards/room.py)."""

from __future__ import annotations

from typing import Any

import json

from ...cards.room import budgets
from . import BlockEditor, EditContext
from .widgets import Widget


class ScenarioEditor(BlockEditor):
    label = "处置场景"

    def widgets(self, value: Any, context: EditContext) -> Widget:
        root = super().widgets(value, context)
        steps = root.child["steps"]
        steps.label = "处置步骤（印为 a. b. c.；每步生成卡片上的一行）"
        paper = context.project.config.card_paper if context.project is not None else "A4"
        on_card = [s for s in (value or {}).get("steps", []) if isinstance(s, dict) and s.get("card") is not False] \
            if isinstance(value, dict) else []
        steps.extra.update(paper=paper, count=len(on_card), budgets=json.dumps(budgets(paper)))
        root.child["key"].help = "场景的键：英文小写字母、数字和连字符，用于卡片文件名和网址，例如 fire。"
        actors = sorted({s.actor for d in (context.project.documents if context.project else ())
                         for sc in d.scenarios for s in sc.steps if s.actor})
        for step in [*steps.children, steps.template]:
            step.extra["template"] = "blocks/scenario_step.html"
            step.child["text"].label = "正文（印在文件里）"
            step.child["actor"].extra["datalist"] = "actors"
            step.child["call"].label = "要打的电话（卡片上按院区印出号码）"
            step.child["mentions"].label = "正文里的称呼 → 通讯录（保留原文措辞，只做链接）"
            card = step.child["card"]
            card.label = "卡片上的措辞（不写 = 用正文；不写电话号码）"
        root.extra["actors"] = actors
        return root


EDITOR = ScenarioEditor
