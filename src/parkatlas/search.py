"""The keyword search of sites (`q`) and the text index behind it, on SQLite and PostgreSQL.

A keyword matches a site when it is a substring of its id, name, address, park, town, notes,
contact or kept attributes (as stored JSON text), ASCII letters in any case. `%` and `_`
are plain characters. Without an index that is a scan of the table (0.6–2 s on a million
sites), so a keyword of :data:`MIN_INDEXED` characters or more is first looked up in a
trigram index, and only the rows it names are checked with the plain condition. The index
is a superset filter, never the answer: the results are those of the plain condition.

- SQLite: the FTS5 table ``sites_search`` with the ``trigram`` tokenizer over the sites
  table's own columns (external content: the text is not stored twice), kept up to date by
  three triggers on ``sites``. A bulk load into an empty table drops the triggers and builds
  the index once at the end (:func:`suspend` / :func:`rebuild`, used by
  ``io.store.DeferredIndexes``).
- PostgreSQL: a ``pg_trgm`` GIN index ``ix_sites_search`` on one expression, the columns
  joined by spaces; PostgreSQL keeps it up to date itself (a bulk load drops and builds it
  like the other secondary indexes). Without the extension the same query is a scan.

A keyword shorter than three characters has no trigram to look up: it stays a scan (which
stops at the list's count limit, so a frequent word like 嘉定 is still quick; a rare one is not).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Text, and_, cast, literal, or_, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.sqltypes import NullType

from parkatlas.db import icontains_pattern

COLUMNS = ("id", "name", "address", "park", "town", "description", "contact", "attrs")
"""What a keyword is looked for in, in this order (also the FTS5 table's columns)."""
MIN_INDEXED = 3
"""Trigram indexes answer keywords of at least this many characters."""
FTS_TABLE = "sites_search"
PG_INDEX = "ix_sites_search"
_TRIGGERS = ("sites_search_ai", "sites_search_ad", "sites_search_au")
MIN_SQLITE = (3, 34, 0)  # the FTS5 trigram tokenizer


def like_pattern(q: str) -> str:
    """The LIKE pattern of a keyword as a plain substring (escape character ``\\``)."""
    return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def fts_query(q: str) -> str:
    """An FTS5 query for rows holding every trigram of the keyword (somewhere in any column):
    a superset of the rows holding the keyword. The index keeps no positions (``detail=none``:
    a third of the build time, a fifth of the size), so it cannot ask for them in a row."""
    grams = dict.fromkeys(q[i : i + 3] for i in range(len(q) - 2))
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def keyword_condition(site: Any, q: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """WHERE condition: the site (the mapped class or its table's columns) holds keyword ``q``.

    ``indexed=False`` leaves the index out: for a keyword that many sites hold (see
    :func:`frequent`), reading the table until a list has enough is cheaper than collecting
    every candidate the index names first."""
    pattern = like_pattern(q)
    cols = [getattr(site, c) for c in COLUMNS]
    texts = [*cols[:-1], cast(cols[-1], Text)]  # kept attributes: their stored JSON text
    plain = or_(*(icontains_pattern(c, literal(pattern)) for c in texts))
    if len(q) < MIN_INDEXED or not indexed:
        return plain
    return and_(indexed_candidates(literal(fts_query(q)), literal(pattern), *cols), plain)


FREQUENT = 100_000
"""A keyword the SQLite index names this many candidates for is read by a scan instead: on a
million sites a scan then finds a list's 10,001 matches within a tenth of the table or so
(≈ 0.05 s), while the index would collect every candidate first (every site for 示范路: 0.6 s
for the count). Below it, collecting is cheaper (31,000 for 东方美谷: 0.05 s)."""


def frequent(session: Any, q: str) -> bool:
    """Whether the SQLite index names at least :data:`FREQUENT` candidates for ``q`` (a few
    milliseconds: it stops counting there). PostgreSQL's planner weighs this itself: False."""
    if len(q) < MIN_INDEXED or session.get_bind().dialect.name != "sqlite":
        return False
    probe = text(f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :q LIMIT :n)")
    return int(session.execute(probe, {"q": fts_query(q), "n": FREQUENT}).scalar_one()) >= FREQUENT


class indexed_candidates(FunctionElement[Any]):  # noqa: N801 - an SQL construct, named like one
    """True for (at least) every site the plain keyword condition holds for, found through the
    text index: arguments (FTS5 query, LIKE pattern, the searched columns in :data:`COLUMNS`
    order). Typed as no type, not Boolean: SQLite would get ``(… IN …) = 1``, which its
    planner cannot read as a lookup of rowids and so scans the table."""

    type = NullType()
    inherit_cache = True


@compiles(indexed_candidates)
def _candidates_default(element: Any, compiler: Any, **kw: Any) -> str:
    return "1 = 1"  # no index: the plain condition beside it does the work


@compiles(indexed_candidates, "sqlite")
def _candidates_sqlite(element: Any, compiler: Any, **kw: Any) -> str:
    phrase, _pattern, first, *_ = list(element.clauses)
    table = compiler.process(first, **kw).rsplit(".", 1)[0]  # sites, or the alias in use
    return f"{table}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {compiler.process(phrase, **kw)})"


def pg_search_text(cols: list[str]) -> str:
    """The expression the PostgreSQL index holds; a query must spell it the same way (with
    its columns qualified or not) for the planner to use the index."""
    *plain, attrs = cols
    parts = [f"coalesce({c}, '')" for c in plain] + [f"coalesce(CAST({attrs} AS TEXT), '')"]
    return "(" + " || ' ' || ".join(parts) + ")"


@compiles(indexed_candidates, "postgresql")
def _candidates_pg(element: Any, compiler: Any, **kw: Any) -> str:
    _phrase, pattern, *cols = list(element.clauses)
    names = [compiler.process(c, **kw) for c in cols]
    return f"({pg_search_text(names)} ILIKE {compiler.process(pattern, **kw)})"


# --- the index itself: created by migration 0011, suspended and rebuilt by bulk loads ---

def is_index_table(name: str) -> bool:
    """Whether a table is the SQLite keyword index or one of its FTS5 shadow tables: derived
    from ``sites``, never dumped or restored (a backup rebuilds it from the sites)."""
    return name == FTS_TABLE or name.startswith(FTS_TABLE + "_")


def _fts_values(prefix: str) -> str:
    return ", ".join(f"{prefix}.{c}" for c in COLUMNS)


def _sqlite_triggers() -> list[str]:
    cols = ", ".join(COLUMNS)
    add = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.rowid, {_fts_values('new')});"
    drop = (f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) "
            f"VALUES ('delete', old.rowid, {_fts_values('old')});")  # fmt: skip
    return [
        f"CREATE TRIGGER sites_search_ai AFTER INSERT ON sites BEGIN {add} END",
        f"CREATE TRIGGER sites_search_ad AFTER DELETE ON sites BEGIN {drop} END",
        # only a change of a searched column touches the index (not a status or a timestamp)
        f"CREATE TRIGGER sites_search_au AFTER UPDATE OF {cols} ON sites BEGIN {drop} {add} END",
    ]


