"""Rules of extractor v3 (parkatlas.facts.v3), one plain-value test each, on sentences
written for these tests (not taken from any gold set): boilerplate, quantities, metrics,
measures, status, regions and periods."""

from __future__ import annotations

import datetime as dt

from parkatlas.intel.clean import clean_text
from parkatlas.intel.context import find_places
from parkatlas.intel.extract import extract_facts
from parkatlas.intel.quantities import find_quantities
from parkatlas.intel.schema import EXTRACTOR_NAME, FactRecord

D22 = dt.date(2022, 6, 14)
D23 = dt.date(2023, 9, 20)
D24 = dt.date(2024, 1, 16)


def by_quote(text: str, **kw) -> dict[str, FactRecord]:  # type: ignore[no-untyped-def]
    return {f.quote: f for f in extract_facts(text, **kw)}


def quotes(text: str) -> list[tuple[str, str, float]]:
    return [(text[q.start : q.end], q.kind, q.value) for q in find_quantities(text)]


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text) if not p.generic]


def test_extractor_name() -> None:
    assert EXTRACTOR_NAME == "parkatlas.facts.v6"


# ------------------------------------------------------------------ A. boilerplate


def test_bracketed_related_line_cuts_the_rest() -> None:
    text = "Title\n\nThe town built 4 schools.\n\n[Related] County adds 12 parks | 9 measures"
    assert clean_text(text) == "Title\n\nThe town built 4 schools."


def test_bare_related_heading_cuts_the_link_list() -> None:
    text = "Title\n\nThe port opened 3 routes.\n\nRelated:\nCity signs 55 projects\nPark tops 900"
    assert clean_text(text) == "Title\n\nThe port opened 3 routes."


def test_related_links_line_in_chinese_cuts() -> None:
    text = "标题\n\n全镇新增企业40家。\n\n相关链接:某镇签约项目18个"
    assert clean_text(text) == "标题\n\n全镇新增企业40家。"


# ------------------------------------------------------------------ B. quantities


def test_cheng_at_the_end_of_a_title_line() -> None:
    got = quotes("某县进口同比增长逾四成\n\n正文。")
    assert ("四成", "percent", 40.0) in got


def test_decimal_count_of_a_rate_per_population() -> None:
    got = quotes("全县每万人口发明专利拥有量达31.6件。")
    assert ("31.6件", "count", 31.6) in got
    assert quotes("新增企业3.5家。") == []


def test_hyphenated_square_kilometer_area() -> None:
    got = quotes("The town will plan a 2.8-square-kilometer logistics base.")
    assert ("2.8-square-kilometer", "area", 2.8e6) in got


def test_level_written_in_words() -> None:
    got = quotes(
        "It plans a trillion-yuan-level auto cluster and a hundred-billion-yuan-level hub."
    )
    assert ("trillion-yuan-level", "money", 1e12) in got
    assert ("hundred-billion-yuan-level", "money", 1e11) in got


def test_counts_of_products() -> None:
    assert ("240 million handsets", "count", 2.4e8) in quotes(
        "The plant made 240 million handsets."
    )


def test_count_with_a_long_modifier_chain() -> None:
    text = 'It has 31 provincial-level innovative and fast-growing "gazelle" firms.'
    assert 'provincial-level innovative and fast-growing "gazelle" firms' in quotes(text)[0][0]


def test_increase_of_a_bare_number_after_a_count() -> None:
    f = by_quote(
        "The county has 820 high-tech firms, an increase of 64 over last year.", doc_date=D23
    )
    assert f["64"].value == 64 and f["64"].metric == "enterprises"
    assert f["64"].measure == "growth"


def test_count_topping_a_number_after_a_counted_subject() -> None:
    f = by_quote("Town's count of listed firms tops 2,300")
    assert f["2,300"].value == 2300 and f["2,300"].qualifier == "approx"


def test_among_the_things_n_are() -> None:
    f = by_quote("The fair signed 40 deals. Among the companies listed, nine are foreign.")
    assert f["nine"].value == 9


# ------------------------------------------------------------------ C. metric and measure


def test_gross_regional_product_is_gdp() -> None:
    f = by_quote("The county's gross regional product reached 88.1 billion yuan.")
    assert f["88.1 billion yuan"].metric == "gdp"


def test_rd_costs_are_rd_expenditure() -> None:
    f = by_quote("规上企业研发费用支出约12亿元,增长9.1%。")
    assert f["12亿元"].metric == "rd_expenditure"
    assert f["9.1%"].metric == "rd_expenditure"


def test_universities_and_clusters_counted_are_other() -> None:
    f = by_quote("组织8家企业与15所高校院所合作,培育4个百亿级产业集群。")
    assert f["15所"].metric == "other"
    assert f["4个"].metric == "other"
    assert f["8家"].metric == "enterprises"


def test_occupancy_rate_is_a_share() -> None:
    f = by_quote("孵化器入驻率达92%。")
    assert f["92%"].metric == "share" and f["92%"].measure == "share"


def test_factory_buildings_are_infrastructure() -> None:
    f = by_quote("The park has 14 standard factory buildings.")
    assert f["14 standard factory buildings"].metric == "infrastructure"


