"""vocab.dates: a date or period as the first day of the period; 即可入驻 is 'now'."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.vocab import Reading, Unreadable, read_date

TODAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("cell", "date"),
    [("2025年3月", dt.date(2025, 3, 1)), ("2025.3", dt.date(2025, 3, 1)),
     ("2025-03", dt.date(2025, 3, 1)), ("2025年Q4", dt.date(2025, 10, 1)),
     ("2025Q4", dt.date(2025, 10, 1)), ("2025年第四季度", dt.date(2025, 10, 1)),
     ("2026年上半年", dt.date(2026, 1, 1)), ("2026年下半年", dt.date(2026, 7, 1)),
     ("年底", dt.date(2026, 12, 1)), ("2025年底", dt.date(2025, 12, 1)),
     ("2025年", dt.date(2025, 1, 1)), ("2025-03-01", dt.date(2025, 3, 1)),
     ("2025/3/1", dt.date(2025, 3, 1)), ("2025年3月1日", dt.date(2025, 3, 1)),
     ("20250301", dt.date(2025, 3, 1)), ("预计2026年6月交付", dt.date(2026, 6, 1)),
     ("2026年6月底前", dt.date(2026, 6, 1)), ("6月", dt.date(2027, 6, 1)),
     (dt.datetime(2025, 3, 1, 12), dt.date(2025, 3, 1)), (2026, dt.date(2026, 1, 1))],
)  # fmt: skip
def test_read_date(cell: object, date: dt.date) -> None:
    r = read_date(cell, today=TODAY)
    assert isinstance(r, Reading) and r.value == date


@pytest.mark.parametrize("cell", ["即可入驻", "现房", "随时", "立即"])
def test_available_now(cell: str) -> None:
    r = read_date(cell, today=TODAY)
    assert isinstance(r, Reading) and (r.value, r.marker) == (None, "now")


@pytest.mark.parametrize("cell", ["2025-02-30", "abc", "2025年13月", True, 3.5])
def test_unreadable_dates(cell: object) -> None:
    r = read_date(cell, today=TODAY)
    assert isinstance(r, Unreadable) and "日期" in r.zh and "as a date" in r.en


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_written_forms_round_trip(d: dt.date) -> None:
    first = d.replace(day=1)
    for text in (d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}年{d.month}月{d.day}日"):
        assert read_date(text, today=TODAY) == Reading(d)
    for text in (f"{d.year}年{d.month}月", f"{d.year}.{d.month}", f"{d.year}-{d.month:02d}"):
        r = read_date(text, today=TODAY)
        assert isinstance(r, Reading) and r.value == first and r.approximate
    quarter = (d.month - 1) // 3 + 1
    r = read_date(f"{d.year}年Q{quarter}", today=TODAY)
    assert isinstance(r, Reading) and r.value is not None
    assert r.value <= d and (d - r.value).days < 92


@given(st.text(max_size=16))
def test_read_date_never_raises(text: str) -> None:
    assert isinstance(read_date(text, today=TODAY), Reading | Unreadable)
