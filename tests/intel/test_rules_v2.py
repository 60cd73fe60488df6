"""Rules of extractor v2 (parkatlas.facts.v2), one plain-value test each, on sentences
written for these tests: boilerplate, English counts, 成, periods, regions, metrics."""

from __future__ import annotations

import datetime as dt

from parkatlas.intel.clean import clean_text
from parkatlas.intel.context import find_places
from parkatlas.intel.extract import extract_facts
from parkatlas.intel.quantities import find_quantities
from parkatlas.intel.schema import EXTRACTOR_NAME, FactRecord

D23 = dt.date(2023, 5, 10)
D24 = dt.date(2024, 3, 6)


def by_quote(text: str, **kw) -> dict[str, FactRecord]:  # type: ignore[no-untyped-def]
    return {f.quote: f for f in extract_facts(text, **kw)}


def quotes(text: str) -> list[tuple[str, str, float]]:
    return [(text[q.start : q.end], q.kind, q.value) for q in find_quantities(text)]


def test_extractor_name() -> None:
    assert EXTRACTOR_NAME == "parkatlas.facts.v6"


# ------------------------------------------------------------------ A. boilerplate


def test_source_byline_at_the_top_does_not_cut_the_body() -> None:
    text = "金山新材料产业园签约12个项目\n\n来源:金山报 2024-03-05 阅读 1234\n\n  园区签约项目12个,总投资88亿元。"
    assert clean_text(text) == "金山新材料产业园签约12个项目\n\n园区签约项目12个,总投资88亿元。"


def test_source_line_after_the_body_cuts_the_rest() -> None:
    text = "标题\n\n正文写到这里,投资5亿元。\n\n来源：某某日报\n\n推荐:另一个项目投资9亿元"
    assert clean_text(text) == "标题\n\n正文写到这里,投资5亿元。"


def test_single_related_teaser_line_is_dropped() -> None:
    text = "Title\n\nBody one.\n\nRelated: Town opens 4 new schools (2023-01-02)\n\nBody two."
    assert clean_text(text) == "Title\n\nBody one.\n\nBody two."


# ------------------------------------------------------------------ B. counts


def test_number_of_them_counts_the_things_just_named() -> None:
    f = by_quote("The zone welcomed 30 projects, and 8 of them are foreign-funded.")
    assert f["8"].value == 8 and f["8"].metric == "projects"


def test_of_which_n_are() -> None:
    f = by_quote("The town has 900 firms, of which 75 are high-tech.")
    assert f["75"].value == 75 and f["75"].metric == "enterprises"


def test_including_n_with() -> None:
    f = by_quote("It hosts 40 listed companies, including 6 with revenue above 5 billion yuan.")
    assert f["6"].metric == "enterprises"
    assert f["5 billion yuan"].value == 5e9


def test_number_of_has_exceeded() -> None:
    f = by_quote("The number of startups in the park has exceeded 2,400.")
    assert f["2,400"].value == 2400 and f["2,400"].qualifier == "approx"


def test_counted_subject_totaled() -> None:
    f = by_quote("Trademark and patent applications filed by local firms totaled 3,150 last year.")
    assert f["3,150"].value == 3150 and f["3,150"].metric == "patents"


def test_totaled_money_subject_is_no_count() -> None:
    assert quotes("Retail sales of the county totaled 4,500 in the survey.") == []


def test_spelled_out_counts_with_quotes_and_digits_inside() -> None:
    text = (
        'Seven provincial "hidden champion" manufacturers moved in, and the city built '
        "2,300 5G base stations and three Forbes 100 research centers."
    )
    got = quotes(text)
    assert ('Seven provincial "hidden champion" manufacturers', "count", 7.0) in got
    assert ("2,300 5G base stations", "count", 2300.0) in got
    assert ("three Forbes 100 research centers", "count", 3.0) in got


def test_count_of_level_clusters_is_two_facts() -> None:
    got = quotes("The county will grow three 50 billion-level industrial clusters.")
    assert ("three 50 billion-level industrial clusters", "count", 3.0) in got
    assert ("50 billion-level", "money", 5e10) in got


def test_one_of_and_articles_stay_out() -> None:
    assert quotes("It is one of the hubs and a center for trade.") == []


def test_compound_head_noun() -> None:
    f = by_quote("Builders started 12 regional headquarters projects in May.")
    assert f["12 regional headquarters projects"].metric == "projects"


def test_cheng_tenths_are_percent() -> None:
    f = by_quote("出口占全县外贸总额的近六成。")
    assert f["六成"].kind == "percent" and f["六成"].value == 60
    assert f["六成"].qualifier == "approx"
    assert quotes("规划一成不变,三成员单位参加。") == []


# ------------------------------------------------------------------ C. periods


def test_mid_sentence_year_governs_its_clause_and_the_rest() -> None:
    f = by_quote("会议指出,2022年全县实现税收18.2亿元,增长4.1%;工业投资9.3亿元。", doc_date=D23)
    assert f["18.2亿元"].period == 2022
    assert f["4.1%"].period == 2022
    assert f["9.3亿元"].period == 2022  # carried across ；


