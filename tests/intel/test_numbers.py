"""Numeral parsing: Arabic, Chinese, mixed and English forms."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.intel.numbers import parse_arabic, parse_chinese, parse_english, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("60.4亿", 6.04e9),
        ("2.1万亿", 2.1e12),
        ("一百亿", 1e10),
        ("十四", 14),
        ("百", 100),
        ("千亿", 1e11),
        ("两千零五", 2005),
        ("一亿零五百万", 1.05e8),
        ("十二亿三千万", 1.23e9),
        ("3千万", 3e7),
        ("壹佰", 100),
        ("二〇二三", 2023),
        ("1,450,000", 1450000),
        ("１２", 12),
        ("1.45 million", 1.45e6),
        ("10 thousand", 1e4),
        ("400 billion", 4e11),
        ("four", 4),
        ("Twenty-one", 21),
        ("a hundred", 100),
        ("one hundred and five", 105),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "abc", "三年来", "1,45,0", "GDP"])
def test_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def test_parse_arabic_rejects_words() -> None:
    assert parse_arabic("12a") is None
    assert parse_arabic("1，200") == 1200


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_chinese_roundtrip(n: int) -> None:
    """Any integer written with Chinese numerals (cn2an) parses back."""
    assert parse_chinese(cn2an.an2cn(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_arabic_thousands_separators(n: int) -> None:
    assert parse_arabic(f"{n:,}") == n
    assert parse_arabic(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=9999, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 1e4), ("亿", 1e8), ("万亿", 1e12)]),
)
def test_mixed_multipliers(d, mult) -> None:  # type: ignore[no-untyped-def]
    word, factor = mult
    text = f"{d:f}".rstrip("0").rstrip(".") if "." in f"{d:f}" else f"{d:f}"
    assert parse_chinese(text + word) == pytest.approx(float(d) * factor, rel=1e-9, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(min_value=1, max_value=999),
    st.sampled_from([("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12)]),
)
def test_english_scales(n: int, scale) -> None:  # type: ignore[no-untyped-def]
    word, factor = scale
    assert parse_english(f"{n} {word}") == n * factor


@pytest.mark.parametrize(
    ("words", "n"),
    [
        ("one", 1),
        ("nine", 9),
        ("ten", 10),
        ("nineteen", 19),
        ("forty-two", 42),
        ("ninety nine", 99),
    ],
)
def test_english_words(words: str, n: int) -> None:
    assert parse_english(words) == n
