"""The public portal (云招商) under ``/p/``: no sign-in, only what a unit marked public.

``/p/`` lists the public sites (search by kind, district, area) with a map and the parks;
``/p/sites/{id}`` and ``/p/parks/{id}`` show public fields only; an enterprise's inquiry
goes through the same core as ``POST /api/v1/public/inquiries`` and becomes a lead of the
site's unit. Mobile first (an enterprise opens it from a WeChat link), OpenGraph tags for
the link preview. A site that is not public is a 404 here, whoever asks.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.models import Park
from parkatlas.web import forms, maps
from parkatlas.web.deps import PageError, PostedForm
from parkatlas.web.i18n import Translator
from parkatlas.web.lookups import park_names, regions
from parkatlas.web.render import form_csrf_ok, page_lang, render
from parkatlas.web.sites_pages import map_data
from parkatlas.web.summary import keeper_of
from parkatlas.workspace.errors import NotFound, WorkspaceError
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.sites import SiteFilter, get_site, list_sites

router = APIRouter(prefix="/p", include_in_schema=False)
PER_PAGE = 20
PUBLIC = Principal(login="public", role="viewer", unit_id=None, scope=frozenset(), via="public")
SEARCH_SPEC = {"kind": "kind", "region": "text", "area_min": "area", "area_max": "area", "rent_max": "rent",
               "park": "text"}  # fmt: skip


def _search(params: Any, lang: str) -> tuple[SiteFilter, forms.Parsed]:
    parsed = forms.read(params, SEARCH_SPEC, lang)
    return SiteFilter(**parsed.values, public=True), parsed


def _page(params: Any) -> int:
    try:
        return max(1, min(int(params.get("page", "1")), 10_000))
    except ValueError:
        return 1


def _parks(session: Session) -> list[Park]:
    return list(session.execute(select(Park).order_by(Park.id)).scalars())


@router.get("/")
def portal_home(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    lang = page_lang(request)
    f, parsed = _search(request.query_params, lang)
    page = _page(request.query_params)
    try:
        result = list_sites(session, PUBLIC, f, page=page, per_page=PER_PAGE,
                            stale_days=settings.stale_days, public_only=True)  # fmt: skip
    except WorkspaceError as exc:
        parsed.errors["region"] = str(exc)
        result = list_sites(session, PUBLIC, SiteFilter(public=True), page=1, per_page=0,
                            stale_days=settings.stale_days, public_only=True)  # fmt: skip
    regs = regions(request, session)
    query = str(request.url.query)
    return render(request, "p/home.html", {
        "result": result, "page": page, "per_page": PER_PAGE, "parsed": parsed, "regions": regs,
        "districts": regs.districts(), "parks": _parks(session),
        "park_names": park_names(session, (s.park for s in result.items), lang),
        "map": maps.map_config(request), "map_query": query,
    })  # fmt: skip


@router.get("/map.json")
def portal_map(request: Request, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    lang = page_lang(request)
    f, _ = _search(request.query_params, lang)
    try:
        crs = maps.map_config(request).crs
        data = maps.cached((request.url.path, str(request.url.query), crs, lang),
                           lambda: map_data(session, f, settings.stale_days, crs, "/p/sites/", lang,
                                            keeper_of(request.app).get()))  # fmt: skip
    except WorkspaceError:
        data = {"kind": "points", "points": []}
    return JSONResponse(data)


def _public_site(session: Session, site_id: str, stale_days: int) -> Any:
    try:
        return get_site(session, PUBLIC, site_id, stale_days=stale_days, public_only=True)
    except NotFound:
        raise PageError(404, "error.not_found") from None


@router.get("/sites/{site_id}")
def portal_site(request: Request, site_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    lang = page_lang(request)
    site = _public_site(session, site_id, settings.stale_days)
    from parkatlas.workspace.site_files import public_photos

    return render(request, "p/site.html", {
        "site": site, "regions": regions(request, session), "photos": public_photos(session, site_id),
        "park_name": park_names(session, [site.park], lang).get(site.park or "", ""),
        "map": maps.map_config(request), "sent": False, "parsed": forms.Parsed(),
        "base_url": str(request.base_url).rstrip("/"),
    })  # fmt: skip


@router.get("/sites/{site_id}/map.json")
def portal_site_map(request: Request, site_id: str, session: SessionDep, settings: SettingsDep) -> JSONResponse:
    site = _public_site(session, site_id, settings.stale_days)
    points = [] if site.lat is None or site.lon is None else [
        maps.MapPoint(site.id, site.lat, site.lon, site.id, f"/p/sites/{site.id}")]  # fmt: skip
    return JSONResponse(maps.points_payload(points, maps.map_config(request).crs))


INQUIRY_SPEC = {"company": "text", "contact": "text", "phone": "text", "message": "text", "website": "text"}


@router.post("/sites/{site_id}/inquiry")
def portal_inquiry(request: Request, site_id: str, session: SessionDep, settings: SettingsDep,
                   form: PostedForm) -> Response:  # fmt: skip
    """The inquiry form; the same core as POST /api/v1/public/inquiries."""
    lang = page_lang(request)
    site = _public_site(session, site_id, settings.stale_days)
    if not form_csrf_ok(request, form):
        raise PageError(403, "error.csrf")
    parsed = forms.read(form, INQUIRY_SPEC, lang)
    for name in ("company", "contact", "phone"):
        if not parsed.raw.get(name):
            parsed.errors[name] = Translator(lang)("form.required")
    status = 200
    if not parsed.errors:
        try:
            submit_inquiry(request, session, site_id, parsed.raw)
        except NotFound:
            raise PageError(404, "error.not_found") from None
        except WorkspaceError as exc:
            status = int(getattr(exc, "status", 400))
            if status == 429:
                raise PageError(429, "error.rate") from None
            parsed.errors["message"] = str(exc)
    if parsed.errors:
        status = 400 if status == 200 else status
    from parkatlas.workspace.site_files import public_photos

    return render(request, "p/site.html", {
        "site": site, "regions": regions(request, session), "photos": public_photos(session, site_id),
        "park_name": park_names(session, [site.park], lang).get(site.park or "", ""),
        "map": maps.map_config(request), "sent": not parsed.errors, "parsed": parsed,
        "base_url": str(request.base_url).rstrip("/"),
    }, status_code=status)  # fmt: skip


def submit_inquiry(request: Request, session: Session, site_id: str, fields: dict[str, str]) -> Any:
    """Hand the inquiry to the workspace core (rate limit and honeypot included)."""
    from parkatlas.workspace.inquiries import InquiryIn, submit

    address = request.client.host if request.client else None
    body = InquiryIn(site_id=site_id, company=fields["company"], contact=fields["contact"],
                     phone=fields["phone"], message=fields.get("message") or None,
                     website=fields.get("website") or None)  # fmt: skip
    settings = request.app.state.settings
    return submit(session, body, address=address, limiter=request.app.state.public_limiter,
                  protection_days=settings.protection_days)  # fmt: skip


@router.get("/parks/{park_id}")
def portal_park(request: Request, park_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    park = session.get(Park, park_id)
    if park is None:
        raise PageError(404, "error.not_found")
    sites = list_sites(session, PUBLIC, SiteFilter(park=park_id, public=True), page=1, per_page=100,
                       stale_days=settings.stale_days, public_only=True)  # fmt: skip
    return render(request, "p/park.html", {
        "park": park, "sites": sites, "regions": regions(request, session),
        "base_url": str(request.base_url).rstrip("/"),
    })  # fmt: skip
