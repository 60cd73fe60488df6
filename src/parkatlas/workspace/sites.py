"""The resource library: sites (载体) and parks, read by every signed-in user, written by the
site's owning unit and its ancestors; status history, `verified_at`, stale and public flags.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlalchemy.orm import Session

from parkatlas.industry_links import codes_of, fields_of
from parkatlas.models import Park, Site, utcnow
from parkatlas.search import frequent, keyword_condition
from parkatlas.workspace.audit import diff, jsonable, record
from parkatlas.workspace.errors import WorkspaceError, not_found
from parkatlas.workspace.industries import checked_industries
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import SiteState, SiteStatusEvent
from parkatlas.workspace.visibility import require_site_write, require_write

Kind = Literal["land", "factory", "office", "lab", "warehouse"]
Status = Literal["available", "reserved", "occupied"]
Tenure = Literal["lease", "sale", "both"]
MAX_PER_PAGE = 500

# the columns a client may write (the rest: id, synthetic, updated_at are the atlas's own)
SITE_FIELDS = (
    "park", "region", "kind", "land_use", "tenure", "area_m2", "rent_cny_m2_day", "price_cny_m2",
    "floor_load_kn_m2", "clear_height_m", "power_kva", "floors", "env_class_max", "hazardous_ok",
    "status", "available_from", "industries", "preferred_industries", "lat", "lon", "address",
    "source", "name", "town", "area_min_m2", "rent_max_cny_m2_day", "negotiable", "contact", "phone",
    "description", "attrs",
)  # fmt: skip


class _SiteFields(BaseModel):
    model_config = ConfigDict(extra="forbid")
    park: str | None = Field(None, max_length=64)
    region: str | None = Field(None, max_length=40, description="region code or name")
    land_use: str | None = Field(None, max_length=8)
    tenure: Tenure | None = None
    rent_cny_m2_day: float | None = Field(None, ge=0, le=1000)
    price_cny_m2: float | None = Field(None, ge=0, le=1e7)
    floor_load_kn_m2: float | None = Field(None, ge=0, le=1000)
    clear_height_m: float | None = Field(None, ge=0, le=200)
    power_kva: float | None = Field(None, ge=0, le=1e7)
    floors: int | None = Field(None, ge=0, le=200)
    env_class_max: int | None = Field(None, ge=1, le=3)
    hazardous_ok: bool | None = None
    available_from: dt.date | None = None
    industries: str | None = Field(None, max_length=400)
    preferred_industries: str | None = Field(None, max_length=400)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    address: str | None = Field(None, max_length=300)
    source: str | None = Field(None, max_length=300)
    name: str | None = Field(None, max_length=200, description="载体名称")
    town: str | None = Field(None, max_length=80, description="街镇")
    area_min_m2: float | None = Field(None, gt=0, le=1e8, description="smallest divisible unit")
    rent_max_cny_m2_day: float | None = Field(None, ge=0, le=1000, description="high end of a rent range")
    negotiable: bool | None = Field(None, description="面议: price or rent on request")
    contact: str | None = Field(None, max_length=120, description="联系人")
    phone: str | None = Field(None, max_length=80, description="联系电话")
    description: str | None = Field(None, max_length=4000, description="备注")
    attrs: dict[str, str | int | float | bool | None] | None = Field(
        None, description="kept attributes: a column the atlas has no field for, header → value as typed"
    )
    public: bool | None = None


class SiteCreate(_SiteFields):
    id: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    kind: Kind
    area_m2: float = Field(gt=0, le=1e8)
    status: Status = "available"
    owner_unit: str | None = Field(None, description="admins only; default: the caller's unit")


class SiteUpdate(_SiteFields):
    kind: Kind | None = None
    area_m2: float | None = Field(None, gt=0, le=1e8)
    status: Status | None = None
    verified: bool | None = Field(None, description="true: confirmed by a person now (verified_at)")
    note: str | None = Field(None, max_length=1000, description="kept with a status change")


class SiteOut(BaseModel):
    id: str
    park: str | None
    region: str | None
    kind: str
    land_use: str | None
    tenure: str | None
    area_m2: float
    rent_cny_m2_day: float | None
    price_cny_m2: float | None
    floor_load_kn_m2: float | None
    clear_height_m: float | None
    power_kva: float | None
    floors: int | None
    env_class_max: int | None
    hazardous_ok: bool | None
    status: str
    available_from: dt.date | None
    industries: str | None
    preferred_industries: str | None
    lat: float | None
    lon: float | None
    address: str | None
    source: str | None
    name: str | None = None
    town: str | None = None
    area_min_m2: float | None = None
    rent_max_cny_m2_day: float | None = None
    negotiable: bool | None = None
    contact: str | None = None
    phone: str | None = None
    description: str | None = None
    attrs: dict[str, Any] | None = None
    synthetic: bool
    updated_at: dt.datetime | None
    owner_unit: str | None
    public: bool
    verified_at: dt.datetime | None
    stale: bool


class SitesPage(BaseModel):
    items: list[SiteOut]
    count: int
    count_exact: bool = Field(True, description="false: at least `count` sites match (counted up to a limit)")


class SiteFilter(BaseModel):
    kind: Kind | None = None
    region: str | None = None
    park: str | None = None
    status: Status | None = None
    area_min: float | None = None
    area_max: float | None = None
    rent_max: float | None = Field(None, ge=0, description="元/㎡/天: stated rent (low end) at most")
    floor_load_min: float | None = Field(None, ge=0, description="kN/㎡: floor load at least")
    height_min: float | None = Field(None, ge=0, description="m: clear height at least")
    power_min: float | None = Field(None, ge=0, description="kVA: electric capacity at least")
    q: str | None = None
    stale: bool | None = None
    public: bool | None = None
    owner_unit: str | None = None


class StatusEventOut(BaseModel):
    from_status: str | None
    to_status: str
    at: dt.datetime
    actor: str | None
    unit: str | None
    note: str | None


def _cutoff(stale_days: int) -> dt.datetime:
    return utcnow() - dt.timedelta(days=stale_days)


def region_prefix_for(session: Session, text: str) -> str:
    """The region code prefix a filter's region (a code or a name) stands for."""
    from parkatlas.matching.needs import region_prefix
    from parkatlas.workspace.accounts import resolve_region

    return region_prefix(resolve_region(session, text))


