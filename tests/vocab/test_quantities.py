"""vocab.quantities: the spellings of issue 9 as data (ranges, approximations, notes, markers),
then properties: no reader raises, ranges keep both ends, units convert exactly."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.vocab import (
    MONTH_TO_DAY,
    MU_M2,
    TONNE_FORCE_KN,
    Reading,
    Unreadable,
    read_area,
    read_height,
    read_load,
    read_number,
    read_power,
    read_price,
    read_rent,
)

READERS: list[Callable[[object], Reading[float] | Unreadable]] = [
    read_area, read_rent, read_price, read_load, read_height, read_power, read_number,
]  # fmt: skip


def ok(result: Reading[float] | Unreadable) -> Reading[float]:
    assert isinstance(result, Reading), str(result)
    return result


@pytest.mark.parametrize(
    ("reader", "text", "value", "low", "high", "approximate"),
    [
        (read_area, "约3000平方米", 3000, None, None, True),
        (read_area, "3000平米左右", 3000, None, None, True),
        (read_area, "5000余平方米", 5000, None, None, True),
        (read_area, "3,000-5,000㎡", 5000, 3000, 5000, False),
        (read_area, "3000～5000平方米", 5000, 3000, 5000, False),
        (read_area, "20至30亩", 30 * MU_M2, 20 * MU_M2, 30 * MU_M2, False),
        (read_area, "1-1.5万平方米", 15000, 10000, 15000, False),
        (read_area, "20亩", 20 * MU_M2, None, None, False),
        (read_rent, "1.2元/㎡/天", 1.2, None, None, False),
        (read_rent, "0.9-1.1元/㎡/天", 0.9, 0.9, 1.1, False),
        (read_rent, "45元/㎡/月", 45 * MONTH_TO_DAY, None, None, False),
        (
            read_rent,
            "30-36元/㎡/月",
            30 * MONTH_TO_DAY,
            30 * MONTH_TO_DAY,
            36 * MONTH_TO_DAY,
            False,
        ),
        (read_price, "8000-9000元/㎡", 8000, 8000, 9000, False),
        (read_load, "1吨/㎡", TONNE_FORCE_KN, None, None, False),
        (read_load, "2吨", 2 * TONNE_FORCE_KN, None, None, False),
        (read_load, "800kg", 800 * TONNE_FORCE_KN / 1000, None, None, False),
        (read_load, "10kN/㎡", 10, None, None, False),
        (read_load, "10KN", 10, None, None, False),
        (read_height, "8米", 8, None, None, False),
        (read_power, "800KVA", 800, None, None, False),
        (read_power, "2×1250KVA", 2500, None, None, False),
        (read_number, "一万五", 15000, None, None, False),
        (read_number, "三千二", 3200, None, None, False),
        (read_number, "-3", -3, None, None, False),
    ],
)
def test_readings(
    reader: Callable[[object], Reading[float] | Unreadable],
    text: str,
    value: float,
    low: float | None,
    high: float | None,
    approximate: bool,
) -> None:
    r = ok(reader(text))
    assert r.value == pytest.approx(value, rel=1e-12)
    assert r.low == (None if low is None else pytest.approx(low, rel=1e-12))
    assert r.high == (None if high is None else pytest.approx(high, rel=1e-12))
    assert r.approximate is approximate
    assert r.is_range is (low is not None)


@pytest.mark.parametrize(
    ("text", "value", "note"),
    [("8米（檐口）", 8, "檐口"), ("8米(净高)", 8, "净高"), ("5000㎡（含办公）", 5000, "含办公")],
)
def test_bracketed_note_is_kept(text: str, value: float, note: str) -> None:
    reader = read_height if "米" in text and "㎡" not in text else read_area
    r = ok(reader(text))
    assert (r.value, r.note) == (value, note)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    ("cell", "marker"),
    [(None, "blank"), ("", "blank"), ("  ", "blank"), ("—", "unknown"), ("-", "unknown"),
     ("/", "unknown"), ("不详", "unknown"), ("待定", "unknown"), ("面议", "negotiable"),
     ("价格面议", "negotiable")],
)  # fmt: skip
def test_markers(
    reader: Callable[[object], Reading[float] | Unreadable], cell: object, marker: str
) -> None:
    r = ok(reader(cell))
    assert (r.value, r.marker) == (None, marker)


@pytest.mark.parametrize("cell", ["0", 0, "无", "没有", "0kVA"])
def test_no_power_is_zero_not_an_error(cell: object) -> None:
    r = ok(read_power(cell))
    assert (r.value, r.marker) == (0.0, "none")


@pytest.mark.parametrize(
    ("reader", "cell", "code", "zh"),
    [
        (read_area, "五千平米", "chinese_numerals", "请用阿拉伯数字"),
        (read_area, "≤5000㎡", "upper_bound", "上限"),
        (read_area, "0", "not_positive", "必须大于 0"),
        (read_area, "5000-3000㎡", "range_order", "范围"),
        (read_area, "5000立方米", "unknown_unit", "单位"),
        (read_area, "many", "no_number", "没有数字"),
        (read_rent, "1.2元/㎡", "rent_without_period", "时间单位"),
        (read_price, "1.2元/㎡/天", "rent_as_price", "这是租金"),
        (read_rent, "-1元/㎡/天", "negative", "不能小于 0"),
        (read_height, "8米以下", "upper_bound", "上限"),
        (read_load, True, "wrong_type", "是/否"),
        (read_area, float("nan"), "not_finite", "有限"),
        (read_area, "20亩(20000㎡)", "brackets_disagree", "括号"),
    ],
)
def test_unreadable_has_code_and_both_languages(
    reader: Callable[[object], Reading[float] | Unreadable], cell: object, code: str, zh: str
) -> None:
    r = reader(cell)
    assert isinstance(r, Unreadable)
    assert r.code == code
    assert r.en.startswith(f"cannot read {cell!r} as ")
    assert zh in r.zh and r.zh.startswith("无法把")
    assert r.message("zh") == r.zh and r.message("en") == r.en == str(r)


# ---------------------------------------------------------------- properties

positive = st.floats(min_value=0.001, max_value=1e8, allow_nan=False, allow_infinity=False)
any_cell = st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,，万亿千百约≥-~至 亩㎡平方米元/天月年吨kgtKNmcMVAWx×台()（）五千一二零左右面议无檐口", max_size=24),
    st.none(), st.booleans(), st.integers(), st.floats(), st.decimals(),
)  # fmt: skip


@given(any_cell)
def test_readers_never_raise(cell: object) -> None:
    for reader in READERS:
        r = reader(cell)
        if isinstance(r, Unreadable):
            assert r.en and r.zh and r.code
            continue
        for x in (r.value, r.low, r.high):
            assert x is None or math.isfinite(x)
        if r.is_range:
            assert r.low is not None and r.high is not None and r.low <= r.high
            assert r.value in (r.low, r.high)


@given(positive, positive, st.sampled_from(["-", "~", "至", "到", "—"]))
def test_area_range_keeps_both_ends(a: float, b: float, sep: str) -> None:
    low, high = sorted((round(a, 2), round(b, 2)))
    if low <= 0:
        return
    r = ok(read_area(f"{low}{sep}{high}平方米"))
    assert r.value == pytest.approx(high) and r.high == pytest.approx(high)
    assert r.low == pytest.approx(low)


@given(positive, positive)
def test_rent_range_value_is_the_low_end_per_day(a: float, b: float) -> None:
    low, high = sorted((round(a, 3), round(b, 3)))
    if low <= 0:
        return
    r = ok(read_rent(f"{low}-{high}元/㎡/月"))
    assert r.value == pytest.approx(low * MONTH_TO_DAY)
    assert r.high == pytest.approx(high * MONTH_TO_DAY)


@given(positive, st.sampled_from(["约", "大约", ""]), st.sampled_from(["左右", ""]))
def test_approximate_words_do_not_change_the_value(x: float, pre: str, post: str) -> None:
    text = f"{round(x, 2)}"
    if float(text) <= 0:
        return
    r = ok(read_area(f"{pre}{text}平方米{post}"))
    assert r.value == pytest.approx(float(text))
    assert r.approximate is bool(pre or post)


@given(positive)
def test_load_units_convert_exactly(x: float) -> None:
    t = ok(read_load(f"{x!r}吨/㎡")).value
    assert t == pytest.approx(x * TONNE_FORCE_KN, rel=1e-12)
    assert ok(read_load(f"{x!r}吨")).value == t
    assert ok(read_load(f"{x * 1000!r}kg/㎡")).value == pytest.approx(t, rel=1e-9)
