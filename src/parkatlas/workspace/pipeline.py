"""The pipeline of a lead: stage moves (each a stage event), follow-up activities
(拜访/跟进记录) and the overdue list.

Allowed moves (docs/api.md):
* forward to any later active stage (gates are often met together: 签约 → 注册 → 拿地);
* one step back, with a note (a correction);
* from any active stage to a terminal one — dropped 终止, lost 流失, withdrawn 退出 — with a
  reason code from `TERMINAL_REASONS`;
* from a terminal stage back to `lead`, with a note (reopened).
Everything else is refused (409) naming the allowed targets.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from parkatlas.models import Project, StageEvent, utcnow
from parkatlas.workspace.audit import record
from parkatlas.workspace.errors import Conflict, WorkspaceError
from parkatlas.workspace.leads import ACTIVE, TERMINAL, _ensure_lead
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import Activity
from parkatlas.workspace.visibility import get_visible_project, lead_filter, require_lead_write

TERMINAL_REASONS = {
    "no_suitable_site": "无合适载体",
    "cost": "成本不合适",
    "policy_mismatch": "政策或产业导向不符",
    "other_region": "落户他地",
    "investor_cancelled": "投资方取消或搁置",
    "failed_assessment": "研判或预审未通过",
    "duplicate": "重复项目(撞单裁定)",
    "no_response": "失联",
    "other": "其他",
}
ActivityType = Literal["来访", "外出拜访", "电话", "线上", "考察"]


class StageMove(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stage: str = Field(description="target stage (domain.md §3.1)")
    note: str | None = Field(None, max_length=2000)
    reason: str | None = Field(None, description="required for dropped/lost/withdrawn: " + ", ".join(TERMINAL_REASONS))


class StageEventOut(BaseModel):
    from_stage: str | None
    to_stage: str
    at: dt.datetime
    actor: str | None
    unit: str | None
    note: str | None


def allowed_moves(current: str) -> list[str]:
    """The stages a lead at `current` may move to (back-steps and reopening need a note)."""
    if current in TERMINAL:
        return ["lead"]
    if current not in ACTIVE:  # an unknown stage from an old import: any active stage
        return list(ACTIVE) + list(TERMINAL)
    i = ACTIVE.index(current)
    back = [ACTIVE[i - 1]] if i > 0 else []
    return back + list(ACTIVE[i + 1 :]) + list(TERMINAL)


def move_stage(session: Session, who: Principal, project_id: str, move: StageMove) -> StageEventOut:
    p = get_visible_project(session, who, project_id)
    require_lead_write(who, p.owner_unit)
    cur, to = p.stage, move.stage
    if to not in ACTIVE and to not in TERMINAL:
        raise WorkspaceError(f"stage {to!r} is not one of {', '.join(ACTIVE + TERMINAL)}")
    allowed = allowed_moves(cur)
    if to not in allowed:
        raise Conflict(f"a lead at {cur} cannot move to {to}: allowed are {', '.join(allowed)}")
    backwards = cur in ACTIVE and to in ACTIVE and ACTIVE.index(to) < ACTIVE.index(cur)
    if (backwards or cur in TERMINAL) and not (move.note and move.note.strip()):
        raise WorkspaceError(f"moving back from {cur} to {to} needs a note saying why")
    lead = _ensure_lead(session, p, None)
    if to in TERMINAL:
        if move.reason not in TERMINAL_REASONS:
            raise WorkspaceError(f"moving to {to} needs a reason: one of {', '.join(TERMINAL_REASONS)}")
        lead.terminal_reason = move.reason
    elif cur in TERMINAL:
        lead.terminal_reason = None
    now = utcnow()
    p.stage = to
    p.updated_at = now
    ev = StageEvent(project_id=p.id, from_stage=cur, to_stage=to, at=now, actor=who.login,
                    unit_id=who.unit_id, note=move.note)  # fmt: skip
    session.add(ev)
    record(session, who, "projects", p.id, "stage",
           {"stage": [cur, to], "note": move.note, "reason": move.reason})  # fmt: skip
    session.flush()
    return StageEventOut(from_stage=cur, to_stage=to, at=now, actor=who.login, unit=who.unit_id, note=move.note)


def stage_events(session: Session, who: Principal, project_id: str) -> list[StageEventOut]:
    p = get_visible_project(session, who, project_id)
    rows = session.execute(select(StageEvent).where(StageEvent.project_id == p.id).order_by(StageEvent.id)).scalars()
    return [StageEventOut(from_stage=e.from_stage, to_stage=e.to_stage, at=e.at, actor=e.actor,
                          unit=e.unit_id, note=e.note) for e in rows]  # fmt: skip


class ActivityCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    date: dt.date
    type: ActivityType
    participants: list[str] = Field(default_factory=list, max_length=50)
    topic: str | None = Field(None, max_length=2000)
    demands: str | None = Field(None, max_length=4000, description="investor demands: land, space, power, EIA, policy")
    commitments: str | None = Field(None, max_length=4000)
    next_step: str | None = Field(None, max_length=2000)
    due_date: dt.date | None = None


class ActivityOut(BaseModel):
    id: int
    project_id: str
    date: dt.date
    type: str
    participants: list[str]
    topic: str | None
    demands: str | None
    commitments: str | None
    next_step: str | None
    due_date: dt.date | None
    created_at: dt.datetime
    actor: str | None
    unit: str | None


def _activity_out(a: Activity) -> ActivityOut:
    return ActivityOut(id=a.id, project_id=a.project_id, date=a.date, type=a.type,
                       participants=[str(x) for x in (a.participants or [])], topic=a.topic,
                       demands=a.demands, commitments=a.commitments, next_step=a.next_step,
                       due_date=a.due_date, created_at=a.created_at, actor=a.actor, unit=a.unit_id)  # fmt: skip


def add_activity(session: Session, who: Principal, project_id: str, body: ActivityCreate) -> ActivityOut:
    """Log a visit, call or meeting. It renews the lead's protection from the activity's date
    (a visit logged late counts from when it happened, never from the future)."""
    p = get_visible_project(session, who, project_id)
    require_lead_write(who, p.owner_unit)
    now = utcnow()
    if body.date > now.date() + dt.timedelta(days=1):
        raise WorkspaceError(f"date {body.date} is in the future: log an activity once it happened")
    if body.due_date is not None and body.due_date < body.date:
        raise WorkspaceError("due_date is before the activity's date")
    a = Activity(project_id=p.id, date=body.date, type=body.type, participants=body.participants,
                 topic=body.topic, demands=body.demands, commitments=body.commitments,
                 next_step=body.next_step, due_date=body.due_date, done=False, created_at=now,
                 actor=who.login, unit_id=who.unit_id)  # fmt: skip
    session.add(a)
    lead = _ensure_lead(session, p, None)
    happened = min(dt.datetime.combine(body.date, dt.time()), now)
    if lead.last_activity_at is None or happened > lead.last_activity_at:
        lead.last_activity_at = happened
    session.flush()
    record(session, who, "projects", p.id, "activity", {"activity": a.id, "type": body.type, "date": body.date})
    return _activity_out(a)


def list_activities(session: Session, who: Principal, project_id: str) -> list[ActivityOut]:
    p = get_visible_project(session, who, project_id)
    rows = session.execute(select(Activity).where(Activity.project_id == p.id).order_by(Activity.date, Activity.id))
    return [_activity_out(a) for a in rows.scalars()]


def overdue(session: Session, who: Principal, *, unit: str | None = None,
            today: dt.date | None = None) -> list[ActivityOut]:  # fmt: skip
    """Next steps past their due date with no later activity on the same lead, for the leads
    the caller may see (optionally one unit's), oldest due first."""
    day = today or utcnow().date()
    later = aliased(Activity)
    q = (
        select(Activity).join(Project, Project.id == Activity.project_id)
        .where(lead_filter(who), Project.stage.in_(ACTIVE), Activity.due_date < day,
               Activity.done.is_(False))
        .where(~select(later.id).where(and_(later.project_id == Activity.project_id,
                                            later.date > Activity.date)).exists())
        .order_by(Activity.due_date, Activity.id)
    )  # fmt: skip
    if unit:
        q = q.where(Project.owner_unit == unit)
    return [_activity_out(a) for a in session.execute(q).scalars()]


