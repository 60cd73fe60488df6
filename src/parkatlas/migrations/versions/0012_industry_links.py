"""industry link tables: a record's GB/T 4754 codes become rows (site_industries,
park_industries, enterprise_industries, project_industries) instead of `;`-joined text

Each stored text is split at `;` into rows (owner, role, pos, code) — a site's `industries`
as role `allowed`, its `preferred_industries` as `preferred`, the others' as `main` — in the
order written, each code once. A code the industries table does not hold (after loading the
shipped hierarchy when it is missing) cannot be kept under the foreign key: it is left out,
written to the audit log as an update by `migration 0012` with the old text, and logged as a
warning, so nothing is lost without a trace. Then the text columns are dropped.

Revision ID: 0012_industry_links
Revises: 0011_site_search
"""

import datetime as dt
import logging

import sqlalchemy as sa
from alembic import op

revision = "0012_industry_links"
down_revision = "0011_site_search"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
ACTOR = "migration 0012"

# (record table, link table, owner column, {text column: role})
LINKS = [
    ("sites", "site_industries", "site_id", {"industries": "allowed", "preferred_industries": "preferred"}),
    ("parks", "park_industries", "park_id", {"industries": "main"}),
    ("enterprises", "enterprise_industries", "enterprise_id", {"industries": "main"}),
    ("projects", "project_industries", "project_id", {"industries": "main"}),
]


def _create(link: str, owner: str, table: str) -> None:
    op.create_table(
        link,
        sa.Column(owner, sa.String(64), sa.ForeignKey(f"{table}.id", ondelete="CASCADE",
                                                      name=f"fk_{link}_{owner[:-3]}"), primary_key=True),
        sa.Column("role", sa.String(10), primary_key=True),
        sa.Column("pos", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(4), sa.ForeignKey("industries.code", name=f"fk_{link}_code"),
                  nullable=False),
        sqlite_with_rowid=False,
    )  # fmt: skip
    op.create_index(f"ix_{link}_code", link, ["code"])


def _known_codes(conn: sa.Connection) -> set[str]:
    codes = {r[0] for r in conn.execute(sa.text("SELECT code FROM industries"))}
    if not codes:  # an atlas made before its reference data: load the shipped hierarchy
        from sqlalchemy.orm import Session

        from parkatlas.models import Industry
        from parkatlas.reference.loader import _industry_rows, _upsert

        session = Session(bind=conn)
        _upsert(session, Industry.__table__, _industry_rows())
        session.flush()
        codes = {r[0] for r in conn.execute(sa.text("SELECT code FROM industries"))}
    return codes


def _split(value: object) -> list[str]:
    return list(dict.fromkeys(s.strip() for s in str(value or "").split(";") if s.strip()))


def _move(conn: sa.Connection, known: set[str], now: dt.datetime) -> None:
    audit = sa.table(
        "audit_log",
        sa.column("at", sa.DateTime), sa.column("actor", sa.String), sa.column("entity", sa.String),
        sa.column("entity_id", sa.String), sa.column("action", sa.String), sa.column("changes", sa.JSON),
    )  # fmt: skip
    for table, link, owner, roles in LINKS:
        cols = ", ".join(roles)
        rows: list[dict[str, object]] = []
        lost: list[dict[str, object]] = []
        for rec in conn.execute(sa.text(f"SELECT id, {cols} FROM {table}")):
            for (col, role), value in zip(roles.items(), rec[1:], strict=True):
                codes = _split(value)
                kept = [c for c in codes if c in known]
                rows += [{"o": rec[0], "r": role, "p": i, "c": c} for i, c in enumerate(kept)]
                if len(kept) < len(codes):
                    lost.append({"at": now, "actor": ACTOR, "entity": table, "entity_id": rec[0],
                                 "action": "update",
                                 "changes": {col: [value, ";".join(kept) or None],
                                             "reason": "codes not in the industries table: "
                                                       + ";".join(c for c in codes if c not in known)}})  # fmt: skip
        insert = sa.text(f"INSERT INTO {link} ({owner}, role, pos, code) VALUES (:o, :r, :p, :c)")
        for start in range(0, len(rows), 20_000):
            conn.execute(insert, rows[start : start + 20_000])
        if lost:
            log.warning("%s: %d record(s) named industry codes the industries table does not hold; "
                        "left out (old values in the audit log, actor %r)", table, len(lost), ACTOR)  # fmt: skip
            conn.execute(audit.insert(), lost)


def upgrade() -> None:
    conn = op.get_bind()
    for table, link, owner, _ in LINKS:
        _create(link, owner, table)
    _move(conn, _known_codes(conn), dt.datetime.now(dt.UTC).replace(tzinfo=None))
    for table, _, _, roles in LINKS:
        for col in roles:
            op.execute(f"ALTER TABLE {table} DROP COLUMN {col}")


def downgrade() -> None:
    conn = op.get_bind()
    for table, link, owner, roles in LINKS:
        for col in roles:
            op.add_column(table, sa.Column(col, sa.String(400)))
        for col, role in roles.items():
            agg = ("string_agg(l.code, ';' ORDER BY l.pos)" if conn.dialect.name == "postgresql"
                   else "group_concat(l.code, ';')")  # fmt: skip
            conn.execute(sa.text(
                f"UPDATE {table} SET {col} = (SELECT {agg} FROM {link} l "
                f"WHERE l.{owner} = {table}.id AND l.role = '{role}')"
            ))  # fmt: skip
        op.drop_table(link)
