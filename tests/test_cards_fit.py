"""What a card holds (docs/manual/05-cards.md, 卡片放得下什么), checked on real builds of copies of the
fixture project and of examples/: eight steps of forty characters on one A4 page (on A5, eight of
thirty-two or six of forty), laid out in two columns when one does not hold them, in reading order;
the same as a draft, the state band lying in a strip kept free for it; 11-digit mobiles and 400
hotlines whole inside the frames of the call box and the contact card; type at its minimum sizes or
larger; and one step more than fits still fails the build loudly, naming that step.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cardfiles import PdfText, build_cards, flat, inside, load_yaml, snapshot
from conftest import FIXTURES, REPO, copy_project, run_cli
from signing_support import keys

DOC = "H-J-YA-901"
CARDS = Path("build") / DOC / "cards"
# Card wording of exactly 40 characters, each with its actor (up to 6 characters).
STEPS = [
    ("发现人员", "立即停止手头操作，关闭本区域电源总闸和进水阀门，大声呼叫周围的同事前来协助处置。"),
    ("科室负责人", "组织人员把病案、资料转移到指定的安全地点，清点数量后登记交接，专人看管不许离开。"),
    ("后勤维修人员", "携带工具赶赴现场查明原因，尽快排除故障；一时不能排除的，设置警示标志并报告上级。"),
    ("值班人员", "记录发生时间、地点、影响范围和已采取措施，每半小时向科室负责人报告一次处置进展。"),
    ("保卫科人员", "封锁现场各出入口，疏导无关人员离开，保持消防通道畅通，配合后勤人员开展抢修工作。"),
    ("信息科", "检查受影响的电脑和网络设备，断电后不强行开机，确认安全后逐台恢复并核对数据完整。"),
    ("护士", "安抚患者和家属情绪，必要时协助转移到安全区域，重点关注行动不便老人、儿童和孕妇。"),
    ("病案室人员", "处置结束后检查病案有无受潮、破损，受损的及时晾干修复，并填写登记表交医务科存档。"),
    ("医务科", "组织有关科室总结经验教训，查找管理漏洞，提出整改措施并跟踪落实，必要时修订预案。"),
]
MOBILE, HOTLINE = "13800531192", "400-0531-119"
CONTACTS = f"""  oncall:
    name: 信息科值班手机
    description: 24 小时
    phones:
      north: "{MOBILE}"
      south: "13800531852"
  elevator:
    name: 电梯维保单位
    description: 24 小时救援热线
    phones:
      north: "{HOTLINE}"
      south: "400-0531-120"
"""


def _shorter(text: str, length: int) -> str:
    return text[:length - 1] + "。"


def _steps_yaml(steps: list[tuple[str, str]], calls: dict[int, str] | None = None) -> str:
    lines = []
    for n, (actor, text) in enumerate(steps, start=1):
        lines += [f"            - text: {text}", f"              actor: {actor}"]
        if calls and n in calls:
            lines.append(f"              call: [{calls[n]}]")
    return "\n".join(lines) + "\n"


def _project(target: Path, paper: str, leak: list[tuple[str, str]], fire: list[tuple[str, str]],
             in_force: bool = True, calls: dict[str, dict[int, str]] | None = None, contacts: bool = False,
             title: str = "漏水") -> Path:
    """The fixture project with the steps of its two scenarios replaced, on `paper`; approved again
    and released (the version in force, its cards without a band) or left with approvals of other
    content (a draft)."""
    root = copy_project(FIXTURES / "project", target)
    source = root / "source"
    (source / "contacts.yaml").write_text((source / "contacts.yaml").read_text("utf-8") + CONTACTS, "utf-8")
    plan = source / f"{DOC}.yaml"
    text = plan.read_text("utf-8")
    calls = calls or {}
    start = text.index("          steps:\n", text.index("key: leak"))
    end = text.index("        - type: scenario\n          key: fire")
    text = text[:start] + "          steps:\n" + _steps_yaml(leak, calls.get("leak")) + text[end:]
    start = text.index("          steps:\n", text.index("key: fire"))
    end = text.index("  workflow:")
    text = text[:start] + "          steps:\n" + _steps_yaml(fire, calls.get("fire")) + text[end:]
    text = text.replace("          title: 漏水\n", f"          title: {title}\n")
    if contacts:
        text = text.replace("contacts: [security, facilities]", "contacts: [security, oncall, elevator, facilities]")
    plan.write_text(text, "utf-8")
    config = source / "planpress.yaml"
    config.write_text(config.read_text("utf-8").replace("paper: A4", f"paper: {paper}"), "utf-8")
    if in_force:
        for role, person in (("主办", "wang-yi"), ("院领导批准", "li-er")):
            result = run_cli("approve", DOC, "--role", role, "--p12", str(keys().p12[person]), root=root)
            assert result.status == 0, result.stderr
        result = run_cli("release", DOC, "--p12", str(keys().p12["qian-qi"]), root=root)
        assert result.status == 0, result.stderr
    return root


def _card(root: Path, key: str, campus: str = "north") -> PdfText:
    return PdfText(root / CARDS / f"{DOC}_A-0_{key}_{campus}.pdf")


def _step_tops(pdf: PdfText, steps: list[tuple[str, str]]) -> list[tuple[float, float]]:
    """(left, top) in mm of the first glyph of each step's wording."""
    found = []
    for _, text in steps:
        occurrences = pdf.boxes_of(0, text)
        assert len(occurrences) == 1, f"{text[:10]}… found {len(occurrences)} times"
        found.append(occurrences[0][0][:2])
    return found


