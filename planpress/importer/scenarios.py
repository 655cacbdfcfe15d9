"""A plan's emergency measures (5.5 突发事件应急措施 of the seed) into `type: scenario` nodes.

Each measure becomes a scenario and each of its lettered steps a step. What the card needs and the
text does not say outright is only proposed, and every proposal is marked for review in a YAML
comment: `actor` (the subject of the step's main clause), `call` (the departments the step names
that have numbers in the directory), `mentions` (those names and 119/110 linked to their entries),
the scenario `key`. `card` is left out: the card then shows the procedure text. Import never
invents an instruction.
"""

from __future__ import annotations

import re

from .contacts import Directory, mentions_in
from .data import Map, Seq
from .rejoin import title_like as heading_like
from .report import Report
from .tree import Node

MEASURES = re.compile(r"应急措施|处置措施|应急处置|处置程序|处置流程|响应措施|现场处置|处置方案")
KEY_WORDS = [("火灾", "fire"), ("火情", "fire"), ("漏水", "water-leak"), ("跑水", "water-leak"), ("水浸", "flood"),
             ("洪水", "flood"), ("盗窃", "theft"), ("失窃", "theft"), ("停电", "power-outage"), ("断电", "power-outage"),
             ("停水", "water-outage"), ("停气", "gas-outage"), ("地震", "earthquake"), ("台风", "typhoon"),
             ("爆炸", "explosion"), ("泄漏", "leak"), ("中毒", "poisoning"), ("暴力", "violence"), ("暴恐", "violence"),
             ("踩踏", "stampede"), ("电梯", "elevator"), ("传染", "infection"), ("纠纷", "dispute"),
             ("困人", "entrapment"), ("病毒", "virus"), ("勒索", "ransomware"), ("宕机", "down"), ("中断", "outage"),
             ("网络", "network"), ("信息系统", "it-system"), ("系统", "system"), ("数据", "data"), ("设备", "equipment"),
             ("软件", "software"), ("药品", "drugs"), ("输血", "transfusion"), ("氧气", "oxygen")]
PERSON = re.compile(r"^(?:由)?([\u4e00-\u9fff]{0,6}?(?:人员|专人|指挥员|负责人|值班员|护士长|主任|医师|护士|人|科|处|部|中心|小组))"
                    r"(?=要|应|须|必须|立即|立刻|及时|负责|发现|到达|对|将|向|迅速|马上|第一时间|在|做好|按|通知|报告|拨打|组织|确认|隔离"
                    r"|决定|宣布|启动|检查|关闭|填写|记录|安抚|设置|疏导|联系|协调|处置|执行|接报|接到|收到)")
FINDER = re.compile(r"^(?:一旦|如)?发现.+(后|时)$")  # “发现……后，……”: whoever found it acts
NOT_SUBJECT = re.compile(r"^(要|应|须|并|请|立即|及时|安排|组织|通知|指派|由)")
SCENARIO_LABEL = re.compile(r"^([^，。；、,;：:《》“”]{1,24})[：:](.+)$")
TEMPORAL = re.compile(r"(后|时|前|期间|以后|之后|的)$|^(在|为|如|若|当|如果|一旦|遇|预计)")
FINDER_ACTOR = "发现人员"
DEFAULT_ACTOR = "现场人员"


def is_measures(node: Node) -> bool:
    own = node.text[0] if node.text else ""
    return bool(node.clauses()) and heading_like(own) and bool(MEASURES.search(own))


def key_for(title: str, used: set[str]) -> str:
    found = sorted((title.find(word), key) for word, key in KEY_WORDS if word in title)
    parts: list[str] = []
    for _, key in found:
        if key not in parts and not any(key in p for p in parts):
            parts.append(key)
    base = "-".join(parts[:2]) or "scenario"
    key, n = base, 2
    while key in used:
        key, n = f"{base}-{n}", n + 1
    used.add(key)
    return key


def actor_of(text: str) -> tuple[str, bool]:
    """(actor, found in the text). The subject of the first main clause; else of a "…后/…时" clause."""
    sentence = re.split(r"[。；;]", text, maxsplit=1)[0]
    parts = [p.strip() for p in re.split(r"[，,]", sentence) if p.strip()]
    fallback = None
    for part in parts:
        match = PERSON.match(part)
        if TEMPORAL.search(part):
            if match and fallback is None and not NOT_SUBJECT.match(match.group(1)):
                fallback = match.group(1)
            elif fallback is None and FINDER.match(part):
                fallback = FINDER_ACTOR
            continue
        if match and not NOT_SUBJECT.match(match.group(1)):
            return match.group(1), True
        break
    if fallback:
        return fallback, True
    return DEFAULT_ACTOR, False


def step(text: str, directory: Directory) -> Map:
    result = Map(text=text)
    actor, found = actor_of(text)
    result["actor"] = actor
    result.note("actor", "待核对：导入从正文推测的执行人（句子的主语）" if found else "待核对：原文没有写明由谁来做，导入暂填现场人员")
    mentioned = mentions_in(text, directory)
    # the departments the step names, except the one that acts (“信息科按时限到场” does not call 信息科)
    calls = Seq(dict.fromkeys(entry.key for word, entry in mentioned if entry.phones and not (found and word == actor)))
    if calls:
        result["call"] = calls
        result.note("call", "待核对：正文提到、通讯录里有电话的科室；卡片显示它们的号码")
    if mentioned:
        result["mentions"] = Map({word: entry.key for word, entry in mentioned})
        result.note("mentions", "待核对：正文里的称呼链接到通讯录条目")
    return result


def scenario(node: Node, directory: Directory, used: set[str], report: Report) -> Map | None:
    """The scenario a measure clause is, or None when its shape is not title + steps."""
    own, rest = (node.text[0], node.text[1:]) if node.text else ("", [])
    title, texts = None, []
    if node.items and not node.children and heading_like(own) and not rest:
        if any(item.items for item in node.items):
            return None
        title = own.rstrip("：:")
        texts = ["".join(item.text) for item in node.items]
    elif node.children and not node.items and heading_like(own) and not rest:
        if any(not isinstance(c, Node) or c.children or c.items for c in node.children):
            return None
        title = own.rstrip("：:")
        texts = ["".join(c.text) for c in node.children]
    elif not node.children and not node.items and (labelled := SCENARIO_LABEL.match(own)):
        title, first = labelled.group(1).strip(), labelled.group(2).strip()
        texts = [first] + rest
    elif not node.children and not node.items and heading_like(own) and rest:
        title, texts = own.rstrip("：:"), rest
    if not title or not texts:
        return None
    result = Map(type="scenario")
    result["key"] = key_for(title, used)
    result.note("key", "待核对：导入拟的键（用于文件名、网址和卡片样式），可以改成更合适的英文小写词")
    result["title"] = title
    result["steps"] = Seq(step(text, directory) for text in texts)
    report.review(node.place, f"场景“{title}”：每一步的执行人（actor）、要打的电话（call）和链接（mentions）是导入推测的，"
                  "已在 YAML 里标“待核对”；卡片措辞（card）留空，卡片显示正文。",
                  "逐条核对后删掉“待核对”的注释；需要更短的卡片措辞时再写 card（须忠实于正文）。")
    return result
