"""`parkatlas demo` through the real entry point: real parks, synthetic sites, deterministic."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, select, text

from parkatlas.industry_links import column_of
from parkatlas.models import Project
from tests.helpers import run_cli


def test_demo_builds_a_labelled_synthetic_atlas(atlas_url: str) -> None:
    res = run_cli("demo", "--sites", "400", "--seed", "5", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["totals"]["sites"] == 400
    assert summary["totals"]["parks"] >= 19
    assert "嘉定区" in summary["by_district_kind"]
    assert sum(sum(c.values()) for c in summary["by_district_kind"].values()) == 400
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        n_real_sites = conn.execute(text("select count(*) from sites where synthetic = false")).scalar_one()
        park = conn.execute(text("select name_zh, region_code from parks where id = 'sh-sensor'")).one()
    eng.dispose()
    assert n_real_sites == 0
    assert tuple(park) == ("智能传感器产业园", "310114")


def test_demo_is_deterministic_and_replaces_only_synthetic_rows(atlas_url: str, tmp_path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("id,区域,类型,面积\nMY-1,嘉定区,厂房,1200平方米\n", encoding="utf-8")
    assert run_cli("import", "sites", str(own), url=atlas_url).returncode == 0
    run_cli("demo", "--sites", "200", "--seed", "9", url=atlas_url)
    first = run_cli("export", "sites", "--format", "csv", url=atlas_url).stdout
    run_cli("demo", "--sites", "200", "--seed", "9", url=atlas_url)
    second = run_cli("export", "sites", "--format", "csv", url=atlas_url).stdout
    assert first == second
    assert "MY-1" in second  # the user's own site survives a demo rebuild
    assert len(second.splitlines()) == 1 + 200 + 1
    run_cli("demo", "--sites", "50", "--seed", "9", url=atlas_url)
    third = run_cli("export", "sites", "--format", "csv", url=atlas_url).stdout
    assert len(third.splitlines()) == 1 + 50 + 1


def test_stats_counts_real_and_synthetic_apart(atlas_url: str, tmp_path) -> None:
    own = tmp_path / "own.csv"
    own.write_text("id,区域,类型,面积\nMY-1,嘉定区,厂房,1200平方米\n", encoding="utf-8")
    assert run_cli("import", "sites", str(own), url=atlas_url).returncode == 0
    before = json.loads(run_cli("stats", "--json", url=atlas_url).stdout)
    assert before["totals"]["sites"] == 1 and before["synthetic_sites"] == 0
    assert before["by_district_kind"] == {"嘉定区": {"factory": 1}}
    run_cli("demo", "--sites", "30", "--seed", "2", url=atlas_url)
    after = json.loads(run_cli("stats", "--json", url=atlas_url).stdout)
    assert after["totals"]["sites"] == 31 and after["synthetic_sites"] == 30
    assert sum(after["projects_by_stage"].values()) == after["totals"]["projects"]
    text = run_cli("stats", url=atlas_url).stdout
    assert "30 of the sites are SYNTHETIC" in text


def test_demo_example_match_prints_the_scores_of_match_project(atlas_url: str) -> None:
    res = run_cli("demo", "--sites", "600", "--seed", "3", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    example = json.loads(res.stdout)["example_match"]
    assert example and example["results"]
    again = run_cli("match", "--project", example["project"], "--top", "5", "--json", url=atlas_url)
    assert again.returncode == 0, again.stderr
    got = [(r["site_id"], round(r["score"], 4)) for r in json.loads(again.stdout)["results"]]
    assert got == [(r["site_id"], r["score"]) for r in example["results"]]


def test_demo_looks_like_shanghai(atlas_url: str) -> None:
    """Issue 9 §8: land and factories mostly in the outer districts, offices and labs in the
    centre, and every project asks for space that fits its industry."""
    from parkatlas.demo.build import space_for_industry

    res = run_cli("demo", "--sites", "1500", "--seed", "8", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    outer = {"嘉定区", "松江区", "青浦区", "奉贤区", "金山区", "宝山区", "浦东新区", "闵行区"}
    centre = {"黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区"}
    by = json.loads(res.stdout)["by_district_kind"]

    def count(districts: set[str], kinds: tuple[str, ...]) -> int:
        return sum(by.get(d, {}).get(k, 0) for d in districts for k in kinds)

    industrial = count(outer | centre, ("land", "factory"))
    assert count(outer, ("land", "factory")) >= 0.9 * industrial
    assert count(centre, ("land",)) == 0
    assert count(centre, ("office", "lab")) > 3 * count(centre, ("factory", "warehouse"))
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        t = Project.__table__
        rows = conn.execute(select(t.c.name, column_of("projects", "industries"), t.c.needs)).all()
    eng.dispose()
    assert rows
    for name, industries, needs in rows:
        needs = json.loads(needs) if isinstance(needs, str) else needs
        assert needs["kind"] in space_for_industry(industries), (name, industries, needs)
        division = int(industries[:2])
        if needs["kind"] == "warehouse":
            assert "物流" in name  # only a labelled logistics project asks for a warehouse
        if division in (63, 64, 65):
            assert needs["kind"] in ("office", "lab")
