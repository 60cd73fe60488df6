"""Engine, sessions and schema migration for SQLite (embedded default) and PostgreSQL (teams)."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Engine, create_engine, event, inspect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement

from parkatlas.errors import ParkatlasError

MIGRATIONS = Path(__file__).with_name("migrations")


BUSY_TIMEOUT_DEFAULT = 15  # seconds a writer waits for another's SQLite write lock


def busy_timeout() -> float:
    """PARKATLAS_BUSY_TIMEOUT (seconds): how long a SQLite writer waits for the write lock."""
    raw = os.environ.get("PARKATLAS_BUSY_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else BUSY_TIMEOUT_DEFAULT
    except ValueError:
        raise ParkatlasError(f"PARKATLAS_BUSY_TIMEOUT={raw!r} must be a number of seconds") from None
    return max(0.0, value)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_locked(ctx: Any) -> None:
    """A held write lock becomes a message: the file, who has it open, and what to do."""
    orig = ctx.original_exception
    if isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig):
        url = ctx.engine.url if ctx.engine is not None else None
        raise ParkatlasError(lock_message(url.database if url is not None else None)) from None


def lock_message(path: str | None) -> str:
    from parkatlas.locks import holders

    where = path or "the SQLite atlas"
    who = holders(path) if path else []
    held = (
        "; processes that have it open: " + "; ".join(f"pid {pid} ({cmd})" for pid, cmd in who)
        if who else ""
    )  # fmt: skip
    return (
        f"the atlas {where} is busy: another process holds its write lock (an import, demo, "
        f"ingest or init still running){held}. It was not released within {busy_timeout():g} s; "
        "try again when that process has finished (or wait longer with PARKATLAS_BUSY_TIMEOUT)"
    )


def _sqlite_no_autobegin(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # let SQLAlchemy emit BEGIN itself (see below)


READ_ONLY = "parkatlas_read_only"
"""Execution option of `read_only(engine)`: on SQLite its transactions begin DEFERRED."""


def _sqlite_begin_immediate(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The engine for work that only reads (a GET request): on a SQLite write engine its
    transactions begin DEFERRED, so readers see one snapshot (WAL) and never wait for, or
    hold, the write lock that writers queue on. Same pool. PostgreSQL: no difference.

    A read-only transaction must not write: on SQLite a read turned into a write fails at
    once when another writer committed since it began. Write elsewhere, as
    `write_beside` does."""
    return engine.execution_options(**{READ_ONLY: True})


def write_beside(session: Session, statement: Any) -> None:
    """Run one small write for a session that may be read-only (`read_only`): in the
    session's own transaction normally, else in a short write transaction of its own."""
    bind = session.get_bind()
    if isinstance(bind, Engine) and bind.dialect.name == "sqlite" and bind.get_execution_options().get(READ_ONLY):
        with bind.execution_options(**{READ_ONLY: False}).begin() as conn:
            conn.execute(statement)
        return
    session.execute(statement)


def executemany_raw(conn: Connection, sql: str, params: Sequence[Sequence[Any]], batch: int = 50_000) -> None:
    """`executemany` straight on the driver, in the connection's transaction: a bulk writer's
    rows as the driver's own parameters (`?` on SQLite, `%s` on PostgreSQL), without
    SQLAlchemy's per-row parameter processing."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None  # None only once the pooled connection is closed; this one is open
    cursor = dbapi.cursor()
    try:
        for i in range(0, len(params), batch):
            cursor.executemany(sql, params[i : i + batch])
    finally:
        cursor.close()


def make_engine(url: str, *, write: bool = False, pool_size: int = 5) -> Engine:
    """An engine with the atlas's connection rules (WAL and foreign keys on SQLite).

    `write=True` on SQLite starts every transaction with BEGIN IMMEDIATE: a writer takes the
    write lock before it reads, so two writers queue instead of failing half-way.
    `pool_size` (PostgreSQL): connections kept open, e.g. one per server thread.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": busy_timeout()}, json_serializer=json_text)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "handle_error", _sqlite_locked)
        if write:
            event.listen(engine, "connect", _sqlite_no_autobegin)
            event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    engine = create_engine(url, pool_size=pool_size, json_serializer=json_text)
    _ping_when_idle(engine)
    return engine


PING_AFTER_IDLE = 10.0
"""Seconds a pooled PostgreSQL connection may rest before it is checked on checkout."""


