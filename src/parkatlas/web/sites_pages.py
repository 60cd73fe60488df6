"""The officer's site pages: ``/sites`` (filters, table, clustered map) and ``/sites/{id}``.

They call the API's core functions (`workspace.sites.list_sites`, `get_site`,
`status_history`, `update_site`); the JSON twin of ``/sites?…`` is ``/api/v1/sites?…``.
The map's points come from ``/sites/map.json`` with the same filters: up to
:data:`maps.CLUSTER_ABOVE` sites as points (clustered in the browser), more as grid cells
counted by the database.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.models import Site
from parkatlas.web import fmt, forms, maps
from parkatlas.web.deps import (
    PageError,
    PageUser,
    PostedForm,
    checked_form,
    page_error,
    require_writer,
)
from parkatlas.web.i18n import Translator
from parkatlas.web.lookups import all_parks, industry_names, park_names, regions, unit_names
from parkatlas.web.render import page_lang, render
from parkatlas.web.summary import BASE_CELL, Summary, keeper_of, merged_cells
from parkatlas.workspace.errors import NotFound, WorkspaceError
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.sites import (
    SiteFilter,
    SiteUpdate,
    get_site,
    list_sites,
    region_prefix_for,
    site_conditions,
    status_history,
    update_site,
)
from parkatlas.workspace.tables import SiteState

router = APIRouter(include_in_schema=False)
PER_PAGE = 50

FILTER_SPEC = {"kind": "kind", "region": "text", "park": "text", "status": "status",
               "area_min": "area", "area_max": "area", "rent_max": "rent", "floor_load_min": "load",
               "height_min": "height", "power_min": "power", "q": "text", "stale": "bool"}  # fmt: skip


def read_filter(params: Any, lang: str) -> tuple[SiteFilter, forms.Parsed]:
    parsed = forms.read(params, FILTER_SPEC, lang)
    if parsed.raw.get("stale") == "0":
        parsed.values["stale"] = False
    return SiteFilter(**parsed.values), parsed


def _page(params: Any) -> int:
    try:
        return max(1, min(int(params.get("page", "1")), 100_000))
    except ValueError:
        return 1


def _query(request: Request) -> str:
    return str(request.url.query)


@router.get("/sites")
def sites_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    lang = page_lang(request)
    f, parsed = read_filter(request.query_params, lang)
    page = _page(request.query_params)
    try:
        result = list_sites(session, who, f, page=page, per_page=PER_PAGE, stale_days=settings.stale_days)
    except WorkspaceError as exc:  # e.g. a region that resolves to nothing
        parsed.errors["region"] = str(exc)
        result = list_sites(session, who, SiteFilter(), page=1, per_page=0, stale_days=settings.stale_days)
    regs = regions(request, session)
    query = _query(request)
    return render(request, "sites.html", {
        "result": result, "page": page, "per_page": PER_PAGE, "parsed": parsed,
        "regions": regs, "districts": regs.districts(), "parks": all_parks(session, lang),
        "park_names": park_names(session, (s.park for s in result.items), lang),
        "map": maps.map_config(request), "map_query": query,
        "json_twin": "/api/v1/sites" + (f"?{query}" if query else ""),
    })  # fmt: skip


def _filtered(session: Session, f: SiteFilter, stale_days: int, q: Any) -> Any:
    cond, join = site_conditions(session, f, stale_days)
    if join:
        q = q.outerjoin(SiteState, SiteState.site_id == Site.id)
    return q.where(Site.lat.is_not(None), Site.lon.is_not(None), *cond)


def _summary_filter(session: Session, f: SiteFilter) -> dict[str, Any] | None:
    """The filter as a question the library summary answers (kind, status, a region of at
    most a district, public sites), else None."""
    if f.model_dump(exclude_none=True, exclude={"kind", "status", "region", "public"}) or f.public is False:
        return None
    prefix = region_prefix_for(session, f.region) if f.region else ""
    if len(prefix) > 6:
        return None
    return {"kind": f.kind, "status": f.status, "prefix": prefix, "public": bool(f.public)}


def map_data(session: Session, f: SiteFilter, stale_days: int, crs: str, url_prefix: str,
             lang: str = "zh", summary: Summary | None = None) -> dict[str, Any]:  # fmt: skip
    """Points (≤ CLUSTER_ABOVE) or grid cells: from the library summary when it answers the
    filter, else counted in SQL."""
    t = Translator(lang)
    question = _summary_filter(session, f) if summary is not None else None
    if summary is not None and question is not None:
        _cells, total = summary.map_cells(**question)
        if total > maps.CLUSTER_ABOVE:
            cells, _ = summary.map_cells(**question, size=maps.cell_size(total))
            return maps.cells_payload(cells, crs, total) | {"as_of": summary.made_at.isoformat()}
    # the points, when there are few (one pass that stops after CLUSTER_ABOVE + 1 rows)...
    points = _filtered(session, f, stale_days, select(Site.id, Site.lat, Site.lon, Site.kind, Site.area_m2))
    rows = session.execute(points.limit(maps.CLUSTER_ABOVE + 1)).all()
    if len(rows) <= maps.CLUSTER_ABOVE:
        return maps.points_payload(
            (maps.MapPoint(r[0], r[1], r[2], f"{r[0]} · {t.label('kind', r[3])} · {fmt.area(r[4], lang)}",
                           f"{url_prefix}{r[0]}") for r in rows),
            crs,
        )  # fmt: skip
    # ...else one pass counting them in the summary's base cells, merged here to the map's
    # cell size (no separate count: the total is the cells' sum)
    cy, cx = func.floor(Site.lat / BASE_CELL), func.floor(Site.lon / BASE_CELL)
    base = _filtered(session, f, stale_days, select(cy, cx, func.count(), func.sum(Site.lat), func.sum(Site.lon))
                     .select_from(Site)).group_by(cy, cx)  # fmt: skip
    counted = [(r[0], r[1], int(r[2]), float(r[3]), float(r[4])) for r in session.execute(base)]
    total = sum(c[2] for c in counted)
    return maps.cells_payload(merged_cells(counted, maps.cell_size(total)), crs, total)


@router.get("/sites/map.json")
def sites_map(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> JSONResponse:
    lang = page_lang(request)
    f, _parsed = read_filter(request.query_params, lang)
    try:
        crs = maps.map_config(request).crs
        data = maps.cached((request.url.path, str(request.url.query), crs, lang),
                           lambda: map_data(session, f, settings.stale_days, crs, "/sites/", lang,
                                            keeper_of(request.app).get()))  # fmt: skip
    except WorkspaceError:
        data = {"kind": "points", "points": []}
    return JSONResponse(data)


def _site_or_404(session: Session, who: Principal, site_id: str, stale_days: int) -> Any:
    try:
        return get_site(session, who, site_id, stale_days=stale_days)
    except NotFound:
        raise PageError(404, "error.not_found") from None


@router.get("/sites/{site_id}")
def site_page(request: Request, site_id: str, session: SessionDep, settings: SettingsDep,
              who: PageUser) -> Response:  # fmt: skip
    lang = page_lang(request)
    site = _site_or_404(session, who, site_id, settings.stale_days)
    history = status_history(session, who, site_id)
    regs = regions(request, session)
    units = unit_names(session, [site.owner_unit, *(h.unit for h in history)])
    fitting = _fitting_projects(request, session, who, site_id)
    from parkatlas.workspace.site_files import MAX_BYTES, list_files

    file_error = request.query_params.get("file_error")
    return render(request, "site.html", {
        "files": list_files(session, who, site_id), "max_mb": MAX_BYTES // (1024 * 1024),
        "file_error": file_error if file_error in ("empty", "size", "type", "count") else None,
        "site": site, "history": history, "regions": regs, "units": units,
        "park_name": park_names(session, [site.park], lang).get(site.park or "", site.park),
        "can_edit": _can_edit(who, site.owner_unit), "fitting": fitting,
        "industries": industry_names(session, site.industries, lang),
        "map": maps.map_config(request), "notice": request.query_params.get("done"),
        "json_twin": f"/api/v1/sites/{site_id}",
    })  # fmt: skip


def _can_edit(who: Principal, owner: str | None) -> bool:
    return who.can_write and (who.is_admin or (owner is not None and owner in who.scope))


def _fitting_projects(request: Request, session: Session, who: Principal, site_id: str) -> list[Any] | None:
    """The projects that fit the site, only those the user may see (core: `site_projects`);
    None while the matching index is still being built (the page does not wait for it: on a
    million sites the first build takes half a minute), and the build is started."""
    from parkatlas.workspace.matching import site_projects

    live = request.app.state.live
    if not live.info().get("built"):
        _warm(request.app)
        return None
    return list(site_projects(session, who, site_id, live, k=10))


_warm_lock = threading.Lock()


def _warm(app: Any) -> None:
    """Build the app's matching index in the background, once at a time."""
    with _warm_lock:
        if getattr(app.state, "web_warming", False):
            return
        app.state.web_warming = True

    def work() -> None:
        try:
            app.state.live.query(lambda _m: None)
        except Exception:  # the next page that needs it tries again, in the foreground
            logging.getLogger(__name__).exception("matching index build failed")
        finally:
            app.state.web_warming = False

    threading.Thread(target=work, name="parkatlas-web-warm", daemon=True).start()


