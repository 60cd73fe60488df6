"""Reading the sites, parks and projects that matching needs from the atlas, by the fastest
path each database offers.

Every site chunk is a dict of canonical columns for `SiteIndex.load_chunks`: ``id`` as a numpy
str array, the other text columns as `DictColumn`s (codes into distinct values, so repeated
text is never one Python string per row), numbers as float64 arrays (missing: NaN) and
``available_days`` (days since 1970-01-01).

SQLite: one SELECT of only the needed columns through the raw DBAPI cursor, fetched in large
chunks with the garbage collector paused, turned into arrays column by column (dates become day
numbers in SQLite). PostgreSQL: the distinct values of the text columns first, then
``COPY (SELECT …) TO STDOUT (FORMAT BINARY)`` of fixed-width fields only — the id padded to the
longest id, each text column as its int4 code (a hash join on the server), every number as
float8 with NULL as NaN — so every row has the same layout and numpy decodes the raw bytes with
one structured dtype, with no Python object per value. Both read in one snapshot.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np
from sqlalchemy import Engine, select

from parkatlas.industry_links import codes_sql, column_of, fields_of
from parkatlas.matching.index import DictColumn, factorize
from parkatlas.models import Park, Project, Site
from parkatlas.vocab.terms import OPEN_STAGES

CHUNK = 65_536
CODED_COLS = ("park", "region", "kind", "tenure", "status", "industries", "preferred_industries", "indicators")  # fmt: skip
TEXT_COLS = ("id", *CODED_COLS)
NUM_COLS = (
    "area_m2", "rent_cny_m2_day", "price_cny_m2", "floor_load_kn_m2", "clear_height_m",
    "power_kva", "env_class_max", "hazardous_ok", "lat", "lon", "available_days",
)  # fmt: skip

PG_SIGNATURE = b"PGCOPY\n\xff\r\n\x00"


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic GC while millions of row tuples are made and dropped (they hold no cycles)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# ---- SQLite ----------------------------------------------------------------------------

# text columns read as one JSON array per row and group: one string per row instead of one per
# column, and few distinct combinations (indicators stay apart: they may differ site by site)
SQLITE_GROUPS = (("park", "region", "kind", "tenure", "status"), ("industries", "preferred_industries"))  # fmt: skip
SQLITE_NUM = (*NUM_COLS[:-1], "julianday(available_from) - 2440587.5")


def unpack_groups(col: DictColumn, names: Sequence[str]) -> dict[str, DictColumn]:
    """A column of JSON arrays (each distinct combination of several text columns) → one
    `DictColumn` per column; only the distinct combinations are parsed."""
    combos = [json.loads(v) for v in col.values]
    out = {}
    for j, name in enumerate(names):
        sub = factorize([c[j] for c in combos])
        lut = np.append(sub.codes, np.int32(-1))  # a missing combination reads -1
        out[name] = DictColumn(lut[col.codes], sub.values)
    return out


def sqlite_chunk(text_rows: Sequence[tuple[Any, ...]], num_rows: Sequence[tuple[Any, ...]]) -> dict[str, Any]:  # fmt: skip
    """Rows of (id, *group JSON arrays, indicators) and of the numbers → one chunk of columns."""
    if len(text_rows) != len(num_rows):
        raise RuntimeError("the two reads of the sites table went out of step")
    cols = list(zip(*text_rows, strict=True))
    out: dict[str, Any] = {"id": np.array(cols[0], dtype=np.str_)}
    for names, col in zip(SQLITE_GROUPS, cols[1:-1], strict=True):
        out |= unpack_groups(factorize(col), names)
    out["indicators"] = factorize(cols[-1])
    try:  # SQLite sends ints or floats, NULL as 1e999: numpy converts all rows at once
        nums = np.array(num_rows, dtype=np.float64).reshape(len(num_rows), len(NUM_COLS))
        nums[np.isinf(nums)] = np.nan
    except (TypeError, ValueError):  # text in a number column: column by column, as numpy can
        nums = np.array(num_rows, dtype=object).reshape(len(num_rows), len(NUM_COLS))
        nums = np.array([_float_or_nan(v) for v in nums.ravel().tolist()]).reshape(nums.shape)
    for j, name in enumerate(NUM_COLS):
        out[name] = np.ascontiguousarray(nums[:, j])
    return out


def _float_or_nan(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return float("nan")
    return f if abs(f) != float("inf") else float("nan")


def _sqlite_text(col: str) -> str:
    """A text column of the sites table, or its industries read from the link rows."""
    return codes_sql("sites", col, "sqlite") if col in fields_of("sites") else col


def read_sqlite(engine: Engine, where: str = "") -> Iterator[dict[str, Any]]:
    groups = ", ".join(f"json_array({', '.join(map(_sqlite_text, g))})" for g in SQLITE_GROUPS)
    text_sql = f"SELECT id, {groups}, indicators FROM sites{where} ORDER BY rowid"
    nums = ", ".join(f"IFNULL({c}, 1e999)" for c in SQLITE_NUM)
    num_sql = f"SELECT {nums} FROM sites{where} ORDER BY rowid"
    raw = engine.raw_connection()
    try:
        dbapi: Any = raw.driver_connection
        if not dbapi.in_transaction:
            dbapi.execute("BEGIN")  # one snapshot for both reads
        text_cur, num_cur = raw.cursor(), raw.cursor()
        text_cur.execute(text_sql)
        num_cur.execute(num_sql)
        while True:
            with _gc_paused():
                text_rows = text_cur.fetchmany(CHUNK)
                num_rows = num_cur.fetchmany(CHUNK)
                chunk = sqlite_chunk(text_rows, num_rows) if text_rows or num_rows else None
                del text_rows, num_rows
            if chunk is None:
                break
            yield chunk
        text_cur.close()
        num_cur.close()
        dbapi.rollback()
    finally:
        raw.close()


# ---- PostgreSQL ------------------------------------------------------------------------


def _pg_text(col: str) -> str:
    return f"{col}::text" if col == "indicators" else col  # json has no equality operator


def _pg_num(col: str) -> str:
    if col == "available_days":
        return "COALESCE((s.available_from - DATE '1970-01-01')::float8, 'NaN')"
    return f"COALESCE((s.{col}{'::int' if col == 'hazardous_ok' else ''})::float8, 'NaN')"


def pg_row_dtype(id_width: int) -> np.dtype:
    """The binary COPY tuple of (padded id, int4 codes, float8 numbers): fixed width, so one
    numpy structured dtype reads them all (big-endian, each field after its int32 length)."""
    fields: list[tuple[str, str]] = [("nfields", ">i2"), ("len_id", ">i4"), ("id", f"S{id_width}")]
    for c in CODED_COLS:
        fields += [("len_" + c, ">i4"), (c, ">i4")]
    for c in NUM_COLS:
        fields += [("len_" + c, ">i4"), (c, ">f8")]
    return np.dtype(fields)


def pg_decode(records: np.ndarray, dictionaries: dict[str, list[str]]) -> dict[str, Any]:
    """Decoded COPY tuples → one chunk of columns (codes on the wire are 1-based, 0 = NULL)."""
    dt = records.dtype
    width = dt["id"].itemsize
    expect = {"nfields": 1 + len(CODED_COLS) + len(NUM_COLS), "len_id": width}
    expect |= {"len_" + c: 4 for c in CODED_COLS} | {"len_" + c: 8 for c in NUM_COLS}
    for name, want in expect.items():
        if records.size and not np.all(records[name] == want):
            raise ValueError(f"unexpected binary COPY layout: field {name} is not {want}")
    raw_ids = records["id"]  # numpy strips the NUL padding
    if raw_ids.size and np.frombuffer(raw_ids.tobytes(), np.uint8).max(initial=0) < 0x80:
        ids = raw_ids.astype(f"U{width}")  # ASCII: a plain cast
    else:
        ids = np.char.decode(raw_ids, "utf-8")
    out: dict[str, Any] = {"id": ids}
    for c in CODED_COLS:
        out[c] = DictColumn(records[c].astype(np.int32) - 1, dictionaries[c])
    for c in NUM_COLS:
        out[c] = records[c].astype(np.float64)
    return out


def _take_rows(buf: bytearray, dtype: np.dtype, dicts: dict[str, list[str]]) -> dict[str, Any]:
    """Decode the whole rows at the start of the buffer and drop them from it."""
    n = len(buf) // dtype.itemsize
    records = np.frombuffer(buf, dtype, count=n)
    chunk = pg_decode(records, dicts)  # copies every field out of the buffer
    del records
    del buf[: n * dtype.itemsize]
    return chunk


def _pg_sites(where: str) -> str:
    """The sites (filtered by `where`) with their industries from the link rows, as columns."""
    links = ", ".join(f"{codes_sql('sites', c, 'postgresql')} AS {c}" for c in fields_of("sites"))
    return f"(SELECT sites.*, {links} FROM sites{where}) AS sites"


def read_postgres(engine: Engine, where: str = "") -> Iterator[dict[str, Any]]:
    texts = [_pg_text(c) for c in CODED_COLS]
    sites = _pg_sites(where)
    distinct = (
        f"SELECT {', '.join(texts)}, GROUPING({', '.join(texts)}), "
        f"max(octet_length(convert_to(id, 'UTF8'))) FROM {sites} "
        f"GROUP BY GROUPING SETS ({', '.join(f'({t})' for t in texts)}, ())"
    )
    raw = engine.raw_connection()
    try:
        conn: Any = raw.driver_connection
        conn.rollback()
        with conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cur.execute("SET LOCAL jit = off")  # compiling the joins costs more than it saves
            cur.execute(distinct)
            rows = cur.fetchall()
        dicts: dict[str, list[str]] = {c: [] for c in CODED_COLS}
        width = 0
        top = len(CODED_COLS) - 1
        for r in rows:
            g = r[len(CODED_COLS)]
            if g == (1 << len(CODED_COLS)) - 1:  # the grand total: the longest id
                width = r[-1] or 0
                continue
            for i, c in enumerate(CODED_COLS):
                if not (g >> (top - i)) & 1 and r[i] is not None:
                    dicts[c].append(r[i])
        width = max(width, 1)
        joins = " ".join(
            f"LEFT JOIN unnest(%s::text[]) WITH ORDINALITY AS d{i}(v, o) ON d{i}.v = s.{t}"
            for i, t in enumerate(texts)
        )
        codes = ", ".join(f"COALESCE(d{i}.o, 0)::int4" for i in range(len(texts)))
        nums = ", ".join(_pg_num(c) for c in NUM_COLS)
        cols = ", ".join((*CODED_COLS, *NUM_COLS[:-1], "available_from"))
        sql = (
            f"COPY (SELECT b || substring(%s::bytea FROM 1 FOR {width} - length(b)), {codes}, "
            f"{nums} FROM (SELECT convert_to(id, 'UTF8') AS b, {cols} FROM {sites}) s "
            f"{joins}) TO STDOUT (FORMAT BINARY)"
        )
        dtype = pg_row_dtype(width)
        size = dtype.itemsize
        params = [b"\0" * width, *(dicts[c] for c in CODED_COLS)]
        with conn.cursor() as cur, cur.copy(sql, params) as copy:
            buf = bytearray()
            header = True
            for data in copy:
                buf += data
                if header:
                    if len(buf) < 19:
                        continue
                    if bytes(buf[:11]) != PG_SIGNATURE:
                        raise ValueError("not a PostgreSQL binary COPY stream")
                    skip = 19 + int.from_bytes(buf[15:19], "big")
                    if len(buf) < skip:
                        continue
                    del buf[:skip]
                    header = False
                if len(buf) >= CHUNK * size:
                    yield _take_rows(buf, dtype, dicts)
            if buf[-2:] != b"\xff\xff":
                raise ValueError("binary COPY stream without its trailer")
            del buf[-2:]
            if len(buf) % size:
                raise ValueError("binary COPY stream with a partial row")
            if buf:
                yield _take_rows(buf, dtype, dicts)
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
    links = [column_of("sites", c) for c in fields_of("sites")]
    with engine.connect() as conn:
        row = conn.execute(select(t, *links).where(t.c.id == site_id)).mappings().first()
    return dict(row) if row is not None else None


def read_parks(engine: Engine) -> dict[str, str | None]:
    """park id → its positioning industries (';'-separated codes)."""
    t = Park.__table__
    with engine.connect() as conn:
        return {r.id: r.industries for r in conn.execute(select(t.c.id, column_of("parks", "industries")))}


def read_park_names(engine: Engine) -> dict[str, str]:
    """park name (Chinese and English, as stored) → park id."""
    t = Park.__table__
    out: dict[str, str] = {}
    with engine.connect() as conn:
        for r in conn.execute(select(t.c.id, t.c.name_zh, t.c.name_en)):
            for name in (r.name_zh, r.name_en):
                if name:
                    out.setdefault(str(name).strip(), r.id)
    return out


def read_enterprise_names(engine: Engine) -> dict[str, str]:
    """enterprise id → name."""
    from parkatlas.models import Enterprise

    t = Enterprise.__table__
    with engine.connect() as conn:
        return {r.id: r.name for r in conn.execute(select(t.c.id, t.c.name)) if r.name}


def read_projects(engine: Engine, open_only: bool = True) -> list[dict[str, Any]]:
    """Projects with their needs; open ones only (stages before a site is secured) by default."""
    t = Project.__table__
    q = select(t, column_of("projects", "industries")).order_by(t.c.id)
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