def test_absolute_increase_against_a_base_is_growth() -> None:
    f = by_quote("全县高新技术企业达640家,比上年增加58家;亩均税收较去年同期提高3.1万元。")
    assert f["58家"].measure == "growth"
    assert f["3.1万元"].measure == "growth"
    assert f["640家"].measure == "level"
    assert by_quote("全县新增企业58家。")["58家"].measure == "level"


def test_contributed_percent_of_is_a_share() -> None:
    f = by_quote("Firms from Europe contributed about 35 percent of the total investment.")
    assert f["35 percent"].measure == "share"


# ------------------------------------------------------------------ D. status


def test_items_of_a_goal_list_are_all_targets() -> None:
    f = by_quote("今年的主要目标是:税收增长4%;工业投资增长9%;进出口增长3%。", doc_date=D24)
    assert [f[q].status for q in ("4%", "9%", "3%")] == ["target"] * 3


def test_a_goal_word_opening_the_sentence_governs_its_sub_sentences() -> None:
    f = by_quote("力争新增企业80家;推动产业园完成投资36亿元。", doc_date=D24)
    assert f["36亿元"].status == "target"
    assert by_quote("新增企业80家;完成投资36亿元。")["36亿元"].status == "actual"


def test_planned_floor_area_is_a_target() -> None:
    f = by_quote("A lab broke ground with a planned floor area of 90,000 square meters.")
    assert f["90,000 square meters"].status == "target"


def test_contrast_clause_with_its_own_past_is_actual() -> None:
    f = by_quote(
        "The town is expected to reach 40 billion yuan this year, while the county's "
        "output reached 310 billion yuan last year.",
        doc_date=D23,
    )
    assert f["40 billion yuan"].status == "target"
    assert f["310 billion yuan"].status == "actual"


def test_thing_still_to_be_built_is_a_target() -> None:
    f = by_quote("The park is part of a 5-square-kilometer base that the county will build.")
    assert f["5-square-kilometer"].status == "target"


# ------------------------------------------------------------------ E. regions


def test_time_character_opening_a_name_after_a_verb_or_a_known_name() -> None:
    assert "前溪湖片区" in names("推动前溪湖片区完成投资20亿元。")
    assert "前溪湖生态片区" in names("推动前溪湖生态片区完成投资20亿元。")  # not cut to 4
    assert "嘉兴前港新区" in names("嘉兴前港新区上半年实现税收12亿元。")
    assert not any(n.startswith("年") for n in names("明年新区将新增企业10家。"))


def test_enclosing_place_written_before_gives_way_to_the_inner_one() -> None:
    text = "苏州市吴中区2024年工作报告\n\n全区新增企业300家。"
    f = by_quote(text, doc_date=D24)
    assert f["300家"].region == "吴中区"


def test_size_class_is_no_place_name() -> None:
    assert not any("亿级" in n for n in names("打造3个百亿级特色产业园。"))


def test_bare_park_word_is_the_park_named_before() -> None:
    text = "滨江数字产业园开园\n\n9月1日,滨江数字产业园开园。产业园占地300亩,总投资18亿元。"
    f = by_quote(text, doc_date=D23)
    assert f["300亩"].region == "滨江数字产业园"


def test_city_name_opening_a_company_name_is_no_place() -> None:
    assert "杭州" not in names("项目由杭州城投控股有限公司投资建设。")


def test_central_city_suffix() -> None:
    assert "滨湖中心城" in names("另有5个项目落户滨湖中心城。")


def test_dateline_is_left_out_of_the_name() -> None:
    f = by_quote("SUZHOU - Suzhou Industrial Park signed 12 projects on Monday.", doc_date=D23)
    assert f["12 projects"].region == "Suzhou Industrial Park"


def test_and_inside_a_zone_name() -> None:
    text = "Hefei Economic and Technological Development Zone added 30 firms."
    assert "Hefei Economic and Technological Development Zone" in names(text)
    assert "Xuhui and Minhang District" not in names("Xuhui and Minhang District grew.")


def test_park_in_a_zone_keeps_the_park() -> None:
    text = "The Lakeside Robot Industrial Park in Jinyang Development Zone opened, with 8 firms."
    assert by_quote(text)["8 firms"].region == "Lakeside Robot Industrial Park"


def test_airport_is_a_place() -> None:
    f = by_quote("Hangzhou Xiaoshan International Airport opened 9 cargo routes.")
    assert f["9 cargo routes"].region == "Hangzhou Xiaoshan International Airport"


def test_origin_after_from_is_not_the_place() -> None:
    text = "Songjiang District drew investors from Macao and Singapore, who put in 40 percent of the funds."
    assert by_quote(text)["40 percent"].region == "Songjiang District"


def test_park_named_after_the_number() -> None:
    text = "Yuhang Smart Park opens\n\nCovering 300 mu, the park has 20 firms."
    assert by_quote(text)["300 mu"].region == "Yuhang Smart Park"


