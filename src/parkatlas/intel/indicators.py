"""A region's profile that adds up (issue 13 §3): per indicator the latest value with its span
and source, the earlier values, growth and targets — and never a sum.

``build_profile(region, code, facts, signings)`` is pure (plain fact and signing dicts in,
typed ``RegionProfile`` out); ``region_profile(url, region)`` reads the atlas and calls it.
The rules:

* **One indicator** = metric + sub-metric + unit (``investment/registered_capital`` is apart
  from ``investment/fixed_asset_investment``: 注册资本 is never added into investment).
* **The region's own figures only.** A fact belongs to the region when its region code *is*
  the region's code (or, without a code, its written name is the region's); facts of places
  below (towns of a district, districts of a city) are counted in ``parts``, never shown as
  the region's own. A single project's amount is the project's (listed with the signings).
* **Dedupe, never sum.** Figures equal in metric, sub-metric, measure, span, value and region
  are one figure (the same thing in several documents: ``sources`` counts them). Figures whose
  spans overlap or nest (Q1–Q3 and Jan–Aug, a subset and its whole) are listed apart, each
  with its span; nothing is ever added up.
* **Latest** = the actual level whose span ends last (a longer span first when two end
  together), so a half-year GDP is shown as the half year's, with its span.
* **Signings** are listed one by one (name, enterprise, amount, date, source); batches apart,
  with their count — never summed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Figure", "Indicator", "RegionProfile", "SigningItem", "build_profile"]


@dataclass
class Figure:
    """One figure as shown to a person: the value, what it covers and where it came from."""

    value: float
    unit: str
    kind: str
    measure: str | None
    status: str | None
    period: int | None
    span_start: str | None
    span_end: str | None
    region: str | None
    region_code: str | None
    quote: str
    sentence: str | None
    source: str | None
    title: str | None
    published: str | None
    document_id: str
    qualifier: str | None = None
    sources: int = 1  # documents reporting the same figure (repeats in one count once)


@dataclass
class Indicator:
    metric: str
    sub_metric: str | None
    unit: str
    latest: Figure | None
    earlier: list[Figure] = field(default_factory=list)
    growth: list[Figure] = field(default_factory=list)
    targets: list[Figure] = field(default_factory=list)


@dataclass
class SigningItem:
    id: int
    project: str | None
    enterprise: str | None
    place: str | None
    amount: float | None
    currency: str | None
    count: int | None
    signed_on: str | None
    quote: str
    source: str | None
    status: str


@dataclass
class RegionProfile:
    region: str
    region_code: str | None
    names: list[str]
    facts: int
    documents: int
    indicators: list[Indicator]
    shares: list[Figure]
    projects: list[SigningItem]  # single signed projects, one by one
    batches: list[SigningItem]  # batch signings ("32 projects, 286亿元"), never summed
    parts: dict[str, int]  # places below the region: facts found about each

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _end_key(f: Figure) -> tuple[str, str, float]:
    """Sort key: the span's end, then its start reversed (longer first), then the value (of two
    figures of one span, the larger is the whole, the smaller a part: 其中…); a bare year →
    year-12."""
    if f.span_end:
        start = f.span_start or f.span_end
        inv = "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in start)
        return f.span_end, inv, f.value
    if f.period is not None:
        return f"{f.period:04d}-12", "", f.value
    if f.published:
        return f.published[:7], "", f.value
    return "", "", f.value


def _figure(f: dict[str, Any]) -> Figure:
    return Figure(
        value=f["value"],
        unit=f["unit"],
        kind=f["kind"],
        measure=f["measure"],
        status=f["status"],
        period=f["period"],
        span_start=f.get("span_start"),
        span_end=f.get("span_end"),
        region=f["region"],
        region_code=f["region_code"],
        quote=f["quote"],
        sentence=f.get("sentence"),
        source=f["source"],
        title=f.get("title"),
        published=f.get("published"),
        document_id=f["document_id"],
        qualifier=f.get("qualifier"),
    )


def _dedupe(figures: list[Figure]) -> list[Figure]:
    """One figure per (measure, span, value, region): the same thing from several documents."""
    kept: dict[tuple[Any, ...], Figure] = {}
    docs: dict[tuple[Any, ...], set[str]] = {}
    for f in figures:
        key = (
            f.measure,
            f.status,
            f.span_start,
            f.span_end,
            f.period,
            f"{f.value:.6g}",
            f.region_code or (f.region or "").casefold(),
        )
        if key in kept:
            docs[key].add(f.document_id)
            kept[key].sources = len(docs[key])
        else:
            kept[key] = f
            docs[key] = {f.document_id}
    return list(kept.values())


def _own(f: dict[str, Any], code: str | None, region: str) -> bool:
    if f.get("project"):
        return False  # a single project's figure is the project's, not the region's
    if code and f["region_code"]:
        return bool(f["region_code"] == code)
    return (f["region"] or "").strip().casefold() == region.strip().casefold() or (
        code is not None and f["region_code"] is None and not f["region"]
    )


def build_profile(
    region: str,
    code: str | None,
    facts: list[dict[str, Any]],
    signings: list[dict[str, Any]],
) -> RegionProfile:
    """The profile of ``region`` from its facts (own and below) and signing records."""
    own = [f for f in facts if _own(f, code, region)]
    parts: dict[str, int] = {}
    for f in facts:
        if not _own(f, code, region) and not f.get("project"):
            name = f["region"] or f["region_code"] or "?"
            parts[name] = parts.get(name, 0) + 1
    levels: dict[tuple[str, str | None, str], list[dict[str, Any]]] = {}
    growths: dict[tuple[str, str | None], list[dict[str, Any]]] = {}
    for f in own:
        if f["metric"] is None or f["measure"] == "share":
            continue
        if f["measure"] == "growth":
            growths.setdefault((f["metric"], f.get("sub_metric")), []).append(f)
        else:
            levels.setdefault((f["metric"], f.get("sub_metric"), f["unit"]), []).append(f)
    keys = list(levels) + [
        (m, sm, "%") for (m, sm) in growths if not any(k[:2] == (m, sm) for k in levels)
    ]
    indicators: list[Indicator] = []
    for metric, sub_metric, unit in sorted(keys, key=lambda k: (k[0], k[1] or "", k[2])):
        figures = [_figure(f) for f in levels.get((metric, sub_metric, unit), [])]
        actual = sorted(_dedupe([x for x in figures if x.status != "target"]), key=_end_key)
        targets = sorted(_dedupe([x for x in figures if x.status == "target"]), key=_end_key)
        growth = [_figure(f) for f in growths.get((metric, sub_metric), [])]
        actual.reverse()
        indicators.append(
            Indicator(
                metric=metric,
                sub_metric=sub_metric,
                unit=unit,
                latest=actual[0] if actual else None,
                earlier=actual[1:],
                growth=sorted(_dedupe(growth), key=_end_key, reverse=True),
                targets=targets,
            )
        )
    shares = _dedupe([_figure(f) for f in own if f["measure"] == "share"])
    items = [_signing(s) for s in signings]
    return RegionProfile(
        region=region,
        region_code=code,
        names=sorted({f["region"] for f in facts if f["region"]}),
        facts=len(facts),
        documents=len({f["document_id"] for f in facts}),
        indicators=indicators,
        shares=sorted(shares, key=_end_key, reverse=True),
        projects=[s for s in items if s.project],
        batches=[s for s in items if not s.project],
        parts=dict(sorted(parts.items(), key=lambda kv: -kv[1])),
    )


def _signing(s: dict[str, Any]) -> SigningItem:
    day = s.get("signed_on")
    return SigningItem(
        id=s["id"],
        project=s["project"],
        enterprise=s["enterprise"],
        place=s["place"],
        amount=s["amount"],
        currency=s["currency"],
        count=s["count"],
        signed_on=day.isoformat() if isinstance(day, dt.date) else day,
        quote=s["quote"],
        source=s.get("source"),
        status=s["status"],
    )