@router.get("/sites/{site_id}/map.json")
def site_map(request: Request, site_id: str, session: SessionDep, settings: SettingsDep,
             who: PageUser) -> JSONResponse:  # fmt: skip
    site = _site_or_404(session, who, site_id, settings.stale_days)
    points = [] if site.lat is None or site.lon is None else [maps.MapPoint(site.id, site.lat, site.lon, site.id, f"/sites/{site.id}")]
    return JSONResponse(maps.points_payload(points, maps.map_config(request).crs))


@router.post("/sites/{site_id}")
def site_action(request: Request, site_id: str, session: SessionDep, settings: SettingsDep,
                who: PageUser, posted: PostedForm) -> Response:  # fmt: skip
    """The site page's buttons: still available (confirm), status change, public on/off."""
    form = checked_form(posted, who)
    require_writer(who)
    action = forms.text(form, "action")
    if action == "confirm":
        body = SiteUpdate(verified=True)
    elif action == "public":
        body = SiteUpdate(public=forms.text(form, "public") == "1")
    elif action == "status":
        try:
            status = forms.one("status", forms.text(form, "status"))
        except ValueError:
            raise PageError(400, "error.bad_input") from None
        body = SiteUpdate.model_validate({"status": status, "note": forms.text(form, "note", 1000) or None})
    else:
        raise PageError(400, "error.bad_input")
    try:
        update_site(session, who, site_id, body, stale_days=settings.stale_days)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    return RedirectResponse(f"/sites/{site_id}?done={action}", status_code=303)
