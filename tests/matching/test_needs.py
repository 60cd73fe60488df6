"""Needs parsing: the issue's form is accepted; bad needs are refused with clear messages."""

from __future__ import annotations

import pytest

from parkatlas.errors import ParkatlasError
from parkatlas.matching import parse_needs, parse_weights
from parkatlas.matching.profiles import effective_weights

ISSUE_FORM = {
    "kind": "factory", "area_m2": {"min": 5000, "max": 20000, "ideal": 10000},
    "floor_load_kn_m2": {"min": 10}, "clear_height_m": {"min": 8}, "power_kva": {"min": 1500},
    "env_class": 2, "rent_cny_m2_day": {"max": 1.8}, "industry": "27",
    "near": [{"lat": 31.35, "lon": 121.50, "radius_km": 60}],
}  # fmt: skip


def test_issue_form_is_accepted() -> None:
    n = parse_needs(ISSUE_FORM)
    assert n.kind == ["factory"] and n.status == ["available"]
    assert n.area_m2 is not None and n.area_m2.ideal == 10000
    assert n.near[0].radius_km == 60 and n.near[0].required


def test_shorthands() -> None:
    n = parse_needs(
        {"floor_load_kn_m2": 10, "rent_cny_m2_day": 1.8, "region": "310115", "industry": 27}
    )
    assert n.floor_load_kn_m2 is not None and n.floor_load_kn_m2.min == 10
    assert n.rent_cny_m2_day is not None and n.rent_cny_m2_day.max == 1.8
    assert n.regions == ["310115"] and n.industry == "27"


@pytest.mark.parametrize(
    ("needs", "message"),
    [
        ({"area_m2": {"min": -5}}, "bad needs — area_m2.min: may not be negative (got -5)"),
        ({"area_m2": {"min": 20000, "max": 5000}}, "bad needs — area_m2: min (20000) is greater than max (5000)"),
        ({"area_m2": {"min": 5000, "ideal": 100}}, "bad needs — area_m2: ideal (100) is below min (5000)"),
        ({"industry": "99"}, "bad needs — industry: unknown industry code '99': give a GB/T 4754-2017 code — a section letter (C), a division (27), a group (271) or a class (2710)"),
        ({"regions": ["999999"]}, "bad needs — regions: unknown region '999999': give a name (嘉定区, 嘉定, Jiading District) or a 6-digit GB/T 2260 code (province 310000, city 320500, district 310115)"),
        ({"kind": "castle"}, "bad needs — kind: cannot read 'castle' as a site kind: unknown word; use one of land 土地, factory 厂房, office 写字楼, lab 研发楼, warehouse 仓库"),
        ({"env_class": 4}, "bad needs — env_class: Input should be less than or equal to 3"),
        ({"weights": {"speed": 1}}, "bad needs — weights: unknown factor 'speed' in weights: use area, cost, industry, location, efficiency"),
    ],
)  # fmt: skip
def test_bad_needs_are_refused(needs: dict, message: str) -> None:
    with pytest.raises(ParkatlasError) as exc:
        parse_needs(needs)
    assert str(exc.value) == message


def test_unknown_key_lists_the_valid_ones() -> None:
    with pytest.raises(
        ParkatlasError, match=r"aera_m2: unknown key; valid keys: kind, status, area_m2"
    ):
        parse_needs({"aera_m2": {"min": 1}})


def test_unknown_park_is_refused_when_the_atlas_is_known() -> None:
    with pytest.raises(ParkatlasError, match="unknown park 'nowhere'"):
        parse_needs({"parks": ["nowhere"]}, known_parks=frozenset({"p1"}))


@pytest.mark.parametrize(
    ("text", "want"),
    [("area=0.4,cost=0.2", {"area": 0.4, "cost": 0.2}), ("industry=1", {"industry": 1.0})],
)
def test_parse_weights(text: str, want: dict) -> None:
    assert parse_weights(text) == want


@pytest.mark.parametrize(
    ("text", "message"),
    [("area", "--weights: 'area' is not NAME=NUMBER"), ("area=-1", "may not be negative"),
     ("area=0,cost=0", "weights may not all be zero")],
)  # fmt: skip
def test_bad_weights(text: str, message: str) -> None:
    with pytest.raises(ParkatlasError, match=message):
        parse_weights(text)


def test_effective_weights_rescale_over_active_factors() -> None:
    w = effective_weights("parkatlas.score.v1", None, {"area", "cost"})
    assert w == pytest.approx({"area": 0.30 / 0.55, "cost": 0.25 / 0.55})
    assert effective_weights("parkatlas.score.v1", {"area": 1, "cost": 0}, {"area", "cost"}) == {
        "area": 1.0,
        "cost": 0.0,
    }
    with pytest.raises(
        ParkatlasError, match="unknown scoring profile 'x': available: parkatlas.score.v1"
    ):
        effective_weights("x", None, {"area"})
