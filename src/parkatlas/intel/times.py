"""Time words of a text (年, 去年, 前三季度, 1—8月, "last year", "first half") with the year each
gives, relative to the document's year, and the months it spans (``spans.months_of``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parkatlas.intel.spans import SAME, months_of, plan_years

__all__ = ["TimeWord", "find_times"]



@dataclass(slots=True)
class TimeWord:
    start: int
    end: int
    year: int | None  # resolved year (None if the document year is unknown)
    topic: bool = False  # may govern the following sentences of the paragraph
    future: bool = False  # a goal year ("By 2025", 到2025年) or a later year (明年)
    goal: bool = False  # "By 2025" / 到2025年: reaches the rest of its sentence
    local: bool = False  # 全年 inside a clause (力争全年招引…): its own clause only
    part: bool = False  # a part of the year up to now (一季度, 今年以来, "so far this year")
    event: bool = False  # the day of an event ("on Wednesday", 5月17日)
    months: tuple[int, int] | None = None  # (first, last) month covered (spans.months_of)


_RX_TIME = re.compile(
    r"""
    (?=[0-9到至力去上下前今本当明目现截一二三四五六七八九十昨]|(?<![A-Za-z])(?:[Bb]y|[Uu]n|[Ll]a|[Tt][hoe]|[Nn][eo]|[Cc]u|[Aa][t\ ]|so|in|[Oo][nc]|Ja|Fe|Ma|Ap|Ju|Au|[Ss]e|De|f[io]))
    (?:
    (?P<fut>(?:到|至|力争到|By\ |by\ |until\ |Until\ )\s*(?P<fy>(?:19|20)\d\d)(?![\d%]|\.\d)(?:\ ?年(?:底|末)?)?)
  | (?P<yr>(?<![\d.\-/])(?<!\d,)(?:19|20)\d\d(?![\d%\-/亿万千百元个家户项人名件台套亩座所栋辆根条位批宗块只张间支场种类款吨]|\.\d)(?!\ ?(?:percent|billion|million|thousand|yuan|square|hectares|mu\b|[a-z]+s\b)))(?:\ ?年)?
  | (?P<rel>去年|上年|上一年|前年|今年|本年|当年|明年|[Ll]ast\ year|[Tt]his\ year|[Nn]ext\ year|the\ previous\ year|the\ past\ year|a\ year\ (?:earlier|ago))
  | (?P<now>今天|当前|目前|现阶段|现有|截至目前|昨日|昨天|前日|本月|当月|[Tt]oday|[Cc]urrently|[Aa]t\ present|so\ far\ this\ year)
  | (?P<mon>(?:[1-9]|1[0-2])\s*[-—~至到]\s*(?:[1-9]|1[0-2])\s*月|[一二三四五六七八九十]{1,2}月(?:份)?|(?<!\d)(?:[1-9]|1[0-2])月(?!\d*日)|[一二三四]季度|上半年|下半年|前三季度|前\d{1,2}个月|
        (?:in\ )?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\ and\ (?:January|February|March|April|May|June|July|August|September|October|November|December))?(?!\s+\d)|(?:the\ )?(?:first|second|third|fourth)\ (?:half|quarter)(?:\ of\ (?:the|this)\ year)?|(?:the\ )?first\ (?:two|three|four|five|six|seven|eight|nine|ten|eleven|\d{1,2})\ (?:months|quarters)(?:\ of\ (?:the|this)\ year)?|前(?:两|三|四|五|六|七|八|九|十|十一)个月)
  | (?P<day>(?<!\d)(?:[1-9]|1[0-2])月\d{1,2}日|(?:[Oo]n\ )?(?:January|February|March|April|May|June|July|August|September|October|November|December)\ \d{1,2}(?!\d|,?\ \d{4}))
    )
    """,
    re.VERBOSE,
)
# rarer time words: small patterns that start with a literal (fast to scan for), the
# costlier ones looked for only when their hint word is in the text
_CN_YEARS = "[一二三四五六七八九十两\\d]+年|几年"
_TIME_RARE: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        (),
        re.compile(
            r"(?P<none>(?:Since|since|From|from)\ (?:(?:its|the|their)\ [a-z-]+\ (?:in\ )?)?"
            r"(?:19|20)\d\d(?![\d%])|[自从]\s*(?:19|20)\d\d(?![\d%])(?:\ ?年)?(?:以来|起)?)"
        ),
    ),
    (
        ("next", "coming", "following", "未来", "今后"),
        re.compile(
            r"(?P<none>(?:(?:[Oo]ver|[Ii]n|[Ww]ithin|[Dd]uring|[Ff]or)\ )?the\ (?:next|coming|following)"
            rf"\ (?:\w+\ )?years|未来(?:{_CN_YEARS})|今后(?:{_CN_YEARS}))"
        ),
    ),
    (
        ("period", "quarter", "half", "month"),
        re.compile(
            r"(?P<same>During\ the\ (?:same\ )?period|(?<=during\ )the\ (?:same\ )?period"
            r"|(?<=over\ )the\ same\ period(?!\ (?:last|of|a\ year|in\ 20))"
            r"|[Ii]n\ the\ (?:same\ )?period|(?<=in\ )the\ (?:quarter|half|month)\b(?!\ of))"
        ),
    ),
    (
        ("五", "Five-Year", "five-year"),
        re.compile(
            r"(?P<plan>[“\"]?十[一二三四五六七]五[”\"]?(?:时期|期间|末)?"
            r"|(?:the\ )?\d{2}(?:th|st|nd|rd)\ [Ff]ive-[Yy]ear\ Plan(?:\ period)?(?:\ \(\d{4}[-–]\d{2,4}\))?)"
        ),
    ),
    (("全年", "ull"), re.compile(r"(?P<whole>全年(?!度)|(?<![A-Za-z])[Ff]ull[- ]year\b)")),
    (("过去",), re.compile(r"(?P<rel>过去(?:的)?一年)")),
    (("then", "届时", "到那时"), re.compile(r"(?P<then>(?<![A-Za-z])by\ then\b|届时|到那时)")),
    (("month",), re.compile(r"(?P<now2>[Tt]his\ month)")),
    (
        ("now",),
        re.compile(
            r"(?P<now2>now\b(?<![A-Za-z]now)(?<![Ff]rom\ now)(?<![Uu]ntil\ now)(?<![Bb]y\ now)"
            r"(?!\ that|\ on\b))"
        ),
    ),
    (("day",), re.compile(r"(?P<now2>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b)")),
    (
        ("Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.", "Aug.", "Sep", "Oct.", "Nov.", "Dec."),
        re.compile(r"(?P<day>\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.\ \d{1,2}\b(?!,?\ \d{4}))"),
    ),
)
_RX_WEEKDAY_LEAD = re.compile(r"(?:[Oo]n|[Ll]ast)\ $")
_RX_BASE_BEFORE = re.compile(
    r"(?:比|较|与|同比|环比|相比|比较|超过|高于|低于|over|from|than|compared\s+(?:with|to)|against)\s*(?:the\s+)?(?:(?:same\s+period|end|beginning|start)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
# "since the beginning of this year", "so far": the year up to now
_RX_PART_BEFORE = re.compile(
    r"(?:since|from)\s+the\s+(?:beginning|start)\s+of\s+$|so\s+far\s+$", re.IGNORECASE
)
_REL_OFFSET = {
    "去年": -1,
    "上年": -1,
    "上一年": -1,
    "过去一年": -1,
    "过去的一年": -1,
    "前年": -2,
    "今年": 0,
    "本年": 0,
    "当年": 0,
    "明年": 1,
    "last year": -1,
    "this year": 0,
    "next year": 1,
    "the previous year": -1,
    "the past year": -1,
    "a year earlier": -1,
    "a year ago": -1,
}


def find_times(text: str, doc_year: int | None) -> list[TimeWord]:
    """Time words that give a year, resolved against ``doc_year``."""
    out: list[TimeWord] = []
    for start, end, kind, m in _time_matches(text):
        if kind == "none":
            # "since 2019", "over the next three years": no single year (null)
            future = text[start] not in "SsFf自从"
            out.append(TimeWord(start, end, None, topic=False, future=future))
        elif kind == "same":
            # "during the period": the period just named
            prev = out[-1] if out else None
            out.append(TimeWord(start, end, prev.year if prev else doc_year, topic=True))
        elif kind == "then":
            # "by then": the goal year just named
            goal = next((t for t in reversed(out) if t.future and t.year), None)
            if goal is not None:
                out.append(TimeWord(start, end, goal.year, topic=False, future=True))
        elif kind in ("fut", "fy"):
            out.append(TimeWord(start, end, int(m.group("fy")), topic=True, future=True, goal=True))
        elif kind == "yr":
            y = int(m.group("yr"))
            after = text[m.end("yr") : m.end("yr") + 3]
            if after[:1] in ("月", "-", "/") or re.match(r"\s*[.]\d", after):
                continue  # part of a date
            out.append(TimeWord(start, end, y, topic=True))
        elif kind == "rel":
            if _RX_BASE_BEFORE.search(text, max(0, start - 30), start):
                continue  # 比上年, over the previous year: the base of a comparison
            word = m.group("rel").lower()
            off = _REL_OFFSET[word]
            if word.startswith("a year"):
                # "compared with 1.8 billion yuan a year earlier": the figure just before
                # it is last year's; the rest of the sentence is not
                if doc_year is not None:
                    out.append(TimeWord(start, end, doc_year + off, local=True))
                continue
            rel_year = doc_year + off if doc_year is not None else None
            part = text.startswith("以来", end) or bool(
                _RX_PART_BEFORE.search(text, max(0, start - 30), start)
            )
            out.append(TimeWord(start, end, rel_year, topic=True, future=off > 0, part=part))
        elif kind == "plan":
            # 十四五时期, "the 15th Five-Year Plan period (2026-30)": a figure over the plan
            # (年均增长, 累计, a goal) is the plan's, and its year is the plan's last
            years = plan_years(m.group(0))
            if years is None:
                continue
            later = doc_year is not None and years[1] > doc_year
            out.append(TimeWord(start, end, years[1], topic=True, future=later, goal=later))
        elif kind == "whole":
            # 全年: the year in question (the last year named before), else the document's
            known = next(
                (t.year for t in reversed(out) if t.year is not None and not t.future), doc_year
            )
            out.append(TimeWord(start, end, known, local=True))
        elif kind in ("now", "now2"):
            event = kind == "now2" and m.group(0).endswith("day")
            out.append(TimeWord(start, end, doc_year, topic=False, event=event))
        elif kind == "mon":
            out.append(TimeWord(start, end, doc_year, topic=True, part=True))
        elif kind == "day":
            out.append(TimeWord(start, end, doc_year, topic=False, event=True))
    last_months: tuple[int, int] | None = None
    for word in out:
        months = months_of(text[word.start : word.end])
        word.months = last_months if months == SAME else months
        if word.months is not None:
            last_months = word.months
    return out


def _time_matches(text: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """(start, end, kind, match) of the time words in document order; where a rarer time
    word overlaps a main one, the earlier (then longer) wins ("Since … 2019" over "2019")."""
    found = [(m.start(), m.end(), m.lastgroup or "", m) for m in _RX_TIME.finditer(text)]
    extra = False
    for hints, rx in _TIME_RARE:
        if hints and not any(h in text for h in hints):
            continue
        for m in rx.finditer(text):
            start = m.start()
            if m.lastgroup == "now2" and m.group(0).endswith("day"):
                lead = _RX_WEEKDAY_LEAD.search(text, max(0, start - 5), start)
                if lead:
                    start = lead.start()  # "on Sunday", "last Monday"
            found.append((start, m.end(), m.lastgroup or "", m))
            extra = True
    if not extra:
        return found
    found.sort(key=lambda f: (f[0], -f[1]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    last = -1
    for f in found:
        if f[0] >= last:
            kept.append(f)
            last = f[1]
    return kept
