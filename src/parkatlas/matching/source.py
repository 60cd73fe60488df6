"""Reading the sites, parks and projects that matching needs from the atlas, by the fastest
path each database offers.

SQLite: one SELECT of only the needed columns through the raw DBAPI cursor, fetched in chunks
(dates turned into day numbers by SQLite itself). PostgreSQL: ``COPY (SELECT …) TO STDOUT``
in binary through psycopg, rows parsed by psycopg's C loaders, in chunks.
Every chunk is a dict of canonical columns for `SiteIndex.load_chunks`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, select

from parkatlas.models import Park, Project, Site

CHUNK = 131_072
TEXT_COLS = ("id", "park", "region", "kind", "tenure", "status", "industries", "preferred_industries", "indicators")  # fmt: skip
NUM_COLS = (
    "area_m2", "rent_cny_m2_day", "price_cny_m2", "floor_load_kn_m2", "clear_height_m",
    "power_kva", "env_class_max", "hazardous_ok", "lat", "lon",
)  # fmt: skip

OPEN_STAGES = ("lead", "assessed", "negotiating", "pre_reviewed", "signed", "registered")


def _chunk(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    cols = list(zip(*rows, strict=True))
    names = TEXT_COLS + NUM_COLS + ("available_days",)
    return dict(zip(names, cols, strict=True))


def read_sqlite(engine: Engine, where: str = "") -> Iterator[dict[str, Any]]:
    # missing numbers come back as inf (1e999), so numpy reads floats only (fast path)
    num = ", ".join(f"IFNULL({c}, 1e999)" for c in NUM_COLS)
    sql = (
        f"SELECT {', '.join(TEXT_COLS)}, {num}, "
        "IFNULL(julianday(available_from) - 2440587.5, 1e999) FROM sites" + where
    )
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute(sql)
        while True:
            rows = cur.fetchmany(CHUNK)
            if not rows:
                break
            yield _chunk(rows)
        cur.close()
    finally:
        raw.close()


def read_postgres(engine: Engine, where: str = "") -> Iterator[dict[str, Any]]:
    num = ", ".join(
        f"COALESCE({'hazardous_ok::int' if c == 'hazardous_ok' else c}::float8, 'NaN')"
        for c in NUM_COLS
    )
    sql = (
        f"COPY (SELECT {', '.join(c + '::text' for c in TEXT_COLS)}, {num}, "
        f"COALESCE((available_from - DATE '1970-01-01')::float8, 'NaN') FROM sites{where}) "
        "TO STDOUT (FORMAT BINARY)"
    )
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        with conn.cursor() as cur, cur.copy(sql) as copy:
            copy.set_types(["text"] * len(TEXT_COLS) + ["float8"] * (len(NUM_COLS) + 1))
            rows: list[tuple[Any, ...]] = []
            for row in copy.rows():
                rows.append(row)
                if len(rows) >= CHUNK:
                    yield _chunk(rows)
                    rows = []
            if rows:
                yield _chunk(rows)
        conn.rollback()
    finally:
        raw.close()


def read_sites(engine: Engine) -> Iterator[dict[str, Any]]:
    """All sites, chunk by chunk, through the dialect's fastest path."""
    if engine.dialect.name == "postgresql":
        return read_postgres(engine)
    return read_sqlite(engine)


def read_site(engine: Engine, site_id: str) -> dict[str, Any] | None:
    """One site as a dict of canonical columns (for refreshing the index), or None."""
    t = Site.__table__
    with engine.connect() as conn:
        row = conn.execute(select(t).where(t.c.id == site_id)).mappings().first()
    return dict(row) if row is not None else None


def read_parks(engine: Engine) -> dict[str, str | None]:
    """park id → its positioning industries (';'-separated codes)."""
    t = Park.__table__
    with engine.connect() as conn:
        return {r.id: r.industries for r in conn.execute(select(t.c.id, t.c.industries))}


def read_projects(engine: Engine, open_only: bool = True) -> list[dict[str, Any]]:
    """Projects with their needs; open ones only (stages before a site is secured) by default."""
    t = Project.__table__
    q = select(t).order_by(t.c.id)
    if open_only:
        q = q.where(t.c.stage.in_(OPEN_STAGES))
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(q).mappings()]
    for r in rows:
        if isinstance(r.get("needs"), str):
            r["needs"] = json.loads(r["needs"])
    return rows


def read_codes(engine: Engine) -> tuple[frozenset[str], frozenset[str]]:
    """(region codes, park ids) known to the atlas: its region table, site regions, parks."""
    from sqlalchemy import text

    with engine.connect() as conn:
        regions = {r[0] for r in conn.execute(text("SELECT code FROM regions"))}
        regions |= {r[0] for r in conn.execute(text("SELECT DISTINCT region FROM sites")) if r[0]}
        parks = {r[0] for r in conn.execute(text("SELECT id FROM parks"))}
        parks |= {r[0] for r in conn.execute(text("SELECT DISTINCT park FROM sites")) if r[0]}
    return frozenset(regions), frozenset(parks)
