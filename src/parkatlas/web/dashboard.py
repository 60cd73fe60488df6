"""The officer's start page ``/``: what needs doing today, and the state of the pipeline and
of the sites, each panel from the core function the API serves it with.

Panels: my unit's sites to re-confirm (stale), vacancy by district and kind; and, from the
pipeline core when it is installed, my next actions and overdue follow-ups, the funnel by
stage and unit, signings by month, collisions (撞单) to arbitrate for a district.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.models import Site
from parkatlas.vocab.terms import STAGES
from parkatlas.web.deps import PageUser
from parkatlas.web.lookups import regions
from parkatlas.web.render import render
from parkatlas.web.report import month_bounds, signings_by_month
from parkatlas.workspace.leads import arbitration_list
from parkatlas.workspace.overview import Overview, overview
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.sites import SiteFilter, list_sites

router = APIRouter(include_in_schema=False)
KINDS = ("land", "factory", "office", "lab", "warehouse")


VACANCY_SECONDS = 60.0
"""The vacancy table (a scan of every available site) is kept this long per process."""


def cached_vacancy(request: Request, session: Session) -> dict[str, dict[str, tuple[int, float]]]:
    """`vacancy`, computed at most once a minute per server process (it reads the whole
    library; a minute-old count is fine on a start page)."""
    now = time.monotonic()
    hit = getattr(request.app.state, "web_vacancy", None)
    if hit is not None and now - hit[0] < VACANCY_SECONDS:
        return dict(hit[1])
    value = vacancy(session)
    request.app.state.web_vacancy = (now, value)
    return value


def vacancy(session: Session) -> dict[str, dict[str, tuple[int, float]]]:
    """Available sites by district (6-digit code) and kind: (count, m²)."""
    district = func.substr(Site.region, 1, 6)
    rows = session.execute(
        select(district, Site.kind, func.count(), func.sum(Site.area_m2))
        .where(Site.status == "available")
        .group_by(district, Site.kind)
    )
    out: dict[str, dict[str, tuple[int, float]]] = {}
    for code, kind, n, area in rows:
        out.setdefault(code or "", {})[kind] = (int(n), float(area or 0))
    return out


def _pipeline(request: Request, session: Session, who: Principal) -> Overview:
    """The pipeline panels: the same core as GET /api/v1/dashboard."""
    return overview(session, who, protection_days=request.app.state.settings.protection_days)


@router.get("/")
def dashboard_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    stale = list_sites(session, who, SiteFilter(stale=True, owner_unit=who.unit_id), page=1, per_page=10,
                       stale_days=settings.stale_days) if who.unit_id else None  # fmt: skip
    regs = regions(request, session)
    _m, start, end = month_bounds(None)
    signings = signings_by_month(session, who, start, end)
    return render(request, "dashboard.html", {
        "stale": stale, "vacancy": cached_vacancy(request, session), "kinds": KINDS, "regions": regs,
        "pipeline": _pipeline(request, session, who), "stale_days": settings.stale_days,
        "stages": STAGES.codes, "signings": signings, "json_twin": "/api/v1/dashboard",
        "collisions": [c for c in arbitration_list(session, who) if c.project_id and c.other_project_id],
        "done": request.query_params.get("done"),
    })  # fmt: skip
