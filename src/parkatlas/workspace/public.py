"""The public portal's data: only sites marked public, only their public fields; inquiries
that become leads of the right unit.

An inquiry's lead is owned by the site's unit; else by the district bureau whose region
holds the site; else by nobody (then only admins see it).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.models import Site, Unit
from parkatlas.workspace import sites as site_core
from parkatlas.workspace.errors import not_found
from parkatlas.workspace.leads import EnterpriseRef, ProjectCreate, register_lead
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.registry import ParksPage, list_parks
from parkatlas.workspace.tables import Inquiry, SiteState

PUBLIC_FIELDS = (
    "id", "park", "region", "kind", "land_use", "tenure", "area_m2", "rent_cny_m2_day",
    "price_cny_m2", "floor_load_kn_m2", "clear_height_m", "power_kva", "floors", "env_class_max",
    "status", "available_from", "industries", "lat", "lon", "address", "synthetic", "verified_at",
    "stale",
)  # fmt: skip
INQUIRER = Principal(login="public-inquiry", role="officer", unit_id=None, scope=frozenset(), via="public")


class PublicSiteFilter(BaseModel):
    kind: site_core.Kind | None = None
    region: str | None = Field(None, max_length=40)
    park: str | None = Field(None, max_length=64)
    status: site_core.Status | None = None
    area_min: float | None = None
    area_max: float | None = None
    rent_max: float | None = Field(None, ge=0, description="元/㎡/天: rent at most")
    q: str | None = Field(None, max_length=100)


class PublicSite(BaseModel):
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
    status: str
    available_from: dt.date | None
    industries: str | None
    lat: float | None
    lon: float | None
    address: str | None
    synthetic: bool
    verified_at: dt.datetime | None
    stale: bool


class PublicSitesPage(BaseModel):
    items: list[PublicSite]
    count: int
    count_exact: bool = True


def _public(s: site_core.SiteOut) -> PublicSite:
    return PublicSite.model_validate(s.model_dump(include=set(PUBLIC_FIELDS)))


def public_sites(session: Session, pf: PublicSiteFilter, *, page: int, per_page: int,
                 stale_days: int) -> PublicSitesPage:  # fmt: skip
    f = site_core.SiteFilter(**pf.model_dump())
    res = site_core.list_sites(session, INQUIRER, f, page=page, per_page=per_page,
                               stale_days=stale_days, public_only=True)  # fmt: skip
    return PublicSitesPage(items=[_public(s) for s in res.items], count=res.count, count_exact=res.count_exact)


def public_site(session: Session, site_id: str, *, stale_days: int) -> PublicSite:
    return _public(site_core.get_site(session, INQUIRER, site_id, stale_days=stale_days, public_only=True))


def public_parks(session: Session, *, page: int, per_page: int) -> ParksPage:
    return list_parks(session, None, page=page, per_page=per_page, public_only=True)


class InquiryBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    site_id: str = Field(min_length=1, max_length=64)
    company: str = Field(min_length=1, max_length=200)
    contact: str | None = Field(None, max_length=80)
    phone: str | None = Field(None, max_length=40)
    message: str | None = Field(None, max_length=4000)
    website: str | None = Field(None, max_length=200, description="leave empty (a trap for robots)")


class InquiryAccepted(BaseModel):
    status: str = "received"


def inquiry_owner(session: Session, site: Site) -> str | None:
    st = session.get(SiteState, site.id)
    if st is not None and st.owner_unit:
        return st.owner_unit
    if site.region:
        from parkatlas.matching.needs import region_prefix

        for code, region in session.execute(
            select(Unit.id, Unit.region_code).where(Unit.parent_id.is_(None), Unit.region_code.is_not(None))
            .order_by(Unit.id)
        ).all():  # fmt: skip
            if region and site.region.startswith(region_prefix(region)):
                return str(code)
    return None


def submit_inquiry(session: Session, body: InquiryBody, *, address: str | None,
                   protection_days: int = 14) -> InquiryAccepted:  # fmt: skip
    """Record the inquiry and register it as a lead (source `inquiry`) of the right unit."""
    site = session.get(Site, body.site_id)
    st = session.get(SiteState, body.site_id)
    if site is None or st is None or not st.public:
        raise not_found("site", body.site_id)
    if body.website:  # the honeypot was filled: answer as usual, keep nothing
        return InquiryAccepted()
    owner = inquiry_owner(session, site)
    lead = register_lead(
        session, INQUIRER,
        ProjectCreate(name=f"{body.company} — 咨询载体 {site.id}", enterprise=EnterpriseRef(name=body.company),
                      needs={"kind": site.kind, "area_m2": {"min": round(site.area_m2 * 0.8), "max": round(site.area_m2 * 1.25)}}),
        protection_days=protection_days, source="inquiry", owner_override=owner, check_rights=False,
    )  # fmt: skip
    session.add(Inquiry(site_id=site.id, company=body.company, contact=body.contact, phone=body.phone,
                        message=body.message, project_id=lead.id, address=address))  # fmt: skip
    return InquiryAccepted()
