"""Rules of extractor v5 (parkatlas.facts.v5), one plain-value test each, on sentences
written for these tests (not taken from any gold set): the inner place of a nested name,
the article's own place, "the area", the document's reporting period."""

from __future__ import annotations

import datetime as dt

from parkatlas.intel.context import find_places
from parkatlas.intel.extract import extract_facts
from parkatlas.intel.schema import FactRecord

D24 = dt.date(2024, 5, 20)


def by_quote(text: str, **kw) -> dict[str, FactRecord]:  # type: ignore[no-untyped-def]
    return {f.quote: f for f in extract_facts(text, **kw)}


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text) if not p.generic]


# ------------------------------------------------------------------ places


def test_a_district_written_after_its_city_is_the_place() -> None:
    # 建 is also a verb (建设): after its city, it opens the district's name
    assert names("临川市建平区人民政府关于印发政策的通知") == ["建平区"]
    assert names("上海市新增园区3个") != ["上海市", "新增园区"]


def test_a_park_inside_a_zone_keeps_its_whole_name() -> None:
    assert names("走进南通经济技术开发区智能装备产业园内，机器轰鸣。") == ["智能装备产业园"]
    assert names("开发区发力 智能装备产业园提速") == ["智能装备产业园"]


def test_the_article_is_about_the_inner_place_the_title_also_names() -> None:
    text = (
        "南通经开区：智能装备产业园跑出加速度\n\n"
        "走进南通经济技术开发区智能装备产业园内，机器轰鸣。总投资50亿元的某项目已封顶。"
    )
    assert by_quote(text, doc_date=D24)["50亿元"].region == "智能装备产业园"


def test_the_lead_names_the_area_inside_the_title_city() -> None:
    text = (
        "Foshan starts work on a robotics hub\n\n"
        "Construction started on Monday on a robotics hub in the Sanlong Bay New Area of "
        "Foshan. The hub has a total investment of 8 billion yuan."
    )
    assert by_quote(text, doc_date=D24)["8 billion yuan"].region == "Sanlong Bay New Area"


def test_a_byline_place_is_not_the_story_place() -> None:
    text = (
        "Zone draws projects\n\nBy LI MING in Wuhan | Updated: 2024-05-20\n\n"
        "The fund raised 3 billion yuan for new plants."
    )
    assert by_quote(text, doc_date=D24)["3 billion yuan"].region is None


def test_the_area_is_the_place_named_before() -> None:
    text = (
        "Report\n\nThe Jinfeng New Area covers 80 square kilometers.\n\n"
        "In the first quarter, industrial output in the area rose 9 percent. Tax revenue "
        "reached 2 billion yuan."
    )
    got = by_quote(text, doc_date=D24)
    assert got["9 percent"].region == "Jinfeng New Area"
    assert got["2 billion yuan"].region == "Jinfeng New Area"


# ------------------------------------------------------------------ periods


def test_the_title_period_governs_facts_without_a_time_word() -> None:
    text = (
        "临川市2023年统计公报\n\n全年地区生产总值1200亿元，增长5%。\n\n"
        "第三产业增加值占地区生产总值的比重为52%。年末常住人口300万人。"
    )
    got = by_quote(text, doc_date=D24)
    assert got["52%"].period == 2023 and got["300万人"].period == 2023


def test_the_first_sentence_period_governs_but_not_stocks_or_plans() -> None:
    text = (
        "Province reports growth\n\n"
        "The province's GDP grew 5 percent in the first half of 2024, the bureau said.\n\n"
        "Exports rose 12 percent. The park has attracted 40 companies since 2019. "
        "The new port will handle 30 ships."
    )
    got = by_quote(text, doc_date=dt.date(2024, 7, 20))
    assert got["12 percent"].period == 2024
    assert got["12 percent"].span_start == "2024-01" and got["12 percent"].span_end == "2024-06"
    assert got["40 companies"].period is None
    assert got["30 ships"].period is None


def test_last_year_opening_the_body_is_no_document_period() -> None:
    text = "Review\n\nLast year, retail sales rose 5 percent.\n\nThe city has 20 parks."
    got = by_quote(text, doc_date=D24)
    assert got["5 percent"].period == 2023
    assert got["20 parks"].period is None


# ------------------------------------------------------------------ policy terms, metrics


def test_a_policy_grant_is_a_standing_target_of_no_metric() -> None:
    text = (
        "某区支持制造业发展若干政策\n\n"
        "对新引进固定资产投资3亿元以上的项目，最高奖励300万元。"
        "开发区明确，新引进项目亩均税收不低于20万元。"
    )
    got = by_quote(text, doc_date=D24)
    reward = got["300万元"]
    assert (reward.status, reward.period, reward.metric) == ("target", None, "other")
    assert got["20万元"].status == "target" and got["20万元"].period is None


