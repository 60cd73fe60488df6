"""Leads (招商项目 as pipeline records): register (报备) with 撞单 detection, read, change,
transfer, and the district's arbitration list.

A lead belongs to one unit (`projects.owner_unit`); who may see it is decided by
`workspace.visibility` only. Registering a lead whose enterprise matches an open lead of
another unit — same USCC, or the same normalized name (`workspace.names`) — still creates
the lead, flags both, answers a `duplicate_lead` warning naming the other unit and the date
it registered, and records the collision for the district to arbitrate (domain.md §3.2).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session

from parkatlas.models import Enterprise, Project, StageEvent, Unit, utcnow
from parkatlas.vocab import STAGES
from parkatlas.workspace.audit import diff, record
from parkatlas.workspace.errors import Forbidden, WorkspaceError, not_found
from parkatlas.workspace.industries import checked_industries
from parkatlas.workspace.names import normalize_company_name
from parkatlas.workspace.principal import Principal, district_of, unit_tree
from parkatlas.workspace.tables import Lead, LeadCollision
from parkatlas.workspace.visibility import (
    get_visible_project,
    lead_filter,
    require_lead_write,
    require_write,
)

TERMINAL = ("dropped", "lost", "withdrawn")
ACTIVE = tuple(c for c in STAGES.codes if c not in TERMINAL)
_LOCK_KEY = 7_215_312  # serializes lead registration on PostgreSQL (撞单 check + insert)


class EnterpriseRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    uscc: str | None = Field(None, description="统一社会信用代码, 18 characters")


class ProjectCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=200)
    enterprise: EnterpriseRef | str = Field(description="{name, uscc} or an enterprise id")
    industries: list[str] | str | None = Field(None, description="GB/T 4754 codes or names")
    investment_wan: float | None = Field(None, ge=0, le=1e9)
    output_wan_year: float | None = Field(None, ge=0, le=1e9)
    tax_wan_year: float | None = Field(None, ge=0, le=1e9)
    jobs: int | None = Field(None, ge=0, le=10_000_000)
    needs: dict[str, Any] | None = None
    owner_unit: str | None = Field(None, description="default: the caller's unit")


class ProjectUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=200)
    industries: list[str] | str | None = None
    investment_wan: float | None = Field(None, ge=0, le=1e9)
    output_wan_year: float | None = Field(None, ge=0, le=1e9)
    tax_wan_year: float | None = Field(None, ge=0, le=1e9)
    jobs: int | None = Field(None, ge=0, le=10_000_000)
    needs: dict[str, Any] | None = None


class Warning_(BaseModel):
    code: str
    unit: str | None = None
    unit_name: str | None = None
    since: dt.date | None = None
    match_on: str | None = None


class ProjectOut(BaseModel):
    id: str
    name: str
    enterprise: str | None
    enterprise_name: str | None
    industries: str | None
    investment_wan: float | None
    output_wan_year: float | None
    tax_wan_year: float | None
    jobs: int | None
    needs: dict[str, Any] | None
    owner_unit: str | None
    stage: str
    source: str | None
    registered_at: dt.datetime | None
    last_activity_at: dt.datetime | None
    protected_until: dt.datetime | None
    protection_expired: bool
    duplicate: bool
    terminal_reason: str | None
    synthetic: bool
    updated_at: dt.datetime | None
    warnings: list[Warning_] = Field(default_factory=list)


class ProjectsPage(BaseModel):
    items: list[ProjectOut]
    count: int


class ProjectFilter(BaseModel):
    stage: str | None = None
    q: str | None = None
    region: str | None = None
    owner_unit: str | None = None
    duplicate: bool | None = None
    protection_expired: bool | None = None


def _industries(value: list[str] | str | None) -> str | None:
    return checked_industries(value)


def _needs(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    from parkatlas.matching.needs import parse_needs

    parse_needs(value)  # raises ParkatlasError naming the bad key
    return value


def protection(lead: Lead | None, stage: str, days: int) -> tuple[dt.datetime | None, bool]:
    """Until when the lead is protected (首报首谈), and whether that has passed (open leads)."""
    if lead is None:
        return None, False
    start = max(d for d in (lead.registered_at, lead.last_activity_at) if d is not None)
    until = start + dt.timedelta(days=days)
    return until, stage in ACTIVE and until < utcnow()


def project_out(session: Session, p: Project, lead: Lead | None, days: int,
                enterprise_name: str | None = None) -> ProjectOut:  # fmt: skip
    if enterprise_name is None and p.enterprise:
        enterprise_name = session.execute(
            select(Enterprise.name).where(Enterprise.id == p.enterprise)
        ).scalar_one_or_none()
    until, expired = protection(lead, p.stage, days)
    return ProjectOut(
        id=p.id, name=p.name, enterprise=p.enterprise, enterprise_name=enterprise_name,
        industries=p.industries, investment_wan=p.investment_wan, output_wan_year=p.output_wan_year,
        tax_wan_year=p.tax_wan_year, jobs=p.jobs, needs=p.needs, owner_unit=p.owner_unit,
        stage=p.stage, source=lead.source if lead else None,
        registered_at=lead.registered_at if lead else None,
        last_activity_at=lead.last_activity_at if lead else None, protected_until=until,
        protection_expired=expired, duplicate=bool(lead and lead.duplicate),
        terminal_reason=lead.terminal_reason if lead else None, synthetic=p.synthetic,
        updated_at=p.updated_at,
    )  # fmt: skip


def _find_or_create_enterprise(session: Session, who: Principal, ref: EnterpriseRef | str) -> Enterprise:
    if isinstance(ref, str):
        ent = session.get(Enterprise, ref)
        if ent is None:
            raise WorkspaceError(f"enterprise {ref!r} not found: give its id or {{name, uscc}}")
        return ent
    uscc = None
    if ref.uscc:
        from parkatlas.workspace.registry import checked_uscc

        uscc = checked_uscc(ref.uscc)
        ent = session.execute(select(Enterprise).where(Enterprise.uscc == uscc)).scalar_one_or_none()
        if ent is not None:
            return ent
    else:
        ent = session.execute(
            select(Enterprise).where(Enterprise.name == ref.name.strip()).order_by(Enterprise.id).limit(1)
        ).scalar_one_or_none()
        if ent is not None:
            return ent
    ent = Enterprise(id=f"E{uuid.uuid4().hex[:12].upper()}", name=ref.name.strip(), uscc=uscc,
                     synthetic=False, updated_at=utcnow())  # fmt: skip
    session.add(ent)
    session.flush()
    record(session, who, "enterprises", ent.id, "insert", {"name": ent.name, "uscc": uscc})
    return ent


def _lock(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})


def _registered(session: Session, p: Project) -> dt.datetime:
    lead = session.get(Lead, p.id)
    if lead is not None:
        return lead.registered_at
    first = session.execute(select(func.min(StageEvent.at)).where(StageEvent.project_id == p.id)).scalar()
    return first or p.updated_at or utcnow()


def _ensure_lead(session: Session, p: Project, ent: Enterprise | None) -> Lead:
    lead = session.get(Lead, p.id)
    if lead is None:
        lead = Lead(project_id=p.id, registered_at=_registered(session, p), source="import",
                    duplicate=False, norm_name=normalize_company_name(ent.name) if ent else None,
                    uscc=ent.uscc if ent else None)  # fmt: skip
        session.add(lead)
        session.flush()
    return lead


def _collisions(session: Session, ent: Enterprise, owner: str | None) -> list[tuple[Project, Enterprise, str]]:
    """Open leads of other units whose enterprise is the same (USCC) or has the same name key."""
    key = normalize_company_name(ent.name)
    conds = []
    if ent.uscc:
        conds.append(Enterprise.uscc == ent.uscc)
    if key:
        conds.append(Enterprise.name.contains(key, autoescape=True))
        conds.append(Enterprise.id == ent.id)
    if not conds:
        return []
    rows = session.execute(
        select(Project, Enterprise).join(Enterprise, Enterprise.id == Project.enterprise)
        .where(or_(*conds), Project.stage.in_(ACTIVE), Project.owner_unit.is_not(None),
               Project.owner_unit != (owner or ""))
        .order_by(Project.id)
    ).all()  # fmt: skip
    out = []
    for p, e in rows:
        if ent.uscc and e.uscc == ent.uscc:
            out.append((p, e, "uscc"))
        elif key and normalize_company_name(e.name) == key:
            out.append((p, e, "name"))
    return out


def register_lead(
    session: Session, who: Principal, body: ProjectCreate, *, protection_days: int = 14,
    source: str = "manual", owner_override: str | None = None, check_rights: bool = True,
) -> ProjectOut:  # fmt: skip
    """报备: create the lead for the caller's unit (or a unit below it); warn on 撞单."""
    if check_rights:
        require_write(who)
    owner = owner_override if owner_override is not None else (body.owner_unit or who.unit_id)
    if check_rights and body.owner_unit and not (who.is_admin or body.owner_unit in who.scope):
        raise Forbidden("owner_unit: a lead can be registered for your unit or a unit below it")
    if owner is not None and session.get(Unit, owner) is None:
        raise WorkspaceError(f"owner_unit {owner!r} not found")
    _lock(session)
    ent = _find_or_create_enterprise(session, who, body.enterprise)
    now = utcnow()
    p = Project(id=f"L{uuid.uuid4().hex[:12].upper()}", name=body.name.strip(), enterprise=ent.id,
                industries=_industries(body.industries), investment_wan=body.investment_wan,
                output_wan_year=body.output_wan_year, tax_wan_year=body.tax_wan_year, jobs=body.jobs,
                needs=_needs(body.needs), owner_unit=owner, stage="lead", synthetic=False,
                updated_at=now)  # fmt: skip
    session.add(p)
    session.flush()
    lead = Lead(project_id=p.id, registered_at=now, registered_by=who.login, source=source,
                duplicate=False, norm_name=normalize_company_name(ent.name), uscc=ent.uscc)  # fmt: skip
    session.add(lead)
    session.add(StageEvent(project_id=p.id, from_stage=None, to_stage="lead", at=now, actor=who.login,
                           unit_id=who.unit_id, note=f"registered ({source})"))  # fmt: skip
    warnings: list[Warning_] = []
    for other, _e, match_on in _collisions(session, ent, owner):
        other_lead = _ensure_lead(session, other, _e)
        other_lead.duplicate = True
        lead.duplicate = True
        unit = session.get(Unit, other.owner_unit) if other.owner_unit else None
        session.add(LeadCollision(project_id=p.id, other_project_id=other.id, unit_id=owner,
                                  other_unit_id=other.owner_unit, match_on=match_on, created_at=now))  # fmt: skip
        warnings.append(Warning_(code="duplicate_lead", unit=other.owner_unit,
                                 unit_name=unit.name if unit else None,
                                 since=other_lead.registered_at.date(), match_on=match_on))  # fmt: skip
    record(session, who, "projects", p.id, "insert",
           {"name": p.name, "enterprise": ent.id, "owner_unit": owner, "source": source,
            "duplicate_of": [w.unit for w in warnings] or None})  # fmt: skip
    session.flush()
    out = project_out(session, p, lead, protection_days, ent.name)
    out.warnings = warnings
    return out


