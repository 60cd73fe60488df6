"""Reading quantities from spreadsheet cells: tables of real-world spellings, then properties."""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.units import (
    MONTH_TO_DAY,
    MU_M2,
    TONNE_FORCE_KN,
    UnitError,
    format_area,
    parse_area_m2,
    parse_bool,
    parse_floor_load_kn_m2,
    parse_height_m,
    parse_number,
    parse_power_kva,
    parse_price_cny_m2,
    parse_rent_cny_m2_day,
)

PARSERS: list[Callable[[object], object]] = [
    parse_number,
    parse_area_m2,
    parse_rent_cny_m2_day,
    parse_price_cny_m2,
    parse_floor_load_kn_m2,
    parse_height_m,
    parse_power_kva,
    parse_bool,
]
QUANTITY_PARSERS = PARSERS[:-1]


def test_constants() -> None:
    assert MU_M2 == pytest.approx(666.6667, abs=1e-4)
    assert 15 * MU_M2 == pytest.approx(10_000)
    assert MONTH_TO_DAY == 12 / 365
    assert TONNE_FORCE_KN == 9.80665
    assert issubclass(UnitError, ValueError)


BLANKS = [None, "", "   ", "\u3000", "-", "—", "/", "无", "N/A", "n/a", "－", "／", "面议", "待定"]


@pytest.mark.parametrize("parser", QUANTITY_PARSERS)
@pytest.mark.parametrize("blank", BLANKS)
def test_blank_cells_are_none(parser: Callable[[object], object], blank: object) -> None:
    if parser is parse_power_kva and blank == "无":
        assert parser(blank) == 0.0  # 无 in a capacity column: there is none (issue 9)
        return
    assert parser(blank) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", 1234.5),
        ("1,234.5", 1234.5),
        ("1，234", 1234),
        ("１２３", 123),
        ("１，２３４．５", 1234.5),
        ("1 234", 1234),
        (" 42 ", 42),
        ("1.5万", 15_000),
        ("2亿", 2e8),
        ("3千", 3000),
        ("5百", 500),
        ("约500", 500),
        ("≥5", 5),
        (">=5", 5),
        ("5以上", 5),
        ("+5", 5),
        ("-3", -3),
        ("−3", -3),
        (".5", 0.5),
        ("1e3", 1000),
        ("五千", 5000),
        ("一万五", 15_000),
        ("两千三百", 2300),
        ("三点五", 3.5),
        ("约五千", 5000),
        (7, 7),
        (2.5, 2.5),
        (Decimal("1.25"), 1.25),
    ],
)
def test_parse_number(text: object, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "bad",
    [
        "abc",
        "1,5",
        "1,23,4",
        "12 34",
        "5000㎡",
        "1.2.3",
        "5-8",
        "≤5",
        "万",
        float("nan"),
        float("inf"),
        10**400,
        True,
        [1],
        "1e400",
    ],
)
def test_parse_number_refuses(bad: object) -> None:
    with pytest.raises(UnitError, match="cannot read .* as a number: .*expected a number"):
        parse_number(bad)


