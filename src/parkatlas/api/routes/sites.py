"""/api/v1/sites: the site library (read by all signed-in users, written by owning units)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from parkatlas.api.deps import CurrentUser, SessionDep, SettingsDep
from parkatlas.api.responses import model_json
from parkatlas.workspace import sites as core

router = APIRouter(prefix="/sites", tags=["sites"])
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=core.MAX_PER_PAGE)]


def _refresh(request: Request, site_id: str) -> None:
    request.app.state.live.refresh([site_id])


@router.get("", response_model=core.SitesPage)
def list_sites(
    session: SessionDep, user: CurrentUser, settings: SettingsDep,
    f: Annotated[core.SiteFilter, Query()], page: Page = 1, per_page: PerPage = 50,
) -> Response:  # fmt: skip
    """Sites with filters, by id: `{"items": [...], "count": N}`."""
    return model_json(core.list_sites(session, user, f, page=page, per_page=per_page,
                                      stale_days=settings.stale_days))  # fmt: skip


@router.post("", response_model=core.SiteOut, status_code=201)
def create_site(request: Request, body: core.SiteCreate, session: SessionDep, user: CurrentUser,
                settings: SettingsDep) -> core.SiteOut:  # fmt: skip
    out = core.create_site(session, user, body, stale_days=settings.stale_days)
    session.commit()
    _refresh(request, out.id)
    return out


@router.get("/{site_id}", response_model=core.SiteOut)
def get_site(site_id: str, session: SessionDep, user: CurrentUser, settings: SettingsDep) -> core.SiteOut:
    return core.get_site(session, user, site_id, stale_days=settings.stale_days)


@router.patch("/{site_id}", response_model=core.SiteOut)
def update_site(request: Request, site_id: str, body: core.SiteUpdate, session: SessionDep,
                user: CurrentUser, settings: SettingsDep) -> core.SiteOut:  # fmt: skip
    """Change a site (its unit, the units above it, admins); status changes keep history."""
    out = core.update_site(session, user, site_id, body, stale_days=settings.stale_days)
    session.commit()
    _refresh(request, site_id)
    return out


@router.delete("/{site_id}", status_code=204)
def delete_site(request: Request, site_id: str, session: SessionDep, user: CurrentUser) -> Response:
    core.delete_site(session, user, site_id)
    session.commit()
    _refresh(request, site_id)
    return Response(status_code=204)


@router.get("/{site_id}/history", response_model=list[core.StatusEventOut])
def site_history(site_id: str, session: SessionDep, user: CurrentUser) -> list[core.StatusEventOut]:
    """The site's status changes, oldest first."""
    return core.status_history(session, user, site_id)