def list_projects(
    session: Session, who: Principal, f: ProjectFilter, *, page: int = 1, per_page: int = 50,
    protection_days: int = 14,
) -> ProjectsPage:  # fmt: skip
    cond: list[Any] = [lead_filter(who)]
    q = select(Project, Lead).outerjoin(Lead, Lead.project_id == Project.id)
    if f.stage:
        if f.stage not in STAGES.codes:
            raise WorkspaceError(f"stage {f.stage!r} is not one of {', '.join(STAGES.codes)}")
        cond.append(Project.stage == f.stage)
    if f.q:
        cond.append(Project.name.contains(f.q, autoescape=True))
    if f.owner_unit:
        cond.append(Project.owner_unit == f.owner_unit)
    if f.region:
        from parkatlas.matching.needs import region_prefix
        from parkatlas.workspace.accounts import resolve_region

        prefix = region_prefix(resolve_region(session, f.region))
        q = q.outerjoin(Enterprise, Enterprise.id == Project.enterprise)
        cond.append(Enterprise.region.startswith(prefix, autoescape=True))
    if f.duplicate is not None:
        cond.append(Lead.duplicate.is_(True) if f.duplicate else or_(Lead.duplicate.is_(None), Lead.duplicate.is_(False)))
    if f.protection_expired is not None:
        cutoff = utcnow() - dt.timedelta(days=protection_days)
        last = func.coalesce(Lead.last_activity_at, Lead.registered_at)
        expired = Project.stage.in_(ACTIVE) & Lead.project_id.is_not(None) & (last < cutoff)
        cond.append(expired if f.protection_expired else ~expired)
    count = session.execute(select(func.count()).select_from(q.where(*cond).subquery())).scalar_one()
    rows = session.execute(q.where(*cond).order_by(Project.id).offset((page - 1) * per_page).limit(per_page)).all()
    return ProjectsPage(items=[project_out(session, p, lead, protection_days) for p, lead in rows], count=count)


