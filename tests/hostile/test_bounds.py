"""The same hostile file gives the same report on SQLite and PostgreSQL, and writes nothing bad."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, select

from parkatlas.io.bounds import BOUNDS, check_column
from parkatlas.models import Site
from tests.helpers import run_cli

ROWS = [
    ["OK1", "厂房", "5000", "3", "嘉定区安亭镇1号"],
    ["LONG", "厂房", "5000", "3", "路" * 301],  # address column holds 300
    ["NUL", "厂房", "5000", "3", "嘉定\x00区"],
    ["BIGINT", "厂房", "5000", str(2**31), "x"],
    ["HUGEF", "厂房", "5000", "1e300", "x"],
    ["AREA", "厂房", "1e300", "3", "x"],
    ["NEG", "厂房", "5000", "-1", "x"],
    ["RENT", "厂房", "5000", "3", "x"],
]
EXPECTED = {  # row number → the column refused
    3: "地址", 4: "地址", 5: "楼层", 6: "楼层", 7: "面积", 8: "楼层", 9: "租金",
}  # fmt: skip


def _write(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "类型", "面积", "楼层", "地址", "租金"])
        for r in ROWS:
            w.writerow([*r, "20000元/㎡/天" if r[0] == "RENT" else "1.2"])
    return path


def test_hostile_values_same_report_on_both_databases(atlas_url: str, tmp_path: Path) -> None:
    f = _write(tmp_path / "hostile.csv")
    res = run_cli("import", "sites", str(f), "--json", url=atlas_url)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    report = json.loads(res.stdout)
    # refused rows (errors) or, for an optional field, a warning and an empty cell: either
    # way every bad cell is named, identically on both databases
    flagged = report["errors"] + report.get("warnings", [])
    got = {e["row"]: e["column"] for e in flagged}
    assert got == EXPECTED
    reasons = {e["row"]: e["reason"] for e in flagged}
    assert "at most 300" in reasons[3] and "NUL" in reasons[4]
    assert "±2,147,483,647" in reasons[5] and "plausible floors" in reasons[8]
    assert "0 … 200" in reasons[8] and "100 元/㎡/天" in reasons[9]
    assert 7 in {e["row"] for e in report["errors"]}  # area is required: that row is refused
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        stored = conn.execute(select(Site.id, Site.address, Site.floors, Site.area_m2,
                                     Site.rent_cny_m2_day)).all()  # fmt: skip
    eng.dispose()
    assert "OK1" in {r.id for r in stored} and "AREA" not in {r.id for r in stored}
    for r in stored:  # nothing the bounds refuse reached the database
        assert r.address is None or (len(r.address) <= 300 and "\x00" not in r.address)
        assert r.floors is None or 0 <= r.floors <= 200
        assert r.area_m2 <= 1e8 and (r.rent_cny_m2_day is None or r.rent_cny_m2_day <= 100)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_bounds_accept_exactly_the_documented_range(x: float) -> None:
    lo, hi, _, lo_incl = BOUNDS["rent_cny_m2_day"]
    ok = x == x and lo <= x <= hi and (lo_incl or x != lo)
    assert (check_column("sites", "rent_cny_m2_day", [x]) == []) == ok


def test_text_length_comes_from_the_model() -> None:
    assert check_column("sites", "address", ["a" * 300]) == []
    assert check_column("sites", "address", ["a" * 301])[0][0] == 0
    assert check_column("sites", "id", ["i" * 65])  # String(64)
    assert check_column("projects", "jobs", [2**40])