def site_conditions(session: Session, f: SiteFilter, stale_days: int,
                    dense: bool | None = None) -> tuple[list[Any], bool]:  # fmt: skip
    """WHERE conditions for a filter, and whether they need site_state joined. ``dense``: the
    keyword is held by many sites, so it is read by a scan, not through its index (None: ask
    the index, `search.frequent`)."""
    cond: list[Any] = []
    join = False
    if f.kind:
        cond.append(Site.kind == f.kind)
    if f.status:
        cond.append(Site.status == f.status)
    if f.park:
        cond.append(Site.park == f.park)
    if f.region:
        prefix = region_prefix_for(session, f.region)
        # region codes are digits, so [prefix, prefix + "z"] holds exactly the codes that start
        # with the prefix, as a range the (kind, status, region, area, id) index can seek
        cond += [Site.region >= prefix, Site.region <= prefix + "z"]
    if f.area_min is not None:
        cond.append(Site.area_m2 >= f.area_min)
    if f.area_max is not None:
        cond.append(Site.area_m2 <= f.area_max)
    # a site that does not state the figure (面议, unknown) does not pass a bound on it
    if f.rent_max is not None:
        cond.append(Site.rent_cny_m2_day <= f.rent_max)
    if f.floor_load_min is not None:
        cond.append(Site.floor_load_kn_m2 >= f.floor_load_min)
    if f.height_min is not None:
        cond.append(Site.clear_height_m >= f.height_min)
    if f.power_min is not None:
        cond.append(Site.power_kva >= f.power_min)
    if f.q:
        # what names a site for a person, and every kept attribute (header → value as typed),
        # looked up in the trigram index when the keyword is long enough (parkatlas.search)
        many = frequent(session, f.q) if dense is None else dense
        cond.append(keyword_condition(Site, f.q, indexed=not many))
    if f.public is not None:
        join = True
        # `= true` (not IS): a strict condition lets the database turn the outer join into an
        # inner one driven by the index on site_state.public
        cond.append(SiteState.public == true() if f.public
                    else or_(SiteState.public.is_(None), SiteState.public.is_(False)))  # fmt: skip
    if f.owner_unit:
        join = True
        cond.append(SiteState.owner_unit == f.owner_unit)
    if f.stale is not None:
        cond.append(_stale_condition(_cutoff(stale_days), f.stale))
    return cond, join


