"""A cell whose reading loses something a person typed (约, 左右, a note in brackets, a range
with no column for its other end, a period read as its first day) keeps its text in attrs,
under its header as written; the export carries it; a plain cell later drops it again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import create_engine, select

from parkatlas.models import Site
from tests.helpers import run_cli

HEAD = "载体名称,所在区域,类型,建筑面积,租金,售价,层高,交付时间\n"


def _site(url: str, name: str):  # type: ignore[no-untyped-def]
    eng = create_engine(url)
    with eng.connect() as conn:
        row = conn.execute(select(Site.__table__).where(Site.name == name)).one()
    eng.dispose()
    return row


def test_typed_cells_are_kept_exported_and_dropped_when_plain(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "载体.csv"
    f.write_text(HEAD + "一号厂房,嘉定区,厂房,约3000平方米,0.9-1.1元/㎡/天,4000-5000元/㎡,8米（檐口）,2025年Q4\n"
                 "二号厂房,嘉定区,厂房,5000,1.0,,9,2026-03-01\n", encoding="utf-8")  # fmt: skip
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    one = _site(atlas_url, "一号厂房")
    assert (one.area_m2, one.clear_height_m, str(one.available_from)) == (3000.0, 8.0, "2025-10-01")
    assert (one.rent_cny_m2_day, one.rent_max_cny_m2_day, one.price_cny_m2) == (0.9, 1.1, 4000.0)
    assert one.attrs == {"建筑面积": "约3000平方米", "售价": "4000-5000元/㎡", "层高": "8米（檐口）",
                         "交付时间": "2025年Q4"}  # fmt: skip
    assert _site(atlas_url, "二号厂房").attrs is None  # plain cells: nothing kept twice

    out = run_cli("export", "sites", "--format", "csv", url=atlas_url)
    assert out.returncode == 0
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
    assert json.loads(rows["一号厂房"]["attrs"])["建筑面积"] == "约3000平方米"

    f.write_text(HEAD + "一号厂房,嘉定区,厂房,3200,0.9-1.1元/㎡/天,4000-5000元/㎡,8米（檐口）,2025-12-01\n",
                 encoding="utf-8")  # fmt: skip
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    one = _site(atlas_url, "一号厂房")
    assert one.area_m2 == 3200.0
    assert one.attrs == {"售价": "4000-5000元/㎡", "层高": "8米（檐口）"}
