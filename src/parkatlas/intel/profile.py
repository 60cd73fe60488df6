"""Reading facts back: filtered fact lists and a region's profile, every figure with its source.

Contract: reads the `facts` and `documents` tables; returns plain dicts (JSON-ready) and never
prints. A region is matched by the text written in the facts, by its code, or by any name the
region reference resolves to a code (嘉定 → 310114 also finds 嘉定片区 facts tied to 310114).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sqlalchemy import Select, and_, func, or_, select

from parkatlas.db import make_engine, require_schema, session_scope
from parkatlas.errors import ParkatlasError
from parkatlas.intel.classify import METRICS
from parkatlas.models import Document, Fact

_SIGNED = re.compile(r"签约|签下|签署|落地|signed|signing|sign\b", re.I)
_CODE = re.compile(r"^\d{6}(\d{3})?$")


def known_metrics() -> tuple[str, ...]:
    """The metric names of the guidelines (the extractor's list when it publishes one)."""
    try:
        from parkatlas.intel import schema

        found = getattr(schema, "METRICS", None)
    except ImportError:
        found = None
    return tuple(found) if found else METRICS


def resolve_region_code(name: str) -> str | None:
    """The region code a name stands for (a code itself, or a name the reference resolves)."""
    name = name.strip()
    if _CODE.match(name):
        return name
    try:
        from parkatlas.reference.regions import region_index
    except ImportError:
        return None
    try:
        found = region_index().resolve(name)
    except Exception:  # no reference data loaded, or an ambiguous name: match by text only
        return None
    if isinstance(found, list | tuple):
        found = found[0] if len(found) == 1 else None
    if found is None:
        return None
    if isinstance(found, str):
        return found
    code = getattr(found, "code", None)
    return str(code) if code else None


def _descendant_prefix(code: str) -> str:
    """310000 → 31, 310100 → 3101, 310114 → 310114: codes below a province or city share it."""
    if len(code) != 6:
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def _region_filter(region: str) -> Any:
    code = resolve_region_code(region)
    text = func.lower(Fact.region) == region.strip().lower()
    if code is None:
        return text
    prefix = _descendant_prefix(code)
    by_code = Fact.region_code.like(prefix + "%") if prefix != code else Fact.region_code == code
    return or_(text, by_code)


def _select(
    region: str | None, metric: str | None, since: int | None
) -> Select[Fact, str, str | None, dt.date | None]:
    stmt = select(Fact, Document.source, Document.title, Document.published).join(
        Document, Document.id == Fact.document_id
    )
    if region:
        stmt = stmt.where(_region_filter(region))
    if metric:
        if metric not in known_metrics():
            raise ParkatlasError(
                f"unknown metric {metric!r}: use one of {', '.join(known_metrics())}"
            )
        stmt = stmt.where(Fact.metric == metric)
    if since is not None:
        stmt = stmt.where(
            or_(
                Fact.period >= since,
                and_(Fact.period.is_(None), Document.published >= dt.date(since, 1, 1)),
            )
        )
    return stmt.order_by(
        Fact.period.is_(None),
        Fact.period.desc(),
        Document.published.is_(None),
        Document.published.desc(),
        Fact.document_id,
        Fact.start,
    )


def _as_dict(
    fact: Fact, source: str, title: str | None, published: dt.date | None
) -> dict[str, Any]:
    return {
        "region": fact.region,
        "region_code": fact.region_code,
        "metric": fact.metric,
        "measure": fact.measure,
        "status": fact.status,
        "kind": fact.kind,
        "value": fact.value,
        "unit": fact.unit,
        "period": fact.period,
        "qualifier": fact.qualifier,
        "quote": fact.quote,
        "start": fact.start,
        "end": fact.end,
        "document_id": fact.document_id,
        "source": source,
        "title": title,
        "published": published.isoformat() if published else None,
    }


def query_facts(
    url: str,
    region: str | None = None,
    metric: str | None = None,
    since: int | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Facts, newest period first, each with its quote, source document and date."""
    if limit is not None and limit < 1:
        raise ParkatlasError(f"--limit {limit} must be 1 or more")
    stmt = _select(region, metric, since)
    if limit is not None:
        stmt = stmt.limit(limit)
    engine = make_engine(url)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            return [_as_dict(*row) for row in session.execute(stmt)]
    finally:
        engine.dispose()


def _when(fact: dict[str, Any]) -> tuple[int, str]:
    year = fact["period"]
    if year is None and fact["published"]:
        year = int(fact["published"][:4])
    return (year or 0, fact["published"] or "")


def _latest_per(facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The latest fact per (metric, unit), facts of one period in document order."""
    best: dict[tuple[Any, Any], dict[str, Any]] = {}
    for fact in facts:
        key = (fact["metric"], fact["unit"])
        if key not in best or _when(fact) > _when(best[key]):
            best[key] = fact
    return sorted(best.values(), key=lambda f: (str(f["metric"]), str(f["unit"])))


def region_profile(url: str, region: str) -> dict[str, Any]:
    """A region's latest indicators, growth rates, shares, targets and signed projects.

    Every entry is a fact with its quote, source and date; "latest" is the newest period
    (or publication year when the fact has no period).
    """
    if not region.strip():
        raise ParkatlasError("a region is required: a name (嘉定区, Xuhui District) or a code")
    facts = query_facts(url, region=region)
    deals = [f for f in facts if f["metric"] in ("projects", "investment")]
    texts = _document_texts(url, {f["document_id"] for f in deals})
    for fact in deals:
        text = texts.get(fact["document_id"], "")
        window = text[max(0, fact["start"] - 60) : fact["end"] + 60]
        fact["signed"] = bool(_SIGNED.search(window))
    actual = [f for f in facts if f["status"] != "target"]
    signed = [f for f in deals if f["signed"] and f["status"] != "target"]
    amounts: dict[str, float] = {}
    for fact in signed:
        if fact["kind"] == "money" and fact["qualifier"] != "scale":
            amounts[fact["unit"]] = amounts.get(fact["unit"], 0.0) + fact["value"]
    return {
        "region": region,
        "region_code": resolve_region_code(region),
        "names": sorted({f["region"] for f in facts if f["region"]}),
        "facts": len(facts),
        "documents": len({f["document_id"] for f in facts}),
        "indicators": _latest_per([f for f in actual if f["measure"] in (None, "level")]),
        "growth": _latest_per([f for f in actual if f["measure"] == "growth"]),
        "shares": _latest_per([f for f in actual if f["measure"] == "share"]),
        "targets": [f for f in facts if f["status"] == "target"],
        "projects": {
            "signed_count": sum(
                int(f["value"])
                for f in signed
                if f["kind"] == "count" and f["metric"] == "projects"
            ),
            "signed_amounts": amounts,
            "facts": [f for f in deals if f["metric"] == "projects" or f["signed"]],
        },
    }


def _document_texts(url: str, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(select(Document.id, Document.text).where(Document.id.in_(ids)))
            return {doc_id: text for doc_id, text in rows}
    finally:
        engine.dispose()