def _columns(pdf: PdfText, steps: list[tuple[str, str]]) -> list[list[int]]:
    """The steps' numbers, column by column, each column top to bottom; also checks that the page
    reads them in order: down the first column, then the second."""
    width = pdf.page_size_mm()[0]
    tops = _step_tops(pdf, steps)
    columns = [[n for n, (left, _) in enumerate(tops, start=1) if (left > width / 2) == right]
               for right in (False, True)]
    columns = [column for column in columns if column]
    for column in columns:
        assert [tops[n - 1][1] for n in column] == sorted(tops[n - 1][1] for n in column)
    assert [n for column in columns for n in column] == list(range(1, len(steps) + 1)), columns
    return columns


def _check_sizes(pdf: PdfText, title: str, steps: list[tuple[str, str]], numbers: set[str]) -> None:
    """The minimum sizes, from the printed glyphs: title 40 pt, step text 16 pt, numbers 24 pt bold."""
    (title_glyphs,) = pdf.sizes_of(0, title, after="应急处置卡 · 北院区")
    assert min(g.size for g in title_glyphs) >= 40 - 0.01
    for actor, text in steps:
        (glyphs,) = pdf.sizes_of(0, text)
        assert min(g.size for g in glyphs) >= 16 - 0.01, f"{text[:10]}…: {min(g.size for g in glyphs)} pt"
    for number in numbers:
        found = pdf.sizes_of(0, number)
        assert found, number
        for glyphs in found:
            assert min(g.size for g in glyphs) >= 24 - 0.01 and all(g.bold for g in glyphs), number


# -- what fits --------------------------------------------------------------------------------------

A4_CLASS = (STEPS[:8], STEPS[:5])  # leak: 8 steps × 40 characters; fire: 5 × 40
A5_CLASS = ([(actor, _shorter(text, 32)) for actor, text in STEPS[:8]], STEPS[:6])  # 8 × 32; 6 × 40
LONG_TITLE = "核心业务系统宕机"  # 8 characters: one line


@pytest.fixture(scope="module", params=["A4", "A5"])
def built(request, tmp_path_factory) -> tuple[str, dict[bool, Path]]:
    """The class on one paper, built as the version in force (True) and as a draft (False)."""
    paper = request.param
    leak, fire = A4_CLASS if paper == "A4" else A5_CLASS
    roots = {}
    for in_force in (True, False):
        roots[in_force] = _project(tmp_path_factory.mktemp(f"fit-{paper}") / "project", paper, leak, fire, in_force,
                                   title=LONG_TITLE)
        build_cards(roots[in_force])
    return paper, roots


