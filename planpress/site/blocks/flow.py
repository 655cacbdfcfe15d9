"""A flowchart on the site: the SVG Graphviz laid out, its caption, and the same steps as text
(for screen readers and for search)."""

from __future__ import annotations

from ...model.blocks.flow import flow_steps
from .. import markdown as md
from .. import phones


def render(page, clause) -> list[str]:
    flow = clause.block
    chart = page.charts(flow)
    chart = "".join(line for line in chart.splitlines() if line.strip())  # a raw HTML block has no blank line
    steps = "".join(f"<li>{phones.html(node.text)}{'（' + md.html_text(leads) + '）' if leads else ''}</li>"
                    for node, leads in flow_steps(flow))
    # The chart's words are searched in its text version below, so a search lists them once.
    return [f'<figure id="{md.html_text(clause.anchor)}" class="pp-flow"><div class="pp-chart" role="img" '
            f'aria-label="{md.html_text(flow.caption)}" data-search-exclude>{chart}</div>'
            f"<figcaption>{md.html_text(flow.caption)}</figcaption></figure>\n\n"
            f'<details class="pp-flow-text"><summary>{md.html_text(flow.caption)}的文字说明</summary>'
            f"<ol>{steps}</ol></details>"]