def test_chinese_time_word_carries_across_semicolons() -> None:
    f = by_quote("开发区去年引进企业310家,其中外资企业40家;兑现奖补资金2.1亿元。", doc_date=D24)
    assert f["2.1亿元"].period == 2023
    assert f["2.1亿元"].metric == "other"  # 奖补 (a subsidy)


def test_already_blocks_a_year_from_another_sub_sentence() -> None:
    f = by_quote("园区去年新增企业88家;科创中心已入驻团队19个。", doc_date=D24)
    assert f["88家"].period == 2023 and f["19个"].period is None


def test_weekday_month_and_quarter_words() -> None:
    text = (
        "The county signed 14 projects on Monday. In the first five months of this year, "
        "exports rose 6.6 percent. In the first three quarters of this year, sales grew 3.3 "
        "percent. The park now has 420 firms. This month, a 2 billion yuan plant opened."
    )
    f = by_quote(text, doc_date=D23)
    for q in ("14 projects", "6.6 percent", "3.3 percent", "420 firms", "2 billion yuan"):
        assert f[q].period == 2023, q


def test_yesterday_in_chinese() -> None:
    f = by_quote("九家企业昨日落户新城。", doc_date=D23)
    assert f["九家"].period == 2023


def test_during_the_period_and_by_then() -> None:
    text = (
        "Revenue rose 7.7 percent in the first half of the year. During the period, "
        "investment grew 4.2 percent. By 2027, the city aims for 900 billion yuan of output. "
        "It also plans to add 600 new firms by then."
    )
    f = by_quote(text, doc_date=D23)
    assert f["4.2 percent"].period == 2023
    assert f["600 new firms"].period == 2027 and f["600 new firms"].status == "target"


def test_dependent_clauses_keep_the_sentence_period() -> None:
    text = (
        "The port handled cargo worth 88.1 billion yuan last year, up 5.5 percent, "
        "accounting for 31 percent of the province's total."
    )
    f = by_quote(text, doc_date=D23)
    assert f["5.5 percent"].period == 2022 and f["31 percent"].period == 2022


def test_time_phrase_closing_the_sentence_governs_it() -> None:
    text = "The town added 320 new firms and opened 4 new parks in the first quarter."
    f = by_quote(text, doc_date=D23)
    assert f["320 new firms"].period == 2023


def test_relative_clause_does_not_take_the_closing_time() -> None:
    text = "The zone, which covers 26 square kilometers, drew 51 projects last year."
    f = by_quote(text, doc_date=D23)
    assert f["26 square kilometers"].period is None and f["51 projects"].period == 2022


def test_goal_year_mid_sentence_reaches_the_rest_of_its_list() -> None:
    text = (
        "The city will build 3 new ports by 2026, add 90 berths and plant 500 hectares of forest."
    )
    f = by_quote(text, doc_date=D23)
    assert f["90 berths"].period == 2026 and f["500 hectares"].period == 2026


def test_goal_year_does_not_reach_a_sentence_about_what_was_done() -> None:
    text = (
        "By 2026, the county plans to reach 80 billion yuan. It has set up a 2 billion yuan fund."
    )
    f = by_quote(text, doc_date=D23)
    assert f["80 billion yuan"].period == 2026
    assert f["2 billion yuan"].period is None and f["2 billion yuan"].status == "actual"


def test_next_years_give_no_period() -> None:
    text = "By 2026, the county will grow. It will train 8,000 nurses over the next five years."
    f = by_quote(text, doc_date=D23)
    assert f["8,000 nurses"].period is None and f["8,000 nurses"].status == "target"


def test_reporting_frame_before_a_topic_time() -> None:
    text = "记者从县商务局获悉,今年前五个月,全县签约项目17个。全县外贸进出口额增长8.8%。"
    f = by_quote(text, doc_date=D23)
    assert f["17个"].period == 2023 and f["8.8%"].period == 2023


def test_definite_noun_continues_the_previous_sentence() -> None:
    text = "The district signed 25 projects on Friday. The projects include 6 labs worth 3 billion yuan."
    f = by_quote(text, doc_date=D23)
    assert f["6 labs"].period == 2023


# ------------------------------------------------------------------ D. regions


def test_ranking_places_are_never_the_region() -> None:
    text = "去年,嘉兴经开区实现生产总值900亿元,在全国国家级经开区中排名第九;税收66亿元。"
    f = by_quote(text, doc_date=D23)
    assert f["900亿元"].region == "嘉兴经开区" and f["66亿元"].region == "嘉兴经开区"
    text = "Jinshan District added 80 firms, ranking second among districts in Shanghai."
    assert by_quote(text)["80 firms"].region == "Jinshan District"


def test_nickname_and_possessive_appositive() -> None:
    text = 'Songjiang District, known as the "Silicon Lane" of Shanghai, drew 19 projects.'
    assert by_quote(text)["19 projects"].region == "Songjiang District"
    text = "Minhang District, Shanghai's research hub, signed 33 projects."
    assert by_quote(text)["33 projects"].region == "Minhang District"


