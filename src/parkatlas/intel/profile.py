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
from sqlalchemy.orm import Session

from parkatlas.db import make_engine, require_schema, session_scope
from parkatlas.errors import ParkatlasError
from parkatlas.intel.classify import METRICS
from parkatlas.intel.indicators import RegionProfile, build_profile
from parkatlas.models import Document, Fact

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
    """310000 → 31, 310100 → 3101, 310114 → 310114: the codes of a region and the places
    below it (towns have 9-digit codes under their district's) share this prefix."""
    if len(code) != 6:
        return code
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_match(name_col: Any, code_col: Any, region: str) -> Any:
    """A filter on (written name, code) columns: the region as written, or its code and every
    code below it (a district's towns, a city's districts)."""
    code = resolve_region_code(region)
    text = func.lower(name_col) == region.strip().lower()
    if code is None:
        return text
    return or_(text, code_col.like(_descendant_prefix(code) + "%"))


def _region_filter(region: str) -> Any:
    return region_match(Fact.region, Fact.region_code, region)


def _select(
    region: str | None, metric: str | None, since: int | None
) -> Select[Fact, str, str | None, dt.date | None, str | None]:
    sentence = func.substr(
        Document.text, Fact.context_start + 1, Fact.context_end - Fact.context_start
    )
    stmt = select(Fact, Document.source, Document.title, Document.published, sentence).join(
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
    fact: Fact,
    source: str,
    title: str | None,
    published: dt.date | None,
    sentence: str | None = None,
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
        "span_start": fact.span_start,
        "span_end": fact.span_end,
        "sub_metric": fact.sub_metric,
        "project": fact.project,
        "quote": fact.quote,
        "sentence": sentence.strip() if sentence else None,
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
    engine = make_engine(url)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            return facts_in(session, region=region, metric=metric, since=since, limit=limit)
    finally:
        engine.dispose()


def facts_in(
    session: Session,
    *,
    region: str | None = None,
    metric: str | None = None,
    since: int | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """`query_facts` on the caller's session (the server's request)."""
    if limit is not None and limit < 1:
        raise ParkatlasError(f"--limit {limit} must be 1 or more")
    stmt = _select(region, metric, since)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_as_dict(*row) for row in session.execute(stmt)]


def region_profile(url: str, region: str) -> RegionProfile:
    """A region's profile (``indicators.build_profile``): per indicator the latest value with
    its span and source, earlier values, growth and targets; signings one by one. Never sums."""
    engine = make_engine(url)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            return profile_in(session, region)
    finally:
        engine.dispose()


def profile_in(session: Session, region: str) -> RegionProfile:
    """`region_profile` on the caller's session (the server's request)."""
    if not region.strip():
        raise ParkatlasError("a region is required: a name (嘉定区, Xuhui District) or a code")
    from parkatlas.intel.leads import signings_in

    facts = facts_in(session, region=region)
    signings = signings_in(session, region=region)
    return build_profile(region, resolve_region_code(region), facts, signings)
