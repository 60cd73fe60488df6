"""Importing sites: messy Chinese spreadsheets, broken files, idempotency, audit, strict mode."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import create_engine, select, text

from parkatlas.geo import gcj02_to_wgs84
from parkatlas.industry_links import record_select
from parkatlas.models import AuditEntry, Site
from tests.helpers import run_cli

MESSY_HEADERS = [
    "编号",
    "区域",
    "载体类型",
    "面积(㎡)",
    "租金",
    "承重",
    "层高",
    "配电容量",
    "适合行业",
    "纬度",
    "经度",
    "地址",
    "招商状态",
    "可入驻日期",
]
MESSY_ROWS = [
    ["JD-001", "嘉定", "标准厂房", "5000平方米", "1.2元/㎡/天", "1吨/㎡", "8米", "800KVA", "医药制造业", 31.3760, 121.2650, "嘉定区示例路1号", "空置", "2026-03-01"],
    ["JD-002", "Jiading District", "厂房", "8,000平米", "45元/平方米/月", "800kg/㎡", "10.5m", "2000 kVA", "27;39", 31.3801, 121.2702, "嘉定区示例路2号", "可租", "2026/6/1"],
    ["PD-001", "浦东新区", "土地", "20亩", None, None, None, None, "39", 31.2200, 121.5400, "浦东新区示例路3号", None, None],
    ["PD-002", "310115", "研发楼", "1.5万平方米", "3.5", "5kN/㎡", "4.5", "1.5MVA", "C", 31.2005, 121.5903, "张江示例路4号", "已租", "2027年1月1日"],
    ["BS-001", "宝山区", "仓库", "5000㎡", "1.1元/平/天", "3吨/平方米", "9 米", "630kva", "装卸搬运和仓储业", 31.4050, 121.4890, None, "reserved", None],
]  # fmt: skip


def _messy_xlsx(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["某区载体清单（示例）"])  # a title row above the header, as bureaus write them
    ws.append([])
    ws.append(MESSY_HEADERS)
    for r in MESSY_ROWS:
        ws.append(r)
    wb.save(path)


def _sites(url: str) -> dict[str, Site]:
    eng = create_engine(url)
    with eng.connect() as conn:
        rows = {r.id: r for r in conn.execute(record_select("sites"))}
    eng.dispose()
    return rows  # type: ignore[return-value]


def test_messy_chinese_xlsx_with_units_and_gcj02(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "载体.xlsx"
    _messy_xlsx(f)
    # the title row sits above the header: the reader must find the header on row 3
    res = run_cli("import", "sites", str(f), "--crs", "gcj02", "--json", url=atlas_url)
    report = json.loads(res.stdout)
    assert report["errors"] == [] and res.returncode == 0, res.stdout + res.stderr
    assert report["inserted"] == 5
    s = _sites(atlas_url)
    assert s["JD-001"].region == "310114" and s["JD-002"].region == "310114"
    assert s["PD-002"].region == "310115"
    assert (
        s["JD-001"].kind == "factory" and s["PD-001"].kind == "land" and s["PD-002"].kind == "lab"
    )
    assert s["BS-001"].kind == "warehouse"
    assert s["JD-001"].area_m2 == pytest.approx(5000)
    assert s["JD-002"].area_m2 == pytest.approx(8000)
    assert s["PD-001"].area_m2 == pytest.approx(20 * 10000 / 15)
    assert s["PD-002"].area_m2 == pytest.approx(15000)
    assert s["JD-002"].rent_cny_m2_day == pytest.approx(45 * 12 / 365)
    assert s["JD-001"].floor_load_kn_m2 == pytest.approx(9.80665)
    assert s["JD-002"].floor_load_kn_m2 == pytest.approx(0.8 * 9.80665)
    assert s["BS-001"].floor_load_kn_m2 == pytest.approx(3 * 9.80665)
    assert s["JD-002"].clear_height_m == pytest.approx(10.5)
    assert s["PD-002"].power_kva == pytest.approx(1500)
    assert s["JD-001"].industries == "27"
    assert s["JD-002"].industries == "27;39"
    assert s["JD-001"].status == "available" and s["PD-002"].status == "occupied"
    assert s["PD-001"].status == "available"  # empty status defaults to available
    assert str(s["PD-002"].available_from) == "2027-01-01"
    lat, lon = gcj02_to_wgs84(31.3760, 121.2650)
    assert s["JD-001"].lat == pytest.approx(lat, abs=1e-6) and s["JD-001"].lon == pytest.approx(
        lon, abs=1e-6
    )
    assert abs(s["JD-001"].lon - 121.2650) > 0.003  # really converted, not stored as given


def _write_gbk_csv(path: Path, rows: list[list[str]]) -> None:
    header = ["id", "区域", "类型", "面积", "租金", "行业", "纬度", "经度"]
    with path.open("w", encoding="gbk", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


BROKEN = [
    ["A1", "嘉定区", "厂房", "3000平方米", "1.0", "27", "31.37", "121.26"],  # good
    ["A2", "嘉定区", "厂房", "三千多平", "1.0", "27", "31.37", "121.26"],  # non-numeric area
    ["A3", "青浦区", "厂房", "2000", "0.9", "34", "48.8566", "2.3522"],  # Paris
    ["A1", "嘉定区", "厂房", "3100", "1.0", "27", "31.37", "121.26"],  # duplicate id
    ["A4", "火星区", "厂房", "3100", "1.0", "27", "", ""],  # unknown region
    ["A5", "松江区", "飞船", "3100", "1.0", "27", "", ""],  # unknown kind
    ["A6", "松江区", "仓库", "4500㎡", "1.2元/㎡/天", "99", "", ""],  # unknown industry
    ["A7", "松江区", "仓库", "-5", "1.2", "53", "", ""],  # negative area
    ["A8", "奉贤区", "仓库", "4500", "0.8", "59", "121.47", "31.23"],  # swapped lat/lon
    ["A9", "奉贤区", "仓库", "4600", "0.8", "59", "30.92", "121.47"],  # good
]  # fmt: skip


def test_broken_gbk_csv_refuses_only_bad_required_cells_and_warns_the_rest(
    atlas_url: str, tmp_path: Path
) -> None:
    f = tmp_path / "broken.csv"
    _write_gbk_csv(f, BROKEN)
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert report["encoding"] == "gb18030"
    # refused: an unreadable or negative area, an unknown kind, a duplicate id
    assert report["inserted"] == 6 and report["refused"] == 4
    by_row = {e["row"]: e for e in report["errors"]}
    assert set(by_row) == {3, 5, 7, 9}
    assert by_row[3]["column"] == "面积" and by_row[3]["value"] == "三千多平"
    assert by_row[5]["column"] == "id" and "row 2" in by_row[5]["reason"]
    assert by_row[7]["column"] == "类型"
    assert by_row[9]["column"] == "面积"
    # warned: optional cells left empty, the rows go in
    warned = {w["row"]: w for w in report["warnings"]}
    assert set(warned) == {4, 6, 8, 10}
    assert "outside China" in warned[4]["reason"]
    assert warned[6]["column"] == "区域" and "火星区" in warned[6]["reason"]
    assert warned[8]["column"] == "行业" and "'99'" in warned[8]["reason"]
    assert "swapped" in warned[10]["reason"]
    assert all(w["key"] for w in report["warnings"])
    sites = _sites(atlas_url)
    assert set(sites) == {"A1", "A3", "A4", "A6", "A8", "A9"}
    assert sites["A4"].region is None and sites["A6"].industries is None
    assert sites["A8"].lat is None and sites["A8"].rent_cny_m2_day == pytest.approx(0.8)
    # the reject file holds exactly the refused rows, and can be fixed and imported again
    rejects = Path(report["reject_file"])
    with rejects.open(encoding="utf-8-sig") as fh:
        rej = list(csv.DictReader(fh))
    assert [r["_row"] for r in rej] == ["3", "5", "7", "9"]
    fixed = [r for r in rej if r["id"] == "A2"]
    fixed[0]["面积"] = "3000"
    fixed_path = tmp_path / "fixed.csv"
    with fixed_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rej[0]))
        w.writeheader()
        w.writerows(fixed)
    res2 = run_cli("import", "sites", str(fixed_path), "--json", url=atlas_url)
    assert res2.returncode == 0, res2.stdout
    assert set(_sites(atlas_url)) == {"A1", "A2", "A3", "A4", "A6", "A8", "A9"}


def test_strict_writes_nothing_when_a_row_is_bad(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "broken.csv"
    _write_gbk_csv(f, BROKEN)
    res = run_cli("import", "sites", str(f), "--strict", url=atlas_url)
    assert res.returncode == 1
    assert "nothing was written" in res.stderr
    assert _sites(atlas_url) == {}


def test_same_file_twice_changes_nothing_and_updates_are_audited(
    atlas_url: str, tmp_path: Path
) -> None:
    f = tmp_path / "ok.csv"
    _write_gbk_csv(f, [BROKEN[0], BROKEN[9]])
    assert run_cli("import", "sites", str(f), url=atlas_url).returncode == 0
    before = {k: tuple(v) for k, v in _sites(atlas_url).items()}
    again = json.loads(run_cli("import", "sites", str(f), "--json", url=atlas_url).stdout)
    assert (again["inserted"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert {k: tuple(v) for k, v in _sites(atlas_url).items()} == before
    changed = list(BROKEN[0])
    changed[4] = "1.5"
    _write_gbk_csv(f, [changed, BROKEN[9]])
    third = json.loads(run_cli("import", "sites", str(f), "--json", url=atlas_url).stdout)
    assert (third["inserted"], third["updated"], third["unchanged"]) == (0, 1, 1)
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        entry = conn.execute(
            select(AuditEntry.__table__).where(
                AuditEntry.entity_id == "A1", AuditEntry.action == "update"
            )
        ).one()
        n_audit = conn.execute(text("select count(*) from audit_log")).scalar_one()
    eng.dispose()
    assert entry.actor == "tester"
    assert entry.changes["fields"] == {"rent_cny_m2_day": [1.0, 1.5]}
    assert n_audit == 3  # import batch, update row, import batch


def test_missing_required_column_refuses_the_file(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "nokind.csv"
    f.write_text("id,面积\nX1,100\n", encoding="utf-8")
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 1
    report = json.loads(res.stdout)
    assert "missing required column(s): kind (类型)" in report["errors"][0]["reason"]
    assert _sites(atlas_url) == {}


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\x00\x01\x02binary\x00", "binary file"),
        (b"", "empty"),
    ],
)
def test_unreadable_files_give_one_line_errors(
    sqlite_url: str, tmp_path: Path, content: bytes, message: str
) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    res = run_cli("import", "sites", str(f), url=sqlite_url)
    assert res.returncode == 1
    assert message in res.stderr and "Traceback" not in res.stderr
