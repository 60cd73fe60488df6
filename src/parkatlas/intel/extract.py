"""Economic facts of a news or policy text (the shared guidelines), as a pure function.

``extract_facts(text)`` drops the page's boilerplate (``clean``), finds every quantity
(``quantities``), and gives each its metric, measure, status and qualifier (``classify``)
and its region and period (``context``). Offsets are offsets into ``text`` itself:
``text[f.start:f.end] == f.quote`` for every fact.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from parkatlas.intel import classify as C
from parkatlas.intel import meaning as M
from parkatlas.intel.clean import clean_report, kept_spans, mask
from parkatlas.intel.context import (
    Layout,
    Place,
    TimeWord,
    find_doc_date,
    find_places,
    find_times,
    infer_doc_year,
    region_code,
)
from parkatlas.intel.quantities import Quantity, find_quantities
from parkatlas.intel.schema import FactRecord
from parkatlas.intel.spans import fact_span, plan_span

__all__ = ["Extraction", "extract_document", "extract_facts"]

_RX_CONNECTOR = re.compile(
    r"^\W{0,3}(?:同时|此外|另外|另有|其中|与此同时|另一方面|此前|Among\s+(?:them|these|those|the)\b|At\s+the\s+same\s+time|Meanwhile|In\s+addition|Also|Besides|Moreover|Furthermore|Of\s+these|Of\s+which|It\b|Its\b|They\b|Their\b|该|其)",
    re.IGNORECASE,
)
_RX_PRONOUN = re.compile(r"(?:^|[,，]\s*)(?:it|its|they|their)\b", re.IGNORECASE)
_RX_RESPECTIVELY = re.compile(r"respectively|分别|依次", re.IGNORECASE)
_RX_LIST_SEP = re.compile(r"^[\s,，、;；]*(?:and|和|及|与|以及|or|或)?[\s,，、]*$", re.IGNORECASE)
_RX_LIST_ITEM_SPLIT = re.compile(r"[,，、]|\band\b|和|及")
_RX_LOCATED = re.compile(
    r"(?P<loc>located|situated|lies|lying|位于|地处|坐落于)\s*(?:in|at|on)?\s*(?:the\s+)?$"
    r"|(?:\bin\s+the\s+(?:core\s+area|heart|cent(?:er|re)|(?:north|south|east|west)(?:east|west|ern)?(?:\s+part)?|outskirts|suburbs?)\s+of|capital\s+of(?:\s+[A-Z][a-z]+\s+China(?:'s|’s))?|省会)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "A is located in B", "A位于B": A (a place) is the subject, B its location
_RX_PLACE_IS = re.compile(r"^\s*(?:,\s*)?(?:is|are|was|were)?\s*(?:also\s+)?$")
# "there" for the place just named ("… broke ground there"), not "there is/are"
_RX_THERE = re.compile(
    r"\bthere\b(?!\s+(?:is|are|was|were|will|have|has|had|remain|exist|seems?)\b)|当地|该地",
    re.IGNORECASE,
)
_RX_REL_OWNER = re.compile(r"[^,，;；.。]{0,60}?\b(?:that|which)\s+")
_RX_COORDINATED = re.compile(r"[,，]\s*(?:(?:and|while|but)\s|并|同时|而)")
# the origin of the subject, not the place of the fact: "investors from Hong Kong,
# Singapore and Taiwan", 来自香港、新加坡的投资者
_RX_ORIGIN = re.compile(
    r"\bfrom\s+(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+))*$"
    r"|来自(?:[\u4e00-\u9fff]{2,8}[、和及与])*$"
)
# a list of places before the fact: 在A、B、C布局…, "in A, B and C"
_RX_PLACE_LIST_SEP = re.compile(r"^\s*(?:、|和|及|与|以及|,\s*(?:and\s+)?|\s+and\s+)\s*$")
_RX_SHARE_MARK = re.compile(
    r"占|accounted\s+for|accounting\s+for|accounts?\s+for|made\s+up|share\s+of", re.IGNORECASE
)
_RX_DEPENDENT = re.compile(
    r"\s*(?:\w+ing\b|with\b|including\b|which\b|where\b|(?:at|in|during|under|through)\s+which\b|an?\s|up\b|down\b|同比|比上年|增长|下降)",
    re.IGNORECASE,
)
_RX_LIST_WORD = re.compile(r"\band\b|、|和|及|以及", re.IGNORECASE)
_RX_RESTATE = re.compile(
    r"\s*[,，]?\s*(?:or|i\.e\.|equivalent\s+to|equal\s+to|相当于|即)\s*", re.IGNORECASE
)
_RX_OF_WHICH = re.compile(r"\s*(?:其中|of\s+which|of\s+this|among\s+them)", re.IGNORECASE)
# the words after an English amount up to a preposition or punctuation: the phrase it qualifies
_RX_EN_NP = re.compile(
    r"(?:\s+(?!(?:of|for|to|in|and|with|by|from|that|which|on|at|under|was|were|is|are|has|have|will|last|this|year|each)\b)[A-Za-z][\w&'’-]*){1,5}"
)
_RX_NP_HEAD = re.compile(
    r"\b(?:funds?|projects?|industry|industries|clusters?|deals?|contracts?|plants?|factory|"
    r"facility|bases?)\b",
    re.IGNORECASE,
)
_NP_HEADS = {
    "fund": "fund",
    "project": "investment",
    "plant": "investment",  # "a 600-million-dollar biomedicine plant": the plant's investment
    "factory": "investment",
    "facility": "investment",
    "base": "investment",
    "industry": "output_value",
    "industrie": "output_value",
    "cluster": "output_value",
    "deal": "transaction",
    "contract": "transaction",
}
_RX_ZH_FUND_NP = re.compile(r"(?:以上)?的[\u4e00-\u9fff“”]{0,12}?(?:基金|母基金)")
_RX_CUMULATIVE = re.compile(r"已|already|so\s+far", re.IGNORECASE)
# a time word near the start of its clause, after its subject: 高新区去年新引进…
_RX_SUBJECT_LEAD = re.compile(r"[\u4e00-\u9fff]{1,8}")
_RX_ANAPHORIC_CLAUSE = re.compile(
    r"\s*(?:and\s+|while\s+)?(?:[\d,]+|\w+)\s+of\s+(?:them|which|these|those)\b|\s*其中",
    re.IGNORECASE,
)
_RX_RELATIVE = re.compile(r"\s*(?:which|who|that|where)\b", re.IGNORECASE)
_RX_PUNCT = re.compile(r"[\s,，;；:：.。)）\"”]")
_RX_DEFINITE = re.compile(r"\W{0,3}The\s+(?:[a-z-]+\s+){0,2}?([a-z]{4,})\b")
_RX_DONE = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|also\s+|now\s+)?(?!to\b|been\s+(?:planned|set\s+to))[a-z]+\b|\balready\b|已经|已(?!有)",
    re.IGNORECASE,
)
_RX_TIME_LEAD = re.compile(
    r"[\s\"“”'(（]*(?:预计|力争|计划|争取|确保|目标|有望|截至|截止|自)?(?:(?:In|in|On|on|Last|last|By|by|During|during|For|for|Over|over|Since|since|Until|until|From|from|在|到|至|于)\s*)?"
    r"(?:the\s+(?:beginning|start|end|middle|rest|first\s+half|second\s+half)\s+of\s+)?"
)
_RX_TOPIC_LEAD = re.compile(
    r"[\s\"“”'(（]*(?:\d{1,2}月\d{1,2}日\s*[,，]\s*)?(?:[^,，。;；:：\d]{0,24}[:：]\s*)?"
    r"(?:[^,，。;；:：\d]{0,20}(?:获悉|了解到|表示|介绍|指出|透露|显示|通报|宣布)[,，:：]\s*|据[^,，。;；\d]{0,16}[,，]\s*|According\s+to\s[^,.;\d]{0,40},\s*)?"
    r"(?:(?:In|in|By|by|During|For|Over)\s+(?:the\s+)?|到|至|在)?"
)
# a clause of its own subject after a contrast: "…, while Chongqing's GDP reached …"
_RX_CONTRAST = re.compile(r"\s*(?:while|whereas|but)\s+(?!(?:also|will|is|are|to)\b)|\s*而(?!且)")
# the head of a list of goals: 主要预期目标是:, 目标任务:, "the main targets are:"
_RX_GOAL_LIST = re.compile(
    r"(?:目标|任务|指标)(?:是|为)?[:：]|\b(?:targets?|goals?)\s*(?:are|is|include)?\s*:",
    re.IGNORECASE,
)
# the clause of a sentence coordinated with the one before: "…, and its output …"
# (with its own subject: "…, and its output …", not "…, and signed …", the same subject's)
_RX_AND_CLAUSE = re.compile(
    r"\s*(?:and|while|whereas)\s+(?:its|their|the|his|her|our|this|these)\s+(?!(?:will|is\s+expected|plans?|aims?)\b)|\s*同时"
)
# a sentence that opens its own frame: "In the zone's Tong'an Park, …", 在临港新片区,
_RX_NEW_FRAME = re.compile(
    r"\s*(?:In|At|Inside|Within)\s+(?:the\s+)?(?:[a-z]+['’]s\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,|\s*在[^,，。;；]{2,16}[,，]"
)
# a sentence reporting a result over a period (totaled, grew, 增长, 实现), which a year
# named in the sentence before governs
_RX_FLOW = re.compile(
    r"\b(?:total(?:l?ed|s)|grew|rose|fell|increased|decreased|declined|reached|posted|recorded|"
    r"contributed|generated|amounted|up|down|(?:increase|decrease|rise|drop|decline)\s+of)\b"
    r"|增长|下降|实现|完成|达到|同比|新增|新登记|新引进|引进|签约"
)
_RX_NEXT_STEP = re.compile(
    r"\W{0,3}(?:下一步|下阶段|接下来|未来|今后|Next,|Going\s+forward)", re.IGNORECASE
)
_RX_NOT_HEADING = re.compile(r"[。！？!?；;，,]|\d{1,2}月\d{1,2}日")
# a reference to the reported event: 本次签约, 此次, 会上, "At the conference", "the signing"
_RX_EVENT_REF = re.compile(
    r"本次|此次|这次|会上|会议上|仪式上|活动上|活动中|签约现场|"
    r"\b(?:[Aa]t|[Dd]uring|[Oo]n\s+the\s+sidelines\s+of)\s+the\s+(?:[\w-]+\s+){0,3}?(?:conference|meeting|ceremony|event|forum|signing|fair|expo|summit|launch|session|exhibition|symposium)\b"
)
_RX_QUOTE_SPAN = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|「[^」\n]*」|《[^》\n]*》")


@dataclass
class Extraction:
    """The facts of a document and the cleaner's warnings about it (a lost article)."""

    facts: list[FactRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def extract_document(
    text: str,
    *,
    doc_date: dt.date | None = None,
    lang: str | None = None,
    furniture: Collection[str] = (),
) -> Extraction:
    """``extract_facts`` with the cleaner's warnings; ``furniture``: lines repeated across the
    site's pages (``site.repeated_lines``), dropped as page furniture."""
    report = clean_report(text, furniture=furniture)
    facts = _extract(text, report.spans, doc_date=doc_date, lang=lang)
    return Extraction(facts, report.warnings)


def extract_facts(
    text: str, *, doc_date: dt.date | None = None, lang: str | None = None
) -> list[FactRecord]:
    """Every money/percent/area/count fact of ``text`` in document order.

    ``doc_date``: the publication date when the caller knows it (else the first full date
    of the page, else the year inferred from the text); ``lang`` is accepted for callers
    that know it, the rules themselves read Chinese and English alike."""
    return _extract(text, kept_spans(text), doc_date=doc_date, lang=lang)


def _extract(
    text: str, spans: list[tuple[int, int]], *, doc_date: dt.date | None, lang: str | None
) -> list[FactRecord]:
    if not spans:
        return []
    body = mask(text, spans)
    if doc_date is None:
        doc_date = find_doc_date(text[: spans[-1][1]])
    doc_year = doc_date.year if doc_date else infer_doc_year(body)
    quantities = find_quantities(body, lang)
    if not quantities:
        return []
    _mark_area_money_pairs(body, quantities)
    layout = Layout(body)
    places = find_places(body)
    times = find_times(body, doc_year)
    ctx = _Context(body, layout, places, times, doc_year, spans)
    facts: list[FactRecord] = []
    prev: list[tuple[Quantity, str]] = []  # (quantity, metric) so far
    for i, q in enumerate(quantities):
        metric = ctx.metric(q, i, quantities, prev)
        measure = ctx.measure(q, i, quantities, facts)
        period, future = ctx.period(q)
        status = "target" if future or ctx.target(q) else "actual"
        region, within = ctx.region(q)
        qualifier = q.qualifier or C.qualifier_before(
            body[max(0, q.start - 20) : q.start], body[q.end : q.end + 10]
        )
        s0, s1 = layout.sentence(q.start)
        sub = M.sub_metric(body, q.start, s0) if q.kind in ("money", "percent") else None
        project = None
        if q.kind == "money" and metric == "investment" and sub != "foreign_capital_utilized":
            u0, u1 = layout.subsentence(q.start)
            project = M.single_project(body[u0 : q.start])
            if project is None and q.lang == "en":
                project = M.project_after(body[q.end : q.end + 80])
            place = M.project_place(body[u0:u1], q.start - u0) if project else None
            if place:
                region, within = place, place
        tw = ctx.last_time
        span = fact_span(tw.year, tw.months, doc_date) if tw is not None else None
        if span is None:
            span = plan_span(body[s0:s1])
        if span is None and period is not None and tw is not None and tw.months is None:
            span = fact_span(period, (1, 12), doc_date)
        facts.append(
            FactRecord(
                quote=text[q.start : q.end],
                start=q.start,
                end=q.end,
                kind=q.kind,
                value=q.value,
                unit=q.unit,
                metric=metric,
                measure=measure,
                status=status,
                region=region,
                period=period,
                qualifier=qualifier,
                region_code=region_code(within) if within else None,
                span_start=span[0] if span else None,
                span_end=span[1] if span else None,
                sub_metric=sub,
                project=project,
                context_start=s0,
                context_end=s1,
            )
        )
        prev.append((q, metric))
    return facts


def _mark_area_money_pairs(text: str, qs: list[Quantity]) -> None:
    """ "an industry of 10 thousand mu and 100 billion yuan" (万亩千亿): both are size classes."""
    for a, b in zip(qs, qs[1:], strict=False):
        if (
            a.kind == "area"
            and b.kind == "money"
            and re.fullmatch(r"\s*(?:and|、|和|与)\s*", text[a.end : b.start])
        ):
            if re.search(r"\bmu\b|亩", text[a.start : a.end]):
                a.qualifier = b.qualifier = "scale"


class _Context:
    def __init__(
        self,
        text: str,
        layout: Layout,
        places: list[Place],
        times: list[TimeWord],
        doc_year: int | None,
        spans: list[tuple[int, int]],
    ) -> None:
        self.text = text
        self.layout = layout
        self.places = places
        self.times = times
        self.doc_year = doc_year
        self._main_region: tuple[Place | None] | None = None
        self._quotes = [m.span() for m in _RX_QUOTE_SPAN.finditer(text)]
        self._usable_cache: dict[int, bool] = {}
        self._list_cache: dict[int, bool] = {}
        self._generic_cache: dict[int, bool] = {}
        self._place_starts = [p.start for p in places]
        self._spans = spans
        self._headings: list[tuple[int, TimeWord]] | None = None
        self._event_refs: list[int] | None = None
        self.last_time: TimeWord | None = None  # the time word of the last period() call

    # -------------------------------------------------------------- metric

    def metric(
        self, q: Quantity, i: int, qs: list[Quantity], prev: list[tuple[Quantity, str]]
    ) -> str:
        text = self.text
        cs, ce = self.layout.clause_of(q.num_start)
        ss, se = self.layout.subsentence(q.num_start)
        if q.kind == "count":
            left = text[max(ss, q.num_start - 20) : q.num_start]
            return C.count_metric(q.noun, left)
        if q.kind == "area":
            _, ce2 = self.layout.clause_of(q.num_start)
            ctxt = text[cs:ce2]
            return C.area_metric(
                ctxt,
                "m2"
                if re.search(
                    r"平方米|平米|square met|sq\.? ?m\b|sqm|m2|m²|㎡", text[q.start : q.end]
                )
                else "land",
            )
        prev_q = prev[-1] if prev and prev[-1][0].end > ss else None
        # a list of numbers with 分别/respectively: item by item
        if q.kind == "percent":
            resp = self._respectively(q, i, qs)
            if resp:
                return resp
            left_start = cs
            if prev_q and prev_q[0].end > cs:
                # after the previous quantity and the list word that follows it
                left_start = prev_q[0].end
                for sep in _RX_LIST_WORD.finditer(text, left_start, q.num_start):
                    left_start = sep.end()
            after = text[q.end : min(se, q.end + 60)]
            am = re.match(r"\s*(?:of|in)\s+(?:the\s+)?([^,，.;；]{0,50})", after, re.IGNORECASE)
            own_after = C.metric_in(am.group(1)) if am else None
            # "R&D spending reached 54.2 billion yuan, or 6.2% of GDP": the same amount
            # restated as a share keeps the amount's metric
            if prev_q and _RX_RESTATE.fullmatch(text, prev_q[0].end, q.start):
                return prev_q[1]
            # numbers of a list share the metric of the first: 增长5%、6%和7%
            if (
                not own_after
                and prev_q
                and prev_q[0].kind == "percent"
                and _RX_LIST_SEP.match(text[prev_q[0].end : q.start])
            ):
                return prev_q[1]
            marks = list(_RX_SHARE_MARK.finditer(text, left_start, q.num_start))
            share = marks[-1] if marks else None
            if share:
                # the part before 占 / "accounted for" is the subject; after it, the whole.
                # A generic part (an industry's 产值/output) takes a specific whole
                # (战略性新兴产业产值占规上工业总产值比重 → industrial_output)
                m, _ = C.nearest_metric(text, left_start, share.start())
                whole, _ = C.nearest_metric(text, share.end(), q.num_start)
                whole = whole or own_after
                if m in (None, "output_value") and whole not in (None, "output_value"):
                    return whole
                if (
                    m in (None, "output_value")
                    and whole is None
                    and prev_q
                    and _RX_OF_WHICH.match(text, cs)
                ):
                    return prev_q[1]  # 产值3100亿元,其中…占比52.4%: a part of that amount
                if m:
                    return m
                if own_after:
                    return own_after
                if prev_q:
                    return prev_q[1]
                return whole or "other"
            m, _ = C.nearest_metric(text, left_start, q.num_start)
            if m == "output_value" and own_after not in (None, "output_value"):
                return own_after  # "raise the output value of X to 40% of its industrial output"
            if m:
                return m
            if own_after:
                return own_after
            if prev_q:
                return prev_q[1]
            m, _ = C.nearest_metric(text, ss, q.num_start)
            return m or "other"
        # money
        head = self._np_head_metric(q)
        if head:
            return head
        if q.qualifier == "scale":
            m, _ = C.nearest_metric(text, q.end, min(se, ce + 30, q.end + 30), from_right=False)
            if m:
                return m
        m, _ = C.nearest_metric(text, cs, q.num_start)
        if m:
            return m
        m, _ = C.nearest_metric(text, q.end, min(ce, q.end + 40), from_right=False)
        if m:
            return m
        m, _ = C.nearest_metric(text, ss, q.num_start)
        return m or "other"

    def _np_head_metric(self, q: Quantity) -> str | None:
        """The metric of the noun an amount qualifies: "a 5 billion yuan IoT industry fund"
        (the head noun, the last word of the phrase), 规模50亿元的产业基金."""
        text = self.text
        if q.lang == "en":
            m = _RX_EN_NP.match(text, q.end)
            if not m or not m.group(0).strip():
                return None
            hits = [h for h in _RX_NP_HEAD.finditer(m.group(0))]
            if not hits:
                return None
            last = hits[-1]
            if m.group(0)[last.end() :].strip():
                return None  # the metric word is not the head of the phrase
            return _NP_HEADS[last.group(0).lower().rstrip("s")]
        m = _RX_ZH_FUND_NP.match(text, q.end)
        return "fund" if m else None

    def _respectively(self, q: Quantity, i: int, qs: list[Quantity]) -> str | None:
        text = self.text
        ss, se = self.layout.subsentence(q.num_start)
        # the group of quantities of the same kind joined by list separators
        first = i
        while (
            first > 0
            and qs[first - 1].kind == q.kind
            and qs[first - 1].start >= ss
            and _RX_LIST_SEP.match(text[qs[first - 1].end : qs[first].start])
        ):
            first -= 1
        last = i
        while (
            last + 1 < len(qs)
            and qs[last + 1].kind == q.kind
            and qs[last + 1].start < se
            and _RX_LIST_SEP.match(text[qs[last].end : qs[last + 1].start])
        ):
            last += 1
        k = last - first + 1
        if k < 2:
            return None
        around = text[max(ss, qs[first].start - 12) : min(se, qs[last].end + 20)]
        if not _RX_RESPECTIVELY.search(around):
            return None
        before = text[ss : qs[first].num_start]
        items = [s for s in _RX_LIST_ITEM_SPLIT.split(before) if s.strip()]
        if len(items) < k:
            return None
        items = items[-k:]
        metrics: list[str | None] = []
        for it in items:
            m = C.metric_in(it)
            metrics.append(m or (metrics[-1] if metrics else None))
        return metrics[i - first] or None

    # -------------------------------------------------------------- measure

    def measure(self, q: Quantity, i: int, qs: list[Quantity], facts: list[FactRecord]) -> str:
        text = self.text
        cs, _ = self.layout.clause_of(q.num_start)
        ss, _ = self.layout.subsentence(q.num_start)
        if (
            i > 0
            and facts
            and qs[i - 1].kind == q.kind
            and qs[i - 1].end > ss
            and _RX_LIST_SEP.match(text[qs[i - 1].end : q.start])
        ):
            if q.kind == "percent":
                return facts[-1].measure or "level"
        before = text[cs : q.num_start]
        if q.kind == "percent" and len(before.strip()) < 4:
            before = text[max(ss, cs - 30) : q.num_start]
        return C.measure_of(q.kind, before, text[q.end : q.end + 60])

    # -------------------------------------------------------------- status

    def target(self, q: Quantity) -> bool:
        text = self.text
        ss, se = self.layout.subsentence(q.num_start)
        s0, _ = self.layout.sentence(q.num_start)
        cs, ce = self.layout.clause_of(q.num_start)
        start = ss
        if cs > ss and _RX_CONTRAST.match(text, cs):
            start = cs  # "…is expected to exceed X, while Y reached Z last year": Y's own
        if C.is_target(
            text[start : q.num_start],
            text[q.end : ce],
            text[s0 : s0 + 30],
            q.qualifier == "scale",
            text[max(start, q.num_start - 80) : q.num_start],
        ):
            return True
        if ss > s0 and not _RX_DONE.search(text, ss, q.num_start):
            # a goal list (预期目标是:A;B;C) or a sentence opening with a goal word (力争…;
            # 推动…) makes every sub-sentence of the sentence a goal
            if _RX_GOAL_LIST.search(text, s0, ss):
                return True
            fe = self.layout.clause_of(s0)[1]
            if C.opens_with_goal(text[s0 : min(fe, s0 + 16)]):
                return True
        return False

    # -------------------------------------------------------------- period

    def period(self, q: Quantity) -> tuple[int | None, bool]:
        """(year, is a goal year) of the time word governing the quantity."""
        tw = self._governing_time(q.num_start, q.end)
        if tw is None:
            tw = self._event_time(q.num_start)
            if tw is not None and self.target(q):
                tw = None  # 达产后预计…: a forecast of the project, not of the event's year
        self.last_time = tw
        if tw is None:
            return None, False
        future = tw.future or (
            tw.year is not None and self.doc_year is not None and tw.year > self.doc_year
        )
        return tw.year, future

    def _times_in(self, a: int, b: int) -> list[TimeWord]:
        return [t for t in self.times if a <= t.start and t.end <= b]

    def _governing_time(self, pos: int, end: int, depth: int = 0) -> TimeWord | None:
        layout = self.layout
        text = self.text
        cs, ce = layout.clause_of(pos)
        # 1. in the same clause
        same = self._times_in(cs, ce)
        if same:
            before = [t for t in same if t.start < pos]
            got = before[-1] if before else same[0]
            if not got.topic and not got.goal:
                # "on Tuesday released a plan to develop … by 2025": the goal year
                goal = next((t for t in same if t.goal), None)
                if goal is not None:
                    return goal
            return got
        # 2. earlier in the sentence (also across ;/；), unless postposed at the end of its
        # clause; a goal year ("by 2025", 到2025年) reaches the rest of the sentence
        s0, s1 = layout.sentence(pos)
        ss, _ = layout.subsentence(pos)
        for t in reversed(self._times_in(s0, cs)):
            tcs, tce = layout.clause_of(t.start)
            at_start = bool(_RX_TIME_LEAD.fullmatch(text, tcs, t.start))
            at_end = not _RX_PUNCT.sub("", text[t.end : tce])
            if t.local and not at_start:
                continue  # 力争全年招引…: 全年 inside its clause is that clause's only
            if t.start < ss and not (at_start or _RX_SUBJECT_LEAD.fullmatch(text, tcs, t.start)):
                continue  # across ;/；only a time word opening its clause
            if t.start < ss and (
                (t.future and self._done(ss, ce)) or _RX_CUMULATIVE.search(text, ss, pos)
            ):
                continue  # 已/累计 (so far): no year from another sub-sentence
            if at_start or not at_end or (t.goal and t.start >= ss):
                return t
            if tce == cs and t.year is not None and not t.future and _RX_AND_CLAUSE.match(text, cs):
                return (
                    t  # "…turned out 156 million handsets last year, and its … industry posted …"
                )
            # participle or relative clauses share the time of the clause they hang on,
            # and so does "N of them" / 其中 (the things that clause counted)
            if self._dependent_chain(tce, cs) or (
                tce == cs and _RX_ANAPHORIC_CLAUSE.match(text, cs)
            ):
                return t
        # 2b. a time word closing the sentence governs the whole sentence (not a relative
        # clause: "…, which covers 873 square kilometers, attracted … last year")
        if not _RX_RELATIVE.match(text, cs):
            for t in self._times_in(ce, s1):
                if t.year is None:
                    continue  # "… over the next three years" is its own clause's
                _, tce = layout.clause_of(t.start)
                if not _RX_PUNCT.sub("", text[t.end : tce]) and (
                    tce >= s1 or self._dependent_chain(tce, s1 - 1)
                ):
                    return t
        if depth > 6 or _RX_RELATIVE.match(text, cs):
            return None  # a relative clause (", which covers …") has only its sentence's time
        # 3. a sentence opening with a connector (同时, Among them, "The projects" after
        # projects) takes the previous one's
        if s0 > 0 and self._continues(s0):
            p0, _ = layout.paragraph(pos)
            ps0, _ = layout.sentence(s0 - 1)
            while ps0 > 0 and not text[ps0:s0].strip():
                ps0, _ = layout.sentence(ps0 - 1)  # over blank lines
            if ps0 >= p0 or depth == 0:
                prev_times = self._times_in(ps0, s0)
                prev_got = prev_times[-1] if prev_times else None
                if prev_got is None and ps0 >= p0:
                    prev_got = self._governing_time(max(ps0, s0 - 2), s0 - 1, depth + 1)
                if prev_got is not None and not (prev_got.future and self._done(s0, ce)):
                    return prev_got
        # 4. a topic time opening an earlier sentence of the paragraph
        p0, _ = layout.paragraph(pos)
        plan = None  # the sentence states a plan (下一步…将力争…): no partial past period
        for t in reversed(self._times_in(p0, ss)):
            if not t.topic:
                continue
            ts0, _ = layout.sentence(t.start)
            lead = text[ts0 : t.start]
            if len(lead) <= 40 and _RX_TOPIC_LEAD.fullmatch(lead):
                if t.future and ts0 != s0 and self._done(s0, ce):
                    return None  # a goal year does not reach a sentence about what was done
                if ts0 != s0 and self._past_part(t):
                    if plan is None:
                        plan = self._plan(s0, pos)
                    if plan:
                        return None
                return t
        if depth > 0:
            return None
        # 4b. the last year named in the earlier sentences of the paragraph ("… reached 123.7
        # billion yuan in 2023. General public budget revenue totaled …"), unless the
        # sentence opens a new frame ("In the zone's Tong'an Park, …")
        if s0 > p0 and not _RX_NEW_FRAME.match(text, s0) and _RX_FLOW.search(text, s0, pos):
            prev = self._times_in(p0, s0)
            if prev:
                t = prev[-1]
                if (
                    t.year is not None
                    and (t.topic or t.local)
                    and not (t.part or t.event or t.goal or t.future)
                    and (self.doc_year is None or t.year <= self.doc_year)
                ):
                    if plan is None:
                        plan = self._plan(s0, pos)
                    return None if plan else t
                return None
        # 5. a heading that names a year governs its section (一、2023年工作回顾)
        return self._heading_time(p0)

    def _past_part(self, t: TimeWord) -> bool:
        return t.part or (
            t.year is not None and self.doc_year is not None and t.year < self.doc_year
        )

    def _plan(self, s0: int, pos: int) -> bool:
        """The sentence up to ``pos`` states a plan or goal (下一步, 将力争, will)."""
        sent = self.text[s0:pos]
        return bool(_RX_NEXT_STEP.match(sent)) or C.is_target(sent, "", sent[:30], False, sent)

    def _heading_time(self, p0: int) -> TimeWord | None:
        if self._headings is None:
            self._headings = self._find_headings()
        got: TimeWord | None = None
        for start, tw in self._headings:
            if start >= p0:
                break
            got = tw
        return got

    def _find_headings(self) -> list[tuple[int, TimeWord]]:
        """Short lines of the body (not the title) without sentence punctuation that name a
        year: section headings (一、2023年工作回顾, 二、2024年主要预期目标)."""
        out: list[tuple[int, TimeWord]] = []
        text = self.text
        title_end = self._spans[0][1] if self._spans else 0
        last = -1
        for t in self.times:
            if t.year is None or t.event or t.start < title_end:
                continue
            a, b = self.layout.paragraph(t.start)
            if a == last:
                continue
            last = a
            line = text[a:b].strip()
            if len(line) <= 24 and not _RX_NOT_HEADING.search(line):
                out.append((a, t))
        return out

    def _event_time(self, pos: int, depth: int = 0) -> TimeWord | None:
        """本次签约…, "At the conference, …": the day of the event the text reported."""
        if self._event_refs is None:
            self._event_refs = (
                [m.start() for m in _RX_EVENT_REF.finditer(self.text)]
                if any(t.event for t in self.times)
                else []
            )
        refs = self._event_refs
        if not refs or refs[0] >= pos:
            return None
        s0, _ = self.layout.sentence(pos)
        k = bisect.bisect_left(refs, s0)
        if k < len(refs) and refs[k] < pos:
            return next((t for t in reversed(self.times) if t.event and t.end <= s0), None)
        if depth < 2 and s0 > 0 and self._continues(s0):
            return self._event_time(s0 - 1, depth + 1)
        return None

    def _dependent_chain(self, a: int, b: int) -> bool:
        """Every clause from ``a`` to ``b`` is a participle/relative clause ("…, up 9.8
        percent, accounting for 82.5 percent …") hanging on the clause before ``a``."""
        if a > b:
            return False
        bounds = self.layout.clause
        i = bisect.bisect_left(bounds, a)
        seen = False
        while i < len(bounds) and bounds[i] <= b:
            if not _RX_DEPENDENT.match(self.text, bounds[i]):
                return False
            seen = True
            i += 1
        return seen

    def _continues(self, s0: int) -> bool:
        """The sentence at ``s0`` continues the previous one: a connector (同时, Among them,
        It) or a definite noun the previous sentence named ("… 52 projects …. The projects …")."""
        text = self.text
        if _RX_CONNECTOR.match(text[s0 : s0 + 25]):
            return True
        m = _RX_DEFINITE.match(text, s0, s0 + 40)
        if not m:
            return False
        ps0, _ = self.layout.sentence(s0 - 1)
        stem = m.group(1).lower()[:5]
        return re.search(rf"\b{re.escape(stem)}", text[ps0:s0], re.IGNORECASE) is not None

    def _done(self, s0: int, s1: int) -> bool:
        """The sentence up to the fact's clause reports something done (has set up, 已),
        not a plan."""
        sent = self.text[s0:s1]
        return bool(_RX_DONE.search(sent)) and not C.is_target(sent, "", sent[:30], False, "")

    # -------------------------------------------------------------- region

    def region(self, q: Quantity) -> tuple[str | None, str | None]:
        """(region as written, the name to resolve to a code)."""
        p = self._region_place(q.num_start, q.end, q)
        if p is None:
            return None, None
        if p.generic:
            ref = self._resolve_generic(p)
            if ref is None:
                return None, None
            return ref.name, ref.name
        return p.name, p.name

    def _resolve_generic(self, p: Place) -> Place | None:
        """全区 / 该县 / 开发区 / "the district's": the document's place of that kind —
        the nearest one named before, else the first named anywhere."""
        g = p.generic
        admin_only = g in ("区", "县", "市", "镇", "district", "city", "county")
        suffixes = {
            "district": ("District", "区", "New Area"),
            "city": ("City", "市"),
            "county": ("County", "县"),
            "park": ("Park", "园", "园区"),
            "valley": ("Valley", "谷"),
            "new city": ("New City",),
            "new town": ("New Town",),
            "new area": ("New Area",),
            "zone": ("Zone", "区"),
            "园区": ("园区", "园"),
        }.get(g, (g,))
        named = [
            x
            for x in self.places
            if not x.generic
            and x.name.endswith(suffixes)
            and (g == "new city" or not re.search(r"(?:New|Smart) City$", x.name))
            and (x.admin or not admin_only)
        ]
        if not named:
            return None
        # "the development zone": a name with the same modifier, if the text has one
        mods = p.name.lower().split()[1:-1]
        if mods:
            named = [x for x in named if all(w in x.name.lower() for w in mods)] or named
        before = [x for x in named if x.end <= p.start]
        return before[-1] if before else named[0]

    def _generic_pool(self, p: Place) -> bool:
        got = self._generic_cache.get(p.start)
        if got is None:
            got = self._generic_cache[p.start] = self._resolve_generic(p) is not None
        return got

    def _in_list(self, p: Place) -> bool:
        """A member of a list of places (在A、B、C布局…): a fact about all of them belongs
        to the place that holds them, not to the last one named."""
        got = self._list_cache.get(p.start)
        if got is None:
            text = self.text
            got = False
            for other in self._places_in(max(0, p.start - 16), p.start):
                if _RX_PLACE_LIST_SEP.match(text[other.end : p.start]):
                    got = True
            if not got:
                nxt = self._places_in(p.end, p.end + 16)
                got = bool(nxt) and bool(_RX_PLACE_LIST_SEP.match(text[p.end : nxt[0].start]))
            if not got and (text[p.start - 1 : p.start] == "、" or text[p.end : p.end + 1] == "、"):
                got = True  # 新站高新区、经开区、肥东县: names the finder does not know
            self._list_cache[p.start] = got
        return got

    def _usable(self, p: Place, q: Quantity | None = None) -> bool:
        ok = self._usable_cache.get(p.start)
        if ok is None:
            ok = self._usable_place(p)
            self._usable_cache[p.start] = ok
        return ok and not self._quoted(p, q)

    def _usable_place(self, p: Place) -> bool:
        """Not an aside in parentheses, not a location complement, not a share's whole."""
        text = self.text
        # inside parentheses: an aside ("the North -South region (Baoshan District, …)")
        op = text.rfind("(", max(0, p.start - 60), p.start)
        op2 = text.rfind("（", max(0, p.start - 60), p.start)
        op = max(op, op2)
        if (
            op >= 0
            and not re.search(r"[)）]", text[op : p.start])
            and re.search(r"[)）]", text[p.end : p.end + 60])
        ):
            return False
        loc = _RX_LOCATED.search(text[max(0, p.start - 30) : p.start])
        if loc:
            if not loc.group("loc"):
                return False  # in the southeast of X
            if text[p.end : p.end + 1] == "的" and any(
                o.start == p.end + 1 for o in self._places_in(p.end + 1, p.end + 20)
            ):
                return False  # 位于X的Y: the place Y is the subject
            # "A is located in B" / A位于B: the place A is the subject; a project located
            # in B is B's
            at = max(0, p.start - 30) + loc.start()
            for other in self._places_in(max(0, at - 40), at):
                if _RX_PLACE_IS.match(text[other.end : at]):
                    return False
        if re.search(
            r"(?:%|percent|比重)\s*of\s+(?:the\s+)?$", text[max(0, p.start - 20) : p.start]
        ):
            return False  # the whole of a share: "40% of the district's GDP"
        if text[max(0, p.start - 2) : p.start].endswith(("占", "占全")):
            return False  # 占苏州全市的3%: the whole of a share
        lead = text[max(0, p.start - 60) : p.start]
        if ("from" in lead or "来自" in lead) and _RX_ORIGIN.search(lead):
            return False  # "investors from Hong Kong and Taiwan": where they come from
        return True

    def _places_in(self, a: int, b: int) -> list[Place]:
        i = bisect.bisect_left(self._place_starts, a)
        j = bisect.bisect_left(self._place_starts, b)
        return [p for p in self.places[i:j] if p.end <= b]

    def _denominator(self, p: Place, q: Quantity) -> bool:
        """The whole a share is taken of: 占全区…的40%, 40% of the district's GDP."""
        text = self.text
        if p.start >= q.end and re.fullmatch(
            r"\s*of\s+(?:the\s+)?", text[q.end : p.start], re.IGNORECASE
        ):
            return True
        cs, _ = self.layout.clause_of(q.num_start)
        zhan = text.rfind("占", cs, q.num_start)
        return zhan >= 0 and zhan < p.start < q.num_start

    def _region_place(self, pos: int, end: int, q: Quantity, depth: int = 0) -> Place | None:
        layout = self.layout
        text = self.text
        ss, se = layout.subsentence(pos)
        in_sub = self._places_in(ss, se)
        # 1. "N things in Shanghai": a place right after the counted noun
        for p in in_sub:
            if (
                p.start >= end
                and p.start - end <= 8
                and re.fullmatch(r"\s+in\s+(?:the\s+)?", text[end : p.start], re.IGNORECASE)
            ):
                return p
        # 1b. "a 3.6 km² cluster that the development zone will build": the relative
        # clause names the owner of the thing measured
        for p in in_sub:
            if (
                p.start >= end
                and ("that" in text[end : p.start] or "which" in text[end : p.start])
                and _RX_REL_OWNER.fullmatch(text, end, p.start)
                and self._usable(p, q)
            ):
                return p
        # 2. the nearest place before the number in the sub-sentence
        left = [
            p
            for p in in_sub
            if p.end <= pos
            and self._usable(p, q)
            and not self._denominator(p, q)
            and (not p.generic or self._generic_pool(p))
            and not self._in_list(p)
        ]
        if left:
            return left[-1]
        # 3. the first place after it in the sub-sentence (not a denominator, not an aside)
        # ("Covering 500 mu, the park has …" names it after the number; not a place of a
        # coordinated clause: "…96 billion yuan, and to complete the bonded zone")
        right = [
            p
            for p in in_sub
            if p.start >= end
            and (not p.generic or self._generic_pool(p))
            and self._usable(p, q)
            and not self._denominator(p, q)
            and not _RX_COORDINATED.search(text, end, p.start)
        ]
        if right:
            return right[0]
        # 4. the sentence's subject
        s0, s1 = layout.sentence(pos)
        in_sent = [
            p
            for p in self._places_in(s0, s1)
            if not p.generic and self._usable(p, q) and not self._denominator(p, q)
        ]
        before = [p for p in in_sent if p.end <= pos and not self._in_list(p)]
        if before:
            return before[-1]
        # 5. a sentence opening with a connector or a pronoun takes the previous one's
        if (
            depth < 4
            and s0 > 0
            and (_RX_CONNECTOR.match(text[s0 : s0 + 25]) or _RX_PRONOUN.search(text[s0:pos]))
        ):
            ps0, _ = layout.sentence(s0 - 1)
            prev_places = [
                p
                for p in self._places_in(ps0, s0)
                if self._usable(p) and (not p.generic or self._generic_pool(p))
            ]
            if prev_places:
                return prev_places[0]
            got = self._region_place(max(ps0, s0 - 1), s0 - 1, q, depth + 1)
            if got:
                return got
        # 6. "there": the place last named before the sentence (in its paragraph)
        if _RX_THERE.search(text, s0, s1):
            p0, _ = layout.paragraph(pos)
            named = [p for p in self._places_in(p0, s0) if not p.generic and self._usable(p)]
            if named:
                return named[-1]
        # 7. the document's own place (title or first sentence)
        return self._main()

    def _main(self) -> Place | None:
        """The document's own place: the first named in the title or the first sentences."""
        if self._main_region is None:
            cand: Place | None = None
            ranges: list[tuple[int, int]] = []
            if self._spans:
                ranges.append(self._spans[0])
            if len(self._spans) > 1:
                s, e = self._spans[1]
                pos = s
                for _ in range(3):
                    a, b = self.layout.sentence(pos)
                    ranges.append((a, min(b, e)))
                    if b >= e:
                        break
                    pos = b
            for a, b in ranges:
                ps = [p for p in self.places if a <= p.start and p.end <= b and not p.generic]
                ps = [p for p in ps if not self._quoted(p)]
                if ps:
                    cand = ps[0]
                    break
            self._main_region = (cand,)
        return self._main_region[0]

    def _quoted(self, p: Place, q: Quantity | None = None) -> bool:
        """Inside a quotation that does not also hold the quantity (a slogan, a name)."""
        for s, e in self._quotes:
            if s < p.start and p.end <= e:
                content = self.text[s + 1 : e - 1]
                if (
                    p.end == e - 1
                    and len(content) <= len(p.name) + 3
                    and not re.search(r"[\d一二三四五六七八九十两]", content)
                ):
                    return False  # the quotation is the name itself: “上虹桥·城市更新区”
                return not (q is not None and s <= q.start < e)
            if s > p.start:
                break
        return False
