"""The span of time a fact covers, as the text states it: 前三季度, 1—8月, 上半年, Q1, 全年, 十四五.

``months_of(word)`` reads one time word into (first month, last month) of its year:
前三季度 → (1, 9), 1—8月 → (1, 8), 上半年 / "first half" → (1, 6), 一季度 / Q1 → (1, 3),
5月份 → (5, 5), 全年 / 2023年 / 去年 → (1, 12); 今年以来 / "so far this year" → (1, 0),
the 0 meaning "up to the document's month". ``fact_span(year, months, doc_date)`` turns it
into the fact's ``span`` ("2026-01", "2026-09"); a five-year plan named in the fact's
sentence (十四五) spans its five years. The guidelines' ``period`` (one year) is unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

__all__ = ["SAME", "fact_span", "months_of", "plan_span", "plan_years"]

SAME = (-1, -1)  # "in the same period": the span of the time word before
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
       "九": 9, "十": 10, "十一": 11, "十二": 12}  # fmt: skip
_EN_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10, "eleven": 11}  # fmt: skip
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_MONTH_NAMES = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
_RX_RANGE = re.compile(
    r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*[-—–~至到]\s*(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月"
)
_RX_ONE_MONTH = re.compile(r"(\d{1,2}|[一二三四五六七八九十]{1,2})\s*月")
_RX_QUARTER = re.compile(
    r"([一二三四1-4])\s*季度|Q([1-4])|(first|second|third|fourth)\s+quarter", re.I
)
_RX_FIRST_N = re.compile(
    r"前\s*(\d{1,2}|[一二三四五六七八九十两]{1,2})\s*个月"
    r"|first\s+(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)\s+months",
    re.I,
)
_RX_FIRST_QUARTERS = re.compile(
    r"前([一二三])季度|first\s+(two|three)\s+quarters|first\s+([23])\s+quarters", re.I
)
_RX_PLAN = re.compile(
    r"[“\"]?十([一二三四五六七])五[”\"]?|(\d{2})(?:th|st|nd|rd)\s+Five-Year\s+Plan", re.I
)


_RX_WORD = re.compile(r"[a-z]+")
_RX_YEARISH = re.compile(r"全年|年|year|\b(?:19|20)\d\d\b", re.I)


def _num(s: str) -> int:
    return int(s) if s.isdigit() else _CN.get(s, 0)


@functools.lru_cache(maxsize=4096)
def months_of(word: str) -> tuple[int, int] | None:
    """(first, last) month of the year that a time word covers; None for a bare year-less word."""
    w = word.strip()
    low = w.lower()
    if "same period" in low or "同期" in w:
        return SAME
    if "以来" in w or "so far" in low or "截至目前" in w or "to date" in low:
        return (1, 0)
    m = _RX_RANGE.search(w)
    if m:
        a, b = _num(m.group(1)), _num(m.group(2))
        return (a, b) if 1 <= a <= b <= 12 else None
    m = _RX_FIRST_QUARTERS.search(w)
    if m:
        n = _num(m.group(1)) if m.group(1) else _EN_NUM.get((m.group(2) or "").lower(), 0)
        n = n or int(m.group(3) or 0)
        return (1, 3 * n) if n else None
    if "上半年" in w or "first half" in low:
        return (1, 6)
    if "下半年" in w or "second half" in low:
        return (7, 12)
    m = _RX_QUARTER.search(w)
    if m:
        q = m.group(1) or m.group(2)
        n = _num(q) if q else _ORD[(m.group(3) or "first").lower()]
        return (3 * n - 2, 3 * n) if 1 <= n <= 4 else None
    m = _RX_FIRST_N.search(w)
    if m:
        n = (
            _num(m.group(1))
            if m.group(1)
            else _num(m.group(2)) or _EN_NUM.get(m.group(2).lower(), 0)
        )
        return (1, n) if 1 <= n <= 12 else None
    names = [_MONTH_NAMES[t] for t in _RX_WORD.findall(low) if t in _MONTH_NAMES]
    if names:
        return (min(names), max(names))
    m = _RX_ONE_MONTH.search(w)
    if m:
        n = _num(m.group(1))
        return (n, n) if 1 <= n <= 12 else None
    if _RX_YEARISH.search(w):
        return (1, 12)
    return None


def fact_span(
    year: int | None, months: tuple[int, int] | None, doc_date: dt.date | None
) -> tuple[str, str] | None:
    """("YYYY-MM", "YYYY-MM") of a fact whose time word gives ``year`` and ``months``."""
    if year is None or months is None or months == SAME:
        return None
    first, last = months
    if last == 0:  # up to now: the document's month, when the document is of that year
        if doc_date is None or doc_date.year != year:
            return None
        last = doc_date.month
    return f"{year:04d}-{first:02d}", f"{year:04d}-{last:02d}"


def plan_years(text: str) -> tuple[int, int] | None:
    """First and last year of the five-year plan named in ``text``: 十四五 → (2021, 2025),
    "15th Five-Year Plan" → (2026, 2030); None when none is named (or before the 3rd)."""
    if "五" not in text and "ive-" not in text and "IVE-" not in text:
        return None  # asked once per fact: most sentences name no plan
    m = _RX_PLAN.search(text)
    if not m:
        return None
    n = _CN[m.group(1)] + 10 if m.group(1) else int(m.group(2))
    if n < 3:
        return None
    first = 1966 + 5 * (n - 3)  # the 3rd plan began in 1966 (after 1963–65), the 14th in 2021
    return first, first + 4


def plan_span(sentence: str) -> tuple[str, str] | None:
    """The five years of a five-year plan named in a sentence: 十四五 → 2021-01 … 2025-12."""
    years = plan_years(sentence)
    if years is None:
        return None
    return f"{years[0]}-01", f"{years[1]}-12"