def get_project(session: Session, who: Principal, project_id: str, *, protection_days: int = 14) -> ProjectOut:
    p = get_visible_project(session, who, project_id)
    return project_out(session, p, session.get(Lead, p.id), protection_days)


def update_project(session: Session, who: Principal, project_id: str, body: ProjectUpdate, *,
                   protection_days: int = 14) -> ProjectOut:  # fmt: skip
    p = get_visible_project(session, who, project_id)
    require_lead_write(who, p.owner_unit)
    patch = body.model_dump(exclude_unset=True)
    if "name" in patch and not patch["name"]:
        raise WorkspaceError("name cannot be emptied")
    if "industries" in patch:
        patch["industries"] = _industries(patch["industries"])
    if "needs" in patch:
        patch["needs"] = _needs(patch["needs"])
    changes = diff({k: getattr(p, k) for k in patch}, patch)
    for k, v in patch.items():
        setattr(p, k, v)
    if changes:
        p.updated_at = utcnow()
        record(session, who, "projects", p.id, "update", changes)
    session.flush()
    return project_out(session, p, session.get(Lead, p.id), protection_days)


def delete_project(session: Session, who: Principal, project_id: str) -> None:
    p = get_visible_project(session, who, project_id)
    require_lead_write(who, p.owner_unit)
    record(session, who, "projects", p.id, "delete", {"name": p.name, "owner_unit": p.owner_unit})
    session.delete(p)
    session.flush()


class TransferBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit: str = Field(min_length=1, max_length=64)
    note: str | None = Field(None, max_length=2000)


def transfer_project(session: Session, who: Principal, project_id: str, body: TransferBody, *,
                     protection_days: int = 14) -> ProjectOut:  # fmt: skip
    """Hand a lead to another unit (统筹流转); the caller must have both units in sight."""
    p = get_visible_project(session, who, project_id)
    require_lead_write(who, p.owner_unit)
    if session.get(Unit, body.unit) is None:
        raise WorkspaceError(f"unit {body.unit!r} not found")
    if not (who.is_admin or body.unit in who.scope):
        raise Forbidden("you can hand a lead only to your unit or a unit below it (ask the district)")
    old = p.owner_unit
    if old == body.unit:
        return project_out(session, p, session.get(Lead, p.id), protection_days)
    p.owner_unit = body.unit
    p.updated_at = utcnow()
    record(session, who, "projects", p.id, "transfer", {"owner_unit": [old, body.unit], "note": body.note})
    session.flush()
    return project_out(session, p, session.get(Lead, p.id), protection_days)


class CollisionOut(BaseModel):
    id: int
    created_at: dt.datetime
    match_on: str
    project_id: str | None  # None when the caller may not see that lead
    unit: str | None
    other_project_id: str | None
    other_unit: str | None
    resolved_at: dt.datetime | None
    resolution: str | None


