"""The atlas's tables as SQLAlchemy 2 typed models. The schema changes only through migrations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    select,
    text,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, column_property, declared_attr, mapped_column
from sqlalchemy.sql.functions import FunctionElement


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}

    if TYPE_CHECKING:
        # DeclarativeBase types __table__ as a FromClause (a class may be mapped to a join or a
        # subquery); every model here is declared by __tablename__, so its __table__ is a Table.
        __table__: ClassVar[Table]


class Region(Base):
    """行政区划: province, city, district/county, town; keyed by the 6-digit (or 9-digit town) code."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), index=True)
    short_name: Mapped[str | None] = mapped_column(String(40), index=True)
    name_en: Mapped[str | None] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(12))  # province, city, district, town
    parent_code: Mapped[str | None] = mapped_column(String(12), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(200))


class Industry(Base):
    """GB/T 4754-2017 国民经济行业分类: sections A–T, divisions, groups, classes."""

    __tablename__ = "industries"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    level: Mapped[str] = mapped_column(String(10))
    section: Mapped[str] = mapped_column(String(1))
    division: Mapped[str | None] = mapped_column(String(2))
    group: Mapped[str | None] = mapped_column("grp", String(3))
    name_zh: Mapped[str] = mapped_column(String(120), index=True)
    name_en: Mapped[str | None] = mapped_column(String(160))
    note_zh: Mapped[str | None] = mapped_column(Text)


class EmergingIndustry(Base):
    """The 9 areas of the 2018 strategic emerging industries classification (战略性新兴产业分类)."""

    __tablename__ = "emerging_industries"
    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(80))


class Unit(Base):
    """招商单位: the team that owns leads (district bureau, town, park operator)."""

    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))  # bureau, town, park_operator
    region_code: Mapped[str | None] = mapped_column(String(12))
    # the unit above (a town's district bureau); None for a district bureau (a tree's root)
    parent_id: Mapped[str | None] = mapped_column(String(64), index=True)


class _IndustryLink:
    """The shape of every industry link table: (owner, role, pos) → a GB/T 4754 code, stored in
    primary-key order (no rowid on SQLite), so a record's codes of one role are read back in
    `pos` order. A subclass declares its owner column (sort_order 0: first in the key)."""

    __tablename__: str
    __table_args__: Any = {"sqlite_with_rowid": False}
    role: Mapped[str] = mapped_column(String(10), primary_key=True, sort_order=1)
    pos: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=2)

    @declared_attr
    def code(cls) -> Mapped[str]:
        return mapped_column(ForeignKey("industries.code", name=f"fk_{cls.__tablename__}_code"),
                             index=True, sort_order=3)  # fmt: skip


def _owner(table: str, owner: str) -> Any:
    """The owner column of a link table: a key to the record, deleted with it."""
    return mapped_column(ForeignKey(f"{table}.id", ondelete="CASCADE", name=f"fk_{owner}_industries_{owner}"),
                         primary_key=True, sort_order=0)  # fmt: skip


class SiteIndustry(_IndustryLink, Base):
    """A site's industries as rows (0012): role `allowed` (可入驻) or `preferred` (优先), in
    the order written (`pos`)."""

    __tablename__ = "site_industries"
    site_id: Mapped[str] = _owner("sites", "site")


class ParkIndustry(_IndustryLink, Base):
    """A park's positioning industries (产业定位) as rows, role `main`."""

    __tablename__ = "park_industries"
    park_id: Mapped[str] = _owner("parks", "park")


class EnterpriseIndustry(_IndustryLink, Base):
    """An enterprise's industries (所属行业) as rows, role `main`."""

    __tablename__ = "enterprise_industries"
    enterprise_id: Mapped[str] = _owner("enterprises", "enterprise")


class ProjectIndustry(_IndustryLink, Base):
    """A project's industries as rows, role `main`."""

    __tablename__ = "project_industries"
    project_id: Mapped[str] = _owner("projects", "project")


class codes_agg(FunctionElement[str]):  # noqa: N801 - a SQL function's name
    """`;`-joined codes of link rows in `pos` order: PostgreSQL `string_agg(… ORDER BY pos)`;
    SQLite `group_concat`, which reads a WITHOUT ROWID table's rows in primary-key order."""

    type = String()
    name = "codes_agg"
    inherit_cache = True


@compiles(codes_agg, "postgresql")
def _codes_agg_pg(element: codes_agg, compiler: Any, **kw: Any) -> str:
    code, pos = element.clauses
    return f"string_agg({compiler.process(code, **kw)}, ';' ORDER BY {compiler.process(pos, **kw)})"


@compiles(codes_agg)
def _codes_agg_default(element: codes_agg, compiler: Any, **kw: Any) -> str:
    code, _ = element.clauses
    return f"group_concat({compiler.process(code, **kw)}, ';')"


