"""The pipeline at a glance for the signed-in user (`GET /api/v1/dashboard`, and for the web
dashboard: `overview(session, who, protection_days=…)`): leads by stage, overdue next steps,
leads whose protection lapsed, open 撞单 cases — all through the visibility rule."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.models import Project, utcnow
from parkatlas.workspace.leads import (
    ACTIVE,
    ProjectFilter,
    ProjectOut,
    arbitration_list,
    list_projects,
)
from parkatlas.workspace.pipeline import ActivityOut, overdue
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.visibility import lead_filter


class Overview(BaseModel):
    at: dt.datetime
    leads_by_stage: dict[str, int]
    open_leads: int
    overdue: list[ActivityOut]
    protection_expired: list[ProjectOut]
    protection_expired_count: int
    open_collisions: int


def overview(session: Session, who: Principal, *, protection_days: int = 14, top: int = 10) -> Overview:
    by_stage = {k: int(n) for k, n in session.execute(
        select(Project.stage, func.count()).where(lead_filter(who)).group_by(Project.stage)).all()}  # fmt: skip
    expired = list_projects(session, who, ProjectFilter(protection_expired=True), page=1, per_page=top,
                            protection_days=protection_days)  # fmt: skip
    return Overview(
        at=utcnow(), leads_by_stage=by_stage, open_leads=sum(n for s, n in by_stage.items() if s in ACTIVE),
        overdue=overdue(session, who)[:top], protection_expired=expired.items,
        protection_expired_count=expired.count, open_collisions=len(arbitration_list(session, who)),
    )  # fmt: skip
