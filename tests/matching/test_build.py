"""Building the index from the database (SQLite: two chunked SELECTs; PostgreSQL: binary COPY
of fixed-width rows decoded by numpy) gives the same index as building it in memory from the
same columns: every column of every site, NULL in each nullable column, empty text, unknown
kinds and statuses, non-ASCII ids; and the same query results."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import numpy as np
import pytest

from parkatlas.matching import Matcher, source
from parkatlas.matching.index import DictColumn, SiteIndex, factorize
from tests.matching import reference as ref
from tests.matching.test_storage import seed_atlas

NULLABLE = (
    "park", "region", "tenure", "rent_cny_m2_day", "price_cny_m2", "floor_load_kn_m2",
    "clear_height_m", "power_kva", "env_class_max", "hazardous_ok", "available_from",
    "industries", "preferred_industries", "indicators", "lat", "lon",
)  # fmt: skip


def edge_sites() -> list[dict[str, Any]]:
    """Random sites, then sites with each nullable column NULL in turn, empty text, odd values."""
    sites = ref.random_sites(random.Random(11), 120)
    full = {
        "kind": "factory", "status": "available", "park": ref.PARKS[0], "region": "310115",
        "tenure": "both", "area_m2": 12345.678901234567, "rent_cny_m2_day": 0.1 + 0.2,
        "price_cny_m2": 1e-300, "floor_load_kn_m2": 12.5, "clear_height_m": 9.75,
        "power_kva": 2500.0, "env_class_max": 3, "hazardous_ok": True,
        "available_from": dt.date(2027, 6, 30), "industries": "27;3911",
        "preferred_industries": "271", "indicators": {"invest_intensity_wan_mu": 350, "tax_wan_mu": 35},
        "lat": 31.123456789012345, "lon": 121.98765432109876,
    }  # fmt: skip
    for i, col in enumerate(NULLABLE):
        sites.append({**full, "id": f"N{i:02d}", col: None})
    sites.append({**full, "id": "E-industries", "industries": "", "preferred_industries": ""})
    # an empty park or region cannot be stored (both are foreign keys): only the tenure is ""
    sites.append({**full, "id": "E-park", "park": None, "region": None, "tenure": ""})
    sites.append({**full, "id": "E-kind", "kind": ""})
    sites.append({**full, "id": "odd-kind", "kind": "depot", "status": "sold"})
    sites.append({**full, "id": "载体-001", "park": "园区甲", "hazardous_ok": False})
    sites.append({**full, "id": "Ü", "indicators": {"tax_wan_mu": 12.5, "note": "x"}})
    sites.append({**full, "id": "long-" + "x" * 50, "area_m2": 1.0})
    return sites


def columns_of(sites: list[dict[str, Any]]) -> dict[str, list[Any]]:
    keys = ("id", "kind", "status", "area_m2", *NULLABLE)
    return {k: [s.get(k) for s in sites] for k in keys}


def decoded(index: SiteIndex) -> dict[str, tuple[Any, ...]]:
    """Every site of the base segment with its codes turned back into values (NaN-safe)."""
    seg = index.base

    def dec(values: list[str], codes: np.ndarray) -> list[str | None]:
        return [values[c] if c >= 0 else None for c in codes.tolist()]

    cols: list[list[Any]] = [
        dec(index.kinds.values, seg.kind),
        dec(index.statuses.values, seg.status),
        dec(index.parks.values, seg.park),
        dec(index.regions.values, seg.region),
        seg.tenure.tolist(),
        seg.env.tolist(),
        seg.hazardous.tolist(),
        seg.avail.tolist(),
        [index.profiles.keys[p] for p in seg.prof.tolist()],
    ]
    for name in ("area", "rent", "price", "floor_load", "clear_height", "power", "lat", "lon"):
        cols.append([repr(x) for x in getattr(seg, name).tolist()])
    for k in sorted(seg.thr):
        cols.append([repr(x) for x in seg.thr[k].tolist()])
        cols.append(seg.thr_own[k].tolist())
    return {sid: tuple(c[i] for c in cols) for i, sid in enumerate(seg.ids.tolist())}


def assert_partitions(index: SiteIndex) -> None:
    seg = index.base
    covered = 0
    for (sc, kc), (lo, hi) in seg.parts.items():
        assert (seg.status[lo:hi] == sc).all() and (seg.kind[lo:hi] == kc).all()
        assert (np.diff(seg.area[lo:hi]) >= 0).all()
        covered += hi - lo
    assert covered == len(seg)


@pytest.mark.parametrize("chunk", [5, 65_536])
def test_index_from_database_equals_index_from_columns(
    atlas_url: str, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source, "CHUNK", chunk)  # 5: many chunks, rows split across reads
    sites = edge_sites()
    seed_atlas(atlas_url, sites)
    db = Matcher.from_url(atlas_url)
    mem = Matcher.from_columns(columns_of(sites), parks=ref.PARK_INDUSTRIES)
    try:
        assert len(db) == len(mem) == len(sites)
        got, want = decoded(db.index), decoded(mem.index)
        assert got == want
        assert_partitions(db.index)
        rng = random.Random(5)
        for _ in range(30):
            needs = ref.random_needs(rng)
            assert [(r.site_id, r.score, r.contributions) for r in db.top(needs, k=40)] == [
                (r.site_id, r.score, r.contributions) for r in mem.top(needs, k=40)
            ]
        assert db.why_not({"kind": "factory"}, "载体-001").failures == []
    finally:
        db.close()


def test_empty_atlas_builds(atlas_url: str) -> None:
    m = Matcher.from_url(atlas_url)
    try:
        assert len(m) == 0
        assert m.top({"kind": "factory"}) == []
    finally:
        m.close()


def test_factorize_missing_and_dicts() -> None:
    col = factorize(["a", None, "", "b", "a", {"x": 1}, {"x": 1}])
    vals = [col.values[c] if c >= 0 else None for c in col.codes.tolist()]
    assert vals == ["a", None, None, "b", "a", '{"x": 1}', '{"x": 1}']
    assert len(col.values) == 3
    assert factorize(col) is col


def test_unpack_groups_gives_one_column_each() -> None:
    combos = factorize(['["p1", "f"]', '[null, "f"]', '["p1", "f"]', '["", "o"]'])
    out = source.unpack_groups(combos, ("park", "kind"))
    assert set(out) == {"park", "kind"}
    for name, want in (("park", ["p1", None, "p1", None]), ("kind", ["f", "f", "f", "o"])):
        c: DictColumn = out[name]
        assert [c.values[k] if k >= 0 else None for k in c.codes.tolist()] == want
