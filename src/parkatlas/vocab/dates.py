"""Read a date or a period as a bureau writes it, as the first day of that period.

=======================================  ==========================  =================
written                                  value                       approximate
=======================================  ==========================  =================
2025-03-01, 2025/3/1, 2025年3月1日, 20250301  that day                    no
2025年3月, 2025.3, 2025-03, 2025/03       2025-03-01                  yes (a month)
2025年Q4, 2025Q4, 2025年第四季度, 2025年四季度  2025-10-01                  yes
2026年上半年 / 下半年                      2026-01-01 / 2026-07-01     yes
2025年, 2025年初 / 年中 / 年底 (年末)       2025-01-01 / 07-01 / 12-01  yes
年底, 年初, 年中 (no year)                  the period of ``today``'s year
3月, 6月底 (no year)                       the next such month from ``today``
即可入驻, 现房, 随时, 立即                   marker ``now`` (value None)
=======================================  ==========================  =================

Words around the date that say "by" or "delivered" (预计, 前, 以前, 之前, 交付, 入驻, 竣工,
可入驻) are dropped. ``today`` defaults to the current date; tests pass it.
"""

from __future__ import annotations

import datetime as dt
import re

from parkatlas.vocab.numerals import parse_chinese
from parkatlas.vocab.reading import NOW_WORDS, Reading, Unreadable, marker_of, normalise, shown

__all__ = ["read_date"]

_EXPECTED_EN = "expected a date such as 2026-03-01, 2026年3月, 2026.3, 2025年Q4, 2026年上半年, 年底 or 即可入驻"
_EXPECTED_ZH = (
    "应为日期，如 2026-03-01、2026年3月、2026.3、2025年Q4、2026年上半年、年底 或 即可入驻"
)
_NOISE = re.compile(
    r"^(预计|计划|预期|约|大约)|(之前|以前|前|交付使用|交付|可入驻|入驻|竣工|完工|建成|开始|起|左右)$"
)
_DAY = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_COMPACT_DAY = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?(份|初|中|底|末)?$")
_QUARTER = re.compile(r"^(\d{4})年?(?:q([1-4])|第?([一二三四1-4])季度?)$")
_QUARTER_FIRST = re.compile(r"^(?:q([1-4])|第?([一二三四1-4])季度?)(\d{4})年?$")
_HALF = re.compile(r"^(\d{4})?年?(上|下)半年$")
_YEAR_PART = re.compile(r"^(\d{4})?年?(初|中|底|末|内)?$")
_MONTH_ONLY = re.compile(r"^(\d{1,2}|[一二三四五六七八九十]{1,3})月(份|初|中|底|末)?$")
_YEAR_PART_MONTH = {None: 1, "内": 1, "初": 1, "中": 7, "底": 12, "末": 12}


def _fail(value: object, code: str, en: str, zh: str) -> Unreadable:
    return Unreadable(
        code,
        shown(value),
        f"cannot read {shown(value)} as a date: {en}; {_EXPECTED_EN}",
        f"无法把 {shown(value)} 读作日期：{zh}；{_EXPECTED_ZH}",
    )


def _make(
    value: object, year: int, month: int, day: int, approximate: bool
) -> Reading[dt.date] | Unreadable:
    try:
        return Reading(dt.date(year, month, day), approximate=approximate)
    except ValueError:
        return _fail(value, "not_a_date", "there is no such day", "没有这一天")


def _quarter(text: str) -> int | None:
    return int(text) if text.isdigit() else {"一": 1, "二": 2, "三": 3, "四": 4}.get(text)


def read_date(value: object, *, today: dt.date | None = None) -> Reading[dt.date] | Unreadable:
    """A date or a period (table above) as the first day of the period; 即可入驻/现房/随时 →
    marker ``now``; 无/待定/不详 → marker ``unknown``."""
    if value is None:
        return Reading(None, marker="blank")
    if isinstance(value, dt.datetime):
        return Reading(value.date())
    if isinstance(value, dt.date):
        return Reading(value)
    if isinstance(value, bool):
        return _fail(value, "wrong_type", "a true/false cell is not a date", "是/否不是日期")
    if isinstance(value, int | float):
        if value == int(value) and 1900 <= value <= 2200:
            return Reading(dt.date(int(value), 1, 1), approximate=True)  # a year alone
        return _fail(value, "not_a_date", "a number is not a date", "数字不是日期")
    text = normalise(str(value)).replace(" ", "")
    marker = marker_of(text, words=(NOW_WORDS,))
    if marker is not None:
        return Reading(None, marker=marker)
    today = today or dt.date.today()
    text = text.split("t")[0] if re.match(r"^\d{4}-\d{2}-\d{2}t", text) else text
    while (stripped := _NOISE.sub("", text)) != text and stripped:
        text = stripped
    if text in NOW_WORDS:
        return Reading(None, marker="now")
    if m := _DAY.match(text) or _COMPACT_DAY.match(text):
        return _make(value, int(m[1]), int(m[2]), int(m[3]), False)
    if m := _MONTH.match(text):
        return _make(value, int(m[1]), int(m[2]), 1, True)
    if (m := _QUARTER.match(text)) and (q := _quarter(m[2] or m[3])):
        return _make(value, int(m[1]), 3 * q - 2, 1, True)
    if (m := _QUARTER_FIRST.match(text)) and (q := _quarter(m[1] or m[2])):
        return _make(value, int(m[3]), 3 * q - 2, 1, True)
    if m := _HALF.match(text):
        year = int(m[1]) if m[1] else today.year
        return _make(value, year, 1 if m[2] == "上" else 7, 1, True)
    if text and text != "年" and (m := _YEAR_PART.match(text)) and (m[1] or m[2]):
        year = int(m[1]) if m[1] else today.year
        return _make(value, year, _YEAR_PART_MONTH[m[2]], 1, True)
    if m := _MONTH_ONLY.match(text):
        month = int(m[1]) if m[1].isdigit() else int(parse_chinese(m[1]) or 0)
        if 1 <= month <= 12:
            year = today.year if month >= today.month else today.year + 1
            return _make(value, year, month, 1, True)
    if not re.search(r"\d|[一二三四五六七八九十]", text):
        return _fail(value, "not_a_date", "there is no date in it", "没有日期")
    return _fail(value, "not_a_date", "unknown date form", "无法识别的日期写法")