def test_a_paid_subsidy_is_no_policy_term() -> None:
    text = "新闻\n\n今年，全区兑现人才补贴资金2亿元。"
    got = by_quote(text, doc_date=D24)["2亿元"]
    assert (got.status, got.period, got.metric) == ("actual", 2024, "other")


def test_a_budget_of_rewards_is_a_fund() -> None:
    text = "通知\n\n对新认定的企业给予奖励，年度奖补资金总额不超过2亿元。"
    assert by_quote(text, doc_date=D24)["2亿元"].metric == "fund"


def test_sector_value_added_trade_funds_in_place() -> None:
    text = (
        "公报\n\n第二产业增加值800亿元。1—4月，开发区实际到位资金12亿元。\n\n"
        "Trade with ASEAN rose 8 percent. German-funded firms contributed 60 percent of "
        "the output. The park has a total GFA of 90,000 sq m."
    )
    got = by_quote(text, doc_date=D24)
    assert got["800亿元"].metric == "gdp"
    assert got["12亿元"].metric == "investment"
    assert got["8 percent"].metric == "import_export"
    assert got["60 percent"].metric != "fund"
    assert got["90,000 sq m"].metric == "floor_area"


# ------------------------------------------------------------------ after held-out 5


def test_a_headline_list_ends_at_a_blank_line() -> None:
    from parkatlas.intel.clean import clean_text

    text = (
        "某某日报 第A3版:经济\n本版新闻：\n甲镇签约项目9个\n乙区新增企业40家\n\n"
        "甲镇签约项目9个\n\n本报讯 3月2日，甲镇签约项目9个，总投资30亿元。"
    )
    kept = clean_text(text)
    assert "乙区新增企业40家" not in kept and "甲镇签约项目9个\n" in kept
    assert [f.quote for f in extract_facts(text)] == ["9个", "9个", "30亿元"]


def test_a_dateline_dash_opens_the_name() -> None:
    assert names("WUHU, May 3 (Xinhua) -- Jiujiang Economic Zone signed deals.") == [
        "Jiujiang Economic Zone"
    ]


def test_capital_of_a_province_is_no_place_of_the_fact() -> None:
    text = (
        "Title\n\nLuyang Park in Hefei, capital of east China's Anhui Province, "
        "signed 9 projects."
    )
    assert by_quote(text, doc_date=D24)["9 projects"].region == "Luyang Park"


def test_an_appositive_place_is_not_the_subject() -> None:
    text = (
        "Title\n\nQiaotou Town, home to the district's port, now hosts 40 logistics companies."
    )
    assert by_quote(text, doc_date=D24)["40 logistics companies"].region == "Qiaotou Town"


def test_progress_towards_a_goal_is_a_share_done() -> None:
    got = by_quote("新闻\n\n1—5月，全区实际使用外资2亿美元，完成全年目标的45%。", doc_date=D24)
    assert (got["45%"].measure, got["45%"].status) == ("share", "actual")


def test_time_words_second_half_and_xianyou() -> None:
    got = by_quote(
        "新闻\n\n下半年，全区将推进重大项目12个。某镇现有企业300家。", doc_date=D24
    )
    assert got["12个"].period == 2024 and got["12个"].status == "target"
    assert got["300家"].period == 2024


def test_a_stock_or_a_forecast_takes_no_year_from_another_sentence() -> None:
    text = (
        "新闻\n\n今年以来，全区新引进项目20个。甲园区已集聚企业80家。\n\n"
        "3月5日，甲镇签约项目4个。其中，某项目总投资5亿元，达产后预计年产值9亿元。"
    )
    got = by_quote(text, doc_date=D24)
    assert got["20个"].period == 2024 and got["80家"].period is None
    assert got["5亿元"].period == 2024 and got["9亿元"].period is None


def test_an_abbreviated_company_does_not_end_the_sentence() -> None:
    from parkatlas.intel.context import Layout

    text = "A plant by Hefei Jingyao Co., Ltd. will be built. The zone grew."
    layout = Layout(text)
    assert layout.sentence(text.index("will"))[0] == 0
    assert layout.sentence(text.index("zone"))[0] > 0


def test_ranked_lists_attachments_and_wechat_heads_are_furniture() -> None:
    from parkatlas.intel.clean import clean_text

    text = (
        "原创 某某发布 某某发布 2026-08-20 08:00 发表于上海\n点击蓝字 关注我们\n\n"
        "甲镇上半年引进项目12个\n\n今年上半年，甲镇引进项目12个，总投资30亿元。\n\n"
        "附件：1. 项目清单（共12个）.xlsx\n点击排行\n乙镇新增企业560户\n"
    )
    kept = clean_text(text)
    assert "发表于" not in kept and "关注我们" not in kept
    assert "560户" not in kept and "共12个" not in kept
    assert [f.quote for f in extract_facts(text)] == ["12个", "12个", "30亿元"]
    for heading in ("往期推荐", "热门排行", "Most read"):
        body = "Title\n\n甲镇引进项目12个。\n\n" + heading + "\n乙镇新增企业560户\n"
        assert "560" not in clean_text(body), heading


