"""Document date, year inference, layout, places and time words (context.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from parkatlas.intel.context import (
    Layout,
    find_doc_date,
    find_places,
    find_times,
    infer_doc_year,
    region_code,
)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Title\n\n2022-06-06 0 By\n\nbody", dt.date(2022, 6, 6)),
        ("Author:Long Triangle Daily Time:2022.06.21\n", dt.date(2022, 6, 21)),
        ("发布时间:2023年10月28日 09:30", dt.date(2023, 10, 28)),
        ("Published on March 14, 2023 by", dt.date(2023, 3, 14)),
        ("no date here, only 2021", None),
    ],
)
def test_find_doc_date(text: str, date: dt.date | None) -> None:
    assert find_doc_date(text) == date


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("In 2021, the GDP of Xuhui District increased by 8.1%.", 2022),
        ("召开2023年协同创新会议。落实2024年工作现场会精神。", 2024),
        ('According to the "2025 Qingpu New Town Development Action Plan", it will grow.', None),
        ("By 2025, the region will reach 400 billion yuan.", None),
        ("no year", None),
    ],
)
def test_infer_doc_year(text: str, year: int | None) -> None:
    assert infer_doc_year(text) == year


def test_layout_keeps_numbers_whole() -> None:
    text = "It covers 1,450,000 square meters. GDP grew 8.1%.Next sentence;sub, clause"
    lay = Layout(text)
    i = text.index("1,450,000")
    assert lay.clause_of(i) == lay.clause_of(i + 6)  # no clause break inside the number
    assert text[slice(*lay.sentence(text.index("8.1%")))].startswith(" GDP grew 8.1%.")
    assert lay.sentence(text.index("Next")) != lay.sentence(text.index("8.1%"))
    assert lay.subsentence(text.index("sub")) != lay.subsentence(text.index("Next"))


def names(text: str) -> list[str]:
    return [p.name for p in find_places(text) if not p.generic]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("去年嘉定片区完成税收", ["嘉定片区"]),
        ("临港嘉定科技城首发项目", ["临港嘉定科技城"]),
        ("嘉定综保区作为全区对外开放的重要平台", ["嘉定综保区"]),
        ("与昆山、太仓联合召开", ["昆山", "太仓"]),
        ("Today, Xuhui District signed", ["Xuhui District"]),
        ("Qingpu New City has a planned area", ["Qingpu New City"]),
        (
            "the North -South region (Baoshan District, Jinshan District) will",
            ["North -South region", "Baoshan District", "Jinshan District"],
        ),
        ("Binhai New Area has been selected", ["Binhai New Area"]),
        ("a new batch of parks in Shanghai", ["Shanghai"]),
        ("Lingang Group and Shanghai Tech Group signed", []),  # organizations
        ("Zhejiang Daily | Xu Jun", []),  # a newspaper
        ("占整个商务区的近40%", []),  # a generic word, not a name
        ("集聚上市企业31家", []),  # 上市 is a word
    ],
)
def test_find_places(text: str, expected: list[str]) -> None:
    assert names(text) == expected


def test_short_forms_defined_by_the_text() -> None:
    text = "推进北虹桥商务区建设。目前北虹桥已经拥有企业5家。Suzhou Industrial Park (SIP) grew. SIP covers"
    got = names(text)
    assert got.count("北虹桥") == 1 and "北虹桥商务区" in got
    assert got.count("SIP") == 2


def test_generic_references() -> None:
    places = find_places(
        "前三季度,全区规上工业总产值达到2876亿元。作为全区对外开放的平台。40% of the district's GDP"
    )
    generic = [p.generic for p in places if p.generic]
    assert generic == ["区", "district"]  # 作为全区… is a frame, not a subject


@pytest.mark.parametrize(
    ("text", "doc_year", "years"),
    [
        ("去年嘉定片区", 2024, [2023]),
        ("Last year, the revenue", 2022, [2021]),
        ("This year, Xuhui will", 2022, [2022]),
        ("当前在保税赛车", 2024, [2024]),
        ("in January and February high-tech", 2022, [2022]),
        ("By 2025, the region", 2022, [2025]),
        ("到2025年,园区将", 2023, [2025]),
        ("9月26日,闵行区举行", 2023, [2023]),
        ("今年1-10月,全县", 2022, [2022, 2022]),
        ("比上年同期增长10.2个百分点", 2023, []),  # the base of a comparison
        ("up 3.5 percent from a year earlier", 2023, []),
        ("In the next three years", 2022, [None]),
        ("总产值1985亿元,人才公寓2000套", 2023, []),  # amounts, not years
        ("an increase of 6.3% over the same period last year", 2023, []),
    ],
)
def test_find_times(text: str, doc_year: int, years: list[int]) -> None:
    assert [t.year for t in find_times(text, doc_year)] == years


def test_future_time_words() -> None:
    (t,) = find_times("By 2025, the region", 2022)
    assert t.future


def test_region_codes() -> None:
    pytest.importorskip("parkatlas.reference.regions")
    assert region_code("嘉定区") == "310114"
    assert region_code("Xuhui District") == "310104"
    assert region_code("嘉定片区") == "310114"  # a named area inside the district
    assert region_code("Binhai New Area") in (None, "120116")
    assert region_code(None) is None


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("an industry by 2025.", [2025]),
        ("GDP grew in 2022. Next", [2022]),
        ("GDP grew in 2022.5 percent", []),
    ],
)
def test_years_at_sentence_end(text: str, years: list[int]) -> None:
    assert [t.year for t in find_times(text, 2023)] == years


def test_infer_year_at_sentence_end() -> None:
    assert infer_doc_year("Its GDP grew 5 percent in 2022.") == 2023
