"""Migration 0009_foreign_keys carries an atlas made at 0007, with data, forward on both
databases: good references stay, orphans become NULL with their old value in the audit log,
nothing cascades (leads, site state), and the keys are enforced afterwards."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from parkatlas.db import alembic_config, make_engine, migrate
from tests.conftest import PG_ADMIN_URL, _drop_pg_database, _pg_admin_engine, _pg_available


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    problem = _pg_available()
    if problem:
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    name = f"pa_mig_{uuid.uuid4().hex[:10]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _drop_pg_database(name)


OLD_ROWS = [
    "INSERT INTO regions (code, name, level) VALUES ('310114', '嘉定区', 'district')",
    "INSERT INTO units (id, name, kind) VALUES ('U1', '嘉定', 'bureau')",
    "INSERT INTO parks (id, name_zh, region_code, synthetic, updated_at) VALUES "
    "('PK1', '园一', '310114', FALSE, '2026-01-01'), ('PK2', '园二', '999999', FALSE, '2026-01-01')",
    "INSERT INTO sites (id, park, region, kind, area_m2, status, synthetic, updated_at) VALUES "
    "('S1', 'PK1', '310114', 'factory', 5000, 'available', FALSE, '2026-01-01'), "
    "('S2', 'PK-GONE', '310114', 'land', 9000, 'available', FALSE, '2026-01-01'), "
    "('S3', NULL, '310115', 'office', 800, 'available', FALSE, '2026-01-01'), "
    "('S4', NULL, '999998', 'office', 800, 'available', FALSE, '2026-01-01')",
    "INSERT INTO enterprises (id, name, region, park, synthetic, updated_at) VALUES "
    "('E1', '甲公司', '310114', 'PK1', FALSE, '2026-01-01'), "
    "('E2', '乙公司', NULL, 'PK-GONE', FALSE, '2026-01-01')",
    "INSERT INTO projects (id, name, enterprise, stage, owner_unit, synthetic, updated_at) VALUES "
    "('P1', '项目一', 'E1', 'signed', 'U1', FALSE, '2026-01-01'), "
    "('P2', '项目二', 'E-GONE', 'lead', 'U1', FALSE, '2026-01-01')",
    "INSERT INTO leads (project_id, registered_at, source, duplicate) VALUES "
    "('P1', '2026-01-01', 'api', FALSE), ('P2', '2026-01-01', 'api', FALSE)",
    "INSERT INTO site_state (site_id, owner_unit, public) VALUES ('S1', 'U1', TRUE), ('S2', 'U1', FALSE)",
]


def test_atlas_at_0007_with_data_gets_foreign_keys(empty_url: str) -> None:
    command.upgrade(alembic_config(empty_url), "0007_import_fields")
    eng = create_engine(empty_url)
    with eng.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    eng.dispose()

    assert migrate(empty_url) >= "0009_foreign_keys"

    eng = make_engine(empty_url)
    with eng.connect() as conn:
        q = lambda sql: [tuple(r) for r in conn.execute(text(sql))]  # noqa: E731
        # good references kept; a missing park or enterprise is now NULL
        assert q("SELECT id, park, region FROM sites ORDER BY id") == [
            ("S1", "PK1", "310114"), ("S2", None, "310114"),
            ("S3", None, "310115"),  # not in the old regions table, but a shipped code: kept
            ("S4", None, None),
        ]  # fmt: skip
        assert q("SELECT id, region_code FROM parks ORDER BY id") == [("PK1", "310114"), ("PK2", None)]
        assert q("SELECT id, park FROM enterprises ORDER BY id") == [("E1", "PK1"), ("E2", None)]
        assert q("SELECT id, enterprise FROM projects ORDER BY id") == [("P1", "E1"), ("P2", None)]
        # nothing cascaded away while the tables were rebuilt
        assert q("SELECT project_id FROM leads ORDER BY project_id") == [("P1",), ("P2",)]
        assert q("SELECT site_id, public FROM site_state ORDER BY site_id") == [("S1", True), ("S2", False)]
        # every cleared value is in the audit log, as an update by the migration
        audit = q("SELECT entity, entity_id, changes FROM audit_log WHERE actor = 'migration 0009' "
                  "ORDER BY entity, entity_id")  # fmt: skip
        import json

        got = {(e, i): json.loads(c) if isinstance(c, str) else c for e, i, c in audit}
        assert got[("sites", "S2")]["park"] == ["PK-GONE", None]
        assert got[("sites", "S4")]["region"] == ["999998", None]
        assert got[("parks", "PK2")]["region_code"] == ["999999", None]
        assert got[("enterprises", "E2")]["park"] == ["PK-GONE", None]
        assert got[("projects", "P2")]["enterprise"] == ["E-GONE", None]
        assert len(got) == 5
    fks = {fk["name"] for t in ("sites", "parks", "enterprises", "projects")
           for fk in inspect(eng).get_foreign_keys(t)}  # fmt: skip
    assert {"fk_sites_park", "fk_sites_region", "fk_parks_region", "fk_enterprises_region",
            "fk_enterprises_park", "fk_projects_enterprise"} <= fks  # fmt: skip
    # the keys hold from now on (SQLite: foreign_keys=ON on every connection)
    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text("UPDATE sites SET park = 'NOPE' WHERE id = 'S1'"))
    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text("UPDATE projects SET enterprise = 'NOPE' WHERE id = 'P1'"))
    eng.dispose()
