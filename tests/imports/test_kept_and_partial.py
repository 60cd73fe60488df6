"""Nothing typed is lost (kept attributes, new fields, the 0007 migration) and a sheet updates
only what it holds (issue 14 §1), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import create_engine, select, text

from parkatlas.db import alembic_config
from parkatlas.io.exporter import export_text
from parkatlas.io.importer import import_file
from parkatlas.models import AuditEntry, Site
from tests.helpers import run_cli


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _site(url: str, sid: str) -> Any:
    eng = create_engine(url)
    with eng.connect() as conn:
        row = conn.execute(select(Site.__table__).where(Site.id == sid)).one()
    eng.dispose()
    return row


def test_migration_0007_carries_an_atlas_with_data_forward(atlas_url: str) -> None:
    cfg = alembic_config(atlas_url)
    command.downgrade(cfg, "0006_site_list_index")
    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        cols = {r[0] for r in conn.execute(text("select * from sites limit 0")).cursor.description}
        assert "attrs" not in cols and "name" not in cols
        conn.execute(text(
            "insert into sites (id, kind, area_m2, status, synthetic, rent_cny_m2_day, address, updated_at) "
            "values ('OLD1', 'factory', 5000, 'occupied', false, 1.2, '示例路1号', '2026-01-01 00:00:00')"
        ))  # fmt: skip
    eng.dispose()
    command.upgrade(cfg, "head")
    s = _site(atlas_url, "OLD1")
    assert (s.kind, s.area_m2, s.status, s.rent_cny_m2_day, s.address) == (
        "factory", 5000, "occupied", 1.2, "示例路1号")  # fmt: skip
    assert s.name is None and s.attrs is None and s.negotiable is None and s.contact is None


def test_unknown_columns_are_kept_shown_and_exported(atlas_url: str, tmp_path: Path) -> None:
    header = ["编号", "载体名称", "类型", "建筑面积", "地址", "招商人员", "朝向", "地址", "占地面积",
              "联系人", "联系电话", "备注"]  # fmt: skip
    rows = [
        ["K1", "外冈一号厂房", "厂房", "5000", "外冈镇示例路1号", "王五", "朝南", "外冈镇示例路1号旁",
         "8000", "张三", "021-5999 0000", "可分割；层高8米"],
        ["K2", "外冈二号厂房", "厂房", "3000", "外冈镇示例路2号", "", "朝北", "", "", "李四", "13800000000", ""],
    ]  # fmt: skip
    f = _write(tmp_path / "kept.csv", header, rows)
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["kept_attributes"] == ["招商人员", "朝向", "地址", "占地面积"]
    notes = {n["column"]: n for n in report["columns"]}
    assert notes[8]["what"] == "duplicate" and notes[9]["what"] == "duplicate"
    k1 = _site(atlas_url, "K1")
    assert k1.name == "外冈一号厂房" and k1.contact == "张三" and k1.phone == "021-5999 0000"
    assert k1.description == "可分割；层高8米"
    assert k1.attrs == {"招商人员": "王五", "朝向": "朝南", "地址": "外冈镇示例路1号旁", "占地面积": "8000"}
    assert _site(atlas_url, "K2").attrs == {"朝向": "朝北"}
    # the report printed for a person says so too
    human = run_cli("import", "sites", str(f), url=atlas_url)
    assert "kept as attributes: 招商人员, 朝向, 地址, 占地面积" in human.stdout
    assert "closest fields: contact" in human.stdout
    # every cell typed is in the export, and the export reads back into the same attributes
    exported = export_text(atlas_url, "sites", "csv")
    for row in rows:
        for cell in row:
            assert str(cell) in exported, cell
    back = tmp_path / "back.csv"
    back.write_text(exported, encoding="utf-8")
    again = import_file(atlas_url, "sites", back, actor="t")
    assert (again.inserted, again.updated, again.errors) == (0, 0, [])


def test_map_option_maps_a_header_by_hand(atlas_url: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "m.csv", ["编号", "类型", "面积", "招商人员"], [["M1", "仓库", "2000", "王五"]])
    res = run_cli("import", "sites", str(f), "--map", "招商人员=contact", "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    s = _site(atlas_url, "M1")
    assert s.contact == "王五" and s.attrs is None
    bad = run_cli("import", "sites", str(f), "--map", "招商人员=nonsense", url=atlas_url)
    assert bad.returncode == 1 and "no field 'nonsense'" in bad.stderr and "Traceback" not in bad.stderr


FULL = ["编号", "区域", "类型", "面积", "租金", "承重", "层高", "配电容量", "地址", "状态", "招商人员"]
T1 = ["T1", "嘉定区", "厂房", "5000", "1.2", "1吨/㎡", "8米", "800KVA", "嘉定区示例路1号", "已租", "王五"]


def test_status_only_sheet_changes_only_the_status(atlas_url: str, tmp_path: Path) -> None:
    full = list(T1)
    full[9] = "空置"
    import_file(atlas_url, "sites", _write(tmp_path / "full.csv", FULL, [full]), actor="t")
    before = _site(atlas_url, "T1")
    f = _write(tmp_path / "status.csv", ["编号", "类型", "面积", "状态"], [["T1", "厂房", "5000", "已租"]])
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["updated"] == 1
    assert report["changes"] == [{"id": "T1", "row": 2, "fields": ["status"]}]
    after = _site(atlas_url, "T1")
    for col in ("region", "rent_cny_m2_day", "floor_load_kn_m2", "clear_height_m", "power_kva",
                "address", "attrs", "area_m2", "kind"):  # fmt: skip
        assert getattr(after, col) == getattr(before, col), col
    assert before.status == "available" and after.status == "occupied"


def test_area_only_correction_keeps_status_and_rent(atlas_url: str, tmp_path: Path) -> None:
    import_file(atlas_url, "sites", _write(tmp_path / "full.csv", FULL, [T1]), actor="t")
    before = _site(atlas_url, "T1")
    assert before.status == "occupied"
    f = _write(tmp_path / "area.csv", ["编号", "类型", "面积"], [["T1", "厂房", "5200"]])
    report = import_file(atlas_url, "sites", f, actor="t")
    assert [c.fields for c in report.changes] == [["area_m2"]]
    after = _site(atlas_url, "T1")
    assert after.area_m2 == 5200 and after.status == "occupied"  # no default on an update
    assert after.rent_cny_m2_day == before.rent_cny_m2_day and after.attrs == {"招商人员": "王五"}
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        audit = conn.execute(select(AuditEntry.changes).where(
            AuditEntry.entity_id == "T1", AuditEntry.action == "update")).scalars().all()  # fmt: skip
    eng.dispose()
    assert [a["fields"] for a in audit] == [{"area_m2": [5000.0, 5200.0]}]


def test_empty_cells_keep_stored_values_unless_clear_empty(atlas_url: str, tmp_path: Path) -> None:
    import_file(atlas_url, "sites", _write(tmp_path / "full.csv", FULL, [T1]), actor="t")
    blank = ["T1", "", "厂房", "5000", "", "", "", "", "", "", ""]
    f = _write(tmp_path / "blank.csv", FULL, [blank])
    report = import_file(atlas_url, "sites", f, actor="t")
    assert (report.updated, report.unchanged) == (0, 1)
    s = _site(atlas_url, "T1")
    assert s.rent_cny_m2_day == 1.2 and s.region == "310114" and s.attrs == {"招商人员": "王五"}
    res = run_cli("import", "sites", str(f), "--clear-empty", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    changed = json.loads(res.stdout)["changes"][0]["fields"]
    assert set(changed) == {"region", "rent_cny_m2_day", "floor_load_kn_m2", "clear_height_m",
                            "power_kva", "address", "attrs"}  # fmt: skip
    # status cannot be empty: --clear-empty leaves a NOT NULL column alone
    s = _site(atlas_url, "T1")
    assert s.rent_cny_m2_day is None and s.attrs is None and s.kind == "factory"
