"""The shared registries: parks (read by all, written by admins) and enterprises (name,
USCC, industries, region — read by all, written by officers). Which unit follows an
enterprise is never shown here: only the duplicate-lead warning reveals it."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from parkatlas.models import Enterprise, Park, Project, Site, utcnow
from parkatlas.workspace.audit import diff, record
from parkatlas.workspace.errors import Conflict, Forbidden, WorkspaceError, not_found
from parkatlas.workspace.industries import checked_industries
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import SiteState
from parkatlas.workspace.visibility import require_write


class ParkIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name_zh: str | None = Field(None, min_length=1, max_length=120)
    name_en: str | None = Field(None, max_length=200)
    region_code: str | None = Field(None, max_length=40)
    kind: str | None = Field(None, max_length=40)
    area_km2: float | None = Field(None, ge=0, le=10000)
    industries: str | None = Field(None, max_length=400)
    sectors: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    operator: str | None = Field(None, max_length=120)
    source: str | None = Field(None, max_length=300)


class ParkCreate(ParkIn):
    id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name_zh: str = Field(min_length=1, max_length=120)


class ParkOut(BaseModel):
    id: str
    name_zh: str
    name_en: str | None
    region_code: str | None
    kind: str | None
    area_km2: float | None
    industries: str | None
    sectors: str | None
    lat: float | None
    lon: float | None
    operator: str | None
    source: str | None
    synthetic: bool


class ParksPage(BaseModel):
    items: list[ParkOut]
    count: int


class EnterpriseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=200)
    uscc: str | None = Field(None, max_length=40)
    industries: str | None = Field(None, max_length=400)
    region: str | None = Field(None, max_length=40)
    address: str | None = Field(None, max_length=300)
    tags: str | None = Field(None, max_length=200)


class EnterpriseCreate(EnterpriseIn):
    name: str = Field(min_length=1, max_length=200)


class EnterpriseOut(BaseModel):
    id: str
    name: str
    uscc: str | None
    industries: str | None
    region: str | None
    address: str | None
    tags: str | None
    synthetic: bool


class EnterprisesPage(BaseModel):
    items: list[EnterpriseOut]
    count: int


def checked_uscc(code: str) -> str:
    """The normalised USCC, or a 400 naming the fault (length, bad character, check digit)."""
    from parkatlas.uscc import validate_uscc

    try:
        return validate_uscc(code)
    except ValueError as exc:
        raise WorkspaceError(f"uscc: {exc}") from None


def _park_out(p: Park) -> ParkOut:
    return ParkOut.model_validate({k: getattr(p, k) for k in ParkOut.model_fields})


def _ent_out(e: Enterprise) -> EnterpriseOut:
    return EnterpriseOut.model_validate({k: getattr(e, k) for k in EnterpriseOut.model_fields})


def _prefix(session: Session, region: str) -> str:
    from parkatlas.matching.needs import region_prefix
    from parkatlas.workspace.accounts import resolve_region

    return region_prefix(resolve_region(session, region))


def list_parks(session: Session, who: Principal | None, *, q: str | None = None, region: str | None = None,
               page: int = 1, per_page: int = 50, public_only: bool = False) -> ParksPage:  # fmt: skip
    """Parks by id. `public_only`: the parks that hold at least one public site."""
    cond: list[Any] = []
    if q:
        cond.append(or_(Park.name_zh.contains(q, autoescape=True), Park.name_en.contains(q, autoescape=True),
                        Park.id == q))  # fmt: skip
    if region:
        cond.append(Park.region_code.startswith(_prefix(session, region), autoescape=True))
    if public_only:
        from parkatlas.models import Site

        cond.append(Park.id.in_(select(Site.park).join(SiteState, SiteState.site_id == Site.id)
                                .where(SiteState.public.is_(True))))  # fmt: skip
    count = session.execute(select(func.count()).select_from(Park).where(*cond)).scalar_one()
    rows = session.execute(select(Park).where(*cond).order_by(Park.id).offset((page - 1) * per_page).limit(per_page))
    return ParksPage(items=[_park_out(p) for p in rows.scalars()], count=count)


def get_park(session: Session, park_id: str) -> ParkOut:
    p = session.get(Park, park_id)
    if p is None:
        raise not_found("park", park_id)
    return _park_out(p)


def _require_admin(who: Principal) -> None:
    if not who.is_admin:
        raise Forbidden("parks are kept by admins")


def _region(session: Session, data: dict[str, Any], key: str) -> None:
    if "industries" in data:  # every writer of parks and enterprises passes here
        data["industries"] = checked_industries(data["industries"])
    if key in data and not data[key]:
        data[key] = None  # "" is no region (regions are a foreign key)
    elif data.get(key):
        from parkatlas.workspace.accounts import resolve_region

        data[key] = resolve_region(session, str(data[key]))


def create_park(session: Session, who: Principal, body: ParkCreate) -> ParkOut:
    _require_admin(who)
    pid = body.id or f"K{uuid.uuid4().hex[:12].upper()}"
    if session.get(Park, pid) is not None:
        raise Conflict(f"park {pid} already exists")
    data = body.model_dump(exclude={"id"})
    _region(session, data, "region_code")
    p = Park(id=pid, **data, synthetic=False, updated_at=utcnow())
    session.add(p)
    session.flush()
    record(session, who, "parks", pid, "insert", {k: v for k, v in data.items() if v is not None})
    return _park_out(p)


def update_park(session: Session, who: Principal, park_id: str, body: ParkIn) -> ParkOut:
    p = session.get(Park, park_id)
    if p is None:
        raise not_found("park", park_id)
    _require_admin(who)
    patch = body.model_dump(exclude_unset=True)
    if "name_zh" in patch and not patch["name_zh"]:
        raise WorkspaceError("name_zh cannot be emptied")
    _region(session, patch, "region_code")
    changes = diff({k: getattr(p, k) for k in patch}, patch)
    for k, v in patch.items():
        setattr(p, k, v)
    if changes:
        p.updated_at = utcnow()
        record(session, who, "parks", park_id, "update", changes)
    return _park_out(p)


def delete_park(session: Session, who: Principal, park_id: str) -> None:
    p = session.get(Park, park_id)
    if p is None:
        raise not_found("park", park_id)
    _require_admin(who)
    for model, what in ((Site, "sites"), (Enterprise, "enterprises")):
        if session.execute(select(model.id).where(model.park == park_id).limit(1)).first():
            raise Conflict(f"park {park_id} has {what}: delete them or move them to another park first")
    record(session, who, "parks", park_id, "delete", {"name_zh": p.name_zh})
    session.delete(p)


def list_enterprises(session: Session, who: Principal, *, q: str | None = None, region: str | None = None,
                     page: int = 1, per_page: int = 50) -> EnterprisesPage:  # fmt: skip
    cond: list[Any] = []
    if q:
        cond.append(or_(Enterprise.name.contains(q, autoescape=True), Enterprise.uscc == q.upper()))
    if region:
        cond.append(Enterprise.region.startswith(_prefix(session, region), autoescape=True))
    count = session.execute(select(func.count()).select_from(Enterprise).where(*cond)).scalar_one()
    rows = session.execute(
        select(Enterprise).where(*cond).order_by(Enterprise.id).offset((page - 1) * per_page).limit(per_page)
    )
    return EnterprisesPage(items=[_ent_out(e) for e in rows.scalars()], count=count)


def get_enterprise(session: Session, ent_id: str) -> EnterpriseOut:
    e = session.get(Enterprise, ent_id)
    if e is None:
        raise not_found("enterprise", ent_id)
    return _ent_out(e)


def _checked_enterprise(session: Session, data: dict[str, Any], own_id: str | None) -> dict[str, Any]:
    if data.get("uscc"):
        data["uscc"] = checked_uscc(str(data["uscc"]))
        other = session.execute(select(Enterprise.id).where(Enterprise.uscc == data["uscc"])).scalar_one_or_none()
        if other is not None and other != own_id:
            raise Conflict(f"enterprise {other} already has USCC {data['uscc']}")
    _region(session, data, "region")
    return data


def create_enterprise(session: Session, who: Principal, body: EnterpriseCreate) -> EnterpriseOut:
    require_write(who)
    data = _checked_enterprise(session, body.model_dump(), None)
    e = Enterprise(id=f"E{uuid.uuid4().hex[:12].upper()}", **data, synthetic=False, updated_at=utcnow())
    session.add(e)
    session.flush()
    record(session, who, "enterprises", e.id, "insert", {k: v for k, v in data.items() if v is not None})
    return _ent_out(e)


def update_enterprise(session: Session, who: Principal, ent_id: str, body: EnterpriseIn) -> EnterpriseOut:
    e = session.get(Enterprise, ent_id)
    if e is None:
        raise not_found("enterprise", ent_id)
    require_write(who)
    patch = _checked_enterprise(session, body.model_dump(exclude_unset=True), ent_id)
    if "name" in patch and not patch["name"]:
        raise WorkspaceError("name cannot be emptied")
    changes = diff({k: getattr(e, k) for k in patch}, patch)
    for k, v in patch.items():
        setattr(e, k, v)
    if changes:
        e.updated_at = utcnow()
        record(session, who, "enterprises", ent_id, "update", changes)
    return _ent_out(e)


def delete_enterprise(session: Session, who: Principal, ent_id: str) -> None:
    e = session.get(Enterprise, ent_id)
    if e is None:
        raise not_found("enterprise", ent_id)
    if not who.is_admin:
        raise Forbidden("only admins delete enterprises")
    if session.execute(select(Project.id).where(Project.enterprise == ent_id).limit(1)).first() is not None:
        raise Conflict(f"enterprise {ent_id} has projects: delete or move them first")
    record(session, who, "enterprises", ent_id, "delete", {"name": e.name})
    session.delete(e)