def test_the_class_fits_one_page_with_every_step_at_the_minimum_sizes(built):
    paper, roots = built
    leak, fire = A4_CLASS if paper == "A4" else A5_CLASS
    for in_force, root in roots.items():
        duty = load_yaml(root / "source" / "contacts.yaml")["contacts"]["duty"]["phones"]["north"]
        for key, title, steps in (("leak", LONG_TITLE, leak), ("fire", "火灾", fire)):
            pdf = _card(root, key)
            (title_glyphs,) = pdf.boxes_of(0, title)
            assert max(g[1] for g in title_glyphs) - min(g[1] for g in title_glyphs) < 1, "title on two lines"
            assert len(pdf) == 1 and pdf.page_size_mm() == ((210, 297) if paper == "A4" else (148, 210))
            text = flat(pdf.text())
            for actor, wording in steps:
                assert wording in text and actor in text, wording
            assert ("不得张贴" not in text) if in_force else ("草稿 · 未经批准生效，不得张贴" in text)
            _check_sizes(pdf, title, steps, {duty})


def test_two_columns_read_down_the_first_then_the_second(built):
    """A5 needs two columns for eight steps; the numbers run on from the first column to the second."""
    paper, roots = built
    leak, fire = A4_CLASS if paper == "A4" else A5_CLASS
    for root in roots.values():
        for key, steps in (("leak", leak), ("fire", fire)):
            columns = _columns(_card(root, key), steps)
            if paper == "A5":
                assert len(columns) == 2 and len(columns[0]) >= len(columns[1]) > 0, columns
            text = flat(_card(root, key).text()).replace(" ", "")
            for n, (actor, wording) in enumerate(steps, start=1):
                assert f"{n}{actor}{wording[:4]}" in text  # each step's own number before its actor


def test_the_state_band_moves_nothing(built):
    """The same card as the version in force and as a draft: every step in the same place."""
    paper, roots = built
    leak, fire = A4_CLASS if paper == "A4" else A5_CLASS
    for key, steps in (("leak", leak), ("fire", fire)):
        assert _step_tops(_card(roots[False], key), steps) == _step_tops(_card(roots[True], key), steps)


def test_a5_lays_out_in_two_columns_what_one_does_not_hold(tmp_path):
    """The same steps in one column on A4 and in two on A5: the choice is made for each card."""
    steps = STEPS[:6]
    a4 = _project(tmp_path / "a4", "A4", steps, STEPS[:1], in_force=False)
    build_cards(a4)
    a5 = _project(tmp_path / "a5", "A5", steps, STEPS[:1], in_force=False)
    build_cards(a5)
    assert len(_columns(_card(a4, "leak"), steps)) == 1
    assert len(_columns(_card(a5, "leak"), steps)) == 2
    assert len(_columns(_card(a5, "fire"), STEPS[:1])) == 1


def test_same_steps_give_the_same_bytes(tmp_path):
    first = _project(tmp_path / "one", "A5", *A5_CLASS, in_force=False)
    second = _project(tmp_path / "two", "A5", *A5_CLASS, in_force=False)
    assert build_cards(first) == build_cards(second)


# -- beyond the class -------------------------------------------------------------------------------

@pytest.mark.parametrize("paper, steps, fitting", [
    ("A4", STEPS, 8),  # nine steps of forty characters: the ninth does not fit
    ("A5", STEPS[:8], 6),  # eight of forty on A5: from the seventh
])
def test_one_step_more_fails_loudly_naming_it(tmp_path, paper, steps, fitting):
    root = _project(tmp_path / "project", paper, STEPS[:1], STEPS[:1], in_force=False)  # a draft, to edit
    before = build_cards(root)
    plan = root / "source" / f"{DOC}.yaml"
    text = plan.read_text("utf-8")
    start = text.index("          steps:\n", text.index("key: leak"))
    end = text.index("        - type: scenario\n          key: fire")
    plan.write_text(text[:start] + "          steps:\n" + _steps_yaml(steps) + text[end:], "utf-8")

    result = run_cli("build", "--only", "cards", root=root)

    assert result.status == 1 and "Traceback" not in result.stderr
    culprit = steps[fitting]
    lines = plan.read_text("utf-8").splitlines()
    line = lines.index(f"            - text: {culprit[1]}") + 1
    for campus in ("北院区", "南院区"):
        assert (f"{DOC}.yaml:{line}:15: 错误: 应急处置卡“漏水（{campus}）”一页放不下（{paper}）：步骤排成两栏也放不下，"
                f"前 {fitting} 步放得下，从第 {fitting + 1} 步“{culprit[1][:10]}…”起会压住卡片底部的电话栏和页脚。") in result.stderr
    assert "字号不会为了放下而缩小" in result.stderr
    assert snapshot(root / "build") == before


