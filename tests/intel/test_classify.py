"""Metric, measure, status and qualifier rules (classify.py), one test per rule."""

from __future__ import annotations

import pytest

from parkatlas.intel import classify as C


@pytest.mark.parametrize(
    ("window", "metric"),
    [
        ("去年嘉定片区完成税收", "tax_revenue"),
        ("实现规上工业产值", "industrial_output"),
        ("全区规上工业总产值达到", "industrial_output"),
        ("总投资", "investment"),
        ("进出口额首次突破", "import_export"),
        ("实现科技成果交易金额", "transaction"),
        ("the regional GDP strives to reach", "gdp"),
        ("the revenue of modern service industry reached more than", "output_value"),
        ("The industrial mother fund leveraged over", "fund"),
        ("The total retail sales of consumer goods increased by", "retail_sales"),
        ("China's r&d expenditure accounted for", "rd_expenditure"),
        ("完成区级一般公共预算收入", "fiscal_revenue"),
        ("a single manufacturing project of", "investment"),
    ],
)
def test_nearest_metric(window: str, metric: str) -> None:
    assert C.nearest_metric(window, 0, len(window))[0] == metric


@pytest.mark.parametrize(
    ("noun", "left", "metric"),
    [
        ("户", "新增企业", "enterprises"),
        ("个", "引进亿元项目", "projects"),
        ("个重大项目", "", "projects"),
        ("家企业研发总部", "已吸引", "enterprises"),
        ("行动倡议", "发布五大", "other"),
        ("项合作事项", "", "other"),
        ("件", "每万人发明专利拥有量达到", "patents"),
        ("万人", "吸纳就业", "people"),
        ("根", "充电桩", "infrastructure"),
        (" new regional headquarters", "", "enterprises"),
        (" new foreign-funded R&D centers", "", "enterprises"),
        (" shared parking berths", "", "infrastructure"),
        (" pedestrian Bridges", "", "infrastructure"),
        (" strategic industrial clusters", "", "other"),
        (" projects", "", "projects"),
        ("invention patents", "", "patents"),
        (" jobs", "", "people"),
    ],
)
def test_count_metric(noun: str, left: str, metric: str) -> None:
    assert C.count_metric(noun, left) == metric


@pytest.mark.parametrize(
    ("context", "hint", "metric"),
    [
        ("288亩研发用地", "land", "land_area"),
        ("首期15万平方米厂房", "m2", "floor_area"),
        ("has a planned area of 91.1 square kilometers", "land", "land_area"),
        ("build nearly one million square meters of industrial carriers", "m2", "floor_area"),
        ("Major industrial projects of 1.45 million square meters", "m2", "floor_area"),
        ("covering a total area of 110 hectares", "land", "land_area"),
    ],
)
def test_area_metric(context: str, hint: str, metric: str) -> None:
    assert C.area_metric(context, hint) == metric


@pytest.mark.parametrize(
    ("kind", "before", "after", "measure"),
    [
        ("percent", "增长", "", "growth"),
        ("percent", "同比增长", "", "growth"),
        ("percent", "the GDP of Xuhui District increased by ", "", "growth"),
        ("percent", "up ", " year on year", "growth"),
        ("percent", "占整个商务区的近", "", "share"),
        ("percent", "China's r&d expenditure accounted for ", " of GDP", "share"),
        ("percent", "creating ", " of the district's GDP", "share"),
        ("percent", "研发投入强度达到", "", "share"),
        ("percent", "城镇化率达到", "", "level"),
        ("count", "新增企业", "", "level"),
        ("count", "add ", "", "level"),
        ("money", "比上年增加", "", "growth"),
        ("money", "个人所得税减少", "", "growth"),
        ("money", "实现规上工业增加值", "", "level"),
        ("money", "完成税收", "", "level"),
    ],
)
def test_measure(kind: str, before: str, after: str, measure: str) -> None:
    assert C.measure_of(kind, before, after) == measure


@pytest.mark.parametrize(
    ("before", "after", "qualifier"),
    [
        ("占整个商务区的近", "", "approx"),
        ("首次突破", "", "approx"),
        ("reached more than ", "", "approx"),
        ("leveraged over ", "", "approx"),
        ("nearly ", "", "approx"),
        ("总投资约", "", "approx"),
        ("", "以上", "approx"),
        ("", "左右", "approx"),
        ("完成税收", "、增长", None),
        ("up ", " year on year", None),
    ],
)
def test_qualifier(before: str, after: str, qualifier: str | None) -> None:
    assert C.qualifier_before(before, after) == qualifier


@pytest.mark.parametrize(
    ("sentence_before", "clause_after", "start", "scale", "target"),
    [
        ("去年嘉定片区完成税收", "", "去年嘉定片区完成税收", False, False),
        ("力争到2026年开发区光电产业产值突破", "", "力争", False, True),
        ("预计可新增年产值", "", "预计", False, True),
        ("In the next three years, it will develop and build nearly ", "", "In the", False, True),
        ("Major industrial projects of ", " are planned to be started", "Major", False, True),
        ("", " will be completed", "", False, True),
        ("To build a ", "", "To build a 400", True, True),
        ("Qingpu New City has a planned area of ", "", "Qingpu", False, False),
        ("will be coordinated with the district's and other ", "", "will", True, False),
        ("accelerated the development of an industry of ", "", "The", True, True),
        ("引进", "", "引进", True, False),
        ("Recently, ", " were signed at", "Recently", False, False),
        ("该项目达产后年产值", "", "该项目", False, True),
        ("it is expected to achieve ", "", "After", False, True),
    ],
)
def test_target(
    sentence_before: str, clause_after: str, start: str, scale: bool, target: bool
) -> None:
    assert C.is_target(sentence_before, clause_after, start, scale, sentence_before) is target
