"""Paper approvals (纸质签批): only for versions released before electronic approval started."""

from __future__ import annotations

import datetime as dt

import pytest

from planpress.trust.paper import PaperApproval, check_paper, parse_paper
from planpress.trust.reasons import Reason

PATH = ("approvals", 1, "paper")
CUTOVER = dt.date(2026, 12, 1)


def test_the_paper_approval_of_a_2020_version():
    paper, problems = parse_paper({"date": "2020-08-10", "original": "质量管理科档案室 2020 年第 3 盒"}, PATH)
    assert problems == [] and paper == PaperApproval(dt.date(2020, 8, 10), "质量管理科档案室 2020 年第 3 盒", PATH)
    assert check_paper(paper, released=dt.date(2020, 8, 10), electronic_since=CUTOVER) is None


@pytest.mark.parametrize("released, cutover, said", [
    (dt.date(2026, 12, 1), CUTOVER, "这个版本发布于 2026-12-01"),
    (None, CUTOVER, "还没有发布"),
    (dt.date(2020, 8, 10), None, "没有设置 signatures.electronic_since"),
    (dt.date(2020, 8, 9), CUTOVER, "晚于发布日期"),
])
def test_paper_is_refused_after_the_cut_over(released, cutover, said):
    paper = PaperApproval(dt.date(2020, 8, 10), "质量管理科档案室", PATH)
    found = check_paper(paper, released=released, electronic_since=cutover)
    assert found is not None and found.reason is Reason.PAPER_NOT_ALLOWED and said in found.message


@pytest.mark.parametrize("data, where", [
    ({"date": "2020-08-10"}, PATH),
    ({"date": "2020-08-10", "original": "x", "name": "刘迎恩"}, PATH),  # no typed names
    ({"date": "2020-02-30", "original": "质量管理科档案室"}, (*PATH, "date")),
    ({"date": "2020-08-10", "original": " "}, (*PATH, "original")),
    ("2020-08-10", PATH),
])
def test_paper_problems_name_the_field(data, where):
    paper, problems = parse_paper(data, PATH)
    assert paper is None and [p.path for p in problems] == [where]
