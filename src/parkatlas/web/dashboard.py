"""The officer's start page ``/``: what needs doing today, and the state of the pipeline and
of the sites, each panel from the core function the API serves it with.

Panels: my unit's sites to re-confirm (stale), vacancy by district and kind; and, from the
pipeline core when it is installed, my next actions and overdue follow-ups, the funnel by
stage and unit, signings by month, collisions (撞单) to arbitrate for a district.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.vocab.terms import STAGES
from parkatlas.web.deps import PageUser
from parkatlas.web.lookups import regions
from parkatlas.web.render import render
from parkatlas.web.report import month_bounds, signings_by_month
from parkatlas.web.summary import keeper_of
from parkatlas.workspace.leads import arbitration_list
from parkatlas.workspace.overview import Overview, overview
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.sites import SiteFilter, list_sites

router = APIRouter(include_in_schema=False)
KINDS = ("land", "factory", "office", "lab", "warehouse")


def _pipeline(request: Request, session: Session, who: Principal) -> Overview:
    """The pipeline panels: the same core as GET /api/v1/dashboard."""
    return overview(session, who, protection_days=request.app.state.settings.protection_days)


@router.get("/")
def dashboard_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    stale = list_sites(session, who, SiteFilter(stale=True, owner_unit=who.unit_id), page=1, per_page=10,
                       stale_days=settings.stale_days) if who.unit_id else None  # fmt: skip
    regs = regions(request, session)
    summary = keeper_of(request.app).get()
    _m, start, end = month_bounds(None)
    signings = signings_by_month(session, who, start, end)
    return render(request, "dashboard.html", {
        "stale": stale, "vacancy": summary.vacancy(), "summary_at": summary.made_at, "kinds": KINDS, "regions": regs,
        "pipeline": _pipeline(request, session, who), "stale_days": settings.stale_days,
        "stages": STAGES.codes, "signings": signings, "json_twin": "/api/v1/dashboard",
        "collisions": [c for c in arbitration_list(session, who) if c.project_id and c.other_project_id],
        "done": request.query_params.get("done"),
    })  # fmt: skip