def arbitration_list(session: Session, who: Principal, *, open_only: bool = True) -> list[CollisionOut]:
    """撞单 cases for the caller's district (admins: all): both units' codes, and each lead's
    id only where the caller may see that lead."""
    q = select(LeadCollision).order_by(LeadCollision.id)
    if not who.is_admin:
        scope = sorted(who.scope)
        q = q.where(or_(LeadCollision.unit_id.in_(scope), LeadCollision.other_unit_id.in_(scope)))
    if open_only:
        q = q.where(LeadCollision.resolved_at.is_(None))
    rows = list(session.execute(q).scalars())
    ids = {r.project_id for r in rows} | {r.other_project_id for r in rows}
    visible = set(session.execute(select(Project.id).where(Project.id.in_(ids), lead_filter(who))).scalars())
    return [
        CollisionOut(id=r.id, created_at=r.created_at, match_on=r.match_on,
                     project_id=r.project_id if r.project_id in visible else None, unit=r.unit_id,
                     other_project_id=r.other_project_id if r.other_project_id in visible else None,
                     other_unit=r.other_unit_id, resolved_at=r.resolved_at, resolution=r.resolution)
        for r in rows
    ]  # fmt: skip


class ResolveBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    keep: str = Field(description="the project id that keeps the lead (首报首谈); the other is withdrawn")
    note: str | None = Field(None, max_length=2000)


def resolve_collision(session: Session, who: Principal, collision_id: int, body: ResolveBody) -> CollisionOut:
    """The district decides: one lead keeps the enterprise, the other is withdrawn (reason
    `duplicate`), so the project is credited once. Needs both leads in the caller's sight."""
    require_write(who)
    c = session.get(LeadCollision, collision_id)
    if c is None:
        raise not_found("collision", collision_id)
    a = get_visible_project(session, who, c.project_id)
    b = get_visible_project(session, who, c.other_project_id)
    if body.keep not in (a.id, b.id):
        raise WorkspaceError(f"keep must be {a.id} or {b.id}")
    loser = b if body.keep == a.id else a
    from parkatlas.workspace.pipeline import StageMove, move_stage

    if loser.stage not in TERMINAL:
        move_stage(session, who, loser.id, StageMove(stage="withdrawn", reason="duplicate",
                   note=body.note or f"撞单 arbitration: {body.keep} keeps the lead"))  # fmt: skip
    for pid in (a.id, b.id):
        lead = session.get(Lead, pid)
        if lead is not None:
            lead.duplicate = False
    c.resolved_at = utcnow()
    c.resolution = f"keep {body.keep}" + (f": {body.note}" if body.note else "")
    record(session, who, "projects", body.keep, "arbitrate", {"collision": c.id, "withdrawn": loser.id})
    session.flush()
    return CollisionOut(
        id=c.id, created_at=c.created_at, match_on=c.match_on, project_id=c.project_id, unit=c.unit_id,
        other_project_id=c.other_project_id, other_unit=c.other_unit_id, resolved_at=c.resolved_at,
        resolution=c.resolution)  # fmt: skip


def district_unit(session: Session, unit: str) -> str:
    return district_of(unit_tree(session), unit)
