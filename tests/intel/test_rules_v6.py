"""Rules of extractor v6 (parkatlas.facts.v6), one plain-value test each, on sentences
written for these tests (not taken from any gold set): place names that hold level words
(蜀山区政府工作报告, 新市镇, 省市县), lowercase English districts, five-year plans as
periods, headlines that restate the body, signed projects, comparisons with last year,
plans that continue a goal, and the metric of 工业企业产值, 利用内资 and 注册资本."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from parkatlas.intel.context import find_places
from parkatlas.intel.extract import extract_facts
from parkatlas.intel.schema import FactRecord
from parkatlas.intel.spans import plan_span, plan_years

D26 = dt.date(2026, 4, 20)
D26_JAN = dt.date(2026, 1, 12)


def by_quote(text: str, **kw) -> dict[str, FactRecord]:  # type: ignore[no-untyped-def]
    return {f.quote: f for f in extract_facts(text, **kw)}


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text) if not p.generic]


# ------------------------------------------------------------------ places


def test_a_government_report_names_its_district() -> None:
    assert names("2025年鹿城区政府工作报告（摘要）") == ["鹿城区"]
    # 山区 is also a word (mountain areas); a known district name is still a place
    assert names("2025年黄山区政府工作报告") == ["黄山区"]
    assert names("加快山区发展") == []


def test_level_words_are_no_place() -> None:
    # 省市县重点项目: a list of government levels, not a place ending in 县
    assert names("今年，全县计划安排省市县重点项目80个") == []
    f = by_quote("今年，长丰县计划安排省市县重点项目80个。", doc_date=D26)
    assert f["80个"].region == "长丰县"


def test_a_town_whose_name_holds_a_city_word() -> None:
    # 新市镇 is a town in 德清县; "德清县新市" is no city (a 市 is never inside a 县)
    assert names("上半年，德清县新市镇工业投资增长12%") == ["新市镇"]


def test_a_science_park_is_a_place() -> None:
    assert names("东湖科技园全年实现产值300亿元") == ["东湖科技园"]


def test_a_lowercase_english_district_is_the_place_not_its_city() -> None:
    f = by_quote(
        "Jinshan district of Shanghai reported industrial output of 10 billion yuan in the "
        "first quarter. Tinglin town, Jinshan's chemical hub, is home to 120 enterprises.",
        doc_date=D26,
    )
    assert f["10 billion yuan"].region == "Jinshan district"
    assert f["120 enterprises"].region == "Tinglin town"


def test_the_province_after_in_east_china_is_a_locator() -> None:
    f = by_quote(
        "Xiaoshan Economic Zone in east China's Zhejiang Province attracted 2 billion "
        "U.S. dollars of foreign investment in 2025.",
        doc_date=D26,
    )
    assert f["2 billion U.S. dollars"].region == "Xiaoshan Economic Zone"


def test_respective_values_of_listed_places() -> None:
    f = by_quote("从乡镇看，泗安镇、和平镇规上工业产值分别增长14.6%和11.3%。", doc_date=D26)
    assert f["14.6%"].region == "泗安镇"
    assert f["11.3%"].region == "和平镇"


def test_a_development_zone_referred_to_by_its_short_form() -> None:
    f = by_quote(
        "惠山经济技术开发区举行签约活动。惠山经开区负责人表示，今年以来，开发区已签约项目30个。",
        doc_date=D26,
    )
    assert f["30个"].region == "惠山经开区"


def test_a_project_settling_in_the_park_takes_the_park_named_before() -> None:
    text = (
        "新能源产业园是该镇招商主阵地。上半年新引进的某电池项目落户园区，总投资12亿元，"
        "拟新增用地156亩，预计达产后可实现年产值20亿元。"
    )
    f = by_quote(text, doc_date=D26)
    assert f["12亿元"].region == "新能源产业园"
    assert f["156亩"].region == "新能源产业园"
    assert f["20亿元"].region == "新能源产业园"
    # the plans of the project have no year of their own; the amount is this year's
    assert f["156亩"].period is None and f["20亿元"].period is None
    assert f["12亿元"].period == 2026


# ------------------------------------------------------------------ periods


@given(st.integers(min_value=10, max_value=40))
def test_plan_years_are_five_consecutive_years(n: int) -> None:
    years = plan_years(f"the {n}th Five-Year Plan")
    assert years is not None
    first, last = years
    assert last - first == 4
    nxt = plan_years(f"the {n + 1}th Five-Year Plan")
    assert nxt is not None and nxt[0] == last + 1
    assert plan_span(f"the {n}th Five-Year Plan") == (f"{first}-01", f"{last}-12")


def test_chinese_and_english_plans_agree() -> None:
    assert plan_years("“十四五”时期") == plan_years("the 14th Five-Year Plan") == (2021, 2025)
    assert plan_years("十五五") == (2026, 2030)
    assert plan_years("五年规划") is None


def test_a_figure_over_a_five_year_plan_takes_its_last_year() -> None:
    f = by_quote(
        "“十四五”时期，全县规上工业产值年均增长7.2%，累计完成工业投资860亿元。", doc_date=D26_JAN
    )
    assert f["7.2%"].period == 2025 and f["860亿元"].period == 2025
    assert (f["7.2%"].span_start, f["7.2%"].span_end) == ("2021-01", "2025-12")


def test_a_goal_over_the_coming_plan_takes_its_last_year() -> None:
    f = by_quote(
        "The city plans to build a biomedicine cluster worth 50 billion yuan during the "
        "15th Five-Year Plan period (2026-30), officials said on Monday.",
        doc_date=D26,
    )
    assert f["50 billion yuan"].period == 2030
    assert f["50 billion yuan"].status == "target"


def test_a_headline_takes_the_period_of_the_body_figure_it_restates() -> None:
    text = "临安区集中签约12个项目\n\n3月5日，临安区举行重点项目集中签约仪式，共签约项目12个。"
    facts = extract_facts(text, doc_date=D26)
    assert [f.period for f in facts if f.quote == "12个"] == [2026, 2026]


def test_a_signed_project_amount_is_the_signing_year() -> None:
    text = (
        "5月8日，滨江区举行签约仪式，共签约项目9个。\n\n"
        "其中，杭州某某科技有限公司智能终端项目总投资18亿元，拟选址滨江区物联网产业园，"
        "建成后预计年产值40亿元。"
    )
    f = by_quote(text, doc_date=D26)
    assert f["18亿元"].period == 2026
    assert f["40亿元"].period is None  # the forecast has no year


def test_last_years_same_period_as_a_base_is_not_the_period() -> None:
    f = by_quote("前三季度，全县完成一般公共预算收入61.8亿元，与去年同期相比增加4.2亿元。", doc_date=D26)
    assert f["4.2亿元"].period == 2026


def test_a_figure_a_year_earlier_is_last_years() -> None:
    f = by_quote(
        "The county attracted 2.4 billion yuan of investment in the first quarter, "
        "compared with 1.9 billion yuan a year earlier.",
        doc_date=D26,
    )
    assert f["2.4 billion yuan"].period == 2026
    assert f["1.9 billion yuan"].period == 2025


def test_in_the_quarter_is_the_quarter_named_before() -> None:
    text = (
        "Pinghu reported GDP growth of 6 percent in the first quarter.\n\n"
        "The city's auto parts sector, home to more than 300 companies, generated an output "
        "of 12 billion yuan in the quarter."
    )
    f = by_quote(text, doc_date=D26)
    assert f["12 billion yuan"].period == 2026
    assert f["300 companies"].period is None  # a stock in an appositive


def test_a_while_clause_shares_the_time_of_the_sentence() -> None:
    f = by_quote(
        "Its GDP grew 7 percent to 80 billion yuan last year, while R&D spending accounted "
        "for 4.1 percent of GDP.",
        doc_date=D26,
    )
    assert f["4.1 percent"].period == 2025


def test_a_plan_continues_the_goal_year_of_the_sentence_before() -> None:
    text = (
        "Under the plan, the zone will add 300 high-tech enterprises by 2030. The output of "
        "its chip industry is expected to reach 100 billion yuan."
    )
    f = by_quote(text, doc_date=D26)
    assert f["100 billion yuan"].period == 2030
    # a sentence about what was done does not take a goal year
    done = by_quote(
        "The zone will add 300 firms by 2030. It now has 120 chip design firms.", doc_date=D26
    )
    assert done["120 chip design firms"].period == 2026


# ------------------------------------------------------------------ metric and status


def test_output_of_industrial_enterprises_is_industrial_output() -> None:
    f = by_quote("上半年，全镇规上工业企业实现产值118亿元，同比增长9%。", doc_date=D26)
    assert f["118亿元"].metric == "industrial_output"
    assert f["9%"].metric == "industrial_output"


def test_domestic_capital_and_registered_capital_are_investment() -> None:
    f = by_quote("全镇实际利用内资28亿元；新增注册企业500家，注册资本合计61亿元。", doc_date=D26)
    assert f["28亿元"].metric == "investment"
    assert f["61亿元"].metric == "investment"
    assert f["61亿元"].sub_metric == "registered_capital"


def test_the_cap_of_a_reward_is_the_rewards_metric() -> None:
    f = by_quote(
        "措施明确，对新落户企业按其实缴注册资本的3%给予一次性奖励，最高不超过300万元。",
        doc_date=D26,
    )
    assert f["3%"].metric == "other"
    assert f["300万元"].metric == "other"


def test_land_of_something_still_to_be_built_is_a_target() -> None:
    f = by_quote("某产业基地一期规划用地1.5平方公里，计划于2028年建成。", doc_date=D26)
    assert f["1.5平方公里"].status == "target"
    assert f["1.5平方公里"].period is None
    built = by_quote("某产业基地一期占地1.5平方公里，已于2024年建成投产。", doc_date=D26)
    assert built["1.5平方公里"].status == "actual"


def test_warehouses_and_terminals_are_counted() -> None:
    f = by_quote("The port added 64 new bonded warehouses and 3 container terminals.", doc_date=D26)
    assert f["64 new bonded warehouses"].value == 64
    assert f["64 new bonded warehouses"].metric == "infrastructure"
    assert f["3 container terminals"].kind == "count"


def test_a_rate_of_a_base_is_a_share_and_a_cap_after_a_subject_is_the_rewards() -> None:
    f = by_quote(
        "政策明确，对企业新建研发中心，按研发设备投资额的15%给予补贴，单个项目最高不超过200万元。",
        doc_date=D26,
    )
    assert (f["15%"].metric, f["15%"].measure) == ("other", "share")
    assert f["200万元"].metric == "other"
    # a rate that is no rate of a base stays what it measures
    g = by_quote("全区固定资产投资增长15%。", doc_date=D26)
    assert g["15%"].measure == "growth"


# ------------------------------------------------------------------ signing records


def _signings(text: str) -> list:  # type: ignore[type-arg]
    from parkatlas.intel.signings import find_signings

    return find_signings(text, extract_facts(text, doc_date=D26), doc_date=D26)


def test_a_project_sentence_right_after_a_project_record_continues_the_signing() -> None:
    text = (
        "5月8日，滨江区举行签约仪式，共签约项目9个，总投资80亿元。\n\n"
        "其中，杭州甲乙科技有限公司智能终端项目总投资18亿元，落户滨江物联网产业园。"
        "杭州丙丁医药有限公司创新药基地项目总投资6亿元。\n\n"
        "今年以来，滨江区新增市场主体1200户。"
    )
    records = _signings(text)
    singles = {r.project: r for r in records if r.project}
    assert set(singles) == {"智能终端项目", "创新药基地项目"}
    assert singles["创新药基地项目"].enterprise == "杭州丙丁医药有限公司"
    assert singles["创新药基地项目"].amount == 6e8
    # the sentence after a gap that names no project is no record
    assert [r.count for r in records if r.project is None] == [9]


def test_a_size_per_project_is_not_the_batchs_amount() -> None:
    records = _signings(
        "The zone signed 37 projects in the first quarter, 11 of which each involve an "
        "investment of over 100 million dollars."
    )
    batch = [r for r in records if r.count == 37]
    assert batch and batch[0].amount is None