@pytest.mark.parametrize(
    ("text", "m2"),
    [
        (5000, 5000),
        ("5000", 5000),
        ("5000平方米", 5000),
        ("5000㎡", 5000),
        ("5000m²", 5000),
        ("5000 m2", 5000),
        ("5000 M2", 5000),
        ("5000sqm", 5000),
        ("5000 sq.m", 5000),
        ("8,000平米", 8000),
        ("8000平", 8000),
        ("8000平方", 8000),
        ("８０００㎡", 8000),
        ("1.5万平方米", 15_000),
        ("1.5万㎡", 15_000),
        ("1.5万", 15_000),
        ("20亩", 20 * 10_000 / 15),
        ("10 mu", 10 * 10_000 / 15),
        ("1.2万亩", 12_000 * 10_000 / 15),
        ("2公顷", 20_000),
        ("2 ha", 20_000),
        ("2hm²", 20_000),
        ("0.5平方公里", 500_000),
        ("0.5km²", 500_000),
        ("0.5 km2", 500_000),
        ("0.5平方千米", 500_000),
        ("约2万平方米", 20_000),
        ("5000余平方米", 5000),
        ("3万多平方米", 30_000),
        ("20亩（13333平方米）", 20 * 10_000 / 15),
        ("20亩(1.33万㎡)", 20 * 10_000 / 15),
        ("20（亩）", 20 * 10_000 / 15),
        ("5,000 m² (7.5 亩)", 5000),
    ],
)
def test_parse_area_m2(text: object, m2: float) -> None:
    assert parse_area_m2(text) == pytest.approx(m2, rel=1e-12)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("0", "greater than 0"),
        ("-5㎡", "greater than 0"),
        (0, "greater than 0"),
        ("5000-8000㎡", "range"),
        ("5000~8000平方米", "range"),
        ("20至30亩", "range"),
        ("≤5000㎡", "upper bound"),
        ("5000平米以下", "upper bound"),
        ("20亩(20000㎡)", "does not agree"),
        ("5000 acres", ""),
        ("5000立方米", ""),
        ("many", "no number"),
        ("五千平米", "write the number in digits"),
        ("三千多平", "write the number in digits"),
        ("二十亩", "write the number in digits"),
        ("", None),
    ],
)
def test_parse_area_refuses(bad: str, reason: str | None) -> None:
    if reason is None:
        assert parse_area_m2(bad) is None
        return
    with pytest.raises(UnitError) as info:
        parse_area_m2(bad)
    message = str(info.value)
    assert message.startswith(f"cannot read {bad!r} as an area: ")
    assert reason in message
    assert "expected a number with an area unit such as 5000㎡" in message


def test_area_message_says_what_was_read_and_what_fits() -> None:
    with pytest.raises(UnitError) as info:
        parse_area_m2("5000 acres")
    assert str(info.value) == (
        "cannot read '5000 acres' as an area: expected a number with an area unit such as "
        "5000㎡, 8,000平米, 1.5万平方米, 20亩, 2公顷"
    )
    with pytest.raises(UnitError) as info:
        parse_area_m2("五千")
    assert str(info.value) == (
        "cannot read '五千' as an area: write the number in digits (五千平方米 → 5000平方米); "
        "expected a number with an area unit such as 5000㎡, 8,000平米, 1.5万平方米, 20亩, 2公顷"
    )


PER_MONTH = 45 * 12 / 365


@pytest.mark.parametrize(
    ("text", "per_day"),
    [
        (1.2, 1.2),
        ("1.2", 1.2),
        ("1.2元/㎡/天", 1.2),
        ("1.2元/平方米/天", 1.2),
        ("1.2元/平/天", 1.2),
        ("1.2元/平米/天", 1.2),
        ("1.2元/㎡·天", 1.2),
        ("1.2元/㎡•天", 1.2),
        ("1.2元/m²/day", 1.2),
        ("1.2 元/平米/日", 1.2),
        ("1.2元每平方米每天", 1.2),
        ("1.2元／㎡／天", 1.2),
        ("¥1.2/㎡/天", 1.2),
        ("1.2/㎡/天", 1.2),
        ("1.2元/天/㎡", 1.2),
        ("1.2元/㎡/天起", 1.2),
        ("约1.2元/㎡/天", 1.2),
        ("45元/平方米/月", PER_MONTH),
        ("45元/㎡/月", PER_MONTH),
        ("45元/㎡·月", PER_MONTH),
        ("45元/月/平米", PER_MONTH),
        ("45 RMB/m2/month", PER_MONTH),
        ("438元/㎡/年", 1.2),
        ("438元/平方米/年", 1.2),
        ("1万元/亩/年", 10_000 / MU_M2 / 365),
        ("0", 0.0),
    ],
)
def test_parse_rent(text: object, per_day: float) -> None:
    assert parse_rent_cny_m2_day(text) == pytest.approx(per_day, rel=1e-12)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ("-1元/㎡/天", "at least 0"),
        ("1.2元/㎡", "needs a period"),  # a price, not a rent
        ("1.2元/天", ""),  # no area
        ("1.2元", ""),
        ("1.2元/㎡/周", ""),
        ("1.2元/㎡/天/月", ""),
        ("1.0-1.8元/㎡/天", "range"),
        ("1.2美元/㎡/天", ""),
    ],
)
def test_parse_rent_refuses(bad: str, reason: str) -> None:
    with pytest.raises(UnitError, match=f"cannot read .* as a rent: .*{reason}.*expected a rent"):
        parse_rent_cny_m2_day(bad)


