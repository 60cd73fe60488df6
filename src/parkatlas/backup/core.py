"""A whole atlas as one portable file, and back — across SQLite and PostgreSQL.

Format (`*.jsonl.gz`, the default): gzip'd JSON lines. The first line describes the dump
(format, version, the Alembic revision of the schema, the source dialect, the time); then,
for every table of the database (found by reflection, so tables added by later migrations
are covered without a change here) a line `{"table": name, "columns": [...]}`, its rows as
JSON arrays (dates and times as ISO text, binary as base64), and `{"end": name, "rows": n}`.
The dump is read in one snapshot (PostgreSQL: REPEATABLE READ; SQLite: one read
transaction under WAL), so it is consistent while others keep writing.

`--format sqlite` on a SQLite atlas writes a SQLite file with SQLite's online backup API
instead (page by page, consistent, usable as an atlas as it is); `restore` reads either.

Restore: the target is migrated to the dump's revision, filled table by table in foreign
key order in one transaction, then migrated to the newest revision (so an old dump restores
into a new version). It refuses a target holding data the dump does not hold: a table may
be non-empty only if every row of it has its key in the dump (what `init` loads).
PostgreSQL sequences are moved past the restored ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Connection,
    Date,
    DateTime,
    Engine,
    LargeBinary,
    MetaData,
    Table,
    delete,
    func,
    select,
    text,
)

from parkatlas import search
from parkatlas.db import make_engine, require_schema, safe_url
from parkatlas.errors import ParkatlasError

FORMAT = "parkatlas-backup"
VERSION = 1
SKIP = {"alembic_version"}
BATCH = 5000
Progress = Callable[[str, int], None]


@dataclass
class BackupReport:
    file: str
    format: str
    revision: str
    tables: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _revision(conn: Connection) -> str:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision() or ""


def _tables(conn: Connection) -> list[Table]:
    meta = MetaData()
    meta.reflect(bind=conn)
    return [t for t in meta.sorted_tables if t.name not in SKIP and not search.is_index_table(t.name)]


def _enc(v: Any) -> Any:
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, bytes | memoryview):
        return base64.b64encode(bytes(v)).decode()
    if isinstance(v, Decimal):
        return float(v)
    return v


def backup(
    url: str, path: Path, *, fmt: str = "portable", progress: Progress | None = None
) -> BackupReport:
    """Write the whole atlas to `path`; see the module docstring."""
    if fmt not in ("portable", "sqlite"):
        raise ParkatlasError(f"unknown backup format {fmt!r}: use portable or sqlite")
    if path.exists() and path.is_dir():
        raise ParkatlasError(f"{path}: is a folder; give a file name for the backup")
    engine = make_engine(url)
    try:
        require_schema(engine)
        if fmt == "sqlite":
            return _sqlite_backup(engine, path)
        tmp = path.with_name(path.name + ".partial")
        if engine.dialect.name == "postgresql":
            engine = engine.execution_options(isolation_level="REPEATABLE READ")
        with engine.connect() as conn:
            report = BackupReport(str(path), "portable", _revision(conn))
            with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
                head = {"format": FORMAT, "version": VERSION, "revision": report.revision,
                        "dialect": conn.dialect.name, "created": dt.datetime.now(dt.UTC).isoformat()}  # fmt: skip
                fh.write(json.dumps(head) + "\n")
                for table in _tables(conn):
                    report.tables[table.name] = _dump_table(conn, table, fh, progress)
        tmp.replace(path)  # a half-written backup never carries the real name
        return report
    finally:
        engine.dispose()


def _dump_table(conn: Connection, table: Table, fh: IO[str], progress: Progress | None) -> int:
    cols = [c.name for c in table.columns]
    fh.write(json.dumps({"table": table.name, "columns": cols}, ensure_ascii=False) + "\n")
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(stream_results=True, yield_per=BATCH).execute(
        select(table).order_by(*order)
    )
    n = 0
    for row in result:
        fh.write(json.dumps([_enc(v) for v in row], ensure_ascii=False) + "\n")
        n += 1
        if progress and n % BATCH == 0:
            progress(table.name, n)
    fh.write(json.dumps({"end": table.name, "rows": n}) + "\n")
    return n


def _sqlite_backup(engine: Engine, path: Path) -> BackupReport:
    if engine.dialect.name != "sqlite":
        raise ParkatlasError(
            "--format sqlite backs up a SQLite atlas; this one is PostgreSQL: use the portable format"
        )
    src_path = engine.url.database or ""
    tmp = path.with_name(path.name + ".partial")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(src_path)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst, pages=4096)  # online: other connections keep reading and writing
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(path)
    copy = make_engine(f"sqlite:///{path}")
    try:
        with copy.connect() as conn:
            report = BackupReport(str(path), "sqlite", _revision(conn))
            for t in _tables(conn):
                report.tables[t.name] = int(
                    conn.execute(select(func.count()).select_from(t)).scalar_one()
                )
    finally:
        copy.dispose()
    return report


# --- restore ---------------------------------------------------------------------------------


def _is_sqlite_file(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _read_portable(
    path: Path,
) -> tuple[dict[str, Any], Iterator[tuple[str, list[str], Iterator[list[Any]]]]]:
    fh = gzip.open(path, "rt", encoding="utf-8")
    try:
        head = json.loads(fh.readline() or "{}")
    except (OSError, EOFError, json.JSONDecodeError) as exc:
        fh.close()
        raise ParkatlasError(f"{path}: not a parkatlas backup ({exc})") from None
    if head.get("format") != FORMAT:
        fh.close()
        raise ParkatlasError(f"{path}: not a parkatlas backup (no {FORMAT} header)")
    if head.get("version") != VERSION:
        fh.close()
        raise ParkatlasError(
            f"{path}: backup format version {head.get('version')} is not {VERSION}"
        )

    def tables() -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
        with fh:
            for line in fh:
                marker = json.loads(line)
                if not isinstance(marker, dict) or "table" not in marker:
                    raise ParkatlasError(f"{path}: damaged backup (expected a table header)")
                yield marker["table"], marker["columns"], _rows(fh, path, marker["table"])

    return head, tables()


def _rows(fh: IO[str], path: Path, name: str) -> Iterator[list[Any]]:
    for line in fh:
        item = json.loads(line)
        if isinstance(item, dict):
            if item.get("end") != name:
                raise ParkatlasError(f"{path}: damaged backup (table {name} not closed)")
            return
        yield item
    raise ParkatlasError(f"{path}: the backup is cut short (table {name} not finished)")


def _read_sqlite(
    path: Path,
) -> tuple[dict[str, Any], Iterator[tuple[str, list[str], Iterator[list[Any]]]]]:
    engine = make_engine(f"sqlite:///{path}")
    conn = engine.connect()
    head = {"revision": _revision(conn), "dialect": "sqlite"}

    def tables() -> Iterator[tuple[str, list[str], Iterator[list[Any]]]]:
        try:
            for t in _tables(conn):
                rows = (list(r) for r in conn.execute(select(t)))
                yield t.name, [c.name for c in t.columns], rows
        finally:
            conn.close()
            engine.dispose()

    return head, tables()


def _decoder(table: Table, cols: list[str]) -> Callable[[list[Any]], dict[str, Any]]:
    conv: list[Callable[[Any], Any] | None] = []
    for name in cols:
        col = table.columns.get(name)
        t = col.type if col is not None else None
        if isinstance(t, DateTime):
            conv.append(
                lambda v: v if v is None or not isinstance(v, str) else dt.datetime.fromisoformat(v)
            )
        elif isinstance(t, Date):
            conv.append(
                lambda v: v if v is None or not isinstance(v, str) else dt.date.fromisoformat(v)
            )
        elif isinstance(t, LargeBinary):
            conv.append(lambda v: v if v is None or not isinstance(v, str) else base64.b64decode(v))
        elif isinstance(t, JSON):
            conv.append(None)
        else:
            conv.append(None)
    known = [c in table.columns for c in cols]

    def decode(row: list[Any]) -> dict[str, Any]:
        return {
            c: (f(v) if f else v) for c, v, f, k in zip(cols, row, conv, known, strict=True) if k
        }

    return decode


def restore(url: str, path: Path, *, progress: Progress | None = None) -> BackupReport:
    """Load a backup into an empty atlas (created or migrated as needed)."""
    from parkatlas.db import alembic_config

    if not path.is_file():
        raise ParkatlasError(f"{path}: no such backup file")
    head, tables = _read_sqlite(path) if _is_sqlite_file(path) else _read_portable(path)
    revision = head.get("revision") or "head"
    from alembic import command

    try:
        command.upgrade(alembic_config(url), revision)
    except Exception:
        # the target is already past the dump's revision (a newer version, `init` run): load
        # into its schema as it is — columns the dump lacks take their defaults
        try:
            command.upgrade(alembic_config(url), "head")
        except Exception as exc:
            raise ParkatlasError(
                f"cannot prepare the atlas at {safe_url(url)} for revision {revision}: {exc}"
            ) from None
    engine = make_engine(url, write=True)
    report = BackupReport(
        str(path),
        "sqlite" if head.get("dialect") == "sqlite" and _is_sqlite_file(path) else "portable",
        revision,
    )
    try:
        with engine.begin() as conn:
            meta = MetaData()
            meta.reflect(bind=conn)
            suspended = search.suspend(conn)  # SQLite's keyword index: built once, at the end
            for name, cols, rows in tables:
                table = meta.tables.get(name)
                if table is None:
                    raise ParkatlasError(
                        f"{path}: table {name} is not in the atlas schema {revision}"
                    )
                report.tables[name] = _load_table(conn, table, cols, rows, path, progress)
            if suspended:
                search.rebuild(conn)
            if conn.dialect.name == "postgresql":
                _move_sequences(conn, meta)
    finally:
        engine.dispose()
    from parkatlas.db import migrate

    migrate(url)
    return report


def _load_table(conn: Connection, table: Table, cols: list[str], rows: Iterator[list[Any]],
                path: Path, progress: Progress | None) -> int:  # fmt: skip
    decode = _decoder(table, cols)
    pk = [c.name for c in table.primary_key.columns]
    existing = int(conn.execute(select(func.count()).select_from(table)).scalar_one())
    keys: set[tuple[Any, ...]] = set()
    n = 0
    batch: list[dict[str, Any]] = []
    pending: list[dict[str, Any]] = []
    for raw in rows:
        rec = decode(raw)
        n += 1
        if existing:
            keys.add(tuple(rec[k] for k in pk))
            pending.append(rec)  # inserted after the target's own rows are checked and cleared
            continue
        batch.append(rec)
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            batch = []
            if progress:
                progress(table.name, n)
    if existing:
        if not pk or existing > n:
            raise _not_empty(conn, table, existing)
        for chunk in _chunks(list(conn.execute(select(*table.primary_key.columns)))):
            if any(tuple(r) not in keys for r in chunk):
                raise _not_empty(conn, table, existing)
        conn.execute(delete(table))
        batch = pending
    if batch:
        for chunk in _chunks(batch):
            conn.execute(table.insert(), chunk)
    return n


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), BATCH):
        yield items[i : i + BATCH]


def _not_empty(conn: Connection, table: Table, n: int) -> ParkatlasError:
    return ParkatlasError(
        f"the atlas at {safe_url(str(conn.engine.url))} is not empty ({table.name}: {n} rows the "
        "backup does not hold): restore into a new database, or one that only `parkatlas init` has filled"
    )


def _move_sequences(conn: Connection, meta: MetaData) -> None:
    for table in meta.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or table.name in SKIP:
            continue
        seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                           {"t": table.name, "c": pk[0].name}).scalar()  # fmt: skip
        if seq:
            conn.execute(
                text(
                    f"SELECT setval(:s, COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
                ),
                {"s": seq},
            )
