"""``/facts``: the facts read from the news, each with its sentence and the quote marked in
it, and its source; ``/regions/{code}``: a region's indicators over time as charts whose
points link to their sources. The same core as ``/api/v1/facts`` and
``/api/v1/regions/{code}/profile`` (`intel.profile.query_facts`, `region_profile`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from parkatlas.api.deps import SettingsDep
from parkatlas.errors import ParkatlasError
from parkatlas.intel.profile import query_facts, region_profile
from parkatlas.web.deps import PageError, PageUser
from parkatlas.web.render import render

router = APIRouter(include_in_schema=False)
LIMIT = 200
CHART_W, CHART_H, PAD = 520, 160, 36


def marked(sentence: str | None, quote: str) -> tuple[str, str, str]:
    """(before, quote, after): the quote found in its sentence, for a <mark> (escaped by Jinja)."""
    text = sentence or quote
    at = text.find(quote) if quote else -1
    if at < 0:
        return text, "", ""
    return text[:at], quote, text[at + len(quote):]


@router.get("/facts")
def facts_page(request: Request, settings: SettingsDep, who: PageUser) -> Response:
    region = (request.query_params.get("region") or "").strip()[:40] or None
    metric = (request.query_params.get("metric") or "").strip()[:40] or None
    try:
        rows = query_facts(settings.database_url, region=region, metric=metric, limit=LIMIT)
    except ParkatlasError as exc:
        raise PageError(400, "error.bad_input", detail=str(exc)) from None
    for r in rows:
        r["parts"] = marked(r.get("sentence"), r.get("quote") or "")
    query = str(request.url.query)
    return render(request, "facts.html", {
        "facts": rows, "region": region or "", "metric": metric or "", "limit": LIMIT,
        "json_twin": "/api/v1/facts" + (f"?{query}" if query else ""),
    })  # fmt: skip


def chart(points: list[dict[str, Any]]) -> dict[str, Any] | None:
    """An SVG line chart's geometry: points (x, y, label, value, source) in the box, by time."""
    pts = [p for p in points if p.get("value") is not None]
    if len(pts) < 1:
        return None
    pts.sort(key=lambda p: str(p.get("span_end") or p.get("period") or p.get("published") or ""))
    values = [float(p["value"]) for p in pts]
    lo, hi = min(0.0, min(values)), max(values)
    span = (hi - lo) or 1.0
    step = (CHART_W - 2 * PAD) / max(1, len(pts) - 1)
    out = []
    for i, p in enumerate(pts):
        x = PAD + (i * step if len(pts) > 1 else (CHART_W - 2 * PAD) / 2)
        y = CHART_H - PAD / 2 - (float(p["value"]) - lo) / span * (CHART_H - PAD)
        when = p.get("span_end") or p.get("period") or (p.get("published") or "")[:7]
        out.append({"x": round(x, 1), "y": round(y, 1), "when": str(when), "value": p["value"],
                    "unit": p.get("unit") or "", "source": p.get("source"), "title": p.get("title")})  # fmt: skip
    line = " ".join(f"{p['x']},{p['y']}" for p in out)
    return {"points": out, "line": line, "w": CHART_W, "h": CHART_H, "base": CHART_H - PAD / 2}


@router.get("/regions/{code}")
def region_page(request: Request, code: str, settings: SettingsDep, who: PageUser) -> Response:
    try:
        profile = region_profile(settings.database_url, code).to_dict()
    except ParkatlasError as exc:
        raise PageError(404, "error.not_found", detail=str(exc)) from None
    indicators = []
    for ind in profile.get("indicators", []):
        series = [*ind.get("earlier", []), *([ind["latest"]] if ind.get("latest") else [])]
        indicators.append({"ind": ind, "chart": chart(series)})
    return render(request, "region.html", {
        "profile": profile, "indicators": indicators, "code": code,
        "json_twin": f"/api/v1/regions/{code}/profile",
    })  # fmt: skip
