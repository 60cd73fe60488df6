"""Writing validated records: upsert on the id, exact change detection, audit of every change.

One import is one transaction, serialized against other imports of the same atlas
(PostgreSQL: a transaction-level advisory lock; SQLite: BEGIN IMMEDIATE), so a killed
import leaves the atlas as it was and two imports running at once lose nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Table,
    bindparam,
    insert,
    select,
    text,
    update,
)

from parkatlas import search
from parkatlas.db import executemany_raw
from parkatlas.industry_links import LINKS, column_of, fields_of, record_columns, write_links
from parkatlas.models import AuditEntry, Enterprise, Park, Project, Site, StageEvent, utcnow

TABLES: dict[str, Any] = {
    "sites": Site,
    "parks": Park,
    "enterprises": Enterprise,
    "projects": Project,
}
# the table's columns and the industry fields kept as link rows (industry_links)
ENTITY_COLUMNS: dict[str, list[str]] = {
    name: [c for c in record_columns(name) if c != "updated_at"] for name in TABLES
}
_LOCK_KEY = 7_215_311  # any constant: the advisory lock that serializes imports on PostgreSQL


@dataclass
class RowChange:
    """One updated row: its key, the row it came from and the fields the row changed."""

    id: str
    row: int | None
    fields: list[str]


@dataclass
class Conflict:
    """A row whose key matches a stored record that is another place: not updated."""

    row: int | None
    id: str
    reasons: list[str]
    stored: dict[str, Any]
    incoming: dict[str, Any]


@dataclass
class WriteResult:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[str] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)


DEFAULTS: dict[str, dict[str, Any]] = {  # applied to new rows only, never to updates
    "sites": {"status": "available", "synthetic": False},
    "parks": {"synthetic": False},
    "enterprises": {"synthetic": False},
    "projects": {"stage": "lead", "synthetic": False},
}
IDENTITY = ("kind", "address", "lat", "lon")  # what a site's key must agree with
MAX_SAME_PLACE_M = 200.0


def lock_for_import(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    # SQLite: the write engine begins every transaction with BEGIN IMMEDIATE (db.make_engine)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
        return a.date() == b
    return bool(a == b)


def _plain_text(v: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))).lower()


def identity_conflict(old: Any, rec: dict[str, Any]) -> list[str]:
    """Why a stored site and an incoming row with the same derived key are two places (or [])."""
    from parkatlas.geo import haversine_km

    reasons: list[str] = []
    if rec.get("kind") and old.kind and rec["kind"] != old.kind:
        reasons.append(f"a different kind ({old.kind} stored, {rec['kind']} in the file)")
    if rec.get("address") and old.address and _plain_text(rec["address"]) != _plain_text(old.address):
        reasons.append(f"a different address ({old.address!r} stored, {rec['address']!r} in the file)")
    if None not in (rec.get("lat"), rec.get("lon"), old.lat, old.lon):
        m = haversine_km(old.lat, old.lon, rec["lat"], rec["lon"]) * 1000
        if m > MAX_SAME_PLACE_M:
            reasons.append(f"a location {m:,.0f} m away (more than {MAX_SAME_PLACE_M:.0f} m)")
    return reasons


def find_conflicts(
    conn: Connection, entity: str, records: Sequence[dict[str, Any]], batch_size: int = 5000
) -> list[Conflict]:
    """Rows keyed by name and park/district (no id) that match a stored site of another place."""
    if entity != "sites":
        return []
    table: Table = TABLES[entity].__table__
    derived = [r for r in records if r.get("_keyed") == "derived"]
    cols = ["id", "name", "park", "region", *IDENTITY]
    out: list[Conflict] = []
    for start in range(0, len(derived), batch_size):
        batch = derived[start : start + batch_size]
        rows = conn.execute(
            select(*[table.c[c] for c in cols]).where(table.c.id.in_([r["id"] for r in batch]))
        )
        existing = {row.id: row for row in rows}
        for rec in batch:
            old = existing.get(rec["id"])
            if old is None:
                continue
            reasons = identity_conflict(old, rec)
            if reasons:
                out.append(Conflict(rec.get("_row"), rec["id"], reasons,
                                    {c: _jsonable(getattr(old, c)) for c in cols},
                                    {c: _jsonable(rec.get(c)) for c in cols}))  # fmt: skip
    return out


def _candidate_columns(
    rec: dict[str, Any], data_cols: list[str], clear_empty: bool, nullable: set[str]
) -> list[str]:
    """The columns a row may change: those it holds, and (with --clear-empty) its empty cells
    in columns that may be empty."""
    return [c for c in data_cols
            if c in rec and (rec[c] is not None or (clear_empty and c in nullable))]  # fmt: skip


def _merged_attrs(
    old: dict[str, Any] | None, new: dict[str, Any] | None, clear: list[str]
) -> dict[str, Any] | None:
    merged = dict(old or {})
    merged.update(new or {})
    for name in clear:
        if not new or name not in new:
            merged.pop(name, None)
    return merged or None


def upsert_records(
    conn: Connection,
    entity: str,
    records: Sequence[dict[str, Any]],
    *,
    actor: str,
    source: str,
    batch_size: int = 5000,
    clear_empty: bool = False,
    attr_columns: Sequence[str] = (),
    typed_columns: Sequence[str] = (),
    progress: Callable[[int], None] | None = None,
    fresh: bool | None = None,
    summary: bool = True,
    now: dt.datetime | None = None,
) -> WriteResult:
    """Insert new rows (with defaults), update only what a row holds (auditing old → new).

    A column the file lacks is never touched; an empty cell never erases a stored value
    unless `clear_empty`; kept attributes are merged into the stored ones. Identical rows are
    left alone (not even `updated_at` moves).

    A streaming import calls this once per chunk: `fresh=True` says none of the ids can be
    stored (the table was empty when the import began and ids are unique in the file), so
    no lookup is made; `summary=False` leaves the one "import" audit entry to the caller
    (`import_audit`), written once for the whole file.
    """
    model = TABLES[entity]
    table: Table = model.__table__
    cols = ENTITY_COLUMNS[entity]
    data_cols = [c for c in cols if c != "id"]
    defaults = DEFAULTS[entity]
    links = fields_of(entity)
    nullable = {c.name for c in table.columns if c.nullable} | set(links)
    clear_attrs = list(attr_columns) if clear_empty else []
    # headers of the file's quantity and date columns: a cell kept as typed ("约3000平方米") is
    # replaced, or dropped when the cell is now plain, so it never contradicts the value
    clear_attrs += [c for c in typed_columns if c not in clear_attrs]
    result = WriteResult()
    now = now or utcnow()
    empty = fresh if fresh is not None else table_is_empty(conn, entity)
    audits: list[dict[str, Any]] = []
    stage_events: list[dict[str, Any]] = []
    for start in range(0, len(records), batch_size):
        batch = records[start : start + batch_size]
        if empty and entity != "projects":  # all new: defaults column by column, no lookups
            _bulk_insert(conn, table, list(batch), {**defaults, "updated_at": now})
            write_links(conn, entity, batch, replace=False)
            result.inserted += len(batch)
            if progress:
                progress(len(batch))
            continue
        existing: dict[str, Any] = {}
        if not empty:
            ids = [r["id"] for r in batch]
            rows = conn.execute(select(*[column_of(entity, c) for c in cols]).where(table.c.id.in_(ids)))
            existing = {row.id: row for row in rows}
        to_insert: list[dict[str, Any]] = []
        to_update: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        to_link: list[dict[str, Any]] = []  # stored records whose industries change
        for rec in batch:
            old = existing.get(rec["id"])
            if old is None:
                for k, v in defaults.items():
                    if rec.get(k) is None:
                        rec[k] = v
                rec["updated_at"] = now
                to_insert.append(rec)
                if entity == "projects":
                    stage_events.append(
                        _stage_event(rec["id"], None, rec.get("stage"), now, actor, source)
                    )
                continue
            new = {c: rec[c] for c in _candidate_columns(rec, data_cols, clear_empty, nullable)}
            for c in rec.get("_soft", ()):  # filled in (a park's district): only where empty
                if getattr(old, c) is not None:
                    new.pop(c, None)
            if "attrs" in rec or clear_attrs:
                new["attrs"] = _merged_attrs(old.attrs, rec.get("attrs"), clear_attrs)
            changes = {
                c: [_jsonable(getattr(old, c)), _jsonable(v)]
                for c, v in new.items()
                if not _same(getattr(old, c), v)
            }
            if not changes:
                result.unchanged += 1
                continue
            plain = tuple(c for c in changes if c not in links)  # columns of the table itself
            row = {c: new[c] for c in plain}
            row["_id"] = rec["id"]
            row["updated_at"] = now
            to_update.setdefault(plain, []).append(row)
            if len(plain) < len(changes):  # industries changed: their link rows are replaced
                to_link.append({"id": rec["id"], **{c: new[c] for c in changes if c in links}})
            result.changed_ids.append(rec["id"])
            result.changes.append(RowChange(rec["id"], rec.get("_row"), list(changes)))
            if entity == "projects" and "stage" in changes:
                stage_events.append(
                    _stage_event(rec["id"], old.stage, rec.get("stage"), now, actor, source)
                )
            audits.append(
                {"at": now, "actor": actor, "entity": entity, "entity_id": rec["id"], "action": "update",
                 "changes": {"source": source, "fields": changes}}
            )  # fmt: skip
        if to_insert:
            _bulk_insert(conn, table, to_insert)
            write_links(conn, entity, to_insert, replace=False)
            result.inserted += len(to_insert)
        write_links(conn, entity, to_link, replace=True)
        for changed, group in to_update.items():
            upd = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({c: bindparam(c) for c in [*changed, "updated_at"]})
            )
            conn.execute(upd, group)
            result.updated += len(group)
        if progress:
            progress(len(batch))
    if summary and (result.inserted or result.updated):
        audits.append(_import_entry(entity, result, actor, source, now))
    if audits:
        conn.execute(insert(AuditEntry.__table__), audits)
    if stage_events:
        conn.execute(insert(StageEvent.__table__), stage_events)
    return result


class DeferredIndexes:
    """A bulk load into an empty table: its secondary indexes are dropped before the first
    insert and built again, from their stored definitions, before the transaction commits.

    Building an index once over sorted rows costs a fraction of keeping it up to date row by
    row (a million sites: about half of the insert time). DDL is transactional in SQLite and
    PostgreSQL, so a rolled-back import leaves the indexes exactly as they were. Used only
    when the table was empty when the import began: nothing reads it through an index then,
    and no reader can see the new rows before the commit. Indexes backing a primary key or a
    unique constraint are kept (the duplicate check relies on them).
    """

    def __init__(self, conn: Connection, entity: str) -> None:
        self.conn = conn
        # the table and its industry link table (empty too: its rows need a record)
        self.tables = [TABLES[entity].__table__.name] + ([LINKS[entity][0].name] if entity in LINKS else [])
        self.dropped: list[tuple[str, str]] = []  # (name, the statement that builds it)
        self.search_suspended = False  # SQLite's keyword index of sites (parkatlas.search)

    def _definitions(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for table in self.tables:
            if self.conn.dialect.name == "sqlite":
                rows = self.conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                         "AND tbl_name = :t AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"),
                    {"t": table},
                )  # fmt: skip
            else:
                rows = self.conn.execute(
                    text("SELECT i.indexname, i.indexdef FROM pg_indexes i "
                         "JOIN pg_class c ON c.relname = i.indexname "
                         "JOIN pg_index x ON x.indexrelid = c.oid "
                         "WHERE i.tablename = :t AND i.schemaname = current_schema() "
                         "AND NOT x.indisunique AND NOT x.indisprimary"),
                    {"t": table},
                )  # fmt: skip
            out += [(r[0], r[1]) for r in rows]
        return out

    def drop(self) -> None:
        self.dropped = self._definitions()
        for name, _ in self.dropped:
            self.conn.execute(text(f'DROP INDEX "{name}"'))
        if self.tables[0] == "sites":  # its triggers would index every row one by one
            self.search_suspended = search.suspend(self.conn)

    @property
    def active(self) -> bool:
        """Whether something was dropped that :meth:`rebuild` must build again."""
        return bool(self.dropped) or self.search_suspended

    def rebuild(self) -> None:
        for _, ddl in self.dropped:
            self.conn.execute(text(ddl))
        self.dropped = []
        if self.search_suspended:
            search.rebuild(self.conn)
            self.search_suspended = False


def table_is_empty(conn: Connection, entity: str) -> bool:
    table: Table = TABLES[entity].__table__
    return conn.execute(select(table.c.id).limit(1)).first() is None


def _import_entry(
    entity: str, result: WriteResult, actor: str, source: str, now: dt.datetime
) -> dict[str, Any]:
    """The one audit entry of an import: what it inserted, updated and left unchanged."""
    return {"at": now, "actor": actor, "entity": entity, "entity_id": None, "action": "import",
            "changes": {"source": source, "inserted": result.inserted, "updated": result.updated,
                        "unchanged": result.unchanged}}  # fmt: skip


def import_audit(
    conn: Connection, entity: str, result: WriteResult, actor: str, source: str, now: dt.datetime
) -> None:
    """Write the import's audit entry (when it inserted or updated anything)."""
    if result.inserted or result.updated:
        conn.execute(insert(AuditEntry.__table__), [_import_entry(entity, result, actor, source, now)])


