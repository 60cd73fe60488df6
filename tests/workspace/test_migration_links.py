"""Migration 0012_industry_links carries an atlas made at 0010, with industries written as
`;`-joined text, forward on both databases: every known code becomes a link row in the order
written, an unknown code is left out with the old text in the audit log, the text columns are
gone, the records read back the same text, and the link rows obey their foreign keys."""

from __future__ import annotations

import json

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from parkatlas.db import alembic_config, make_engine, migrate
from parkatlas.models import Enterprise, Park, Project, Site
from tests.workspace.test_migration_fk import empty_url  # noqa: F401 - the fixture

OLD_ROWS = [
    "INSERT INTO parks (id, name_zh, industries, synthetic, updated_at) VALUES "
    "('PK1', '园一', '27;35', FALSE, '2026-01-01')",
    "INSERT INTO sites (id, park, kind, area_m2, status, synthetic, updated_at, industries, "
    "preferred_industries) VALUES "
    "('S1', 'PK1', 'factory', 5000, 'available', FALSE, '2026-01-01', '39; 27;39', '2710'), "
    "('S2', NULL, 'land', 9000, 'available', FALSE, '2026-01-01', '27;XX9', NULL), "
    "('S3', NULL, 'office', 800, 'available', FALSE, '2026-01-01', NULL, '')",
    "INSERT INTO enterprises (id, name, industries, synthetic, updated_at) VALUES "
    "('E1', '甲公司', 'C', FALSE, '2026-01-01')",
    "INSERT INTO projects (id, name, enterprise, industries, stage, synthetic, updated_at) VALUES "
    "('P1', '项目一', 'E1', '3911', 'lead', FALSE, '2026-01-01')",
]


def test_atlas_at_0010_with_industries_text_gets_link_rows(empty_url: str) -> None:  # noqa: F811
    command.upgrade(alembic_config(empty_url), "0010_site_files")
    eng = create_engine(empty_url)
    with eng.begin() as conn:
        for sql in OLD_ROWS:
            conn.execute(text(sql))
    eng.dispose()

    assert migrate(empty_url) >= "0012_industry_links"

    eng = make_engine(empty_url)
    with eng.connect() as conn:
        q = lambda sql: [tuple(r) for r in conn.execute(text(sql))]  # noqa: E731
        assert q("SELECT site_id, role, pos, code FROM site_industries ORDER BY site_id, role, pos") == [
            ("S1", "allowed", 0, "39"), ("S1", "allowed", 1, "27"), ("S1", "preferred", 0, "2710"),
            ("S2", "allowed", 0, "27"),
        ]  # fmt: skip
        assert q("SELECT park_id, pos, code FROM park_industries ORDER BY pos") == [("PK1", 0, "27"), ("PK1", 1, "35")]
        assert q("SELECT enterprise_id, code FROM enterprise_industries") == [("E1", "C")]
        assert q("SELECT project_id, code FROM project_industries") == [("P1", "3911")]
        audit = q("SELECT entity, entity_id, changes FROM audit_log WHERE actor = 'migration 0012'")
        assert len(audit) == 1
        entity, eid, changes = audit[0]
        changes = json.loads(changes) if isinstance(changes, str) else changes
        assert (entity, eid) == ("sites", "S2")
        assert changes["industries"] == ["27;XX9", "27"]
        assert "XX9" in changes["reason"]
    for table in ("sites", "parks", "enterprises", "projects"):
        cols = {c["name"] for c in inspect(eng).get_columns(table)}
        assert "industries" not in cols and "preferred_industries" not in cols
    with Session(eng) as s:
        s1 = s.get(Site, "S1")
        assert s1 is not None
        assert (s1.industries, s1.preferred_industries) == ("39;27", "2710")
        assert s.get(Site, "S3").industries is None  # type: ignore[union-attr]
        assert s.get(Park, "PK1").industries == "27;35"  # type: ignore[union-attr]
        assert s.get(Enterprise, "E1").industries == "C"  # type: ignore[union-attr]
        assert s.get(Project, "P1").industries == "3911"  # type: ignore[union-attr]
    # the foreign keys hold: no code outside the hierarchy, and a deleted site takes its rows
    with pytest.raises(IntegrityError), eng.begin() as conn:
        conn.execute(text("INSERT INTO site_industries (site_id, role, pos, code) VALUES ('S3', 'allowed', 0, 'ZZ')"))
    with eng.begin() as conn:
        conn.execute(text("DELETE FROM sites WHERE id = 'S1'"))
        assert conn.execute(text("SELECT count(*) FROM site_industries WHERE site_id = 'S1'")).scalar() == 0
    eng.dispose()


def test_downgrade_writes_the_text_back(empty_url: str) -> None:  # noqa: F811
    migrate(empty_url)
    eng = make_engine(empty_url)
    with Session(eng) as s:
        s.add(Site(id="S9", kind="factory", area_m2=100.0, industries="35;27", preferred_industries="27"))
        s.commit()
    eng.dispose()
    command.downgrade(alembic_config(empty_url), "0011_site_search")
    eng = create_engine(empty_url)
    with eng.connect() as conn:
        row = conn.execute(text("SELECT industries, preferred_industries FROM sites WHERE id = 'S9'")).one()
    eng.dispose()
    assert tuple(row) == ("35;27", "27")
