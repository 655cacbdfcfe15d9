"""Reading extracted text: pages, running headers and footers, rejoining broken lines, numbers."""

from __future__ import annotations

import pytest

from planpress.importer import numbers, rejoin, txt
from planpress.importer.stream import Para, Place
from planpress.importer.writer import scalar


def lines(*texts, full=()):
    return [Para(t, Place(line=i), full=i in full) for i, t in enumerate(texts, 1)]


def test_broken_lines_join_without_a_space_and_numbers_start_paragraphs():
    result = rejoin.paragraphs(lines("5.4.1 提高警惕，强化病案保护及信息安全意识，始终把保护病案及信息安全突发事",
                                     "件预防作为病案室的中心环节和主要任务。",
                                     "5.4.2 严格执行病案防护及信息安全制度", full={1}))
    assert [p.text for p in result] == ["5.4.1 提高警惕，强化病案保护及信息安全意识，始终把保护病案及信息安全突发事件预防作为病案室的中心环节和主要任务。",
                                        "5.4.2 严格执行病案防护及信息安全制度"]
    assert result[0].places == [Place(line=1), Place(line=2)]


def test_sentence_end_short_line_roster_and_heading_end_a_paragraph():
    result = rejoin.paragraphs(lines("a.人员构成：", "组  长：分管院长", "成  员：各科室主任", "5.5.1 火灾", "办公场所发生火灾时"))
    assert [p.text for p in result] == ["a.人员构成：", "组长：分管院长", "成员：各科室主任", "5.5.1 火灾", "办公场所发生火灾时"]


def test_a_full_line_continues_and_a_comma_always_does():
    result = rejoin.paragraphs(lines("c)负责指挥医院病案保护及信息安全突发事件应急处理工作，协调有关部门的关", "系，确保应急处理工作快速有效开展；",
                                     "同时立即拨打 “119”报警请求灭火，", "报告人姓名。", full={1}))
    assert [p.text for p in result] == ["c)负责指挥医院病案保护及信息安全突发事件应急处理工作，协调有关部门的关系，确保应急处理工作快速有效开展；",
                                        "同时立即拨打 “119”报警请求灭火，报告人姓名。"]


def test_ascii_words_broken_across_lines_keep_their_space():
    assert rejoin.join("依据 GB/T", "29639-2020") == "依据 GB/T 29639-2020"
    assert rejoin.join("应急", "处置") == "应急处置"


@pytest.mark.parametrize("text, raw, rest", [
    ("5.1.1成立小组", "5.1.1", "成立小组"), ("a.人员构成：", "a.", "人员构成："), ("a)修订预案；", "a)", "修订预案；"),
    ("（一）总则", "（一）", "总则"), ("一、总则", "一、", "总则"), ("1）报告", "1）", "报告"), ("（2）报告", "（2）", "报告"),
    ("①登记", "①", "登记"), ("5.2.3.1 细则", "5.2.3.1 ", "细则"),
])
def test_clause_number_forms(text, raw, rest):
    number, after = numbers.split(text)
    assert number.raw == raw and after == rest


@pytest.mark.parametrize("text", ["2007年起施行", "15 分钟内到场", "3216165", "A.01病案", "2020-08-10 生效"])
def test_quantities_are_not_clause_numbers(text):
    assert numbers.split(text)[0] is None


def test_form_feeds_split_pages_and_running_headers_and_footers_are_dropped(tmp_path):
    page = ["H-J-ZD-003 病历书写管理制度", "{body}", "第 {n} 页 共 3 页"]
    bodies = ["1 目的", "规范病历书写。", "2 适用范围"]
    text = "\f".join("\n".join(line.format(body=body, n=n) for line in page) for n, body in enumerate(bodies, 1))
    path = tmp_path / "doc.txt"
    path.write_text(text, "utf-8")
    stream = txt.read(path)
    assert stream.pages == 3
    assert [p.text for p in stream.items] == ["H-J-ZD-003 病历书写管理制度", "1 目的", "规范病历书写。", "2 适用范围"]
    assert [(place.page, why) for place, _, why in stream.dropped] == [(1, "页码"), (2, "页眉"), (2, "页码"), (3, "页眉"), (3, "页码")]


def test_the_seed_has_five_pages_told_apart_by_its_blank_lines():
    from conftest import FIXTURES
    stream = txt.read(FIXTURES / "seed" / "H-J-YA-028.txt")
    assert stream.pages == 5
    starts = {}
    for para in stream.items:
        starts.setdefault(para.place.page, para.place.line)
    assert starts == {1: 1, 2: 67, 3: 134, 4: 201, 5: 216}


def test_gbk_text_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("1 目的\n规范。\n".encode("gb18030"))
    assert [p.text for p in txt.read(path).items] == ["1 目的", "规范。"]


@pytest.mark.parametrize("value, shown", [("3216165", '"3216165"'), ("2007", '"2007"'), ("yes", '"yes"'), ("A/0", "A/0"),
                                          ("- 开头", '"- 开头"'), ("a: b", '"a: b"'), ("2020-08-10", "2020-08-10"),
                                          ("拨打 “119”报警", "拨打 “119”报警"), ("", '""'), ("#1", '"#1"')])
def test_strings_that_need_quotes_are_quoted(value, shown):
    assert scalar(value) == shown


@pytest.mark.parametrize("text, actor", [("发现本科室网络中断后，先检查网线和交换机电源。", "发现人员"),
                                         ("信息科按分级时限到场，判断故障范围。", "信息科"),
                                         ("预计中断超过 15 分钟的，科室负责人决定启动应急流程。", "科室负责人"),
                                         ("工作人员发现漏水事件后，应及时报告科室领导。", "工作人员"),
                                         ("拔掉复印机、电脑等电器电源插头。", "现场人员")])
def test_the_proposed_actor_is_the_subject(text, actor):
    from planpress.importer.scenarios import actor_of
    assert actor_of(text)[0] == actor


def test_the_department_that_acts_is_not_proposed_as_a_call():
    from pathlib import Path
    from conftest import REPO
    from planpress.importer.contacts import Directory
    from planpress.importer.scenarios import step
    made = step("信息科接报后 10 分钟内到达现场，并通知总务科。", Directory.load(REPO))
    assert made["actor"] == "信息科" and made["call"] == ["general-affairs"]
    assert made["mentions"] == {"信息科": "it", "总务科": "general-affairs"}
