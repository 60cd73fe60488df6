"""Migration 0002_workspace (and those after it) carry an atlas made at 0001, with data, forward."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from parkatlas.db import alembic_config, migrate


def test_atlas_at_0001_with_data_migrates_to_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    command.upgrade(alembic_config(url), "0001")
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, kind, region_code) VALUES ('U310114', '嘉定', 'bureau', '310114')"))
        conn.execute(text("INSERT INTO sites (id, kind, area_m2, status, synthetic, updated_at) "
                          "VALUES ('S1', 'factory', 5000, 'available', 0, '2026-01-01 00:00:00')"))  # fmt: skip
        conn.execute(text("INSERT INTO projects (id, name, stage, owner_unit, synthetic, updated_at) "
                          "VALUES ('P1', '项目', 'signed', 'U310114', 0, '2026-01-01 00:00:00')"))  # fmt: skip
        conn.execute(text("INSERT INTO audit_log (at, actor, entity, entity_id, action) "
                          "VALUES ('2026-01-01 00:00:00', 'old', 'sites', 'S1', 'insert')"))  # fmt: skip
    eng.dispose()
    migrate(url)
    eng = create_engine(url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT area_m2 FROM sites WHERE id = 'S1'")).scalar_one() == 5000
        assert conn.execute(text("SELECT stage, owner_unit FROM projects")).one() == ("signed", "U310114")
        assert conn.execute(text("SELECT parent_id FROM units")).scalar_one() is None
        assert conn.execute(text("SELECT actor, unit_id FROM audit_log")).one() == ("old", None)
    tables = set(inspect(eng).get_table_names())
    assert {"users", "api_tokens", "web_sessions", "leads", "activities", "site_state", "lead_collisions"} <= tables
    assert "ix_sites_list_filters" in {i["name"] for i in inspect(eng).get_indexes("sites")}  # 0006, widened by 0008
    eng.dispose()
