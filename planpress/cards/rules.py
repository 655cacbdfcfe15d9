"""What the cards need of the sources, checked by `planpress check` before anything is built.

Every scenario needs a style (colour, text colour, icon) in source/planpress.yaml so that its card
is told apart from the others, also in a grayscale print; its colours must be readable (WCAG AA);
its icon must exist. Every card shows the after-hours duty phone, so the contact form must name one.
A posting's place is printed in a slot of the card's footer, so it must be short. A campus without
postings gets no print bundle, which is worth a warning.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from ..outputs import CONTACT_CARD
from ..problems import Problem, error, warning
from ..sources import tree
from ..sources.yamlsource import SourceFile, format_field
from .colors import MIN_TEXT_CONTRAST, contrast_ratio

# templates/cards/icons/ of the project (render.templating.TEMPLATES_DIR is "templates"; importing
# it would load Jinja2 into every `planpress check`).
ICONS_DIR = Path("templates", "cards", "icons")
DEFAULT_TEXT = "#FFFFFF"
MAX_PLACE_LENGTH = 12  # characters of a posting's location: it must fit the slot in a card's footer
STYLES = ("cards", "styles")
EXAMPLE_STYLE = '{color: "#B71C1C", icon: flame}'


def check_cards(config: SourceFile, directory: SourceFile, documents: list[SourceFile], root: Path,
                whole_source: bool) -> list[Problem]:
    """Problems of the card styles and of what each document's cards need.

    `whole_source`: `documents` are all the documents of source/, so a style that no scenario uses
    is really unused.
    """
    problems = style_problems(config, root, any_documents=bool(documents))
    used: set[str] = {CONTACT_CARD}
    for source in documents:
        used.update(tree.scenario_keys(source.data))
        problems += document_problems(config, directory, source, root)
    if whole_source:
        problems += unused_styles(config, used)
    return problems


def style_problems(config: SourceFile, root: Path, any_documents: bool) -> list[Problem]:
    """The styles themselves: readable colours, existing icons, a style for the contact card."""
    styles: dict = config.data["cards"].get("styles", {})
    icons = sorted(p.stem for p in (root / ICONS_DIR).glob("*.svg"))
    problems = _style_problems(config, styles, icons)
    if CONTACT_CARD not in styles and any_documents:
        problems.append(error(config.at(("cards",)), "cards.styles",
                              f"联络卡（{CONTACT_CARD}）在 cards.styles 里没有样式。",
                              f"在 cards.styles 下加一行，例如 {CONTACT_CARD}: {{color: \"#263238\", icon: phone}}。"))
    return problems


def document_problems(config: SourceFile, directory: SourceFile, source: SourceFile, root: Path) -> list[Problem]:
    """What one document's cards need: a style for each scenario, a duty phone, short posting places."""
    styles: dict = config.data["cards"].get("styles", {})
    problems = []
    for path, scenario in tree.typed(source.data, "scenario"):
        if scenario["key"] not in styles:
            path = path + ("key",)
            icons = sorted(p.stem for p in (root / ICONS_DIR).glob("*.svg"))
            problems.append(error(
                source.at(path), format_field(path),
                f"场景“{scenario['key']}”（{scenario['title']}）在 source/planpress.yaml 的 cards.styles 里没有样式，"
                "它的卡片无法用颜色和图标与其他卡片区分。",
                _misspelt(scenario["key"], list(styles)) +
                f"在 cards.styles 下加一行，例如 {scenario['key']}: {EXAMPLE_STYLE}；可用的图标：{'、'.join(icons)}。"))
    problems += _duty_problems(source)
    problems += _posting_problems(source, directory)
    return problems


def unused_styles(config: SourceFile, used: set[str]) -> list[Problem]:
    """A style no scenario of source/ uses (`used`: the scenario keys of every document)."""
    problems = []
    for key in config.data["cards"].get("styles", {}):
        if key not in used:
            path = STYLES + (key,)
            problems.append(warning(
                config.key_at(path), format_field(path), f"样式“{key}”没有对应的场景，用不上。",
                _did_you_mean(key, sorted(used - set(config.data["cards"].get("styles", {})))) +
                "删除这一行，或改成某个场景的键。"))
    return problems