def _codes(link: Any, owner_col: Any, owner_id: Any, role: str) -> Any:
    """A record's codes of one role as `;`-joined text, read from its link rows (a correlated
    subquery; None when it has none)."""
    return column_property(
        select(codes_agg(link.code, link.pos))
        .where(owner_col == owner_id, link.role == role)
        .correlate_except(link)
        .scalar_subquery()
    )


class Park(Base):
    __tablename__ = "parks"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(120), index=True)
    name_en: Mapped[str | None] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(
        ForeignKey("regions.code", name="fk_parks_region"), index=True
    )
    kind: Mapped[str | None] = mapped_column(String(40))
    area_km2: Mapped[float | None] = mapped_column(Float)
    # positioning industries: rows of park_industries, read as `;`-joined codes
    industries: Mapped[str | None] = _codes(ParkIndustry, ParkIndustry.park_id, id, "main")
    sectors: Mapped[str | None] = mapped_column(String(200))  # positioning, e.g. 集成电路;生物医药
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    operator: Mapped[str | None] = mapped_column(String(120))
    source: Mapped[str | None] = mapped_column(String(300))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str | None] = mapped_column(String(120))  # 联系人
    phone: Mapped[str | None] = mapped_column(String(80))  # 联系电话
    notes: Mapped[str | None] = mapped_column(Text)  # 备注
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # other columns: header → value
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Site(Base):
    """载体: a land parcel or a space in a building that can be let or sold."""

    __tablename__ = "sites"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    park: Mapped[str | None] = mapped_column(ForeignKey("parks.id", name="fk_sites_park"), index=True)
    region: Mapped[str | None] = mapped_column(
        ForeignKey("regions.code", name="fk_sites_region"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))  # land, factory, office, lab, warehouse
    land_use: Mapped[str | None] = mapped_column(String(8))  # M1, M2, M3, M0, W1…
    tenure: Mapped[str | None] = mapped_column(String(8))  # lease, sale, both
    area_m2: Mapped[float] = mapped_column(Float)
    rent_cny_m2_day: Mapped[float | None] = mapped_column(Float)
    price_cny_m2: Mapped[float | None] = mapped_column(Float)
    floor_load_kn_m2: Mapped[float | None] = mapped_column(Float)
    clear_height_m: Mapped[float | None] = mapped_column(Float)
    power_kva: Mapped[float | None] = mapped_column(Float)
    floors: Mapped[int | None] = mapped_column(Integer)
    env_class_max: Mapped[int | None] = mapped_column(Integer)  # 1 (clean) … 3 (heavy)
    hazardous_ok: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(10), default="available")
    available_from: Mapped[dt.date | None] = mapped_column(Date)
    # allowed and preferred industries: rows of site_industries, read as `;`-joined codes
    industries: Mapped[str | None] = _codes(SiteIndustry, SiteIndustry.site_id, id, "allowed")
    preferred_industries: Mapped[str | None] = _codes(SiteIndustry, SiteIndustry.site_id, id, "preferred")
    indicators: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # 标准地 preset indicators
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(300))
    source: Mapped[str | None] = mapped_column(String(300))
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str | None] = mapped_column(String(200), index=True)  # 载体名称
    town: Mapped[str | None] = mapped_column(String(80))  # 所在街镇, as written
    area_min_m2: Mapped[float | None] = mapped_column(Float)  # smallest divisible unit
    rent_max_cny_m2_day: Mapped[float | None] = mapped_column(Float)  # high end of a rent range
    negotiable: Mapped[bool | None] = mapped_column(Boolean)  # 面议: rent/price by negotiation
    contact: Mapped[str | None] = mapped_column(String(120))  # 联系人
    phone: Mapped[str | None] = mapped_column(String(80))  # 联系电话
    description: Mapped[str | None] = mapped_column(Text)  # 备注/说明
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # other columns: header → value
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_sites_kind_status_area", "kind", "status", "area_m2"),
        # the server's matching index polls for sites changed since it last looked
        Index("ix_sites_updated_at", "updated_at"),
        # the workspace's filtered lists: kind, status, a region prefix (as a range), area and
        # the figures, so any mix of the list's filters is read from the index alone (0008)
        Index("ix_sites_list_filters", "kind", "status", "region", "area_m2", "rent_cny_m2_day",
              "floor_load_kn_m2", "clear_height_m", "power_kva", "id"),
        # a filter on one figure alone: partial (rows that state it), with the id
        *(Index(f"ix_sites_{c}_id", c, "id", sqlite_where=text(f"{c} IS NOT NULL"),
                postgresql_where=text(f"{c} IS NOT NULL"))
          for c in ("rent_cny_m2_day", "floor_load_kn_m2", "clear_height_m", "power_kva")),
    )


