"""Industries as rows: each record's GB/T 4754 codes live in a link table (site_industries,
park_industries, enterprise_industries, project_industries; migration 0012), one row per
(record, role, position) with a foreign key to the industries table.

Readers see them as before, as `;`-joined codes in the written order: the models map
`industries` (and a site's `preferred_industries`) to a correlated aggregate of the link rows,
so `site.industries`, `select(Site)` and the API shapes keep their form, and Core readers take
`column_of(entity, name)`. Writers go through one of two doors:

* the ORM: setting `site.industries = "27;39"` on a new or stored record is written to its link
  rows when the session flushes (`_sync_links`; a stored record's `updated_at` moves with it,
  so the matching index's catch-up sees the change);
* bulk writers (import, demo): `write_links` with the records' `;`-joined codes, in the same
  transaction as the records themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    delete,
    event,
    inspect,
    literal_column,
    tuple_,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from parkatlas.db import executemany_raw
from parkatlas.models import (
    Enterprise,
    EnterpriseIndustry,
    Park,
    ParkIndustry,
    Project,
    ProjectIndustry,
    Site,
    SiteIndustry,
    codes_agg,
    utcnow,
)

MODELS: dict[str, Any] = {"sites": Site, "parks": Park, "enterprises": Enterprise, "projects": Project}
LINKS: dict[str, tuple[Table, str]] = {
    "sites": (SiteIndustry.__table__, "site_id"),
    "parks": (ParkIndustry.__table__, "park_id"),
    "enterprises": (EnterpriseIndustry.__table__, "enterprise_id"),
    "projects": (ProjectIndustry.__table__, "project_id"),
}
# field of the record → role of its link rows
ROLES: dict[str, dict[str, str]] = {
    "sites": {"industries": "allowed", "preferred_industries": "preferred"},
    "parks": {"industries": "main"},
    "enterprises": {"industries": "main"},
    "projects": {"industries": "main"},
}
_ENTITY_OF = {model: entity for entity, model in MODELS.items()}
_DIALECTS: dict[str, Any] = {"sqlite": sqlite.dialect, "postgresql": postgresql.dialect}
# where the fields stood among the table's columns when they were columns (exports keep it)
_AFTER = {"sites": "available_from", "parks": "area_km2", "enterprises": "uscc", "projects": "enterprise"}


def record_columns(entity: str) -> list[str]:
    """The record's fields in their canonical (export) order: the table's columns with the
    industry fields in the place they always had."""
    names = [c.name for c in MODELS[entity].__table__.columns]
    if entity in _AFTER:
        at = names.index(_AFTER[entity]) + 1
        names[at:at] = fields_of(entity)
    return names


def fields_of(entity: str) -> tuple[str, ...]:
    """The record's fields kept as link rows (none for a kind without industries)."""
    return tuple(ROLES.get(entity, {}))


def column_of(entity: str, name: str) -> ColumnElement[Any]:
    """A column of the entity's table, or its link rows' `;`-joined codes, labelled `name`,
    for Core selects."""
    model = MODELS[entity]
    if name in ROLES.get(entity, {}):
        return getattr(model, name).expression.label(name)  # type: ignore[no-any-return]
    return model.__table__.c[name]  # type: ignore[no-any-return]


