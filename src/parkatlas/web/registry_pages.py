"""``/parks``, ``/parks/{id}``, ``/enterprises``, ``/enterprises/{id}``: the shared registries,
through the same core as ``/api/v1/parks`` and ``/api/v1/enterprises`` (`workspace.registry`).
An enterprise page lists only the leads the user may see (the visibility rule)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.web.deps import PageUser, page_error
from parkatlas.web.lookups import industry_names, regions, unit_names
from parkatlas.web.render import page_lang, render
from parkatlas.workspace import registry
from parkatlas.workspace.errors import WorkspaceError
from parkatlas.workspace.leads import ProjectFilter, list_projects
from parkatlas.workspace.sites import SiteFilter, list_sites

router = APIRouter(include_in_schema=False)
PER_PAGE = 50


def _page(request: Request) -> int:
    try:
        return max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        return 1


def _q(request: Request) -> str | None:
    return (request.query_params.get("q") or "").strip()[:100] or None


@router.get("/parks")
def parks_page(request: Request, session: SessionDep, who: PageUser) -> Response:
    page = _page(request)
    try:
        result = registry.list_parks(session, who, q=_q(request), page=page, per_page=PER_PAGE)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    query = str(request.url.query)
    return render(request, "parks.html", {
        "result": result, "page": page, "per_page": PER_PAGE, "q": _q(request) or "",
        "regions": regions(request, session), "json_twin": "/api/v1/parks" + (f"?{query}" if query else ""),
    })  # fmt: skip


@router.get("/parks/{park_id}")
def park_page(request: Request, park_id: str, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    try:
        park = registry.get_park(session, park_id)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    sites = list_sites(session, who, SiteFilter(park=park_id), page=1, per_page=100, stale_days=settings.stale_days)
    return render(request, "park.html", {
        "park": park, "sites": sites, "regions": regions(request, session),
        "industries": industry_names(session, park.industries, page_lang(request)),
        "json_twin": f"/api/v1/parks/{park_id}",
    })  # fmt: skip


@router.get("/enterprises")
def enterprises_page(request: Request, session: SessionDep, who: PageUser) -> Response:
    page = _page(request)
    try:
        result = registry.list_enterprises(session, who, q=_q(request), page=page, per_page=PER_PAGE)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    query = str(request.url.query)
    return render(request, "enterprises.html", {
        "result": result, "page": page, "per_page": PER_PAGE, "q": _q(request) or "",
        "regions": regions(request, session),
        "json_twin": "/api/v1/enterprises" + (f"?{query}" if query else ""),
    })  # fmt: skip


@router.get("/enterprises/{ent_id}")
def enterprise_page(request: Request, ent_id: str, session: SessionDep, settings: SettingsDep,
                    who: PageUser) -> Response:  # fmt: skip
    try:
        ent = registry.get_enterprise(session, ent_id)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    visible = list_projects(session, who, ProjectFilter(), page=1, per_page=500,
                            protection_days=settings.protection_days)  # fmt: skip
    leads = [p for p in visible.items if p.enterprise == ent_id]
    return render(request, "enterprise.html", {
        "ent": ent, "leads": leads, "regions": regions(request, session),
        "units": unit_names(session, (p.owner_unit for p in leads)),
        "industries": industry_names(session, ent.industries, page_lang(request)),
        "json_twin": f"/api/v1/enterprises/{ent_id}",
    })  # fmt: skip