class Enterprise(Base):
    __tablename__ = "enterprises"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    uscc: Mapped[str | None] = mapped_column(String(18), unique=True)
    industries: Mapped[str | None] = _codes(EnterpriseIndustry, EnterpriseIndustry.enterprise_id, id, "main")
    region: Mapped[str | None] = mapped_column(
        ForeignKey("regions.code", name="fk_enterprises_region"), index=True
    )
    address: Mapped[str | None] = mapped_column(String(300))
    tags: Mapped[str | None] = mapped_column(String(200))  # ';'-separated: 专精特新;小巨人…
    business_scope: Mapped[str | None] = mapped_column(Text)  # 经营范围
    products: Mapped[str | None] = mapped_column(Text)  # 主营产品
    park: Mapped[str | None] = mapped_column(  # 所属园区
        ForeignKey("parks.id", name="fk_enterprises_park"), index=True
    )
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    contact: Mapped[str | None] = mapped_column(String(120))  # 联系人
    phone: Mapped[str | None] = mapped_column(String(80))  # 联系电话
    notes: Mapped[str | None] = mapped_column(Text)  # 备注
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # other columns: header → value
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Project(Base):
    """招商项目: an enterprise's investment project, with its needs and its stage."""

    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    enterprise: Mapped[str | None] = mapped_column(
        ForeignKey("enterprises.id", name="fk_projects_enterprise"), index=True
    )
    industries: Mapped[str | None] = _codes(ProjectIndustry, ProjectIndustry.project_id, id, "main")
    investment_wan: Mapped[float | None] = mapped_column(Float)  # 万元
    output_wan_year: Mapped[float | None] = mapped_column(Float)
    tax_wan_year: Mapped[float | None] = mapped_column(Float)
    jobs: Mapped[int | None] = mapped_column(Integer)
    needs: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    owner_unit: Mapped[str | None] = mapped_column(String(64), index=True)
    stage: Mapped[str] = mapped_column(String(24), default="lead")
    synthetic: Mapped[bool] = mapped_column(Boolean, default=False)
    attrs: Mapped[dict[str, Any] | None] = mapped_column(JSON)  # other columns: header → value
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class StageEvent(Base):
    __tablename__ = "stage_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    from_stage: Mapped[str | None] = mapped_column(String(24))
    to_stage: Mapped[str] = mapped_column(String(24))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str | None] = mapped_column(String(80))
    unit_id: Mapped[str | None] = mapped_column(String(64))  # the actor's unit (workspace)
    note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """Every change: who, when, what, old → new (per row for updates, per batch for bulk inserts)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    unit_id: Mapped[str | None] = mapped_column(String(64), index=True)  # the actor's unit
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(20))  # insert, update, delete, import
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Document(Base):
    """A news or policy text; its id is the hash of its normalized text (ingest is idempotent)."""

    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(500))
    lang: Mapped[str | None] = mapped_column(String(8))
    published: Mapped[dt.date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    extractor: Mapped[str | None] = mapped_column(
        String(40)
    )  # versioned name, e.g. parkatlas.facts.v1
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Fact(Base):
    """A quantity found in a document (shared/intel/GUIDELINES.md)."""

    __tablename__ = "facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    quote: Mapped[str] = mapped_column(String(300))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))
    metric: Mapped[str | None] = mapped_column(String(24), index=True)
    measure: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(8))
    region: Mapped[str | None] = mapped_column(String(80))
    region_code: Mapped[str | None] = mapped_column(String(12), index=True)
    period: Mapped[int | None] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String(8))
    # issue 13 §2: the months stated ("2026-01" … "2026-09"), the sub-metric, the single
    # project the figure belongs to, and the sentence it came from (offsets into the text)
    span_start: Mapped[str | None] = mapped_column(String(7))
    span_end: Mapped[str | None] = mapped_column(String(7))
    sub_metric: Mapped[str | None] = mapped_column(String(32))
    project: Mapped[str | None] = mapped_column(String(200))
    context_start: Mapped[int | None] = mapped_column(Integer)
    context_end: Mapped[int | None] = mapped_column(Integer)


class Signing(Base):
    """A signing reported in a document (issue 13 §4): one project, or a batch with a count.

    ``status``: new → offered as a lead candidate; accepted (a lead project was created,
    ``lead_project_id``) or dismissed, by ``decided_by`` at ``decided_at``."""

    __tablename__ = "signings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    project: Mapped[str | None] = mapped_column(String(200))
    enterprise: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(80))
    place_code: Mapped[str | None] = mapped_column(String(12), index=True)
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(8))
    count: Mapped[int | None] = mapped_column(Integer)
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    quote: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(12), default="new")
    lead_project_id: Mapped[str | None] = mapped_column(String(64))
    decided_by: Mapped[str | None] = mapped_column(String(80))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


# the ORM door of the industry link tables (writes a record's codes as rows when it flushes)
from parkatlas import industry_links as _industry_links  # noqa: E402,F401