@pytest.mark.parametrize(
    ("text", "per_m2"),
    [
        (8000, 8000),
        ("8000元/㎡", 8000),
        ("8000元/平方米", 8000),
        ("8,000元/平米", 8000),
        ("8000元", 8000),
        ("1.2万元/㎡", 12_000),
        ("32万元/亩", 320_000 / (10_000 / 15)),
        ("32万/亩", 320_000 / (10_000 / 15)),
        ("480元/平方米", 480),
        ("0", 0),
    ],
)
def test_parse_price(text: object, per_m2: float) -> None:
    assert parse_price_cny_m2(text) == pytest.approx(per_m2, rel=1e-12)


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("1.2元/㎡/天", "this is a rent"), ("45元/㎡/月", "this is a rent"), ("-8000元/㎡", "at least 0"),
     ("8000元/吨", ""), ("8000美元/㎡", "")],
)  # fmt: skip
def test_parse_price_refuses(bad: str, reason: str) -> None:
    with pytest.raises(UnitError, match=f"as a price: .*{reason}.*expected a price"):
        parse_price_cny_m2(bad)


@pytest.mark.parametrize(
    ("text", "kn_m2"),
    [
        (10, 10),
        ("10", 10),
        ("10kN/㎡", 10),
        ("10 kN/m2", 10),
        ("10KN/平方米", 10),
        ("10kn/m²", 10),
        ("10kPa", 10),
        ("1吨/㎡", TONNE_FORCE_KN),
        ("1t/㎡", TONNE_FORCE_KN),
        ("1.5 t/m2", 1.5 * TONNE_FORCE_KN),
        ("1吨/平方米", TONNE_FORCE_KN),
        ("1.2吨每平方米", 1.2 * TONNE_FORCE_KN),
        ("≥1.5吨/平米", 1.5 * TONNE_FORCE_KN),
        ("800kg/㎡", 800 * 0.00980665),
        ("800公斤/平方米", 800 * 0.00980665),
        ("800千克/㎡", 800 * 0.00980665),
    ],
)
def test_parse_floor_load(text: object, kn_m2: float) -> None:
    assert parse_floor_load_kn_m2(text) == pytest.approx(kn_m2, rel=1e-12)


@pytest.mark.parametrize("bad", ["0", "10立方", "10kN/m", "1-3吨/㎡", "≤5kN/㎡"])
def test_parse_floor_load_refuses(bad: str) -> None:
    with pytest.raises(UnitError, match="as a floor load: .*expected a floor load"):
        parse_floor_load_kn_m2(bad)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        (8, 8),
        ("8", 8),
        ("8米", 8),
        ("10.5m", 10.5),
        ("10.5 M", 10.5),
        ("800cm", 8),
        ("800厘米", 8),
        ("8500mm", 8.5),
        ("≥8米", 8),
        ("8米以上", 8),
    ],
)
def test_parse_height(text: object, metres: float) -> None:
    assert parse_height_m(text) == pytest.approx(metres, rel=1e-12)


@pytest.mark.parametrize("bad", ["0米", "-8m", "8层", "8ft", "6-8米", "8米以下", "八米"])
def test_parse_height_refuses(bad: str) -> None:
    with pytest.raises(UnitError, match="as a height: .*expected a height"):
        parse_height_m(bad)


@pytest.mark.parametrize(
    ("text", "kva"),
    [
        (800, 800),
        ("800", 800),
        ("800KVA", 800),
        ("2000 kVA", 2000),
        ("800千伏安", 800),
        ("1.5MVA", 1500),
        ("800kW", 800),
        ("800千瓦", 800),
        ("2×1250KVA", 2500),
        ("2x1250kva", 2500),
        ("2*1250 kVA", 2500),
        ("2台1250KVA", 2500),
    ],
)
def test_parse_power(text: object, kva: float) -> None:
    assert parse_power_kva(text) == pytest.approx(kva, rel=1e-12)


@pytest.mark.parametrize(
    "bad", ["800V", "800A", "2×abc", "-800kVA", "800-1000KVA", "八百千伏安"]
)
def test_parse_power_refuses(bad: str) -> None:
    with pytest.raises(
        UnitError, match=f"cannot read {bad!r} as a capacity: .*expected a capacity"
    ):
        parse_power_kva(bad)


@pytest.mark.parametrize(
    "yes",
    ["是", "有", "允许", "可以", "yes", "YES", "y", "Y", "true", "True", "1", "√", "✓", 1, True],
)
def test_parse_bool_true(yes: object) -> None:
    assert parse_bool(yes) is True