# -- numbers in their frames ------------------------------------------------------------------------

def _numbers_inside_frames(pdf: PdfText, numbers: list[str]) -> None:
    """Each number printed in a frame (the call box, the contact list) lies whole inside it, clear of
    its border, and clear of the other numbers."""
    frames = pdf.frames()
    assert frames
    framed = []
    for number in numbers:
        occurrences = [glyphs for glyphs in pdf.boxes_of(0, number)
                       if any(inside(glyphs[0], frame) for frame in frames)]
        assert occurrences, f"{number} is in no frame"
        for glyphs in occurrences:
            frame = next(frame for frame in frames if inside(glyphs[0], frame))
            for glyph in glyphs:
                assert inside(glyph, frame, inset=0.8), f"{number}: a glyph at {glyph} outside the frame {frame}"
            framed.append((min(g[0] for g in glyphs), min(g[1] for g in glyphs),
                           max(g[2] for g in glyphs), max(g[3] for g in glyphs)))
    for i, first in enumerate(framed):
        for second in framed[i + 1:]:
            assert (first[2] <= second[0] or second[2] <= first[0] or first[3] <= second[1]
                    or second[3] <= first[1]), f"numbers overlap: {first} {second}"


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_mobiles_and_hotlines_fit_the_call_box_and_the_contact_card(tmp_path, paper):
    steps = [(actor, _shorter(text, 24)) for actor, text in STEPS[:3]]
    root = _project(tmp_path / "project", paper, steps, steps, in_force=False, contacts=True,
                    calls={"leak": {2: "oncall"}, "fire": {1: "elevator", 3: "security"}})
    build_cards(root)
    contacts = load_yaml(root / "source" / "contacts.yaml")["contacts"]
    phone = {key: entry["phones"]["north"] for key, entry in contacts.items() if "phones" in entry}
    _numbers_inside_frames(_card(root, "leak"), [MOBILE, phone["duty"]])
    _numbers_inside_frames(_card(root, "fire"), [HOTLINE, phone["security"], phone["duty"]])
    _numbers_inside_frames(_card(root, "contacts"), [phone[key] for key in ("security", "oncall", "elevator",
                                                                             "facilities", "duty")])
    for key, names in (("leak", ["信息科值班手机"]), ("fire", ["电梯维保单位"]),
                       ("contacts", ["信息科值班手机", "电梯维保单位"])):
        text = flat(_card(root, key).text())
        assert all(name in text for name in names), key
        _check_sizes(_card(root, key), {"leak": "漏水", "fire": "火灾", "contacts": "应急联络电话"}[key],
                     steps if key != "contacts" else [], {phone["duty"]})


def test_examples_build_their_cards(tmp_path):
    """examples/: a core-system outage of eight steps that call an 11-digit mobile, in two columns;
    the contact cards with the mobile and the 400 hotline."""
    root = tmp_path / "examples"
    shutil.copytree(REPO / "examples" / "source", root / "source")
    shutil.copytree(REPO / "templates", root / "templates")
    build_cards(root)
    cards = root / "build"
    his_down = PdfText(cards / "H-J-YA-031" / "cards" / "H-J-YA-031_A-0_his-down_binhe.pdf")
    scenario = next(s for s in _scenarios(load_yaml(root / "source" / "H-J-YA-031.yaml")) if s["key"] == "his-down")
    steps = [(step["actor"], step["card"]) for step in scenario["steps"]]
    assert len(his_down) == 1 and len(_columns(his_down, steps)) == 2
    _numbers_inside_frames(his_down, ["13800531192", "3216116"])
    _numbers_inside_frames(PdfText(cards / "H-J-YA-031" / "cards" / "H-J-YA-031_A-0_contacts_binhe.pdf"),
                           ["3216192", "13800531192", "3216165", "3216116"])
    _numbers_inside_frames(PdfText(cards / "H-J-YA-035" / "cards" / "H-J-YA-035_A-0_contacts_daxue.pdf"),
                           ["400-0531-119", "3212755", "3212868"])
    _numbers_inside_frames(PdfText(cards / "H-J-YA-035" / "cards" / "H-J-YA-035_A-0_elevator-entrapment_daxue.pdf"),
                           ["400-0531-119", "3212755", "3212868"])


