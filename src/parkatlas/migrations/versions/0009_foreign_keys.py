"""foreign keys: sites → parks and regions, parks/enterprises → regions, enterprises → parks,
projects → enterprises

A reference that points at nothing (an orphan: a site naming a park the atlas does not
hold, a code missing from the regions table) cannot be kept under a foreign key. Before
the keys are added, every orphan is set to NULL and the old value is written to the audit
log as an update by `migration 0009` (`{"park": ["P-GONE", null]}`), so nothing is lost
without a trace, and logged as a warning. Region codes are first checked against the
shipped reference data (loaded into `regions` if missing), so an atlas whose regions table
is older than its sites does not lose their districts.

SQLite: the tables are rebuilt (batch mode) with foreign keys switched off for the
migration (see migrations/env.py), so rebuilding `projects` does not cascade into leads.

Revision ID: 0009_foreign_keys
Revises: 0008_site_spec_indexes
"""

import datetime as dt
import logging

import sqlalchemy as sa
from alembic import op

revision = "0009_foreign_keys"
down_revision = "0008_site_spec_indexes"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# (table, column, referenced table, referenced column, constraint name)
KEYS = [
    ("parks", "region_code", "regions", "code", "fk_parks_region"),
    ("sites", "park", "parks", "id", "fk_sites_park"),
    ("sites", "region", "regions", "code", "fk_sites_region"),
    ("enterprises", "region", "regions", "code", "fk_enterprises_region"),
    ("enterprises", "park", "parks", "id", "fk_enterprises_park"),
    ("projects", "enterprise", "enterprises", "id", "fk_projects_enterprise"),
]
ACTOR = "migration 0009"


def _orphans(conn: sa.Connection, table: str, col: str, ref: str, ref_col: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in conn.execute(
            sa.text(
                f"SELECT t.id, t.{col} FROM {table} t WHERE t.{col} IS NOT NULL "
                f"AND NOT EXISTS (SELECT 1 FROM {ref} r WHERE r.{ref_col} = t.{col})"
            )
        )
    ]


def _load_shipped_regions(conn: sa.Connection) -> None:
    from sqlalchemy.orm import Session

    from parkatlas.models import Region
    from parkatlas.reference.loader import _region_rows, _upsert

    session = Session(bind=conn)
    _upsert(session, Region.__table__, _region_rows())
    session.flush()


def _clear_orphans(conn: sa.Connection) -> None:
    region_refs = [k for k in KEYS if k[2] == "regions"]
    if any(_orphans(conn, t, c, r, rc) for t, c, r, rc, _ in region_refs):
        _load_shipped_regions(conn)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    audit = sa.table(
        "audit_log",
        sa.column("at", sa.DateTime),
        sa.column("actor", sa.String),
        sa.column("entity", sa.String),
        sa.column("entity_id", sa.String),
        sa.column("action", sa.String),
        sa.column("changes", sa.JSON),
    )
    for table, col, ref, ref_col, _ in KEYS:
        found = _orphans(conn, table, col, ref, ref_col)
        if not found:
            continue
        log.warning("%s.%s: %d value(s) name no row of %s; set to NULL (old values in the audit "
                    "log, actor %r)", table, col, len(found), ref, ACTOR)  # fmt: skip
        ids = [i for i, _ in found]
        for start in range(0, len(ids), 500):
            conn.execute(
                sa.text(f"UPDATE {table} SET {col} = NULL WHERE id IN :ids").bindparams(
                    sa.bindparam("ids", expanding=True)
                ),
                {"ids": ids[start : start + 500]},
            )
        conn.execute(
            audit.insert(),
            [
                {"at": now, "actor": ACTOR, "entity": table, "entity_id": i, "action": "update",
                 "changes": {col: [old, None], "reason": f"no {ref} row {old!r}"}}
                for i, old in found
            ],
        )  # fmt: skip


def upgrade() -> None:
    conn = op.get_bind()
    _clear_orphans(conn)
    by_table: dict[str, list[tuple[str, str, str, str]]] = {}
    for table, col, ref, ref_col, name in KEYS:
        by_table.setdefault(table, []).append((col, ref, ref_col, name))
    for table, keys in by_table.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for col, ref, ref_col, name in keys:
                batch_op.create_foreign_key(name, ref, [col], [ref_col])


def downgrade() -> None:
    by_table: dict[str, list[str]] = {}
    for table, _, _, _, name in KEYS:
        by_table.setdefault(table, []).append(name)
    for table, names in by_table.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in names:
                batch_op.drop_constraint(name, type_="foreignkey")