def test_area_of_the_container() -> None:
    text = "Yangpu District of Shanghai opened 7 incubators."
    assert by_quote(text)["7 incubators"].region == "Yangpu District"


def test_project_located_in_a_place() -> None:
    text = "总投资30亿元的新能源电池产业园项目位于青浦工业园区,用地约150亩。"
    f = by_quote(text)
    assert f["30亿元"].region == "青浦工业园区" and f["150亩"].region == "青浦工业园区"
    text = "位于金山区的碳谷绿湾产业园规划面积约3平方公里。"
    assert by_quote(text)["3平方公里"].region == "碳谷绿湾产业园"


def test_position_complement_is_not_the_region() -> None:
    text = "Zhangjiang, in the east of Pudong New Area, covers 2.8 square kilometers."
    assert by_quote(text)["2.8 square kilometers"].region == "Zhangjiang"


def test_there_is_the_place_just_named() -> None:
    text = (
        "Jiading District held a fair in the Hongqiao Business District. Last week, a "
        "500 million yuan lab opened there."
    )
    f = by_quote(text)
    assert f["500 million yuan"].region == "Hongqiao Business District"


def test_place_names_are_not_cut_mid_word() -> None:
    f = by_quote("位于新站高新区的某项目总投资20亿元。")
    assert f["20亿元"].region == "新站高新区"
    names = [p.name for p in find_places("如皋工业园区共建项目12个。")]
    assert "如皋工业园区" in names


def test_a_list_of_places_belongs_to_the_place_holding_them() -> None:
    text = "到2026年,芜湖市将在三山区、繁昌区、南陵县建设4个产业园。"
    f = by_quote(text, doc_date=D23)
    assert f["4个"].region == "芜湖市"


# ------------------------------------------------------------------ E. metrics


def test_rd_spending_restated_as_share_of_gdp() -> None:
    f = by_quote("R&D spending reached 12.5 billion yuan, or 3.9% of GDP.")
    assert f["3.9%"].metric == "rd_expenditure" and f["3.9%"].measure == "share"


def test_technology_contracts_are_transactions() -> None:
    f = by_quote("Technology contracts worth 7.2 billion yuan were signed.")
    assert f["7.2 billion yuan"].metric == "transaction"


def test_fund_is_the_head_of_the_phrase() -> None:
    f = by_quote("The county set up a 3 billion yuan biomedicine industry fund.")
    assert f["3 billion yuan"].metric == "fund"
    f = by_quote("园区设立规模20亿元的产业引导基金。")
    assert f["20亿元"].metric == "fund"


def test_subsidies_are_other() -> None:
    f = by_quote("The fund backs labs and offers subsidies of up to 5 million yuan.")
    assert f["5 million yuan"].metric == "other"


def test_share_takes_a_specific_whole_over_a_generic_part() -> None:
    f = by_quote("数字产业产值占规上工业总产值比重达到35%。")
    assert f["35%"].metric == "industrial_output" and f["35%"].measure == "share"
    f = by_quote("全县规上工业总产值800亿元,其中新兴产业产值占比41%。")
    assert f["41%"].metric == "industrial_output"
    f = by_quote(
        "It will raise the output value of digital industries to 30 percent of its industrial output."
    )
    assert f["30 percent"].metric == "industrial_output"


def test_view_counter_lines_are_dropped_and_counts_stop_at_line_ends() -> None:
    text = (
        "Title here\n\nBy Wang Fang | City News | Views: 3,318\n\nMinhang District opened 6 labs."
    )
    assert clean_text(text) == "Title here\n\nMinhang District opened 6 labs."
    assert quotes("It had 4,410\n\nJiading District firms") == []


def test_n_of_them_shares_the_time_of_its_antecedent() -> None:
    text = "The county signed 21 projects on Tuesday, and 9 of them are in biotech."
    assert by_quote(text, doc_date=D23)["9"].period == 2023


def test_counted_parks_are_not_a_place() -> None:
    text = "到2026年,嘉定区将建设4个特色产业园,产业规模突破600亿元。"
    assert by_quote(text, doc_date=D23)["600亿元"].region == "嘉定区"


def test_dubbed_appositive_and_hyphenated_zone_names() -> None:
    text = (
        'Xuhui District, dubbed the "AI Valley" of Shanghai Municipality, drew 12 labs. '
        "A 2 billion yuan plant broke ground in the Caohejing Hi-tech Park."
    )
    f = by_quote(text)
    assert f["12 labs"].region == "Xuhui District"
    assert f["2 billion yuan"].region == "Caohejing Hi-tech Park"


def test_a_closing_next_years_phrase_stays_in_its_clause() -> None:
    text = "The city has opened a 4 billion yuan fund, and will hire 600 engineers over the next two years."
    f = by_quote(text, doc_date=D23)
    assert f["4 billion yuan"].status == "actual" and f["600 engineers"].status == "target"
    assert f["600 engineers"].metric == "people"
