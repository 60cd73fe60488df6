"""Quantity spans: what is a money/percent/area/count fact, and what is not."""

from __future__ import annotations

import pytest

from parkatlas.intel.quantities import MU_M2, find_quantities


def one(text: str):  # type: ignore[no-untyped-def]
    qs = find_quantities(text)
    assert len(qs) == 1, [(text[q.start : q.end], q.kind) for q in qs]
    q = qs[0]
    return text[q.start : q.end], q.kind, q.value, q.unit, q.qualifier


@pytest.mark.parametrize(
    ("text", "quote", "kind", "value", "unit"),
    [
        ("完成税收60.4亿元、", "60.4亿元", "money", 6.04e9, "CNY"),
        ("总额2.1万亿元", "2.1万亿元", "money", 2.1e12, "CNY"),
        ("投资一百亿元", "一百亿元", "money", 1e10, "CNY"),
        ("外资6.5亿美元", "6.5亿美元", "money", 6.5e8, "USD"),
        ("reached 400 billion yuan,", "400 billion yuan", "money", 4e11, "CNY"),
        ("of more than $100 million this", "$100 million", "money", 1e8, "USD"),
        ("attracted US$ 45 billion", "US$ 45 billion", "money", 4.5e10, "USD"),
        ("增长44.3%,", "44.3%", "percent", 44.3, "%"),
        ("up 1.9 percent year", "1.9 percent", "percent", 1.9, "%"),
        ("增长百分之十五", "百分之十五", "percent", 15, "%"),
        ("提高2.5个百分点", "2.5个百分点", "percent", 2.5, "%"),
        ("288亩研发用地", "288亩", "area", 288 * MU_M2, "m2"),
        ("covering 110 hectares.", "110 hectares", "area", 1.1e6, "m2"),
        ("of 1.45 million square meters are", "1.45 million square meters", "area", 1.45e6, "m2"),
        ("规划面积91.1平方公里", "91.1平方公里", "area", 9.11e7, "m2"),
        ("建筑面积15万平方米", "15万平方米", "area", 1.5e5, "m2"),
        ("a 500-hectare park", "500-hectare", "area", 5e6, "m2"),
        ("an industry of 10 thousand mu", "10 thousand mu", "area", 1e4 * MU_M2, "m2"),
        ("新增企业5604户、", "5604户", "count", 5604, "count"),
        ("十四家国企", "十四家", "count", 14, "count"),
        ("经济总量突破4.7万亿,", "4.7万亿", "money", 4.7e12, "CNY"),
        ("投资一百亿。", "一百亿", "money", 1e10, "CNY"),
        ("服务1.2亿人次", "1.2亿人次", "count", 1.2e8, "count"),
        ("签约24个重大项目", "24个", "count", 24, "count"),
        ("发布五大行动倡议和", "五大行动倡议", "count", 5, "count"),
        (
            "with 14 state-owned enterprises such",
            "14 state-owned enterprises",
            "count",
            14,
            "count",
        ),
        ("add 2,000 public berths,", "2,000 public berths", "count", 2000, "count"),
        (
            "Four strategic industrial clusters in",
            "Four strategic industrial clusters",
            "count",
            4,
            "count",
        ),
    ],
)
def test_finds(text: str, quote: str, kind: str, value: float, unit: str) -> None:
    got = one(text)
    assert got[:2] == (quote, kind)
    assert got[2] == pytest.approx(value)
    assert got[3] == unit


@pytest.mark.parametrize(
    ("text", "quote", "qualifier"),
    [
        ("打造千亿级产业集群", "千亿级", "scale"),
        ("引进亿元项目50个", "亿元", "scale"),
        ("a 400 billion-yuan cluster", "400 billion-yuan", "scale"),
        ("a 100 billion-level cluster", "100 billion-level", "scale"),
        ("已有30多家金融企业", "30多家", "approx"),
        ("外资企业1800余家,", "1800余家", "approx"),
    ],
)
def test_qualifier_from_the_number(text: str, quote: str, qualifier: str) -> None:
    qs = [q for q in find_quantities(text) if text[q.start : q.end] == quote]
    assert qs and qs[0].qualifier == qualifier


def test_wan_mu_qian_yi() -> None:
    """万亩千亿: a land class and an output class, both scale."""
    qs = find_quantities("打造万亩千亿新产业平台")
    assert [(q.kind, q.value, q.qualifier) for q in qs] == [
        ("area", pytest.approx(1e4 * MU_M2), "scale"),
        ("money", 1e11, "scale"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "上海市嘉定区区长3月2日表示",  # date
        "三年来,嘉定片区",  # duration
        "In 2021, the GDP",  # year
        "第六届长三角科交会",  # ordinal
        "Today (29th), Xuhui",  # date / ordinal
        "主要是做到“双依托、双强化”:一是依托",  # list numbers
        "体现在“四个加强”上",  # quoted slogan
        "虹桥国际开放枢纽24条升级版措施",  # the name of a policy
        "多家国际组织机构",  # vague
        "dozens of firms",  # vague
        "the development of the “1+3” industry",  # name
        "the number of invention patents per 10,000 people",  # denominator
        "热线:400 0123 021",  # phone number
        "依靠一家平台公司",  # article
        "one of the main positions",  # not a count
        "ranking first in the city",  # ranking
        "In the next three years",  # duration
        "4.5 kilometers of production roads",  # a length is no kind of the guidelines
        "千家万户",  # idiom
        "including 156 projects invested by Fortune Global 500 companies",  # name (500 only)
        "前10大股东",  # ranking
        "年产能1亿吨",  # tons are no kind of the guidelines
        "预计于2025年6月竣工",  # a date
    ],
)
def test_not_facts(text: str) -> None:
    quotes = [text[q.start : q.end] for q in find_quantities(text)]
    if "156 projects" in text:
        assert quotes == ["156 projects"]
    else:
        assert quotes == []


def test_number_of_was() -> None:
    text = "the number of invention patents per 10,000 people was 131, ranking first"
    qs = find_quantities(text)
    assert [(text[q.start : q.end], q.kind, q.value) for q in qs] == [("131", "count", 131)]
    assert "patents" in qs[0].noun
