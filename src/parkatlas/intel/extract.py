"""Economic facts of a news or policy text (the shared guidelines), as a pure function.

``extract_facts(text)`` drops the page's boilerplate (``clean``), finds every quantity
(``quantities``), and gives each its metric, measure, status and qualifier (``classify``)
and its region and period (``context``, ``times``), its span (``spans``), sub-metric and
project (``meaning``). The per-fact rules live in ``fact_metric`` (metric, measure, status),
``fact_period`` (year) and ``fact_region`` (place), over the shared ``fact_context``.
Offsets are offsets into ``text`` itself: ``text[f.start:f.end] == f.quote`` for every fact.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from parkatlas.intel import classify as C
from parkatlas.intel import meaning as M
from parkatlas.intel.clean import clean_report, kept_spans, mask
from parkatlas.intel.context import (
    Layout,
    find_doc_date,
    find_places,
    find_times,
    infer_doc_year,
    region_code,
)
from parkatlas.intel.fact_region import RegionRules
from parkatlas.intel.quantities import Quantity, find_quantities
from parkatlas.intel.schema import FactRecord
from parkatlas.intel.spans import fact_span, plan_span

__all__ = ["Extraction", "extract_document", "extract_facts"]

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
    ctx.quantities = quantities
    facts: list[FactRecord] = []
    prev: list[tuple[Quantity, str]] = []  # (quantity, metric) so far
    for i, q in enumerate(quantities):
        metric = ctx.metric(q, i, quantities, prev)
        if q.kind in ("money", "percent"):
            metric = ctx.reward_metric(q) or metric
        measure = ctx.measure(q, i, quantities, facts)
        period, future = ctx.period(q)
        policy = ctx.policy_term(q)
        if policy and period is not None:
            tw0 = ctx.last_time
            u0, u1 = layout.subsentence(q.start)
            if tw0 is None or not u0 <= tw0.start < u1:
                period, ctx.last_time = None, None  # a standing term, not that year's
        status = "target" if policy or future or ctx.target(q) else "actual"
        if status == "actual" and q.kind == "area" and _planned_area(body, q, layout):
            status, period, ctx.last_time = "target", None, None
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
                region, within = ctx.named(place, u0, u1)
            if (
                project
                and status == "actual"
                and period is None
                and ctx.signing_sentence(q.start)
            ):
                # a signed or settled project's amount: the year of the signing the text
                # reports (its day, else the document's period, else its year)
                tw = ctx.event_or_frame(q.start)
                period = tw.year if tw is not None else doc_year
                ctx.last_time = tw
        elif metric in _PROJECT_METRICS and status == "target":
            # 拟新增用地156亩, 达产后年产值20亿元: the plans of the project the clause names
            u0, u1 = layout.subsentence(q.start)
            if M.single_project(body[u0 : q.start]):
                place = M.project_place(body[u0:u1], q.start - u0)
                if place:
                    region, within = ctx.named(place, u0, u1)
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
    _headline_periods(facts, spans[0][1] if len(spans) > 1 else 0)
    return facts


_RX_DONE_AREA = re.compile(r"已|建成投产|竣工|\b(?:has|have|had|completed|built)\b")
_RX_TO_BE_BUILT = re.compile(
    r"[^。；;，,]{0,4}[，,]\s*(?:计划|预计|将|拟)于?[^，,。；;]{0,12}(?:建成|竣工|投用|投产)"
)


def _planned_area(text: str, q: Quantity, layout: Layout) -> bool:
    """The land or floor space of something still to be built: 规划用地1.2平方公里，计划于2027年建成."""
    if not _RX_TO_BE_BUILT.match(text, q.end):
        return False
    u0, _ = layout.subsentence(q.start)
    return not _RX_DONE_AREA.search(text, u0, q.start)


_PROJECT_METRICS = frozenset(("land_area", "floor_area", "output_value", "tax_revenue"))


def _headline_periods(facts: list[FactRecord], title_end: int) -> None:
    """A headline's figure restates one of the body: it takes that figure's period (the
    annotators' convention: "松江经开区集中签约18个项目" is the body's 2026 signing)."""
    for f in facts:
        if f.start >= title_end:
            break
        if f.period is not None:
            continue
        twin = next(
            (
                g
                for g in facts
                if g.start >= title_end
                and g.kind == f.kind
                and g.unit == f.unit
                and abs(g.value - f.value) <= 0.005 * abs(f.value)
            ),
            None,
        )
        if twin is not None and twin.period is not None:
            f.period = twin.period
            f.span_start, f.span_end = twin.span_start, twin.span_end


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


_Context = RegionRules