def _scenarios(node) -> list[dict]:
    if isinstance(node, dict):
        if node.get("type") == "scenario":
            return [node]
        return [s for value in node.values() for s in _scenarios(value)]
    if isinstance(node, list):
        return [s for value in node for s in _scenarios(value)]
    return []


def test_a_card_title_never_leaves_one_character_alone_on_a_line(tmp_path):
    """Nine characters at the title's size are a full line and one more: the last line holds two."""
    title = "病案库房地下室突发漏水"[:9]
    root = _project(tmp_path / "project", "A4", [("发现人员", "立即通知后勤维修人员。")], [("发现人员", "立即拨打119报警。")],
                    in_force=False, title=title)
    build_cards(root)
    (glyphs,) = _card(root, "leak").boxes_of(0, title)
    lines: list[list] = []
    for glyph in sorted(glyphs, key=lambda box: box[1]):  # glyphs whose tops are within 8 mm share a line
        if lines and abs(lines[-1][0][1] - glyph[1]) < 8:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    assert len(lines) == 2 and min(len(line) for line in lines) >= 2, [len(line) for line in lines]


# -- two columns laid out once ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples_in_process(tmp_path_factory):
    """examples/ built in this process, counting the layouts (weasy.render calls)."""
    from planpress.render import pool, weasy

    root = tmp_path_factory.mktemp("examples-once") / "examples"
    shutil.copytree(REPO / "examples" / "source", root / "source")
    shutil.copytree(REPO / "templates", root / "templates")
    layouts = []
    patch = pytest.MonkeyPatch()
    patch.setattr(pool, "IN_PROCESS", True)
    original = weasy.render
    patch.setattr(weasy, "render", lambda html, *args, **kwargs: layouts.append(html) or original(html, *args, **kwargs))
    try:
        build_cards(root)
    finally:
        patch.undo()
    return root, layouts


def test_a_card_in_two_columns_is_laid_out_twice_the_others_once(examples_in_process):
    """Each campus's pass once (every card in one column), and each card whose steps do not fit one
    column once more, alone, in two: examples/ has one such card per campus of H-J-YA-031."""
    root, layouts = examples_in_process
    passes = [html for html in layouts if 'class="checklist"' in html]
    alone = [html for html in layouts if 'class="checklist"' not in html]
    assert len(passes) == 3  # H-J-YA-031 at two campuses, H-J-YA-035 at one; H-Z-ZD-101 has no cards
    assert len(alone) == 2 and all("card-his-down-" in html and 'class="column"' in html for html in alone)


def test_two_columns_put_each_step_where_css_columns_would(examples_in_process):
    """The columns are two boxes side by side: every step lands exactly where CSS multi-column layout
    (column-fill: auto, the list as tall as the taller column) puts it, so the card looks the same to
    the pixel."""
    import pypdfium2
    from PIL import ImageChops

    from planpress.cards import layout
    from planpress.render import weasy

    root, layouts = examples_in_process
    html = next(h for h in layouts if "card-his-down-binhe" in h and 'class="checklist"' not in h)
    laid_out = weasy.render(html, root)
    boxes = layout.page_boxes(laid_out.pages[0])
    tops = [boxes[f"card-his-down-binhe-step-{n}"] for n in range(1, 9)]
    second = next(n for n, box in enumerate(tops) if box[0] > tops[0][0])  # the first step of column 2
    assert 0 < second < 8
    tallest = max(tops[second - 1][3] - tops[0][1], tops[7][3] - tops[second][1])
    multicol = html.replace('<div class="column">', "").replace('</div><div class="column">', "")
    multicol = multicol.replace("</li></div></ol>", "</li></ol>")
    css = (f".two-columns .steps {{ white-space: normal !important; columns: 2; column-gap: 5mm; column-fill: auto;"
           f" height: {tallest + layout.TOLERANCE:.3f}px; }}")
    oracle = weasy.render(multicol, root, css)
    assert layout.page_boxes(oracle.pages[0])["card-his-down-binhe-step-8"][0] == tops[7][0]  # really in 2 columns
    pixels = [pypdfium2.PdfDocument(weasy.write_pdf(document, compact_fonts=True, tags=False))[0].render(scale=2).to_pil()
              for document in (laid_out, oracle)]
    assert ImageChops.difference(*pixels).getbbox() is None
