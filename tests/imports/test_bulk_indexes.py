"""A bulk load into an empty table builds its indexes once, at the end: whatever the import's
outcome, the table has every index it had before (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, inspect

from tests.helpers import run_cli


def _indexes(url: str, table: str) -> dict[str, list[str]]:
    eng = create_engine(url)
    try:
        return {ix["name"]: list(ix["column_names"]) for ix in inspect(eng).get_indexes(table)}
    finally:
        eng.dispose()


def _sheet(path: Path, bad_row: bool) -> Path:
    lines = ["id,region,kind,area_m2,rent_cny_m2_day,name"]
    lines += [f"S{i:05d},310114,factory,{1000 + i},1.2,厂房{i}" for i in range(300)]
    if bad_row:
        lines.append("S99999,310114,,500,1.0,没有类型")  # kind missing: refused
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_indexes_survive_a_fresh_import_and_a_refused_strict_one(atlas_url: str, tmp_path: Path) -> None:
    before = _indexes(atlas_url, "sites")
    assert "ix_sites_name" in before and "ix_sites_list_filters" in before

    res = run_cli("import", "sites", str(_sheet(tmp_path / "bad.csv", True)), "--strict", "--json",
                  url=atlas_url)  # fmt: skip
    assert res.returncode != 0
    assert json.loads(res.stdout)["written"] is False
    assert _indexes(atlas_url, "sites") == before

    res = run_cli("import", "sites", str(_sheet(tmp_path / "good.csv", False)), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout)["inserted"] == 300
    assert _indexes(atlas_url, "sites") == before

    eng = create_engine(atlas_url)
    with eng.connect() as conn:  # the rebuilt name index answers
        from sqlalchemy import text

        got = conn.execute(text("SELECT id FROM sites WHERE name = '厂房42'")).scalar()
    eng.dispose()
    assert got == "S00042"


def test_indexes_come_back_when_a_later_chunk_blocks_a_strict_import(
    atlas_url: str, tmp_path: Path, monkeypatch
) -> None:
    """Chunks of 100 rows: the first three are written (indexes dropped), the refused row in
    the last one blocks the strict import; the rollback leaves no row and every index."""
    from parkatlas.io import importer

    monkeypatch.setattr(importer, "CHUNK_ROWS", 100)
    before = _indexes(atlas_url, "sites")
    report = importer.import_file(atlas_url, "sites", _sheet(tmp_path / "bad.csv", True), strict=True)
    assert report.written is False and report.refused == 1 and report.rows == 301
    assert _indexes(atlas_url, "sites") == before
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        from sqlalchemy import text

        assert conn.execute(text("SELECT count(*) FROM sites")).scalar() == 0
    eng.dispose()