def _stale_condition(cut: dt.datetime, stale: bool) -> ColumnElement[bool]:
    """A site's last confirmation is site_state.verified_at, else its last write; written as
    two index ranges (verified_at, updated_at) instead of a scan of coalesce() over a join."""
    confirmed = select(SiteState.site_id).where(SiteState.verified_at.is_not(None))
    if stale:
        by_person = select(SiteState.site_id).where(SiteState.verified_at < cut)
        return or_(Site.id.in_(by_person), and_(Site.updated_at < cut, Site.id.not_in(confirmed)))
    by_person = select(SiteState.site_id).where(SiteState.verified_at >= cut)
    return or_(Site.id.in_(by_person), and_(Site.updated_at >= cut, Site.id.not_in(confirmed)))


def _with_state(q: Any) -> Any:  # any Select: the join adds no columns
    return q.outerjoin(SiteState, SiteState.site_id == Site.id)


COUNT_LIMIT = 10_000
"""Lists filtered on a figure the site-list index does not hold (rent, load, height, power,
a keyword, freshness) are counted up to this many; beyond it the count says "at least"."""
EXACT_FILTERS = frozenset({"kind", "status", "region", "area_min", "area_max", "park", "public", "owner_unit"})
"""Filters answered from indexes alone, so their lists are always counted exactly."""
FEW = 2000
"""An exactly counted list this short is read whole and sorted here: the database's planner,
not knowing how few match, might otherwise walk every id in order."""


def list_sites(
    session: Session, who: Principal, f: SiteFilter, *, page: int = 1, per_page: int = 50,
    stale_days: int = 90, public_only: bool = False,
) -> SitesPage:  # fmt: skip
    """Sites matching the filter, by id; every signed-in user may read the library.

    ``count`` is exact, except for a filter on a figure outside the list index (see
    :data:`EXACT_FILTERS`) with more than :data:`COUNT_LIMIT` matches: then it is
    ``COUNT_LIMIT`` and ``count_exact`` is false (a million-site count of such a filter is a
    scan of the table; the first pages do not need it)."""
    if public_only:
        f = f.model_copy(update={"public": True})
    cond, join = site_conditions(session, f, stale_days)

    def base(q: Any) -> Any:
        return (_with_state(q) if join else q).where(*cond)

    start = (page - 1) * per_page
    if f.model_dump(exclude_none=True).keys() - EXACT_FILTERS:
        # read up to COUNT_LIMIT + 1 matching ids in one pass: their number is the count, and
        # when that is all of them, the page is cut from them here
        found = list(session.execute(base(select(Site.id)).limit(COUNT_LIMIT + 1)).scalars())
        exact = len(found) <= COUNT_LIMIT
        count = len(found) if exact else COUNT_LIMIT
        ids = sorted(found)[start:start + per_page] if exact else None
        if not exact and f.q:  # a keyword more than 10,000 sites hold: its page by a scan in id order
            cond, join = site_conditions(session, f, stale_days, dense=True)
    else:
        exact = True
        count = session.execute(base(select(func.count()).select_from(Site))).scalar_one()
        # few: every id from the filter's own index, sorted here
        ids = sorted(session.execute(base(select(Site.id))).scalars())[start:start + per_page] if count <= FEW else None
    if ids is None:
        # ids first (an index-only scan when the filter fits the list index), then the rows
        ids = list(session.execute(base(select(Site.id)).order_by(Site.id).offset(start).limit(per_page)).scalars())
    return SitesPage(items=_page_rows(session, ids, stale_days), count=count, count_exact=exact)


