"""An emergency and its ordered steps (处置场景): numbered as a clause whose steps are lettered;
each makes an 应急处置卡 per campus (planpress.cards draws it) and a page of the site."""

from __future__ import annotations

import re

from ...problems import Location
from ...sources.names import CONTACT_CARD
from ...sources.yamlsource import format_field
from ..base import Clause, Contact, Mention, anchor_of, frozen
from . import BlockType
from .clause import letter

# A phone number typed in a card's wording, where only the call box may show numbers.
_DIGITS = re.compile(r"\d{3,}")


@frozen
class Step:
    letter: str
    text: str
    actor: str  # empty only for a step left off the card
    calls: tuple[Contact, ...]
    mentions: tuple[Mention, ...]
    card: str | None
    location: Location
    on_card: bool = True  # `card: false` leaves the step off the card (it stays in the document)

    @property
    def card_text(self) -> str:
        """The wording for a card: the short form where the source gives one, else the text."""
        return self.card or self.text


@frozen
class Scenario:
    key: str
    number: str
    title: str
    steps: tuple[Step, ...]
    location: Location
    anchor: str = ""  # of its clause (5-5-2, article-12)
    citation: str = ""  # how its card cites it: 第 5.5.2 条, 第十二条

    def __post_init__(self):
        if not self.anchor:
            object.__setattr__(self, "anchor", anchor_of(self.number))
        if not self.citation:
            object.__setattr__(self, "citation", f"第 {self.number} 条")

    @property
    def card_steps(self) -> tuple[Step, ...]:
        """The steps its card shows."""
        return tuple(step for step in self.steps if step.on_card)

    @property
    def calls(self) -> tuple[Contact, ...]:
        """Everyone a step of this scenario says to call, in order of first mention."""
        seen: dict[str, Contact] = {}
        for step in self.steps:
            for contact in step.calls:
                seen.setdefault(contact.key, contact)
        return tuple(seen.values())

    @property
    def actors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(step.actor for step in self.steps))


class ScenarioType(BlockType):
    numbered = True
    name = "scenario"
    order = 20
    kinds = ()  # its clause and steps are plain clauses; planpress.cards and the site's scenario pages draw it
    node_schema = "#/$defs/scenario"
    schema_defs = {
        "step": {
            "type": "object", "additionalProperties": False, "required": ["text"],
            "properties": {
                "text": {"description": "预案正文（原文）", "$ref": "#/$defs/text"},
                "actor": {"description": "谁来做，例如 发现人员、值班人员", "$ref": "#/$defs/line"},
                "call": {"description": "要打给谁：contacts.yaml 的键", "type": "array", "items": {"$ref": "#/$defs/key"}},
                "mentions": {"$ref": "#/$defs/mentions"},
                "card": {"description": "卡片上的简短措辞（忠实于正文，不写电话号码）；false 表示这一步不上卡片",
                         "oneOf": [{"$ref": "#/$defs/text"}, {"const": False}]},
            },
        },
        "scenario": {
            "description": "一个突发事件的处置步骤：生成应急处置卡",
            "type": "object", "additionalProperties": False, "required": ["type", "key", "title", "steps"],
            "properties": {
                "type": {"const": "scenario"},
                "key": {"description": "场景的键，用于文件名和网址，例如 fire", "$ref": "#/$defs/key"},
                "title": {"$ref": "#/$defs/line"},
                "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/step"}},
            },
        },
    }

    def data_texts(self, node, path):
        for s, step in enumerate(node.get("steps") or []):
            yield path + ("steps", s, "text"), step["text"]
            if isinstance(step.get("card"), str):
                yield path + ("steps", s, "card"), step["card"]

    def data_mentions(self, node, path):
        for s, step in enumerate(node.get("steps") or []):
            if isinstance(step.get("mentions"), dict):
                yield path + ("steps", s), step["text"], step["mentions"]

    def check(self, rules, path, node):
        key = node["key"]
        if key == CONTACT_CARD:
            rules.error(path + ("key",), f"场景的键不能叫“{CONTACT_CARD}”（这是联络卡的名字）。",
                        "换一个键，例如 fire、water-leak。")
        seen = rules.scenario_keys
        if key in seen:
            rules.error(path + ("key",), f"场景的键“{key}”与 {format_field(seen[key])} 的场景重复。",
                        "同一文件里每个场景用不同的键。")
        seen.setdefault(key, path)
        for t, step in enumerate(node["steps"]):
            here = path + ("steps", t)
            for c, called in enumerate(step.get("call", [])):
                rules.contact_key(here + ("call", c), called, campuses_needed=True)
            card = step.get("card", "")
            if isinstance(card, str) and _DIGITS.search(card):
                rules.error(here + ("card",), f"卡片措辞里写了号码“{_DIGITS.search(card).group(0)}”。",
                            "号码只来自通讯录：删掉措辞里的号码，把联系人写进 call，卡片会按院区显示号码。")
            if card is not False and not step.get("actor"):
                rules.error(here, "这一步没有写谁来做（actor），卡片上要印。",
                            "加上 actor: 发现人员（或 值班人员、现场人员……）；这一步不上卡片时写 card: false。")
        if all(step.get("card") is False for step in node["steps"]):
            rules.error(path + ("steps",), f"场景“{node['title']}”的每一步都写了 card: false，卡片上就没有步骤了。",
                        "至少留一步上卡片；不需要卡片的内容不要写成 type: scenario，写成普通条款。")

    def assemble(self, builder, node, numbering, path):
        n = numbering()
        steps = tuple(
            Step(letter=letter(i), text=step["text"], actor=step.get("actor", ""),
                 calls=tuple(builder.directory.contacts[k] for k in step.get("call", [])),
                 mentions=builder.mentions(step.get("mentions")),
                 card=step["card"] if isinstance(step.get("card"), str) else None,
                 location=builder.at(path + ("steps", i)), on_card=step.get("card", True) is not False)
            for i, step in enumerate(node["steps"]))
        scenario = Scenario(node["key"], n.number, node["title"], steps, builder.at(path), anchor_of(n.anchor), n.citation)
        builder.scenarios.append(scenario)
        if len(steps) == 1:  # a single step reads as one paragraph: "5.5.5 标题：正文"
            step = steps[0]
            return [n.clause(kind="clause", title=scenario.title, text=step.text, children=(),
                             location=scenario.location, run_in=True, mentions=step.mentions)]
        style = builder.styles.item_style_name(0)
        letters = tuple(Clause(kind="letter", number=builder.item_label(0, i), title="", text=step.text, children=(),
                               location=step.location, mentions=step.mentions,
                               anchor=anchor_of(builder.item_anchor(n.anchor, 0, i, f"{step.letter}.")), style=style)
                        for i, step in enumerate(steps))
        return [n.clause(kind="clause", title=scenario.title, text="", children=letters, location=scenario.location)]


TYPE = ScenarioType()