@pytest.mark.parametrize(
    "no",
    ["否", "无", "不允许", "不可以", "no", "No", "n", "N", "false", "FALSE", "0", "×", 0, False],
)
def test_parse_bool_false(no: object) -> None:
    assert parse_bool(no) is False


@pytest.mark.parametrize("blank", [None, "", " ", "-", "—", "/", "N/A", "待定"])
def test_parse_bool_blank(blank: object) -> None:
    assert parse_bool(blank) is None


@pytest.mark.parametrize("bad", ["maybe", "不详说明", 2, 0.5, float("nan"), "是否"])
def test_parse_bool_refuses(bad: object) -> None:
    with pytest.raises(UnitError, match="as yes or no: .*expected 是/否"):
        parse_bool(bad)


@pytest.mark.parametrize(
    ("m2", "shown"),
    [
        (5000, "5,000 m² (7.5 亩)"),
        (10_000 / 15, "666.7 m² (1 亩)"),
        (20_000, "20,000 m² (30 亩)"),
        (1_000_000, "1,000,000 m² (1,500 亩)"),
        (12.5, "12.5 m² (0.01875 亩)"),
        (0, "0 m² (0 亩)"),
    ],
)
def test_format_area(m2: float, shown: str) -> None:
    assert format_area(m2) == shown


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
def test_format_area_refuses(bad: float) -> None:
    with pytest.raises(ValueError, match="cannot format"):
        format_area(bad)


# ---------------------------------------------------------------- properties

positive = st.floats(min_value=0.0001, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(positive, st.integers(min_value=0, max_value=4))
def test_mu_text_is_exactly_mu_times_10000_over_15(x: float, decimals: int) -> None:
    text = f"{x:.{decimals}f}"
    if float(text) == 0:
        return
    assert parse_area_m2(f"{text}亩") == pytest.approx(float(text) * 10_000 / 15, rel=1e-9)


@given(st.floats(min_value=0.01, max_value=1e12, allow_nan=False))
def test_format_area_round_trips_through_parse(m2: float) -> None:
    assert parse_area_m2(format_area(m2)) == pytest.approx(m2, rel=5e-4)


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1e9"), places=2))
def test_thousands_separators_round_trip(number: Decimal) -> None:
    assert parse_number(f"{number:,}") == pytest.approx(float(number), rel=1e-12)
    assert parse_area_m2(f"{number:,}平方米") == pytest.approx(float(number), rel=1e-12)


@given(positive, positive)
def test_parsers_are_monotonic(a: float, b: float) -> None:
    low, high = sorted((a, b))
    for parse, unit in [
        (parse_area_m2, "亩"),
        (parse_area_m2, "万平方米"),
        (parse_rent_cny_m2_day, "元/㎡/月"),
        (parse_price_cny_m2, "万元/亩"),
        (parse_floor_load_kn_m2, "吨/㎡"),
        (parse_height_m, "cm"),
        (parse_power_kva, "MVA"),
    ]:
        assert parse(f"{low!r}{unit}") <= parse(f"{high!r}{unit}")  # type: ignore[operator]


@given(positive)
def test_month_rent_is_day_rent_times_12_over_365(x: float) -> None:
    assert parse_rent_cny_m2_day(f"{x!r}元/㎡/月") == pytest.approx(x * MONTH_TO_DAY, rel=1e-12)
    assert parse_rent_cny_m2_day(f"{x!r}元/㎡/年") == pytest.approx(x / 365, rel=1e-12)


@given(st.floats())
def test_floats_pass_through_unless_not_finite(x: float) -> None:
    if math.isfinite(x):
        assert parse_number(x) == x
    else:
        with pytest.raises(UnitError, match="not finite"):
            parse_number(x)


any_cell = st.one_of(
    st.text(),
    st.text(
        alphabet="0123456789.,，万亿千百约≥-+ 亩㎡平方米元/天月年吨kgtKNmcMVAWx×台()（）五千一二零",
        max_size=20,
    ),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.decimals(),
)


@given(any_cell)
def test_parsers_raise_nothing_but_unit_error(cell: object) -> None:
    for parse in PARSERS:
        try:
            result = parse(cell)
        except UnitError:
            continue
        assert result is None or isinstance(result, float | bool)
        if isinstance(result, float):
            assert math.isfinite(result)