def _ping_when_idle(engine: Engine) -> None:
    """Check a pooled connection before use only when it has rested PING_AFTER_IDLE seconds:
    SQLAlchemy's `pool_pre_ping` costs a round trip on every checkout, that is on every
    request of a busy server, whose connections come back within milliseconds. A connection
    found dead is replaced (the pool retries). A server restart while connections are in
    steady use is noticed by the first statement instead: that request fails, and the pool
    drops its connections."""
    from sqlalchemy import exc

    def rested(_dbapi: Any, record: Any, *_: Any) -> None:
        record.info["rested_at"] = time.monotonic()

    def check(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("rested_at")
        if since is not None and time.monotonic() - since < PING_AFTER_IDLE:
            return
        try:
            ok = engine.dialect.do_ping(dbapi_conn)
        except Exception as e:  # noqa: BLE001 - any failure means: use another connection
            raise exc.DisconnectionError(str(e)) from e
        if not ok:
            raise exc.DisconnectionError("ping failed")

    event.listen(engine, "connect", rested)
    event.listen(engine, "checkin", rested)
    event.listen(engine, "checkout", check)


def json_text(value: Any) -> str:
    """JSON as stored: Chinese as written, not \\u-escaped, so a text search finds 朝南 in a
    site's kept attributes on SQLite and PostgreSQL alike."""
    return json.dumps(value, ensure_ascii=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(url: str) -> str:
    """Create or upgrade the schema to the newest migration; return the revision now in place."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        command.upgrade(alembic_config(url), "head")
    except Exception as exc:  # connection refused, permissions…
        raise ParkatlasError(f"cannot migrate the atlas at {safe_url(url)}: {exc}") from exc
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rev = MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
    return rev or ""


def require_schema(engine: Engine) -> None:
    """Refuse to work on a database that `parkatlas init` has not prepared.

    The check only reads: on SQLite it uses a plain connection, never the write engine's
    BEGIN IMMEDIATE, so checking the schema does not wait for (or take) the write lock."""
    if engine.dialect.name == "sqlite":
        reader = make_engine(engine.url.render_as_string(hide_password=False))
        try:
            found = inspect(reader).has_table("sites")
        finally:
            reader.dispose()
    else:
        found = inspect(engine).has_table("sites")
    if not found:
        raise ParkatlasError(
            f"the atlas at {safe_url(str(engine.url))} has no tables yet: run `parkatlas init` first"
        )


class icontains_pattern(FunctionElement[bool]):  # noqa: N801 - an SQL construct, named like one
    """``column`` matches the LIKE ``pattern`` whatever the case (ASCII letters); ``\\``
    escapes a ``%``, ``_`` or ``\\`` in the pattern (PostgreSQL's default, stated on SQLite).

    PostgreSQL: ``ILIKE``. SQLite: plain ``LIKE``, which already folds ASCII case exactly as
    ``lower()`` does there — SQLAlchemy's generic ``lower(x) LIKE lower(y)`` costs a function
    call per row and column and is four times slower over a million sites."""

    type = Boolean()
    inherit_cache = True


@compiles(icontains_pattern)
def _icontains_default(element: Any, compiler: Any, **kw: Any) -> str:
    col, pattern = list(element.clauses)
    return f"(lower({compiler.process(col, **kw)}) LIKE lower({compiler.process(pattern, **kw)}) ESCAPE '\\')"


@compiles(icontains_pattern, "postgresql")
def _icontains_pg(element: Any, compiler: Any, **kw: Any) -> str:
    col, pattern = list(element.clauses)
    return f"({compiler.process(col, **kw)} ILIKE {compiler.process(pattern, **kw)})"


@compiles(icontains_pattern, "sqlite")
def _icontains_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    col, pattern = list(element.clauses)
    return f"({compiler.process(col, **kw)} LIKE {compiler.process(pattern, **kw)} ESCAPE '\\')"


def refresh_planner_stats(session: Session, tables: tuple[str, ...] = ("sites", "site_state")) -> bool:
    """Give SQLite's query planner row counts of its indexes (``ANALYZE``) when it has none
    for ``tables`` or the first table's size changed more than twofold since; without them it
    may walk a million rows to find a few. PostgreSQL keeps its own statistics (autovacuum):
    nothing to do. Returns whether it analysed. About a second per million sites."""
    from sqlalchemy import text

    if session.get_bind().dialect.name != "sqlite":
        return False
    has_stats = session.execute(text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
    if has_stats:
        row = session.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": tables[0]}).first()
        if row is not None:
            known = int(str(row[0]).split()[0])
            now = int(session.execute(text(f"SELECT count(*) FROM {tables[0]}")).scalar_one())
            if known // 2 <= now <= known * 2 + 1000:
                return False
    # end the read first: a transaction that read before it writes cannot wait for the write
    # lock in WAL mode (SQLITE_BUSY_SNAPSHOT), one that starts by writing waits its turn
    session.rollback()
    # a page's read-only session (`read_only`) begins DEFERRED: take the write lock first
    session.connection(execution_options={READ_ONLY: False})
    for table in tables:
        session.execute(text(f"ANALYZE {table}"))
    session.commit()
    return True


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<database>"
