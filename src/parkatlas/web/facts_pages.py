"""``/facts``: the facts read from the news, each with its sentence and the quote marked in
it, and its source; ``/regions/{code}``: a region's indicators over time as charts whose
points link to their sources. The same core as ``/api/v1/facts`` and
``/api/v1/regions/{code}/profile`` (`intel.profile.query_facts`, `region_profile`).

``POST /facts`` takes news files (.txt, .html, .pdf; any encoding the reader knows) from the
page and ingests them through the core of `parkatlas ingest` (`intel.ingest.prepare_document`
then `write_prepared`, one transaction per document: the same text twice is stored once);
the page lists each file's outcome, its facts, and the reason of every refused file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.errors import ParkatlasError
from parkatlas.intel.profile import query_facts, region_profile
from parkatlas.web import forms
from parkatlas.web.deps import PageError, PageUser, PostedForm, checked_form, require_writer
from parkatlas.web.render import render
from parkatlas.web.security import safe_url
from parkatlas.workspace.site_files import clean_name

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


MAX_FILES = 20
"""News files taken in one upload."""


@router.get("/facts")
def facts_page(request: Request, settings: SettingsDep, who: PageUser) -> Response:
    return _facts(request, settings)


def _facts(request: Request, settings: SettingsDep, extra: dict[str, Any] | None = None,
           status_code: int = 200) -> Response:  # fmt: skip
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
        "json_twin": "/api/v1/facts" + (f"?{query}" if query else ""), "upload": None,
        "max_files": MAX_FILES, "max_mb": _max_bytes() // 1_000_000, **(extra or {}),
    }, status_code=status_code)  # fmt: skip


def _max_bytes() -> int:
    from parkatlas.intel.ingest import MAX_BYTES

    return MAX_BYTES


def ingest_uploads(url: str, uploads: list[tuple[str, bytes]], source: str | None) -> list[Any]:
    """Each uploaded file through the ingest core (read, decode, extract; stored once per
    text), its source the page's URL if given, else ``upload:NAME``. Never raises for a file."""
    from parkatlas.db import make_engine, require_schema
    from parkatlas.intel.ingest import (
        REFUSED,
        FileResult,
        current_extractor_name,
        prepare_document,
        write_prepared,
    )
    from parkatlas.intel.reader import SUPPORTED_SUFFIXES

    extractor = current_extractor_name()
    results: list[Any] = []
    engine = make_engine(url, write=True)
    try:
        require_schema(engine)
        with tempfile.TemporaryDirectory() as tmp:
            for i, (name, data) in enumerate(uploads):
                if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                    kinds = ", ".join(sorted(SUPPORTED_SUFFIXES))
                    results.append(FileResult(name, REFUSED, reason=f"not a news file type this reads ({kinds})"))
                    continue
                if len(data) > _max_bytes():
                    results.append(FileResult(name, REFUSED, reason=f"larger than {_max_bytes():,} bytes"))
                    continue
                path = Path(tmp) / str(i) / name
                path.parent.mkdir()
                path.write_bytes(data)
                item = prepare_document(str(path))
                if isinstance(item, FileResult):
                    item.file = name
                    results.append(item)
                    continue
                item.source = source or f"upload:{name}"
                result = write_prepared(engine, item, extractor)
                result.file = name
                results.append(result)
    finally:
        engine.dispose()
    return results


@router.post("/facts")
def facts_upload(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser,
                 posted: PostedForm) -> Response:  # fmt: skip
    form = checked_form(posted, who)
    require_writer(who)
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    source_raw = forms.text(form, "source", 500)
    source = safe_url(source_raw) if source_raw else None
    if source == "#" or (source and not source.startswith(("http://", "https://"))):
        return _facts(request, settings, {"upload_error": "facts.bad_source"}, 400)
    if not files or len(files) > MAX_FILES:
        return _facts(request, settings, {"upload_error": "facts.no_files" if not files else "facts.too_many"}, 400)
    uploads = [(clean_name(f.filename or "file"), f.file.read(_max_bytes() + 1)) for f in files]
    session.commit()  # the ingest writes through its own connection: nothing of ours in between
    results = ingest_uploads(settings.database_url, uploads, source)
    return _facts(request, settings, {"upload": results})


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
