"""/api/v1/public: no sign-in; only public sites and their public fields; inquiries.
Rate-limited per client address (PARKATLAS_PUBLIC_RATE a minute, per worker process)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.workspace import public as core
from parkatlas.workspace.errors import TooManyRequests
from parkatlas.workspace.registry import ParksPage


def _limit(request: Request) -> None:
    client = request.client.host if request.client else "unknown"
    if not request.app.state.public_limiter.allow(client):
        raise TooManyRequests("too many requests from this address: try again in a minute")


router = APIRouter(prefix="/public", tags=["public"], dependencies=[Depends(_limit)])
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=200)]


@router.get("/sites", response_model=core.PublicSitesPage)
def public_sites(session: SessionDep, settings: SettingsDep, f: Annotated[core.PublicSiteFilter, Query()],
                 page: Page = 1, per_page: PerPage = 50) -> core.PublicSitesPage:  # fmt: skip
    """Sites marked public, public fields only."""
    return core.public_sites(session, f, page=page, per_page=per_page, stale_days=settings.stale_days)


@router.get("/sites/{site_id}", response_model=core.PublicSite)
def public_site(site_id: str, session: SessionDep, settings: SettingsDep) -> core.PublicSite:
    return core.public_site(session, site_id, stale_days=settings.stale_days)


@router.get("/parks", response_model=ParksPage)
def public_parks(session: SessionDep, page: Page = 1, per_page: PerPage = 50) -> ParksPage:
    """Parks that hold at least one public site."""
    return core.public_parks(session, page=page, per_page=per_page)


@router.post("/inquiries", response_model=core.InquiryAccepted, status_code=202)
def inquiry(request: Request, body: core.InquiryBody, session: SessionDep, settings: SettingsDep) -> core.InquiryAccepted:
    """An inquiry on a public site; it becomes a lead of the site's unit. 404 for a site that
    is unknown or not public."""
    address = request.client.host if request.client else None
    return core.submit_inquiry(session, body, address=address, protection_days=settings.protection_days)