def split_codes(value: Any) -> list[str]:
    """`;`-joined codes (as writers hold them) → the codes, in order, each once."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        items: Iterable[Any] = value
    else:
        items = str(value).split(";")
    return list(dict.fromkeys(s for s in (str(i).strip() for i in items) if s))


def link_rows(entity: str, records: Iterable[dict[str, Any]]) -> list[tuple[str, str, int, str]]:
    """(owner id, role, pos, code) for every code the records hold in their link fields."""
    out: list[tuple[str, str, int, str]] = []
    for name, role in ROLES.get(entity, {}).items():
        for rec in records:
            value = rec.get(name)
            if not value:
                continue
            if isinstance(value, str) and ";" not in value:  # the usual cell: one code
                code = value.strip()
                if code:
                    out.append((rec["id"], role, 0, code))
                continue
            out.extend((rec["id"], role, pos, code) for pos, code in enumerate(split_codes(value)))
    return out


def write_links(
    conn: Connection, entity: str, records: Sequence[dict[str, Any]], *, replace: bool = True
) -> int:
    """Store the link rows of `records` (dicts with `id` and any of the link fields); with
    `replace`, a record's earlier rows of the roles it holds go first (a field it lacks is left
    alone; a field holding None clears them). Returns the rows written."""
    roles = ROLES.get(entity)
    if not roles or not records:
        return 0
    table, owner = LINKS[entity]
    if replace:
        pairs = [(r["id"], role) for r in records for name, role in roles.items() if name in r]
        for i in range(0, len(pairs), 500):
            part = pairs[i : i + 500]
            conn.execute(delete(table).where(tuple_(table.c[owner], table.c.role).in_(part)))
    rows = link_rows(entity, records)
    if not rows:
        return 0
    mark = "?" if conn.dialect.name == "sqlite" else "%s"
    executemany_raw(conn, f"INSERT INTO {table.name} ({owner}, role, pos, code) VALUES ({', '.join([mark] * 4)})", rows)
    return len(rows)


# ---- the ORM door --------------------------------------------------------------------------


def _changed_links(obj: Any) -> dict[str, Any] | None:
    entity = _ENTITY_OF.get(type(obj))
    if entity is None:
        return None
    state = inspect(obj)
    changed: dict[str, Any] = {}
    for name in ROLES[entity]:
        added = state.attrs[name].history.added
        if added:
            changed[name] = added[-1]
    return changed or None


@event.listens_for(Session, "before_flush")
def _touch_records(session: Session, _ctx: Any, _instances: Any) -> None:
    """A stored record whose industries change is written (its `updated_at` moves)."""
    for obj in session.dirty:
        if _changed_links(obj) and hasattr(obj, "updated_at"):
            obj.updated_at = utcnow()


@event.listens_for(Session, "after_flush")
def _sync_links(session: Session, _ctx: Any) -> None:
    """Write the link rows of records whose industries were set, after their rows exist."""
    by_entity: dict[str, list[dict[str, Any]]] = {}
    for obj in itertools.chain(session.new, session.dirty):
        changed = _changed_links(obj)
        if changed:
            by_entity.setdefault(_ENTITY_OF[type(obj)], []).append({"id": obj.id, **changed})
    for entity, records in by_entity.items():
        write_links(session.connection(), entity, records, replace=True)


def codes_sql(entity: str, name: str, dialect_name: str, alias: str | None = None) -> str:
    """The same aggregate as `column_of` as SQL text, for readers that write their SQL by hand
    (the matching source): `(SELECT group_concat(code, ';') FROM site_industries WHERE …)`,
    correlated with `alias` (default: the entity's table name)."""
    table, owner = LINKS[entity]
    role = ROLES[entity][name]
    agg = codes_agg(literal_column("code"), literal_column("pos")).compile(dialect=_DIALECTS[dialect_name]())
    return (f"(SELECT {agg} FROM {table.name} WHERE {table.name}.{owner} = {alias or entity}.id "
            f"AND {table.name}.role = '{role}')")  # fmt: skip


def record_select(entity: str) -> Any:
    """`SELECT` of whole records: the table's columns and the industry fields."""
    from sqlalchemy import select

    model = MODELS[entity]
    return select(model.__table__, *[column_of(entity, f) for f in fields_of(entity)])


def codes_of(conn: Any, entity: str, ids: Sequence[str]) -> dict[str, dict[str, str]]:
    """id → {field: `;`-joined codes} for a page of records, in one range read of the link
    table (cheaper than the correlated aggregate per record when a page is read as plain rows).
    `conn` is a Connection or Session. A record without codes is absent."""
    from sqlalchemy import select

    table, owner = LINKS[entity]
    field_of = {role: name for name, role in ROLES[entity].items()}
    got: dict[str, dict[str, list[str]]] = {}
    q = (select(table.c[owner], table.c.role, table.c.code)
         .where(table.c[owner].in_(list(ids))).order_by(table.c[owner], table.c.role, table.c.pos))  # fmt: skip
    for owner_id, role, code in conn.execute(q):
        got.setdefault(owner_id, {}).setdefault(field_of[role], []).append(code)
    return {i: {f: ";".join(c) for f, c in fs.items()} for i, fs in got.items()}
