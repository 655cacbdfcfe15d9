"""One page per scenario (5.5.x): the steps, whom to call at each campus and the card previews.

A card's QR code points here, so the page answers the question of someone standing at the post:
what to do, in order, and which number to dial at this campus.
"""

from __future__ import annotations

from ..model import Document, Scenario
from . import markdown as md
from . import cards, paths, prose
from .downloads import Downloads


def page(doc: Document, scenario: Scenario, downloads: Downloads) -> str:
    here = paths.scenario(doc, scenario.key)
    return md.page(
        md.front_matter(),
        md.heading(1, md.text(f"{scenario.number} {scenario.title}")),
        source_line(doc, scenario, here),
        calls_section(doc, scenario, here),  # first: on a phone at the scene, one tap dials
        md.heading(2, "处置步骤", "steps"),
        *(step_paragraph(doc, step, here) for step in scenario.steps),
        cards_section(doc, scenario, downloads, here),
        md.paragraph("其他科室的电话见" + md.link("通讯录", md.relative(here, paths.contacts())) + "。"),
    )


def source_line(doc: Document, scenario: Scenario, here: str) -> str:
    document = md.relative(here, paths.document(doc))
    citation = scenario.citation
    if citation == f"第 {scenario.number} 条":  # 第 5.5.2 条: the number is the link
        clause = f"第 {md.link(md.text(scenario.number), md.relative(here, paths.document(doc), scenario.anchor))} 条"
    else:  # 第十二条: the whole citation is
        clause = md.link(md.text(citation), md.relative(here, paths.document(doc), scenario.anchor))
    return md.paragraph(
        f"出自 {md.link(md.text(f'{doc.number}《{doc.title}》'), document)} {clause}"
        f" · 版本/修订 {md.text(doc.version.display)} · {md.text(doc.state.value)}", "", "pp-source")


def step_paragraph(doc: Document, step, here: str) -> str:
    body = prose.with_mentions(step.text, step.mentions, doc.campuses, here)
    # Searched on the document page (clause 5.5.x), so a search lists each step once.
    who = f"**{md.text(step.letter)}. {md.text(step.actor)}**" if step.actor else f"**{md.text(step.letter)}.**"
    return md.paragraph(f"{who}　{body}",
                        f"step-{step.letter}", "pp-step", "data-search-exclude")


def calls_section(doc: Document, scenario: Scenario, here: str) -> str:
    """Whom to call, at each campus: the contacts the steps call, then the duty officer for nights
    and holidays (the contact form's duty phone, as on the card)."""
    calls = list(scenario.calls)
    form = doc.contact_form
    duty = form.content.duty.contact if form is not None and form.content.duty else None
    if duty is not None and all(c.key != duty.key for c in calls):
        calls.append(duty)
    if not calls:
        return ""
    rows = [[md.link(md.text(c.name), md.relative(here, paths.contacts(), c.key))
             + (f" <br><small>{md.text(c.description)}</small>" if c.description else "")]
            + [prose.phone_cell(c, campus) for campus in doc.campuses]
            for c in calls]
    return md.page(
        md.heading(2, "联系电话", "calls"),
        md.stacked_table(["打给"] + [c.name for c in doc.campuses], rows, "pp-narrow", "pp-calls"),
    ).rstrip("\n")


def cards_section(doc: Document, scenario: Scenario, downloads: Downloads, here: str) -> str:
    table = cards.card_table(doc, scenario.key, f"{scenario.title} 应急处置卡", downloads, here)
    return md.page(md.heading(2, "应急处置卡", "cards"), table).rstrip("\n") if table else ""