def test_modified_generic_picks_the_matching_name() -> None:
    text = (
        "Ningxi Bonded Zone and Ningxi Development Zone signed deals. "
        "The development zone added 15 firms."
    )
    assert by_quote(text)["15 firms"].region == "Ningxi Development Zone"


def test_whole_of_a_share_is_not_the_place() -> None:
    f = by_quote("12月3日,吴江区召开会议。全区进出口额310亿元,占苏州全市的约5%。", doc_date=D23)
    assert f["310亿元"].region == "吴江区"


def test_phase_of_a_zone_is_no_ranking() -> None:
    assert "Linhai Comprehensive Bonded Zone" in names(
        "It will finish the second phase of the Linhai Comprehensive Bonded Zone."
    )


def test_relative_clause_names_the_owner() -> None:
    text = (
        "Lake Park is part of a 4-square-kilometer base that Tongxin Development Zone will build."
    )
    assert by_quote(text)["4-square-kilometer"].region == "Tongxin Development Zone"


def test_place_of_a_coordinated_clause_is_not_the_facts() -> None:
    text = (
        "Anping Economy Zone opens\n\nIt plans 60 projects worth 8 billion yuan, and to "
        "finish the Anping Bonded Zone."
    )
    assert by_quote(text)["60 projects"].region == "Anping Economy Zone"


# ------------------------------------------------------------------ F. periods


def test_past_year_word() -> None:
    f = by_quote("过去一年,全区实现税收45亿元。", doc_date=D24)
    assert f["45亿元"].period == 2023


def test_whole_year_takes_the_year_in_question() -> None:
    f = by_quote("2022年经济运行平稳。全年实现税收45亿元。", doc_date=D24)
    assert f["45亿元"].period == 2022
    assert by_quote("确保全年工业产值增长7%。", doc_date=D24)["7%"].period == 2024


def test_whole_year_inside_a_clause_governs_that_clause_only() -> None:
    f = by_quote("下一步,全区将力争全年引进项目60个,加快打造千亿级产业集群。", doc_date=D24)
    assert f["60个"].period == 2024
    assert f["千亿级"].period is None


def test_section_heading_year_governs_its_section() -> None:
    text = (
        "某区政府工作报告\n\n一、2023年工作回顾\n\n经济稳中向好。实现税收45亿元。\n\n"
        "二、2024年主要目标\n\n工业投资增长9%。"
    )
    f = by_quote(text, doc_date=D24)
    assert f["45亿元"].period == 2023
    assert f["9%"].period == 2024


def test_facts_of_the_reported_event_take_its_year() -> None:
    text = (
        "某区举行签约仪式\n\n9月18日,某区举行签约仪式,签约项目20个。\n\n"
        "本次签约项目中,某项目总投资15亿元,达产后预计年产值30亿元。"
    )
    f = by_quote(text, doc_date=D23)
    assert f["15亿元"].period == 2023
    assert f["30亿元"].period is None


def test_at_the_conference_takes_the_conference_year() -> None:
    text = (
        "The county held a conference on Friday.\n\n"
        "At the conference, five banks launched a 2 billion yuan fund."
    )
    assert by_quote(text, doc_date=D23)["2 billion yuan"].period == 2023


def test_relative_clause_after_the_day() -> None:
    f = by_quote("The town held a fair on Monday, at which 14 projects were signed.", doc_date=D23)
    assert f["14 projects"].period == 2023


def test_since_the_beginning_of_this_year() -> None:
    f = by_quote("Since the beginning of this year, the town has signed 77 projects.", doc_date=D23)
    assert f["77 projects"].period == 2023


def test_next_sentence_of_results_keeps_the_year() -> None:
    text = (
        "The county's tax revenue reached 5 billion yuan in 2022, up 3 percent. "
        "Industrial investment grew 7.5 percent."
    )
    f = by_quote(text, doc_date=D23)
    assert f["7.5 percent"].period == 2022


def test_new_frame_or_plan_does_not_keep_the_year() -> None:
    text = (
        "The county's tax revenue reached 5 billion yuan last year. In the county's Lake "
        "Park, a plant broke ground with an investment of 2 billion yuan."
    )
    assert by_quote(text, doc_date=D23)["2 billion yuan"].period is None


def test_postposed_year_reaches_a_coordinated_clause() -> None:
    text = "The town made 80 million chips last year, and its IC industry posted revenue of 9 billion yuan."
    assert by_quote(text, doc_date=D23)["9 billion yuan"].period == 2022


def test_base_of_a_comparison_is_no_period() -> None:
    f = by_quote(
        "The park now has 420 firms, an increase of 31 over the end of last year.", doc_date=D23
    )
    assert f["31"].period == 2023


def test_among_connector_over_a_blank_line() -> None:
    text = (
        "The zone held a fair on Tuesday, at which 30 projects were signed.\n\n"
        "Among the projects signed, six are foreign-funded, worth US$90 million."
    )
    assert by_quote(text, doc_date=D23)["US$90 million"].period == 2023


def test_partial_past_period_does_not_reach_a_plan() -> None:
    text = "一季度,全区实际使用外资2亿美元。下一步,全区将加快打造千亿级产业集群。"
    assert by_quote(text, doc_date=D23)["千亿级"].period is None
