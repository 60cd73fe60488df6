"""Needs may name regions as people write them; a name shared by two provinces is resolved
within the province of the atlas's sites."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, insert

from parkatlas.errors import ParkatlasError
from parkatlas.matching import Matcher
from parkatlas.matching.needs import parse_needs
from parkatlas.models import Site


def test_region_names_resolve_to_codes() -> None:
    needs = parse_needs({"regions": ["嘉定区", "Xuhui District", "310115"]})
    assert list(needs.regions) == ["310114", "310104", "310115"]


def test_ambiguous_name_needs_a_home_province() -> None:
    with pytest.raises(ParkatlasError, match="unknown region '宝山区'"):
        parse_needs({"regions": ["宝山区"]})
    assert list(parse_needs({"regions": ["宝山区"]}, home_province="31").regions) == ["310113"]


def test_matcher_uses_the_province_of_its_sites(atlas_url: str) -> None:
    eng = create_engine(atlas_url)
    rows = [
        {"id": f"B{i}", "region": "310113" if i < 3 else "310114", "kind": "factory", "area_m2": 1000.0 + i,
         "status": "available", "synthetic": True}
        for i in range(5)
    ]  # fmt: skip
    with eng.begin() as conn:
        conn.execute(insert(Site.__table__), rows)
    eng.dispose()
    m = Matcher.from_url(atlas_url)
    ids = {r.site_id for r in m.top({"kind": "factory", "regions": ["宝山区"]}, k=10)}
    assert ids == {"B0", "B1", "B2"}
