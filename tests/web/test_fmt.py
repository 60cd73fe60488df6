"""Numbers and units as a Chinese officer writes them (and in English)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.units import MU_M2, parse_area_m2, parse_rent_cny_m2_day
from parkatlas.web import fmt


@pytest.mark.parametrize(
    ("fn", "value", "zh", "en"),
    [
        (fmt.rent, 1.2, "1.2 元/㎡/天", "CNY 1.2/m²/day"),
        (fmt.rent, 0.85, "0.85 元/㎡/天", "CNY 0.85/m²/day"),
        (fmt.area, 5000, "5,000 ㎡", "5,000 m²"),
        (fmt.area, 12345.6, "12,346 ㎡", "12,346 m²"),
        (fmt.area, 50.25, "50.2 ㎡", "50.2 m²"),
        (fmt.mu, 12.5 * MU_M2, "12.5 亩", "12.5 mu"),
        (fmt.money_wan, 32000, "3.2 亿元", "CNY 320 million"),
        (fmt.money_wan, 800, "800 万元", "CNY 8 million"),
        (fmt.money_wan, 1_500_000, "150 亿元", "CNY 15 billion"),
        (fmt.price, 12000, "12,000 元/㎡", "CNY 12,000/m²"),
        (fmt.height, 8, "8 米", "8 m"),
        (fmt.power, 2500, "2,500 kVA", "2,500 kVA"),
        (fmt.load, 9.80665, "9.8 kN/㎡（1 吨/㎡）", "9.8 kN/m² (1 t/m²)"),
        (fmt.date, dt.date(2026, 3, 5), "2026年3月5日", "5 Mar 2026"),
        (fmt.percent, 0.125, "12.5%", "12.5%"),
    ],
)
def test_formats(fn, value, zh, en) -> None:  # type: ignore[no-untyped-def]
    assert fn(value, "zh") == zh
    assert fn(value, "en") == en


@pytest.mark.parametrize("fn", [fmt.rent, fmt.area, fmt.mu, fmt.money_wan, fmt.load, fmt.date])
def test_missing_values_show_a_dash(fn) -> None:  # type: ignore[no-untyped-def]
    assert fn(None, "zh") == "—"


def test_number_drops_trailing_zeros_and_groups_thousands() -> None:
    assert fmt.number(5000.0, 1) == "5,000"
    assert fmt.number(1.50, 2) == "1.5"
    assert fmt.number(-0.001, 1) == "0"
    assert fmt.number(float("nan")) == "—"


@given(st.floats(min_value=100, max_value=1e8))
def test_a_shown_area_reads_back_through_the_import_parser(m2: float) -> None:
    """What the page shows is what an officer can type back into a form or a sheet."""
    shown = fmt.area(m2, "zh")
    assert parse_area_m2(shown) == pytest.approx(round(m2), abs=0.5)


@given(st.floats(min_value=0.01, max_value=500))
def test_a_shown_rent_reads_back_through_the_import_parser(rent: float) -> None:
    shown = fmt.rent(rent, "zh")
    assert parse_rent_cny_m2_day(shown) == pytest.approx(rent, abs=0.051)