# the shape's fields the table holds; industries come from their link rows in one more read
_ROW_COLUMNS = tuple(c for c in SiteOut.model_fields if c in Site.__table__.columns)
LINK_FIELDS = fields_of("sites")
_PAGE_SELECT = select(*(Site.__table__.c[c] for c in _ROW_COLUMNS), SiteState.owner_unit, SiteState.public,
                      SiteState.verified_at).outerjoin(SiteState, SiteState.site_id == Site.id)  # fmt: skip


def _page_rows(session: Session, ids: list[str], stale_days: int) -> list[SiteOut]:
    """The sites of a page with their state, in the order of `ids`: one query of plain rows
    (no ORM objects: a page is read, never changed)."""
    if not ids:
        return []
    cut = _cutoff(stale_days)
    by_id: dict[str, SiteOut] = {}
    codes = codes_of(session, "sites", ids)
    for row in session.execute(_PAGE_SELECT.where(Site.id.in_(ids))).mappings():
        data = dict(row)
        data.update(dict.fromkeys(LINK_FIELDS), **codes.get(data["id"], {}))
        verified = data["verified_at"]
        effective = verified or data["updated_at"]
        data["public"] = bool(data["public"])
        data["stale"] = effective is None or effective < cut
        by_id[data["id"]] = SiteOut.model_validate(data)
    return [by_id[i] for i in ids if i in by_id]


def _out(s: Site, st: SiteState | None, stale_days: int) -> SiteOut:
    verified = st.verified_at if st is not None else None
    effective = verified or s.updated_at
    data = {c: getattr(s, c) for c in SiteOut.model_fields if hasattr(Site, c) and c != "stale"}
    return SiteOut(**data, owner_unit=st.owner_unit if st else None,
                   public=bool(st.public) if st else False, verified_at=verified,
                   stale=effective is None or effective < _cutoff(stale_days))  # fmt: skip


def get_site(session: Session, who: Principal, site_id: str, *, stale_days: int = 90,
             public_only: bool = False) -> SiteOut:  # fmt: skip
    s = session.get(Site, site_id)
    st = session.get(SiteState, site_id)
    if s is None or (public_only and not (st is not None and st.public)):
        raise not_found("site", site_id)
    return _out(s, st, stale_days)


