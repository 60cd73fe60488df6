"""backup → restore round-trips a whole atlas, on both databases and across them."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, insert, select

from parkatlas import search
from parkatlas.demo.build import build_demo
from parkatlas.models import AuditEntry, Document, Fact, StageEvent
from tests.hostile.test_messages import cli


def _snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    eng = create_engine(url)
    meta = MetaData()
    out: dict[str, list[tuple[Any, ...]]] = {}
    with eng.connect() as conn:
        meta.reflect(bind=conn)
        for t in meta.sorted_tables:
            if t.name == "alembic_version" or search.is_index_table(t.name):  # derived from sites
                continue
            order = list(t.primary_key.columns) or list(t.columns)
            out[t.name] = [tuple(r) for r in conn.execute(select(t).order_by(*order))]
    eng.dispose()
    return out


def _assert_searchable(url: str, site_id: str) -> None:
    """The restored sites are in the keyword index (rebuilt from them, not copied)."""
    from parkatlas.db import make_engine
    from parkatlas.models import Site

    eng = make_engine(url)
    with eng.begin() as conn:
        assert search.check(conn)
        assert site_id in conn.execute(select(Site.id).where(search.keyword_condition(Site, site_id))).scalars().all()
    eng.dispose()


def _fill(url: str, tmp_path: Path) -> None:
    build_demo(url, sites=80, enterprises=10, projects=8, seed=11)
    f = tmp_path / "p.csv"
    f.write_text("编号,项目名称,阶段\nP00001,改名项目,签约\n", encoding="utf-8")
    assert cli("import", "projects", str(f), url=url).returncode == 0  # audit + stage event
    eng = create_engine(url)
    with eng.begin() as conn:
        conn.execute(insert(Document.__table__).values(
            id="d" * 64, source="news/1.txt", title="嘉定区招商", lang="zh",
            published=dt.date(2026, 3, 1), text="嘉定区2025年签约项目120个。\x01", extractor="v3",
            ingested_at=dt.datetime(2026, 3, 2, 8, 30, 1, 123456)))  # fmt: skip
        conn.execute(insert(Fact.__table__).values(
            document_id="d" * 64, quote="签约项目120个", start=8, end=16, kind="count",
            value=120.0, unit="个", metric="projects_signed", region="嘉定区", period=2025))  # fmt: skip
    eng.dispose()


def test_backup_restore_round_trips_everything(atlas_url: str, tmp_path: Path, sqlite_template: Path) -> None:
    _fill(atlas_url, tmp_path)
    before = _snapshot(atlas_url)
    assert before["audit_log"] and before["stage_events"] and before["facts"] and before["documents"]
    dump = tmp_path / "atlas.jsonl.gz"
    res = cli("backup", str(dump), "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["tables"]["sites"] == 80
    # into a new SQLite file (nothing there), and into an atlas `init` filled (reference data)
    targets = [f"sqlite:///{tmp_path / 'new.db'}"]
    inited = tmp_path / "inited.db"
    shutil.copyfile(sqlite_template, inited)
    targets.append(f"sqlite:///{inited}")
    for target in targets:
        res = cli("restore", str(dump), url=target)
        assert res.returncode == 0, res.stdout + res.stderr
        after = _snapshot(target)
        assert after == before, target
        _assert_searchable(target, before["sites"][0][0])
    # an atlas holding data the backup does not hold is refused, and left as it was
    extra = tmp_path / "extra.csv"
    extra.write_text("编号,类型,面积\nNEW1,厂房,5000\n", encoding="utf-8")
    assert cli("import", "sites", str(extra), url=targets[0]).returncode == 0
    held = _snapshot(targets[0])
    res = cli("restore", str(dump), url=targets[0])
    assert res.returncode == 1 and "not empty" in res.stderr and "Traceback" not in res.stderr
    assert _snapshot(targets[0]) == held
    # new rows after a restore get fresh ids (PostgreSQL sequences moved past the restored ones)
    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(insert(AuditEntry.__table__).values(at=dt.datetime(2026, 1, 1), actor="t", entity="sites", action="x"))
    eng.dispose()


def test_sqlite_online_backup_and_cross_database_restore(sqlite_url: str, atlas_url: str, tmp_path: Path) -> None:
    if atlas_url.startswith("sqlite"):
        pytest.skip("the cross-database half needs PostgreSQL as target")
    _fill(sqlite_url, tmp_path)
    before = _snapshot(sqlite_url)
    copy = tmp_path / "copy.db"
    res = cli("backup", str(copy), "--format", "sqlite", url=sqlite_url)
    assert res.returncode == 0, res.stderr
    assert _snapshot(f"sqlite:///{copy}") == before
    # the SQLite file restores into PostgreSQL; ids continue after the restored ones there
    res = cli("restore", str(copy), url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    assert _snapshot(atlas_url) == before
    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        new_id = conn.execute(insert(StageEvent.__table__).values(
            project_id=before["projects"][0][0], to_stage="signed").returning(StageEvent.id)).scalar_one()  # fmt: skip
    eng.dispose()
    assert new_id > max(r[0] for r in before["stage_events"])
