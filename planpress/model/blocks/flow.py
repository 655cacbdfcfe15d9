"""A flowchart (工作流程) as nodes and arrows, laid out by Graphviz when rendered
(render/flowchart.py). Counted through the document (图 N) without taking a clause number."""

from __future__ import annotations

from ...problems import Location
from ...sources.suggest import did_you_mean
from ..base import Clause, frozen
from . import BlockType


@frozen
class FlowNode:
    key: str  # given, or generated (#1, #2 …) for nodes nobody refers to
    text: str
    kind: str  # start, step, decision, end
    targets: tuple[tuple[str, str], ...]  # (branch label or "", target key), in order


@frozen
class Flow:
    number: int  # 图 N, counted through the document
    title: str
    nodes: tuple[FlowNode, ...]
    location: Location

    @property
    def caption(self) -> str:
        return f"图 {self.number} {self.title}" if self.title else f"图 {self.number}"

    def node(self, key: str) -> FlowNode:
        return next(n for n in self.nodes if n.key == key)


def flow_steps(flow: Flow) -> list[tuple]:
    """Each node of a flowchart with where it leads, as a reader follows it: "是 → 启动…；否 → …"."""
    return [(node, "；".join(f"{label} → {flow.node(key).text}" if label else f"→ {flow.node(key).text}"
                            for label, key in node.targets))
            for node in flow.nodes]


class FlowType(BlockType):
    name = "flow"
    order = 40
    node_schema = "#/$defs/flow"
    schema_defs = {
        "flow_node": {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {
                "key": {"description": "节点的键（被 next 或 branches 引用时才需要）", "$ref": "#/$defs/key"},
                "text": {"$ref": "#/$defs/line"},
                "next": {"description": "下一步：节点的键、键的列表；[] 表示流程在这里结束。不写 = 列表里的下一个节点",
                         "oneOf": [{"$ref": "#/$defs/key"}, {"type": "array", "items": {"$ref": "#/$defs/key"}}]},
                "branches": {"description": "判断：分支的说明 → 节点的键，例如 {是: escalate, 否: handle}",
                             "type": "object", "minProperties": 2, "additionalProperties": {"$ref": "#/$defs/key"}},
            },
        },
        "flow": {
            "description": "流程图：节点和走向（判断有分支），自动排版",
            "type": "object", "additionalProperties": False, "required": ["type", "nodes"],
            "properties": {
                "type": {"const": "flow"},
                "title": {"description": "图题（印为“图 N 图题”）", "$ref": "#/$defs/line"},
                "nodes": {"type": "array", "minItems": 2, "maxItems": 80, "items": {"$ref": "#/$defs/flow_node"}},
            },
        },
    }

    def check(self, rules, path, node):
        nodes = node["nodes"]
        keys: dict[str, int] = {}
        for n, item in enumerate(nodes):
            key = item.get("key")
            if key in keys:
                rules.error(path + ("nodes", n, "key"), f"节点的键“{key}”与第 {keys[key] + 1} 个节点重复。",
                            "同一张流程图里每个节点用不同的键。")
            if key:
                keys.setdefault(key, n)
            if "next" in item and "branches" in item:
                rules.error(path + ("nodes", n), "一个节点里 next 和 branches 只能写一个。",
                            "判断节点写 branches（分支说明: 节点的键），其他节点写 next。")
        reached = {0}
        for n, item in enumerate(nodes):
            targets = list(item["branches"].items()) if "branches" in item else \
                [("", k) for k in (item["next"] if isinstance(item.get("next"), list) else [item["next"]])] \
                if "next" in item else ([("", None)] if n + 1 < len(nodes) else [])
            for label, key in targets:
                if key is None:
                    reached.add(n + 1)
                    continue
                if key not in keys:
                    where = path + ("nodes", n, "branches", label) if label else path + ("nodes", n, "next")
                    rules.error(where, f"流程图里没有键为“{key}”的节点。",
                                did_you_mean(key, list(keys)) + f"已有的键：{'、'.join(keys) or '（没有节点写 key）'}。")
                else:
                    reached.add(keys[key])
        for n, item in enumerate(nodes):
            if n not in reached:
                rules.warn(path + ("nodes", n), f"流程图的节点“{item['text']}”没有任何箭头指向它。",
                           "检查前面节点的 next 或 branches 是否漏写了它的键。")

    def assemble(self, builder, node, numbering, path):
        raw = node["nodes"]
        keys = [n.get("key") or f"#{i + 1}" for i, n in enumerate(raw)]
        nodes = []
        for i, item in enumerate(raw):
            if "branches" in item:
                targets = tuple((label, key) for label, key in item["branches"].items())
            elif "next" in item:
                following = item["next"] if isinstance(item["next"], list) else [item["next"]]
                targets = tuple(("", key) for key in following)
            else:
                targets = (("", keys[i + 1]),) if i + 1 < len(raw) else ()
            kind = "decision" if "branches" in item else "start" if i == 0 else "end" if not targets else "step"
            nodes.append(FlowNode(keys[i], item["text"], kind, targets))
        flow = Flow(builder.count("flow"), node.get("title", ""), tuple(nodes), builder.at(path))
        return [Clause(kind="flow", number="", title=flow.caption, text="", children=(), location=flow.location,
                       anchor=f"figure-{flow.number}", block=flow)]

    def fingerprint(self, clause, shown):
        return [[node.key, node.text, node.kind, [list(t) for t in node.targets]] for node in clause.block.nodes]

    def lines(self, clause):
        flow = clause.block
        return [flow.caption] + [f"{node.text}{'  ' + leads if leads else ''}" for node, leads in flow_steps(flow)]

    def texts(self, clause):
        flow = clause.block
        yield flow.caption, flow.location
        yield from ((node.text, flow.location) for node in flow.nodes)
        yield from ((label, flow.location) for node in flow.nodes for label, _ in node.targets)

    def diff_items(self, clause, label):
        """A flowchart node by node, each with where it leads."""
        label = f"{label} 图 {clause.block.number}".strip()
        return [(f"{label} 节点", f"{node.text}{'（' + leads + '）' if leads else ''}") for node, leads in flow_steps(clause.block)]


TYPE = FlowType()
