"""`parkatlas match` and `match-batch` through the real entry point (subprocess)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.matching.test_storage import seed_atlas

SITES = [
    {"id": "F1", "kind": "factory", "status": "available", "area_m2": 10000.0, "park": "p1",
     "floor_load_kn_m2": 15.0, "clear_height_m": 9.0, "power_kva": 2000.0, "env_class_max": 2,
     "rent_cny_m2_day": 1.5, "industries": "27", "region": "310115", "lat": 31.3, "lon": 121.5},
    {"id": "F2", "kind": "factory", "status": "available", "area_m2": 12000.0,
     "floor_load_kn_m2": 8.0, "clear_height_m": 9.0, "power_kva": 2000.0, "env_class_max": 2,
     "rent_cny_m2_day": 1.2, "industries": "39", "region": "310114", "lat": 31.4, "lon": 121.3},
]  # fmt: skip
PROJECTS = [
    {"id": "P1", "name": "药厂", "industries": "2710", "investment_wan": 9000, "stage": "lead",
     "needs": {"kind": "factory", "area_m2": {"min": 5000, "max": 20000, "ideal": 10000},
               "floor_load_kn_m2": {"min": 10}}},
]  # fmt: skip


def run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PARKATLAS_DATABASE_URL": url, "COLUMNS": "250"}
    return subprocess.run([sys.executable, "-m", "parkatlas.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)  # fmt: skip


def test_match_options_json_and_table(atlas_url: str) -> None:
    seed_atlas(atlas_url, SITES, PROJECTS)
    r = run(atlas_url, "match", "--kind", "factory", "--area-min", "5000", "--floor-load-min", "10",
            "--industry", "27", "--near", "31.35,121.5,60,port", "--json")  # fmt: skip
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert [x["site_id"] for x in data["results"]] == ["F1"]
    res = data["results"][0]
    assert abs(sum(res["contributions"].values()) - res["score"]) < 1e-9
    assert data["near_misses"][0]["site_id"] == "F2"
    assert data["near_misses"][0]["failure"]["constraint"] == "floor_load_kn_m2"

    r = run(atlas_url, "match", "--project", "P1", "--weights", "area=0.5,industry=0.5")
    assert r.returncode == 0, r.stderr
    assert "F1" in r.stdout and "得分 Score" in r.stdout and "面积 Area" in r.stdout

    r = run(atlas_url, "match", "--project", "P1", "--why-not", "F2")
    assert r.returncode == 0, r.stderr
    assert "楼面荷载 floor load: needs ≥ 10 kN/m², site has 8 kN/m² (below the need, 20% off)" in r.stdout

    r = run(atlas_url, "match", "--site", "F1", "--json")
    assert r.returncode == 0, r.stderr
    assert [p["project_id"] for p in json.loads(r.stdout)["projects"]] == ["P1"]


def test_match_refuses_bad_needs(atlas_url: str, tmp_path: Path) -> None:
    seed_atlas(atlas_url, SITES)
    bad = tmp_path / "needs.json"
    bad.write_text(json.dumps({"area_m2": {"min": -5}}), encoding="utf-8")
    r = run(atlas_url, "match", "--needs", str(bad))
    assert r.returncode == 1
    assert "area_m2.min: may not be negative (got -5)" in r.stderr
    r = run(atlas_url, "match", "--industry", "99")
    assert r.returncode == 1 and "unknown industry code '99'" in r.stderr
    r = run(atlas_url, "match", "--kind", "factory", "--weights", "speed=1")
    assert r.returncode == 1 and "unknown factor 'speed'" in r.stderr


def test_match_batch_writes_csv(atlas_url: str, tmp_path: Path) -> None:
    seed_atlas(atlas_url, SITES, PROJECTS)
    out = tmp_path / "m.csv"
    r = run(atlas_url, "match-batch", "-o", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert [(x["project_id"], x["site_id"]) for x in rows] == [("P1", "F1")]
    out = tmp_path / "m.xlsx"
    assert run(atlas_url, "match-batch", "-o", str(out)).returncode == 0
    assert out.stat().st_size > 0
