"""Atlas-level operations: create or migrate the schema and load the reference data."""

from __future__ import annotations

from typing import Any

from parkatlas.db import make_engine, migrate, require_schema, safe_url, session_scope


def init_atlas(url: str) -> dict[str, Any]:
    """Migrate the schema to head and (re)load the shipped reference data. Idempotent."""
    from parkatlas.reference.loader import load_reference

    revision = migrate(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            counts = load_reference(session)
    finally:
        engine.dispose()
    return {"database": safe_url(url), "revision": revision, "reference": counts}


def atlas_summary(url: str) -> dict[str, Any]:
    """What is in the atlas: totals, sites by district and kind, projects by stage, and a
    sample of available sites; synthetic rows are counted apart."""
    from sqlalchemy import func, select

    from parkatlas.models import Document, Enterprise, Fact, Park, Project, Region, Site

    engine = make_engine(url)
    try:
        require_schema(engine)
        with engine.connect() as conn:
            names: dict[str | None, str] = dict(
                conn.execute(select(Region.code, Region.name)).all()
            )
            by = conn.execute(
                select(Site.region, Site.kind, func.count()).group_by(Site.region, Site.kind)
            ).all()
            counts: dict[str, dict[str, int]] = {}
            for region, kind, n in by:
                counts.setdefault(names.get(region, region or "?"), {})[kind] = n
            sample = conn.execute(
                select(Site.id, Site.park, Site.region, Site.kind, Site.area_m2, Site.rent_cny_m2_day,
                       Site.floor_load_kn_m2, Site.clear_height_m, Site.synthetic)
                .where(Site.status == "available").order_by(Site.id).limit(8)
            ).all()  # fmt: skip
            totals = {
                "parks": conn.execute(select(func.count()).select_from(Park)).scalar_one(),
                "sites": conn.execute(select(func.count()).select_from(Site)).scalar_one(),
                "enterprises": conn.execute(
                    select(func.count()).select_from(Enterprise)
                ).scalar_one(),
                "projects": conn.execute(select(func.count()).select_from(Project)).scalar_one(),
                "documents": conn.execute(select(func.count()).select_from(Document)).scalar_one(),
                "facts": conn.execute(select(func.count()).select_from(Fact)).scalar_one(),
            }
            synthetic = conn.execute(
                select(func.count()).select_from(Site).where(Site.synthetic.is_(True))
            ).scalar_one()
            stages = dict(
                conn.execute(select(Project.stage, func.count()).group_by(Project.stage)).all()
            )
        return {
            "totals": totals,
            "synthetic_sites": synthetic,
            "projects_by_stage": stages,
            "by_district_kind": counts,
            "sample_sites": [
                dict(r._mapping) | {"region_name": names.get(r.region)} for r in sample
            ],
        }
    finally:
        engine.dispose()
