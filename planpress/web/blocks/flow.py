"""A flowchart's form (工作流程): its title and nodes, each with its key and text, and where it
leads: the next node (default), chosen nodes, the end, or branches of a decision (是 → …, 否 → …),
each node shown with what the model makes of it (开始 · 步骤 · 判断 · 结束, and how it reads)."""

from __future__ import annotations

from typing import Any

from ...model.blocks.flow import flow_steps
from . import BlockEditor, EditContext
from .widgets import Widget

KINDS = {"start": "开始", "step": "步骤", "decision": "判断", "end": "结束"}


class FlowEditor(BlockEditor):
    label = "流程图"

    def widgets(self, value: Any, context: EditContext) -> Widget:
        root = super().widgets(value, context)
        nodes = root.child["nodes"]
        nodes.label = "节点（按顺序；不写去向 = 接着下一个节点）"
        raw = value.get("nodes") if isinstance(value, dict) and isinstance(value.get("nodes"), list) else []
        keys = [(n["key"], f"{n['key']}（{n.get('text', '')}）") for n in raw if isinstance(n, dict) and n.get("key")]
        clause = context.clause_at(())
        flow = getattr(clause, "block", None)
        reading = flow_steps(flow) if flow is not None and hasattr(flow, "nodes") else []
        for index, node in enumerate([*nodes.children, nodes.template]):
            item = raw[index] if index < len(nodes.children) and isinstance(raw[index], dict) else {}
            node.child["key"].help = "只有被别的节点指向时才需要：英文小写字母、数字和连字符。"
            following = item.get("next")
            chosen = following if isinstance(following, list) else ([following] if following else [])
            node.children[node.children.index(node.child["next"])] = Widget(
                "flow_next", node.child["next"].name, "去向", value=chosen, key="next", choices=keys,
                extra={"template": "blocks/flow_next.html", "end": following == [], "read": read_next})
            for pair in [*node.child["branches"].children, node.child["branches"].template]:
                target = pair.child["v"]
                pair.children[1] = Widget("choice", target.name, "去到", value=target.value, key="v", choices=keys)
                pair.children[0].label = "分支（例如 是、否）"
            node.child["branches"].label = "判断的分支（写了分支就不写去向）"
            if index < len(reading):
                model_node, leads = reading[index]
                node.number = KINDS.get(model_node.kind, "")
                node.extra["reads"] = leads
        return root



def read_next(raw: Any) -> Any:
    """The posted 去向 of a node: [] for the end, a key, several keys, or None (the next node)."""
    if not isinstance(raw, dict):
        return None
    if raw.get("end") in ("1", "on"):
        return []
    chosen = raw.get("to")
    chosen = [c for c in (chosen if isinstance(chosen, list) else [chosen]) if isinstance(c, str) and c.strip()]
    return chosen[0] if len(chosen) == 1 else (chosen or None)


EDITOR = FlowEditor
