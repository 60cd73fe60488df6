"""The library summary (web/summary.py) against the plain SQL it replaces, and the site list's
count policy (exact, or "at least" past the limit) and freshness filter, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from parkatlas.demo.build import build_demo
from parkatlas.models import Site, utcnow
from parkatlas.web import report
from parkatlas.web.summary import BASE_CELL, SummaryKeeper, compute
from parkatlas.workspace import sites as core
from parkatlas.workspace.sites import SiteFilter, SiteUpdate, list_sites, update_site
from tests.workspace.world import SYSTEM, build_world, session_for


@pytest.fixture
def demo_url(atlas_url: str) -> str:
    build_demo(atlas_url, sites=300, seed=7, actor="test")
    build_world(atlas_url)
    with session_for(atlas_url) as s:
        ids = sorted(s.execute(Site.__table__.select().with_only_columns(Site.id)).scalars())
        # a lived-in library: a third last written 200 days ago, some of them confirmed since
        old = utcnow() - dt.timedelta(days=200)
        s.execute(update(Site).where(Site.id.in_(ids[::3])).values(updated_at=old))
        for sid in ids[:12]:
            update_site(s, SYSTEM, sid, SiteUpdate(verified=True, public=True))
    return atlas_url


def test_summary_figures_equal_the_scans(demo_url: str) -> None:
    with session_for(demo_url) as s:
        summary = compute(s)
        scanned = report.monthly(s, SYSTEM, None, stale_days=90)
        summed = report.monthly(s, SYSTEM, None, stale_days=90, summary=summary)
    def rounded(v: dict[tuple[str, str], tuple[int, float]]) -> dict[tuple[str, str], tuple[int, float]]:
        return {k: (n, round(a, 3)) for k, (n, a) in v.items()}

    assert rounded(summed.vacancy) == rounded(scanned.vacancy) and scanned.vacancy
    assert summed.stale == scanned.stale and sum(scanned.stale.values()) > 50
    assert summed.sites_as_of == summary.made_at


def test_summary_map_cells_count_every_site_with_coordinates(demo_url: str) -> None:
    with session_for(demo_url) as s:
        summary = compute(s)
        rows = s.execute(Site.__table__.select().with_only_columns(Site.kind, Site.region, Site.lat, Site.lon)).all()
    placed = [r for r in rows if r.lat is not None and r.lon is not None]
    cells, total = summary.map_cells(kind=None, status=None, prefix="", public=False)
    assert total == len(placed) == sum(n for _la, _lo, n in cells)
    factories = [r for r in placed if r.kind == "factory" and (r.region or "").startswith("310115")]
    cells, total = summary.map_cells(kind="factory", status=None, prefix="310115", public=False, size=0.1)
    assert total == len(factories) == sum(n for *_p, n in cells)
    # each coarse cell holds the mean position of its sites, inside the 0.1° square
    for lat, lon, _n in cells:
        assert any(abs(lat - r.lat) < 0.1 and abs(lon - r.lon) < 0.1 for r in factories)
    assert summary.map_cells(kind=None, status=None, prefix="", public=True)[1] == 12
    assert BASE_CELL == 0.02


def test_keeper_serves_the_old_summary_while_it_recounts(demo_url: str) -> None:
    keeper = SummaryKeeper(demo_url)
    first = keeper.get()
    assert keeper.get() is first  # no write, no recount
    keeper.refresh_in_background()
    for _ in range(200):
        if keeper.get() is not first:
            break
        import time

        time.sleep(0.05)
    assert keeper.get() is not first and keeper.get().vacancy() == first.vacancy()
    keeper.close()


def test_stale_filter_is_the_rule_of_site_out(demo_url: str) -> None:
    with session_for(demo_url) as s:
        every = list_sites(s, SYSTEM, SiteFilter(), per_page=500)
        stale = list_sites(s, SYSTEM, SiteFilter(stale=True), per_page=500)
        fresh = list_sites(s, SYSTEM, SiteFilter(stale=False), per_page=500)
    assert {x.id for x in stale.items} == {x.id for x in every.items if x.stale}
    assert {x.id for x in fresh.items} == {x.id for x in every.items if not x.stale}
    assert stale.count + fresh.count == every.count == 300 and stale.count_exact


def test_counts_past_the_limit_say_at_least(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core, "COUNT_LIMIT", 20)
    with session_for(demo_url) as s:
        every = list_sites(s, SYSTEM, SiteFilter(kind="factory"), per_page=5)
        assert every.count_exact and every.count > 20  # kind is in the list index: always exact
        many = list_sites(s, SYSTEM, SiteFilter(stale=False), page=2, per_page=5)
        assert not many.count_exact and many.count == 20
        all_fresh = list_sites(s, SYSTEM, SiteFilter(stale=False), per_page=500)
        monkeypatch.setattr(core, "COUNT_LIMIT", 10_000)
        exact = list_sites(s, SYSTEM, SiteFilter(stale=False), page=2, per_page=5)
    # the page is the same whichever way it was read
    assert [x.id for x in many.items] == [x.id for x in exact.items] == [x.id for x in all_fresh.items][5:10]
    assert exact.count_exact and exact.count > 20


def test_keyword_search_ignores_ascii_case_on_both_databases(demo_url: str) -> None:
    with session_for(demo_url) as s:
        upper = list_sites(s, SYSTEM, SiteFilter(q="S00000"), per_page=500)
        lower = list_sites(s, SYSTEM, SiteFilter(q="s00000"), per_page=500)
        none = list_sites(s, SYSTEM, SiteFilter(q="no-such-words"), per_page=500)
    assert upper.count > 5 and [x.id for x in lower.items] == [x.id for x in upper.items]
    assert none.count == 0 and none.count_exact


def test_a_map_counted_in_sql_equals_the_summarys_map(demo_url: str, monkeypatch) -> None:
    """A filter the summary does not answer (area_min) is counted in SQL in the summary's base
    cells and merged the same way: with area_min=0 (every site) it draws the summary's map."""
    from parkatlas.web import maps
    from parkatlas.web.sites_pages import map_data

    monkeypatch.setattr(maps, "CLUSTER_ABOVE", 40)  # the 300 demo sites are then drawn as cells
    with session_for(demo_url) as s:
        summary = compute(s)
        by_summary = map_data(s, SiteFilter(), 90, "wgs84", "/sites/", summary=summary)
        in_sql = map_data(s, SiteFilter(area_min=0), 90, "wgs84", "/sites/", summary=summary)
        few = map_data(s, SiteFilter(area_min=0, region="310114"), 90, "wgs84", "/sites/", summary=summary)
        placed = s.execute(Site.__table__.select().with_only_columns(Site.id).where(
            Site.region.startswith("310114"), Site.lat.is_not(None))).scalars().all()  # fmt: skip
    assert in_sql["kind"] == by_summary["kind"] == "cells" and in_sql["total"] == by_summary["total"] > 40

    sql_cells, summary_cells = sorted(in_sql["cells"]), sorted(by_summary["cells"])
    assert len(sql_cells) == len(summary_cells) > 1
    for (a, b, n), (c, d, m) in zip(sql_cells, summary_cells, strict=True):  # sums in another order
        assert n == m and abs(a - c) < 1e-5 and abs(b - d) < 1e-5
    assert few["kind"] == "points" and 0 < len(few["points"]) == len(placed) <= 40