def _style_problems(config: SourceFile, styles: dict, icons: list[str]) -> list[Problem]:
    problems = []
    seen_colors: dict[str, str] = {}
    seen_icons: dict[str, str] = {}
    for key, style in styles.items():
        color, text = style["color"].upper(), style.get("text", DEFAULT_TEXT).upper()
        ratio = contrast_ratio(color, text)
        if ratio < MIN_TEXT_CONTRAST:
            path = STYLES + (key, "color")
            problems.append(error(
                config.at(path), format_field(path),
                f"“{key}”卡片标题栏的文字颜色 {text} 与底色 {color} 对比度只有 {ratio:.1f}:1，"
                f"两米外看不清（至少 {MIN_TEXT_CONTRAST}:1）。",
                "换一个更深的底色；浅色底（例如黄色）请把文字改成深色：text: \"#000000\"。"))
        if style["icon"] not in icons:
            path = STYLES + (key, "icon")
            available = f"可用的图标：{'、'.join(icons)}。" if icons else f"项目里没有 {ICONS_DIR}/ 文件夹：从 planpress 仓库复制 templates/。"
            problems.append(error(
                config.at(path), format_field(path), f"图标“{style['icon']}”不存在（{ICONS_DIR}/{style['icon']}.svg）。",
                _did_you_mean(style["icon"], icons) + available))
        for seen, value, what in ((seen_colors, color, "底色"), (seen_icons, style["icon"], "图标")):
            if value in seen:
                path = STYLES + (key, "color" if what == "底色" else "icon")
                problems.append(warning(
                    config.at(path), format_field(path), f"“{key}”与“{seen[value]}”的{what}相同，贴在一起时不好区分。",
                    f"每类卡片用不同的{what}。"))
            seen.setdefault(value, key)
    return problems


def _duty_problems(source: SourceFile) -> list[Problem]:
    """Every card shows the after-hours duty phone: the `duty` of the first contact table."""
    if not tree.scenario_keys(source.data):
        return []
    attachments = source.data["attachments"]
    form = next((a for a, item in enumerate(attachments) if "contacts" in item), None)
    if form is not None and "duty" in attachments[form]:
        return []
    if form is None:
        return [error(source.at(("attachments",)), "attachments",
                      "文件有应急处置场景，卡片要印联络电话和值班电话，但附件里没有联络表（contacts）。",
                      "加一个联络表附件，例如 - {code: A.01, title: 快速联络通信表, contacts: [security, …], "
                      "duty: {label: 节假日行政总值班电话, contact: admin-duty}}。")]
    path = ("attachments", form)
    return [error(source.at(path), format_field(path),
                  f"应急处置卡要显示节假日、下班后的值班电话，但附件 {form + 1}（联络表）没有写 duty。",
                  "在这个附件里加上 duty: {label: 节假日行政总值班电话, contact: admin-duty}（contact 写通讯录的键）。")]


def _posting_problems(source: SourceFile, directory: SourceFile) -> list[Problem]:
    if not tree.scenario_keys(source.data):
        return []
    posted = {posting["campus"] for posting in source.data.get("postings", [])}
    covered = source.data.get("campuses")
    problems = []
    for p, posting in enumerate(source.data.get("postings", [])):
        if len(posting["location"]) > MAX_PLACE_LENGTH:
            path = ("postings", p, "location")
            problems.append(error(source.at(path), format_field(path),
                                  f"张贴位置“{posting['location']}”有 {len(posting['location'])} 个字，"
                                  f"卡片页脚的“张贴位置”一栏最多放 {MAX_PLACE_LENGTH} 个字。",
                                  "用简短的名称，例如“病案库房”“二楼病案办公室”。"))
    for campus, name in directory.data["campuses"].items():
        if campus not in posted and (covered is None or campus in covered):
            problems.append(warning(
                source.at(("postings",)), "postings",
                f"{name}（{campus}）没有张贴位置：不生成该院区的打印包和张贴清单，它的卡片只能查阅、不能作为受控副本张贴。",
                f"在 postings 里加上{name}的张贴位置，例如 - {{location: 病案库房, campus: {campus}, cards: [...], copies: 1}}。"))
    return problems


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"您是不是要写“{close[0]}”？" if close else ""


def _misspelt(key: str, style_keys: list[str]) -> str:
    """A style written under a near miss of the scenario's key (leek for leak)."""
    close = difflib.get_close_matches(key, style_keys, n=1, cutoff=0.6)
    return f"cards.styles 里的“{close[0]}”是不是写错了？" if close else ""