def _stage_event(
    project_id: str, old: str | None, new: str | None, at: dt.datetime, actor: str, source: str
) -> dict[str, Any]:
    """A project's move from one stage to another (项目阶段), recorded with who and from where."""
    return {"project_id": project_id, "from_stage": old, "to_stage": new or "lead", "at": at,
            "actor": actor, "note": f"import {source}"}  # fmt: skip


def _bulk_insert(
    conn: Connection, table: Table, rows: list[dict[str, Any]], defaults: dict[str, Any] | None = None
) -> None:
    """executemany straight on the driver: the same rows SQLAlchemy would send, without its
    per-row parameter processing (a third of the time of a million-row import). `defaults`
    fill the columns a row leaves empty (None or absent)."""
    cols = list(table.columns)
    names = [c.name for c in cols]
    sqlite = conn.dialect.name == "sqlite"
    json_cols = {i for i, c in enumerate(cols) if isinstance(c.type, JSON)}
    date_cols = {i for i, c in enumerate(cols) if isinstance(c.type, Date | DateTime)}
    mark = "?" if sqlite else "%s"
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join([mark] * len(names))})"
    adapt: dict[int, Callable[[Any], Any]]  # column index → the driver's form of a value
    if sqlite:
        adapt = {
            i: (lambda v: None if v is None else json.dumps(v, ensure_ascii=False))
            for i in json_cols
        }
        adapt |= {i: _sqlite_date for i in date_cols}
    else:
        from psycopg.types.json import Json

        from parkatlas.db import json_text

        adapt = {i: (lambda v: None if v is None else Json(v, dumps=json_text)) for i in json_cols}
    # every record as a full dict (C-level merges), the converted columns put in place, then
    # one tuple per row by itemgetter: no per-cell Python call
    blank: dict[str, Any] = dict.fromkeys(names)
    same: dict[str, Any] = {}  # a converted column holding one value (updated_at, all-empty JSON)
    varied: dict[str, list[Any]] = {}
    filled: dict[str, list[Any]] = {}  # a column with defaults put in its empty cells
    for n, d in (defaults or {}).items():
        vals = [r.get(n) for r in rows]
        if all(v is None for v in vals):
            same[n] = d
        elif None in vals:
            filled[n] = [d if v is None else v for v in vals]
    for i, f in adapt.items():
        n = names[i]
        if n in same:
            same[n] = f(same[n])
            continue
        vals = filled.pop(n, []) or [r.get(n) for r in rows]
        if i in date_cols:  # few distinct dates: convert each once
            memo = {v: f(v) for v in set(vals)}
            if len(memo) == 1:
                same[n] = next(iter(memo.values()))
            else:
                varied[n] = [memo[v] for v in vals]
        elif all(v is None for v in vals):
            same[n] = None
        else:
            varied[n] = [f(v) for v in vals]
    varied.update(filled)
    full = [{**blank, **r, **same} for r in rows]
    for n, vals in varied.items():
        for d, v in zip(full, vals, strict=True):
            d[n] = v
    executemany_raw(conn, sql, list(map(itemgetter(*names), full)), batch=len(full) or 1)


def _sqlite_date(v: Any) -> Any:
    """SQLAlchemy's SQLite storage format for DATE and DATETIME."""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def _jsonable(v: Any) -> Any:
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return v
