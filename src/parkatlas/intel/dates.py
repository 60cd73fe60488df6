"""The date of a document: its first full date, or the year inferred from the years it names.

``find_doc_date(text)``: the first full date of the page (2022-06-06, Time:2022.06.21,
2022年6月21日, June 6, 2022); ``infer_doc_year(text)``: without one, a year whose full-year
results are reported ("In 2021, the GDP … increased") means the text was written the year
after.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["find_doc_date", "infer_doc_year"]


_RX_DATE = re.compile(
    r"(?P<y>(?:19|20)\d\d)\s*(?:[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)"
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_RX_DATE_EN = re.compile(
    r"(?=[JFMASOND\d])(?:\b(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\b"
    r"|\b(?P<d2>\d{1,2})\s+(?P<mon2>January|February|March|April|May|June|July|August|September|October|November|December),?\s+(?P<y2>(?:19|20)\d\d)\b)"
)
_NOT_YEAR_AFTER = r"(?!\s*(?:\.\d|[%\-/亿万千百元个家户项人名件台套亩座所栋辆根条位批宗块只张间支场种类款吨]|平方|公顷|\d|percent|billion|million|thousand|yuan|square|hectares|mu\b|[a-z]+s\b))"
_RX_YEAR = re.compile(r"(?=[12])(?<![\d.\-/])(?<!\d,)((?:19|20)\d\d)" + _NOT_YEAR_AFTER)
_RX_RESULTS = re.compile(
    r"GDP|增长|增加|下降|完成|实现|达到|同比|increas|grew|growth|rose|reached|revenue|output|"
    r"total|year on year|year-on-year",
    re.IGNORECASE,
)
_RX_FUTURE_BEFORE = re.compile(r"(?:到|至|By|by|until|Until|in the)\s*$")


def find_doc_date(text: str) -> dt.date | None:
    """The first full date written in the text (the page's date line comes first)."""
    best: tuple[int, dt.date] | None = None
    for rx in (_RX_DATE, _RX_DATE_EN):
        m = rx.search(text)
        if not m:
            continue
        try:
            if rx is _RX_DATE:
                y = int(m.group("y"))
                mo = int(m.group("m") or m.group("m2"))
                d = int(m.group("d") or m.group("d2"))
            else:
                y = int(m.group("y") or m.group("y2"))
                mo = _MONTHS[(m.group("mon") or m.group("mon2")).lower()]
                d = int(m.group("d") or m.group("d2"))
            date = dt.date(y, mo, d)
        except (ValueError, TypeError):
            continue
        if best is None or m.start() < best[0]:
            best = (m.start(), date)
    return best[1] if best else None


_RX_PLAN_AFTER = re.compile(
    r"\s*(?:年)?\s*(?:[^\s,，。;；]{0,12}(?:规划|计划|行动|纲要|方案)|(?:[A-Z][\w-]*\s+){0,6}(?:Action\s+)?(?:Plan|Program|Programme|Outline|Strategy)\b)"
)


def infer_doc_year(text: str) -> int | None:
    """Without a date line: the latest year the text reports as past or present. A year
    whose results are reported (growth, GDP, 完成…) was over when the text was written,
    so it counts as that year + 1. Years of goals ("By 2025", 到2025年) do not count."""
    best: int | None = None
    for m in _RX_YEAR.finditer(text):
        y = int(m.group(1))
        if _RX_FUTURE_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue
        # the rest of the sentence
        end = len(text)
        for stop in "。；;\n":
            i = text.find(stop, m.end())
            if 0 <= i < end:
                end = i
        i = text.find(". ", m.end())
        if 0 <= i < end:
            end = i
        tail = text[m.end() : min(end, m.end() + 120)]
        start = max(text.rfind(stop, 0, m.start()) for stop in ("。", "；", ";", "\n", ". "))
        head = text[max(start + 1, m.start() - 80) : m.start()]
        if re.match(r"\s*(?:年)?\s*(?:[-—]|到|至)\s*(?:19|20)\d\d", tail):
            continue  # a range: 2021-2025
        if _RX_PLAN_AFTER.match(tail):
            continue  # a plan named after its target year
        reported = _RX_RESULTS.search(tail) or _RX_RESULTS.search(head)
        value = y + 1 if reported else y
        if best is None or value > best:
            best = value
    return best
