"""No two places merge (issue 9 §4): a site without an id is keyed by its name with its park or
district, a row that matches another place is a conflict, and a fixed reject file updates
exactly the rows it came from."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select

from parkatlas.io.importer import import_file
from parkatlas.models import AuditEntry, Site
from tests.helpers import run_cli

HEADER = ["序号", "载体名称", "所在区域", "类型", "建筑面积", "地址"]
SHEET = [
    [1, "一号厂房", "嘉定区", "厂房", "5000", "外冈镇示例路1号"],
    [2, "一号厂房", "青浦区", "厂房", "6000", "青浦示例路2号"],  # same name, another district
    [3, "二号厂房", "嘉定区", "厂房", "三千多平", "外冈镇示例路3号"],  # bad area: refused
    [4, "三号仓库", "青浦区", "飞船", "4000", "青浦示例路4号"],  # bad kind: refused
    [5, "四号厂房", "嘉定区", "厂房", "2000", "外冈镇示例路5号"],
]


def _write(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _snapshot(url: str) -> dict[str, tuple[Any, ...]]:
    eng = create_engine(url)
    with eng.connect() as conn:
        rows = {r.id: tuple(r) for r in conn.execute(select(Site.__table__))}
    eng.dispose()
    return rows


def _updates(url: str) -> list[str]:
    eng = create_engine(url)
    with eng.connect() as conn:
        ids = conn.execute(select(AuditEntry.entity_id).where(AuditEntry.action == "update")).scalars()
        out = [i for i in ids if i]
    eng.dispose()
    return out


def test_fixed_reject_file_changes_no_other_site(atlas_url: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "town.csv", HEADER, SHEET)
    report = import_file(atlas_url, "sites", f, actor="t")
    assert (report.inserted, report.refused) == (3, 2)
    assert report.columns[0].what == "row_number"  # 序号 is never an id
    first = _snapshot(atlas_url)
    names = sorted((s[list(Site.__table__.columns.keys()).index("name")]) for s in first.values())
    assert names == ["一号厂房", "一号厂房", "四号厂房"]  # same name in two districts: two sites
    with Path(report.reject_file or "").open(encoding="utf-8-sig") as fh:
        rej = list(csv.DictReader(fh))
    assert [r["_row"] for r in rej] == ["4", "5"] and all(r["_key"] for r in rej)
    rej[0]["建筑面积"], rej[1]["类型"] = "3000", "仓库"
    # the officer also "fixes" the district of 三号仓库 to the one of an existing 一号厂房
    rej[1]["载体名称"] = "一号厂房"
    fixed = _write(tmp_path / "fixed.csv", list(rej[0]), [list(r.values()) for r in rej])
    res = run_cli("import", "sites", str(fixed), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    again = json.loads(res.stdout)
    assert (again["inserted"], again["updated"], again["conflicts"]) == (2, 0, [])
    after = _snapshot(atlas_url)
    assert len(after) == 5
    assert {k: v for k, v in after.items() if k in first} == first  # every other site unchanged
    assert _updates(atlas_url) == []  # and the audit log has no update of any of them
    keys = {r["_key"] for r in rej}
    assert keys <= set(after)  # each fixed row went in under the key it came from


def test_a_row_naming_another_place_is_a_conflict_not_an_update(atlas_url: str, tmp_path: Path) -> None:
    import_file(atlas_url, "sites", _write(tmp_path / "a.csv", HEADER, SHEET[:2]), actor="t")
    before = _snapshot(atlas_url)
    moved = [[1, "一号厂房", "嘉定区", "厂房", "5200", "马陆镇另一路9号"],
             [2, "一号厂房", "青浦区", "仓库", "6000", "青浦示例路2号"],
             [3, "一号厂房", "青浦区", "厂房", "6000", "青浦示例路 2 号"]]  # fmt: skip
    f = _write(tmp_path / "b.csv", HEADER, moved)
    strict = run_cli("import", "sites", str(f), "--strict", "--json", url=atlas_url)
    assert strict.returncode == 1
    assert _snapshot(atlas_url) == before
    rep = json.loads(strict.stdout)
    assert [c["row"] for c in rep["conflicts"]] == [2, 3] and not rep["written"]
    assert "different address" in rep["conflicts"][0]["reasons"][0]
    assert rep["conflicts"][0]["stored"]["address"] == "外冈镇示例路1号"
    assert rep["conflicts"][0]["incoming"]["address"] == "马陆镇另一路9号"
    assert "different kind" in rep["conflicts"][1]["reasons"][0]
    # rows 3 and 4 share a key: the later is refused as a duplicate
    assert [e["row"] for e in rep["errors"]] == [4]
    loose = json.loads(run_cli("import", "sites", str(f), "--json", url=atlas_url).stdout)
    assert loose["updated"] == 0 and len(loose["conflicts"]) == 2
    assert _snapshot(atlas_url) == before


def test_location_more_than_200_m_away_is_another_place(atlas_url: str, tmp_path: Path) -> None:
    header = ["载体名称", "所在区域", "类型", "面积", "纬度", "经度"]
    import_file(atlas_url, "sites", _write(tmp_path / "a.csv", header,
                [["A座", "嘉定区", "厂房", "5000", "31.3760", "121.2650"]]), actor="t")  # fmt: skip
    near = _write(tmp_path / "n.csv", header, [["A座", "嘉定区", "厂房", "5100", "31.3770", "121.2650"]])
    assert import_file(atlas_url, "sites", near, actor="t").updated == 1  # ~111 m: the same site
    far = _write(tmp_path / "f.csv", header, [["A座", "嘉定区", "厂房", "5100", "31.3800", "121.2650"]])
    rep = import_file(atlas_url, "sites", far, actor="t")
    assert rep.updated == 0 and "m away" in rep.conflicts[0].reasons[0]


def test_site_with_a_park_and_no_district_takes_the_parks(atlas_url: str, tmp_path: Path) -> None:
    parks = _write(tmp_path / "p.csv", ["园区名称", "所在区域", "联系人", "备注"],
                   [["外冈示例产业园", "嘉定区", "赵六", "示例园区"]])  # fmt: skip
    assert import_file(atlas_url, "parks", parks, actor="t").inserted == 1
    f = _write(tmp_path / "s.csv", ["载体名称", "所属园区", "类型", "面积"],
               [["园中厂房", "外冈示例产业园", "厂房", "3000"]])  # fmt: skip
    res = run_cli("import", "sites", str(f), url=atlas_url)
    assert res.returncode == 0, res.stderr
    assert "1 site(s) took their park's district (row 2)" in res.stdout
    (site,) = _snapshot(atlas_url).values()
    cols = list(Site.__table__.columns.keys())
    assert site[cols.index("region")] == "310114" and site[cols.index("park")]


def test_rows_that_are_not_records_are_skipped_and_counted(atlas_url: str, tmp_path: Path) -> None:
    rows = [
        [1, "一号厂房", "嘉定区", "厂房", "5000", "外冈镇示例路1号"],
        HEADER,  # the header repeated (a sheet pasted under another)
        [2, "四号厂房", "嘉定区", "厂房", "2000", "外冈镇示例路5号"],
        ["合计", "", "", "", "7000", ""],
        ["注：面积为建筑面积", "", "", "", "", ""],
    ]
    f = _write(tmp_path / "t.csv", HEADER, rows)
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    rep = json.loads(res.stdout)
    assert rep["skipped"] == {"header": [3], "totals": [5], "note": [6]}
    assert rep["inserted"] == 2 and rep["errors"] == []
    human = run_cli("import", "sites", str(f), url=atlas_url).stdout
    assert "skipped 1 totals row (row 5)" in human