# ------------------------------------------------------------------ after held-out 6


def test_bln_and_mln_are_scales() -> None:
    got = by_quote("Zone draws 60 bln yuan as firms add 2 mln dollars", doc_date=D24)
    assert got["60 bln yuan"].value == 60e9 and got["2 mln dollars"].value == 2e6
    assert got["60 bln yuan"].metric == "investment"  # "draws": money drawn in


def test_the_province_in_apposition_is_no_place_of_the_fact() -> None:
    text = "Title\n\nWujiang District in Suzhou, east China's Jiangsu Province, signed 9 projects."
    assert by_quote(text, doc_date=D24)["9 projects"].region == "Wujiang District"


def test_the_venue_of_an_event_is_not_the_place_of_its_figures() -> None:
    text = "新闻\n\n9月5日，奉贤区重大项目集中签约活动在奉贤综合保税区举行，现场签约项目20个。"
    assert by_quote(text, doc_date=D24)["20个"].region == "奉贤区"


def test_full_year_is_the_year_in_question() -> None:
    text = "Title\n\nThe city aims to keep its full-year GDP growth at around 5 percent."
    assert by_quote(text, doc_date=D24)["5 percent"].period == 2024


def test_an_appositive_after_a_zone_is_not_a_list() -> None:
    text = (
        "Title\n\nThe Jinqiao Industrial Zone, the district's largest base, saw its output "
        "rise 8 percent."
    )
    assert by_quote(text, doc_date=D24)["8 percent"].region == "Jinqiao Industrial Zone"


def test_the_projects_include_continues_a_signing() -> None:
    from parkatlas.intel.signings import find_signings

    text = (
        "Title\n\nThe district signed 12 projects worth 9 billion yuan on Monday. The projects "
        "include a 2-billion-yuan battery plant by Huaguang Power Co., Ltd."
    )
    found = find_signings(text, extract_facts(text, doc_date=D24), doc_date=D24)
    assert [(r.count, r.amount, r.enterprise) for r in found] == [
        (12, 9e9, None),
        (None, 2e9, "Huaguang Power Co., Ltd."),
    ]


def test_counts_of_the_projects_and_containers_and_gallery_counters() -> None:
    from parkatlas.intel.clean import clean_text

    text = (
        "Title\n\nPhoto 1 of 8 | Next photo\n\nThe port signed 18 projects and handled "
        "2.1 million twenty-foot equivalent units in the first half. Six of the projects are "
        "from Japan, and it handled 3 million TEUs in the period. It is one of the two ports."
    )
    assert "Photo 1 of 8" not in clean_text(text)
    got = by_quote(text, doc_date=D24)
    assert got["Six"].value == 6 and got["Six"].metric == "projects"
    assert got["2.1 million twenty-foot equivalent units"].value == 2.1e6
    assert got["3 million TEUs"].period == 2024
    assert "one" not in got


# ------------------------------------------------------------------ after held-out 7


def test_an_indented_paragraph_still_opens_with_its_connector() -> None:
    from parkatlas.intel.signings import find_signings

    text = (
        "新闻\n\n    6月29日，某镇举行签约仪式，共签约项目3个，总投资27亿元。\n\n"
        "    其中，浙江某某机械有限公司数控机床项目总投资15亿元。\n"
    )
    got = by_quote(text, doc_date=D24)
    assert got["15亿元"].period == 2024
    found = find_signings(text, extract_facts(text, doc_date=D24), doc_date=D24)
    assert [r.enterprise for r in found] == [None, "浙江某某机械有限公司"]


def test_over_the_same_period_and_rising() -> None:
    text = (
        "Title\n\nThe zone's output reached 30 billion yuan in the first half of 2024, with "
        "revenue rising 8 percent. The district attracted 12 projects over the same period."
    )
    got = by_quote(text, doc_date=D24)
    assert got["8 percent"].measure == "growth"
    assert got["12 projects"].period == 2024


# ------------------------------------------------------------------ after held-out 8


def test_fractions_of_a_whole_are_percentages() -> None:
    got = by_quote("新闻\n\n出口约占全市的一半，签约项目占总数的三分之二以上。", doc_date=D24)
    assert got["一半"].value == 50 and got["三分之二"].value == 66.6667
    assert "一半" not in by_quote("新闻\n\n一半以上的时间用于研发。", doc_date=D24)


def test_a_policy_term_after_its_announcement() -> None:
    text = "新闻\n\n措施明确，对新落户的企业，给予一次性奖励，最高不超过300万元。"
    got = by_quote(text, doc_date=D24)["300万元"]
    assert (got.status, got.period, got.metric) == ("target", None, "other")
