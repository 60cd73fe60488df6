"""Matching over real atlases (SQLite and PostgreSQL): the index built from the database,
properties against the brute-force matcher, refresh without rebuild, projects for a site."""

from __future__ import annotations

import random

from sqlalchemy import create_engine, insert, select, update

from parkatlas.industry_links import write_links
from parkatlas.matching import Matcher, parse_needs
from parkatlas.models import Park, Project, Site
from tests.matching import reference as ref


def _same_keys(rows: list[dict]) -> list[dict]:
    keys = {k for r in rows for k in r}
    return [{k: r.get(k) for k in keys} for r in rows]


def seed_atlas(url: str, sites: list[dict], projects: list[dict] | None = None) -> None:
    sites, projects = _same_keys(sites), _same_keys(projects or [])
    eng = create_engine(url)
    with eng.begin() as conn:
        parks = dict(ref.PARK_INDUSTRIES)
        for s in sites:  # a site's park must be in the atlas (foreign key)
            if s.get("park"):
                parks.setdefault(s["park"], None)
        for pid in conn.execute(select(Park.id)).scalars():
            parks.pop(pid, None)
        park_rows = [{"id": pid, "name_zh": f"园区{pid}", "industries": inds, "synthetic": True}
                     for pid, inds in parks.items()]  # fmt: skip
        conn.execute(insert(Park.__table__), park_rows)
        write_links(conn, "parks", park_rows, replace=False)  # industries are link rows
        if sites:
            conn.execute(insert(Site.__table__), [{**s, "synthetic": True} for s in sites])
            write_links(conn, "sites", sites, replace=False)
        if projects:
            conn.execute(insert(Project.__table__), projects)
            write_links(conn, "projects", projects, replace=False)
    eng.dispose()


def test_index_from_database_matches_brute_force(atlas_url: str) -> None:
    rng = random.Random(4)
    sites = ref.random_sites(rng, 300)
    seed_atlas(atlas_url, sites)
    m = Matcher.from_url(atlas_url)
    try:
        assert len(m) == 300
        by_id = {s["id"]: s for s in sites}
        for _ in range(40):
            needs = ref.random_needs(rng)
            parsed = parse_needs(needs)
            want = ref.ranking(sites, parsed)
            got = m.top(needs, k=15)
            assert ref.same_ranking([(r.site_id, r.score) for r in got], want[:15])
            for r in got:
                assert ref.failures(by_id[r.site_id], parsed) == []
                assert sum(r.contributions.values()) == r.score
            returned = {r.site_id for r in m.top(needs, k=300)}
            for s in sites[:60]:
                w = m.why_not(needs, s["id"])
                assert bool(w.failures) == (s["id"] not in returned)
    finally:
        m.close()


def test_changed_site_is_seen_without_rebuild(atlas_url: str) -> None:
    sites = [
        {"id": "A", "kind": "factory", "status": "available", "area_m2": 10000.0,
         "floor_load_kn_m2": 8.0, "rent_cny_m2_day": 1.2, "region": "310115"},
        {"id": "B", "kind": "factory", "status": "available", "area_m2": 9000.0,
         "floor_load_kn_m2": 12.0, "rent_cny_m2_day": 1.5, "region": "310115"},
    ]  # fmt: skip
    seed_atlas(atlas_url, sites)
    m = Matcher.from_url(atlas_url)
    needs = {
        "kind": "factory",
        "area_m2": {"min": 5000, "ideal": 10000},
        "floor_load_kn_m2": {"min": 10},
    }
    try:
        assert [r.site_id for r in m.top(needs)] == ["B"]
        w = m.why_not(needs, "A")
        assert [f.constraint for f in w.failures] == ["floor_load_kn_m2"]
        assert (
            w.failures[0].message == "楼面荷载 floor load: needs ≥ 10 kN/m², site has 8 (20% off)"
        )
        eng = create_engine(atlas_url)
        with eng.begin() as conn:
            conn.execute(
                update(Site.__table__)
                .where(Site.__table__.c.id == "A")
                .values(floor_load_kn_m2=15.0)
            )
            conn.execute(
                insert(Site.__table__),
                [{"id": "C", "kind": "factory", "area_m2": 10000.0, "floor_load_kn_m2": 20.0}],
            )
        eng.dispose()
        base = m.index.base
        assert m.refresh_site("A") and m.refresh_site("C")
        assert m.index.base is base  # no rebuild
        assert [r.site_id for r in m.top(needs)] == ["A", "C", "B"]
        assert m.why_not(needs, "A").failures == []
        assert not m.refresh_site("nope")
    finally:
        m.close()


def test_projects_for_site_reads_project_needs(atlas_url: str) -> None:
    sites = [{"id": "F1", "kind": "factory", "status": "available", "area_m2": 12000.0, "park": "p1",
              "floor_load_kn_m2": 15.0, "clear_height_m": 9.0, "power_kva": 2000.0, "env_class_max": 2,
              "rent_cny_m2_day": 1.5, "industries": "27;35", "region": "310115",
              "indicators": {"invest_intensity_wan_mu": 400, "tax_wan_mu": 40}},
             {"id": "L1", "kind": "land", "status": "available", "area_m2": 12000.0, "park": "p1",
              "industries": "27;35", "region": "310115",
              "indicators": {"invest_intensity_wan_mu": 400, "tax_wan_mu": 40}}]  # fmt: skip
    projects = [
        {"id": "P1", "name": "创新药生产基地", "industries": "2710", "investment_wan": 12000,
         "tax_wan_year": 900, "stage": "negotiating",
         "needs": {"kind": "factory", "area_m2": {"min": 8000, "max": 15000}, "env_class": 2}},
        {"id": "P2", "name": "重型装备", "industries": "34", "stage": "lead",
         "needs": {"kind": "factory", "floor_load_kn_m2": {"min": 30}}},
        {"id": "P3", "name": "already built", "stage": "in_production", "needs": {"kind": "factory"}},
        {"id": "P4", "name": "small", "industries": "27", "investment_wan": 500, "stage": "lead",
         "needs": {"kind": "factory"}},
        {"id": "P5", "name": "small on land", "industries": "27", "investment_wan": 500,
         "stage": "lead", "needs": {"kind": "land"}},
        {"id": "P6", "name": "not admitted", "industries": "65", "stage": "lead",
         "needs": {"kind": ["factory", "land"]}},
    ]  # fmt: skip
    seed_atlas(atlas_url, sites, projects)
    m = Matcher.from_url(atlas_url)
    try:
        res = m.projects_for_site("F1", k=10)
        # P6 (software, 65) is not admitted by the site's 准入 27;35: a hard constraint here
        assert sorted(r.project_id for r in res) == ["P1", "P4"]
        assert [r.score for r in res] == sorted((r.score for r in res), reverse=True)
        # 亩均 standards apply to land, not to a leased floor: no flag on the factory
        assert all(r.flags == [] for r in res)
        assert {r.project_id: r.stage for r in res} == {"P1": "negotiating", "P4": "lead"}
        land = m.projects_for_site("L1", k=10)
        assert [r.project_id for r in land] == ["P5"]
        # P5: 500 万元 on 18 亩 is ~28 万元/亩, below the site's 400
        assert land[0].flags and "below 400" in land[0].flags[0]
        top = m.top({"industry": "2710", "investment_wan": 500, "kind": "factory"}, k=1)[0]
        assert (
            top.details["industry"] == "2710 vs preferred 27 (same division)"
            or "27" in top.details["industry"]
        )
    finally:
        m.close()