def create(conn: Connection) -> None:
    """Create the text index over the sites already stored (migration 0011)."""
    if conn.dialect.name == "sqlite":
        import sqlite3

        if sqlite3.sqlite_version_info < MIN_SQLITE:
            from parkatlas.errors import ParkatlasError

            raise ParkatlasError(
                f"SQLite {sqlite3.sqlite_version} is too old for the keyword index (FTS5 trigram, "
                f"SQLite {'.'.join(map(str, MIN_SQLITE))} or newer): use a newer Python or PostgreSQL"
            )
        conn.execute(text(
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(COLUMNS)}, content='sites', "
            "content_rowid='rowid', tokenize='trigram case_sensitive 0', detail=none, columnsize=0)"
        ))  # fmt: skip
        for ddl in _sqlite_triggers():
            conn.execute(text(ddl))
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
    elif conn.dialect.name == "postgresql":
        if not _pg_trgm(conn):
            return  # the search works without it, as a scan
        conn.execute(text(
            f"CREATE INDEX {PG_INDEX} ON sites USING gin ({pg_search_text(list(COLUMNS))} gin_trgm_ops)"
        ))  # fmt: skip


def _pg_trgm(conn: Connection) -> bool:
    """Install pg_trgm if it is not there; False (and a warning) when this server cannot."""
    import warnings

    if conn.execute(text("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first():
        return True
    try:
        with conn.begin_nested():
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        return True
    except Exception as exc:  # not installed on the server, or no right to create extensions
        warnings.warn(
            f"PostgreSQL extension pg_trgm unavailable ({str(exc).splitlines()[0]}): the keyword "
            "search of sites works without it but scans the table; install it (CREATE EXTENSION "
            "pg_trgm, as a superuser) and run `parkatlas init` again to index it",
            stacklevel=2,
        )
        return False


def drop(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        for name in _TRIGGERS:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
        conn.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(f"DROP INDEX IF EXISTS {PG_INDEX}"))


def suspend(conn: Connection) -> bool:
    """Stop keeping the SQLite index row by row (a bulk load into an empty table follows);
    :func:`rebuild` builds it once, in the same transaction. False when there is nothing to
    suspend (PostgreSQL: its index is a plain secondary index, dropped with the others)."""
    if conn.dialect.name != "sqlite" or not _has_fts(conn):
        return False
    for name in _TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    return True


def rebuild(conn: Connection) -> None:
    """Build the SQLite index anew from the sites table and keep it up to date again."""
    for name in _TRIGGERS:
        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    for ddl in _sqlite_triggers():
        conn.execute(text(ddl))
    conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))


def _has_fts(conn: Connection) -> bool:
    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE name = :n"), {"n": FTS_TABLE}).first() is not None


def check(conn: Connection) -> bool:
    """Whether the SQLite index agrees with the sites table (FTS5 ``integrity-check``) and its
    triggers are in place; PostgreSQL: whether its index exists."""
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT 1 FROM pg_indexes WHERE indexname = :n"), {"n": PG_INDEX}).first() is not None
    if not _has_fts(conn):
        return False
    triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    if not set(_TRIGGERS) <= triggers:
        return False
    try:
        conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"))
    except Exception:
        return False
    return True