def _checked_values(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    from parkatlas.workspace.accounts import resolve_region

    for key in ("industries", "preferred_industries"):
        if key in data:
            data[key] = checked_industries(data[key], key)
    for key in ("region", "park"):  # "" is none (both are foreign keys)
        if key in data and not data[key]:
            data[key] = None
    if data.get("region"):
        data["region"] = resolve_region(session, str(data["region"]))
    if data.get("park") and session.get(Park, data["park"]) is None:
        raise WorkspaceError(f"park {data['park']!r} not found: GET /api/v1/parks lists the parks")
    return data


def create_site(session: Session, who: Principal, body: SiteCreate, *, stale_days: int = 90) -> SiteOut:
    require_write(who)
    owner = who.unit_id
    if body.owner_unit and body.owner_unit != who.unit_id:
        if not (who.is_admin or body.owner_unit in who.scope):
            raise WorkspaceError("owner_unit: officers may create sites for their unit or the units below it")
        owner = body.owner_unit
    if owner is not None:
        from parkatlas.models import Unit

        if session.get(Unit, owner) is None:
            raise WorkspaceError(f"owner_unit {owner!r} not found: GET /api/v1/units lists the units")
    sid = body.id or f"S{uuid.uuid4().hex[:12].upper()}"
    if session.get(Site, sid) is not None:
        from parkatlas.workspace.errors import Conflict

        raise Conflict(f"site {sid} already exists: PATCH /api/v1/sites/{sid} changes it")
    values = _checked_values(session, body.model_dump(include=set(SITE_FIELDS)))
    now = utcnow()
    site = Site(id=sid, **values, synthetic=False, updated_at=now)
    session.add(site)
    st = SiteState(site_id=sid, owner_unit=owner, public=bool(body.public), verified_at=now,
                   verified_by=who.login)  # fmt: skip
    session.add(st)
    session.flush()
    session.add(SiteStatusEvent(site_id=sid, from_status=None, to_status=site.status, at=now,
                                actor=who.login, unit_id=who.unit_id))  # fmt: skip
    record(session, who, "sites", sid, "insert",
           {k: v for k, v in values.items() if v is not None} | {"owner_unit": owner})  # fmt: skip
    return _out(site, st, stale_days)


def update_site(session: Session, who: Principal, site_id: str, body: SiteUpdate, *,
                stale_days: int = 90) -> SiteOut:  # fmt: skip
    site = session.get(Site, site_id)
    if site is None:
        raise not_found("site", site_id)
    st = session.get(SiteState, site_id)
    require_site_write(who, st.owner_unit if st else None)
    patch = _checked_values(session, body.model_dump(include=set(SITE_FIELDS), exclude_unset=True))
    for key in ("kind", "area_m2", "status"):
        if key in patch and patch[key] is None:
            raise WorkspaceError(f"{key} cannot be emptied")
    old = {k: getattr(site, k) for k in patch}
    changes = diff(old, patch)
    now = utcnow()
    if st is None:
        st = SiteState(site_id=site_id, owner_unit=None, public=False)
        session.add(st)
    if body.public is not None and body.public != st.public:
        changes["public"] = [st.public, body.public]
        st.public = body.public
    if body.verified:
        st.verified_at, st.verified_by = now, who.login
        changes["verified_at"] = [None, now.isoformat()]
    if "status" in changes:
        session.add(SiteStatusEvent(site_id=site_id, from_status=site.status, to_status=patch["status"],
                                    at=now, actor=who.login, unit_id=who.unit_id, note=body.note))  # fmt: skip
    for k, v in patch.items():
        setattr(site, k, v)
    if changes:
        site.updated_at = now
        # a person changing the facts has looked at them
        st.verified_at, st.verified_by = now, who.login
        record(session, who, "sites", site_id, "update", changes)
    session.flush()
    return _out(site, st, stale_days)


def delete_site(session: Session, who: Principal, site_id: str) -> None:
    site = session.get(Site, site_id)
    if site is None:
        raise not_found("site", site_id)
    st = session.get(SiteState, site_id)
    require_site_write(who, st.owner_unit if st else None)
    record(session, who, "sites", site_id, "delete",
           {c: jsonable(getattr(site, c)) for c in ("kind", "area_m2", "status", "park", "region")})  # fmt: skip
    session.delete(site)
    session.flush()


def status_history(session: Session, who: Principal, site_id: str) -> list[StatusEventOut]:
    if session.get(Site, site_id) is None:
        raise not_found("site", site_id)
    rows = session.execute(
        select(SiteStatusEvent).where(SiteStatusEvent.site_id == site_id).order_by(SiteStatusEvent.id)
    ).scalars()
    return [StatusEventOut(from_status=r.from_status, to_status=r.to_status, at=r.at, actor=r.actor,
                           unit=r.unit_id, note=r.note) for r in rows]  # fmt: skip


def claim_sites(session: Session, who: Principal, site_ids: list[str], unit: str) -> int:
    """Give unowned sites (imported or demo) an owner unit; existing owners are kept."""
    owned = set(session.execute(select(SiteState.site_id).where(
        SiteState.site_id.in_(site_ids), SiteState.owner_unit.is_not(None))).scalars())  # fmt: skip
    n = 0
    for sid in site_ids:
        if sid in owned:
            continue
        st = session.get(SiteState, sid)
        if st is None:
            session.add(SiteState(site_id=sid, owner_unit=unit, public=False))
        else:
            st.owner_unit = unit
        n += 1
    return n


