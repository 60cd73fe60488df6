"""Spans, sub-metrics and single projects (issue 13 §2): plain values, one rule each."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.intel.extract import extract_facts
from parkatlas.intel.meaning import project_place, single_project, sub_metric
from parkatlas.intel.spans import fact_span, months_of, plan_span


@pytest.mark.parametrize(
    ("word", "months"),
    [
        ("前三季度", (1, 9)),
        ("1—8月", (1, 8)),
        ("1-9月", (1, 9)),
        ("上半年", (1, 6)),
        ("下半年", (7, 12)),
        ("一季度", (1, 3)),
        ("三季度", (7, 9)),
        ("Q2", (4, 6)),
        ("the first quarter", (1, 3)),
        ("the first half of the year", (1, 6)),
        ("the first three quarters", (1, 9)),
        ("the first eight months", (1, 8)),
        ("前10个月", (1, 10)),
        ("5月份", (5, 5)),
        ("January and February", (1, 2)),
        ("全年", (1, 12)),
        ("2023年", (1, 12)),
        ("去年", (1, 12)),
        ("last year", (1, 12)),
        ("今年以来", (1, 0)),
    ],
)
def test_months_of(word: str, months: tuple[int, int]) -> None:
    assert months_of(word) == months


def test_fact_span_to_date_uses_the_document_month() -> None:
    assert fact_span(2026, (1, 0), dt.date(2026, 10, 25)) == ("2026-01", "2026-10")
    assert fact_span(2025, (1, 0), dt.date(2026, 10, 25)) is None
    assert fact_span(2026, (1, 9), None) == ("2026-01", "2026-09")


def test_plan_spans() -> None:
    assert plan_span("根据“十四五”规划，到2025年") == ("2021-01", "2025-12")
    assert plan_span("十五五期间") == ("2026-01", "2030-12")
    assert plan_span("the 14th Five-Year Plan") == ("2021-01", "2025-12")
    assert plan_span("五年计划") is None


@given(a=st.integers(1, 12), b=st.integers(1, 12))
def test_month_ranges_property(a: int, b: int) -> None:
    got = months_of(f"{a}—{b}月")
    assert got == ((a, b) if a <= b else None)


def test_facts_carry_their_span() -> None:
    text = "标题\n2026-10-25\n\n前三季度，嘉定区签约项目86个。1—8月全区实际使用外资12.4亿美元。"
    facts = {f.quote: f for f in extract_facts(text)}
    assert (facts["86个"].span_start, facts["86个"].span_end) == ("2026-01", "2026-09")
    assert (facts["12.4亿美元"].span_start, facts["12.4亿美元"].span_end) == ("2026-01", "2026-08")
    assert facts["86个"].period == facts["12.4亿美元"].period == 2026


@pytest.mark.parametrize(
    ("text", "sub"),
    [
        ("全区完成固定资产投资486亿元", "fixed_asset_investment"),
        ("其中工业投资168亿元", "industrial_investment"),
        ("全区实际使用外资12.4亿美元", "foreign_capital_utilized"),
        ("到位资金6.5亿美元", "funds_in_place"),
        ("新设外资企业215家，注册资本合计38亿美元", "registered_capital"),
        ("共签约项目86个，签约项目总投资532亿元", "signed_investment"),
        ("集中签约32个项目，总投资286亿元", "signed_investment"),
        ("该项目总投资15亿元", "project_investment"),
        ("预计年营收30亿元", "revenue"),
        ("规模以上工业总产值3420亿元", "industrial_output"),
        ("完成税收收入512.6亿元", "tax"),
        ("actual use of foreign capital stood at 1.1", "foreign_capital_utilized"),
        ("fixed-asset investment grew 11.3", "fixed_asset_investment"),
        ("signed 27 projects with a combined investment of 48", "signed_investment"),
        ("全区新增企业300", None),
    ],
)
def test_sub_metric(text: str, sub: str | None) -> None:
    number = re.search(r"[\d.]+[亿美元]*$", text)
    assert number is not None
    assert sub_metric(text, number.start(), 0) == sub


def test_single_projects_and_their_place() -> None:
    s = "上海云启数据科技有限公司投资建设的长三角算力中心项目落户西岑科创中心，总投资"
    assert single_project(s) == "长三角算力中心项目"
    assert project_place(s + "45亿元") == "西岑科创中心"
    assert single_project("青浦区举行二季度重大项目集中签约活动，32个项目现场签约，总投资") is None
    assert single_project("前三季度全区共签约产业项目86个，签约项目总投资") is None
    assert project_place("某新能源企业总部项目落户华新镇，注册资本10亿元") == "华新镇"
    assert project_place("项目落地方面,位于新站高新区的某动力电池项目") == "新站高新区"


def test_a_project_amount_belongs_to_the_project_not_the_district() -> None:
    text = (
        "标题\n2026-10-25\n\n前三季度全区共签约产业项目86个，签约项目总投资532亿元。"
        "其中，安亭镇签约的智能网联汽车零部件项目落户安亭镇，总投资15亿元。"
    )
    facts = {f.quote: f for f in extract_facts(text)}
    assert facts["15亿元"].project == "智能网联汽车零部件项目"
    assert facts["15亿元"].region == "安亭镇"
    assert facts["532亿元"].project is None and facts["532亿元"].sub_metric == "signed_investment"
