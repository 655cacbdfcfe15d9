"""Card colours and shapes: readable text (WCAG AA, computed here from the CSS that is printed) and
kinds of card that stay apart in a grayscale print (each its own colour, icon and title).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import tinycss2

import planpress
from cardfiles import Sources, load_yaml
from conftest import REPO, run_cli

WHITE = "#FFFFFF"
STYLESHEETS = [REPO / "templates" / "cards" / name for name in ("cards.css", "cards-a5.css")]


def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour written #RRGGBB or #RGB."""
    color = color.lstrip("#")
    if len(color) == 3:
        color = "".join(c * 2 for c in color)
    linear = []
    for i in (0, 2, 4):
        c = int(color[i:i + 2], 16) / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest AA grey on white




def _color_rules() -> list[tuple[str, str, str]]:
    """(selector, text colour, background) of every rule and margin box that sets a text colour."""
    found = []
    for sheet in STYLESHEETS:
        rules = tinycss2.parse_stylesheet(sheet.read_text("utf-8"), skip_whitespace=True, skip_comments=True)
        for rule in rules:
            if rule.type not in ("qualified-rule", "at-rule") or rule.content is None:
                continue
            selector = tinycss2.serialize(rule.prelude).strip()
            blocks = [(selector, rule.content)]
            if rule.type == "at-rule":
                blocks = [(f"@{rule.lower_at_keyword} {selector} @{inner.lower_at_keyword}", inner.content)
                          for inner in tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True)
                          if inner.type == "at-rule" and inner.content]
            for name, content in blocks:
                values = {d.lower_name: tinycss2.serialize(d.value).strip()
                          for d in tinycss2.parse_blocks_contents(content, skip_whitespace=True, skip_comments=True)
                          if d.type == "declaration"}
                if "color" in values:
                    background = values.get("background-color", values.get("background", "transparent"))
                    found.append((f"{sheet.name} {name}", values["color"], background))
    return found


def test_every_text_colour_in_the_stylesheets_meets_wcag_aa():
    rules = _color_rules()
    assert len(rules) >= 10  # the stylesheets are really being read
    for selector, color, background in rules:
        assert re.fullmatch(r"#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?", color), f"{selector}: colour {color} not checkable"
        paper = WHITE if background == "transparent" else background  # nothing painted: the white paper
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", paper), f"{selector}: background {background} not checkable"
        assert contrast(color, paper) >= 4.5, f"{selector}: {color} on {paper} is {contrast(color, paper):.2f}:1"


def test_each_cards_own_colours_meet_wcag_aa_as_printed():
    """The band and step numbers take their colours from source/planpress.yaml, set in the HTML (a
    rule of the pass's own style sheet for each pair, the class on the band and the step numbers)."""
    from planpress.cards.compose import compose
    from planpress.cards.content import cards_of

    project = planpress.load(REPO)
    doc = project.documents[0]
    html = compose(project, doc, cards_of(project, doc), REPO / "build").html
    rules = re.findall(r'\.(colors-[0-9A-F]{6}-[0-9A-F]{6}) \{ color: (#[0-9A-F]{6}) !important; '
                       r'background: (#[0-9A-F]{6}) !important; \}', html)
    pairs = {(color, background) for _, color, background in rules}
    for name, _, _ in rules:  # the contact card has no steps: its colours are on its band only
        assert f'class="band {name}"' in html
    numbered = set(re.findall(r'class="step-number (colors-[0-9A-F]{6}-[0-9A-F]{6})"', html))
    assert numbered and numbered <= {name for name, _, _ in rules}
    styles = load_yaml(REPO / "source" / "planpress.yaml")["cards"]["styles"]
    assert {(s.get("text", WHITE).upper(), s["color"].upper()) for s in styles.values()} == pairs
    for color, background in pairs:
        assert contrast(color, background) >= 4.5, f"{color} on {background}: {contrast(color, background):.2f}:1"


def test_every_kind_of_card_has_its_own_colour_icon_and_title():
    sources = Sources(REPO, "H-J-YA-028")
    styles = sources.config["cards"]["styles"]
    keys = [s["key"] for s in sources.scenarios()] + ["contacts"]
    assert sorted(styles) == sorted(keys)
    assert len({styles[k]["color"].upper() for k in keys}) == len(keys)
    assert len({styles[k]["icon"] for k in keys}) == len(keys)
    assert len({s["title"] for s in sources.scenarios()}) == len(sources.scenarios())
    for key in keys:
        assert (REPO / "templates" / "cards" / "icons" / f"{styles[key]['icon']}.svg").is_file()
    # In grayscale, the bands are not all alike: at least a light one among the dark ones.
    lightness = sorted(luminance(styles[k]["color"]) for k in keys)
    assert lightness[-1] - lightness[0] > 0.5


def _edit(project: Path, file: str, old: str, new: str) -> None:
    path = project / "source" / file
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize("old, new, expected", [
    ('leak: {color: "#0D47A1", icon: drop}', 'leak: {color: "#FFD600", icon: drop}', ("对比度", "leak", "4.5:1")),
    ('leak: {color: "#0D47A1", icon: drop}', 'leak: {color: "#0D47A1", icon: drip}', ("图标“drip”不存在", "drop")),
    ('leak: {color: "#0D47A1", icon: drop}', 'leek: {color: "#0D47A1", icon: drop}', ("场景“leak”", "没有样式", "leek")),
    ('    contacts: {color: "#263238", icon: phone}\n', "", ("联络卡", "contacts")),
    ('leak: {color: "#0D47A1", icon: drop}', 'leak:\n      color: #0D47A1\n      icon: drop', ("颜色没有加引号",)),
])
def test_bad_card_styles_are_errors_of_check(project, old, new, expected):
    _edit(project, "planpress.yaml", old, new)
    result = run_cli("check", root=project)
    assert result.status == 1, result.stderr
    assert "planpress.yaml" in result.stderr or "H-J-YA-901.yaml" in result.stderr
    for fragment in expected:
        assert fragment in result.stderr, result.stderr
    assert "怎么改：" in result.stderr and "Traceback" not in result.stderr


def test_unused_style_and_same_icon_are_warnings(project):
    _edit(project, "planpress.yaml", "    contacts:", '    flood: {color: "#00695C", icon: drop}\n    contacts:')
    result = run_cli("check", root=project)
    assert result.status == 0, result.stderr
    assert "样式“flood”没有对应的场景" in result.stderr
    assert "“flood”与“leak”的图标相同" in result.stderr


def test_templates_hold_no_plan_content():
    """No phone number or other figure of the plan is typed in a card template: all come from source/."""
    for template in (REPO / "templates" / "cards").glob("*.j2"):
        text = re.sub(r"\{[{%#].*?[}%#]\}", "", template.read_text("utf-8"), flags=re.S)  # drop Jinja tags
        assert not re.findall(r"\d{3,}", text), template.name
