"""Load the shipped reference data into the atlas: regions, industries, SEI 2018 areas.

One upsert statement per table (INSERT … ON CONFLICT (code) DO UPDATE), executed with all
rows at once, inside the caller's transaction. Rows the user added (other codes) are kept;
shipped rows are brought back to the shipped values. Idempotent; SQLite and PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from parkatlas.models import EmergingIndustry, Industry, Region
from parkatlas.reference.industries import load_industries, load_sei
from parkatlas.reference.regions import load_regions


def _region_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "short_name": r.short_name,
            "name_en": r.name_en,
            "level": r.level,
            "parent_code": r.parent_code,
            "lat": r.lat,
            "lon": r.lon,
            "source": r.source,
        }
        for r in load_regions()
    ]


def _industry_rows() -> list[dict[str, Any]]:
    # keys are column names: Industry.group is stored in the column "grp"
    return [
        {
            "code": r.code,
            "level": r.level,
            "section": r.section,
            "division": r.division,
            "grp": r.group,
            "name_zh": r.name_zh,
            "name_en": r.name_en,
            "note_zh": r.note_zh,
        }
        for r in load_industries()
    ]


def _sei_rows() -> list[dict[str, Any]]:
    return [{"code": r.code, "name_zh": r.name_zh, "name_en": r.name_en} for r in load_sei()]


def _upsert(session: Session, table: Table, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    keys = [c.name for c in table.primary_key.columns]
    if dialect in ("sqlite", "postgresql"):
        insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
        stmt = insert(table)
        update = {c: stmt.excluded[c] for c in rows[0] if c not in keys}
        session.execute(stmt.on_conflict_do_update(index_elements=keys, set_=update), rows)
    else:  # any other database: replace the shipped codes
        (key,) = keys
        codes = [r[key] for r in rows]
        for i in range(0, len(codes), 500):
            session.execute(delete(table).where(table.c[key].in_(codes[i : i + 500])))
        session.execute(table.insert(), rows)
    return len(rows)


def load_reference(session: Session) -> dict[str, int]:
    """Upsert every shipped region, industry and SEI area; return the counts loaded."""
    return {
        "regions": _upsert(session, Region.__table__, _region_rows()),
        "industries": _upsert(session, Industry.__table__, _industry_rows()),
        "emerging_industries": _upsert(session, EmergingIndustry.__table__, _sei_rows()),
    }
