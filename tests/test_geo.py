"""Coordinate systems (WGS-84, GCJ-02, BD-09), distances and coordinate checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.geo import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    check_lat_lon,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    haversine_km,
    haversine_km_np,
    in_china,
    out_of_china,
    to_wgs84,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

SHANGHAI = (31.2304, 121.4737)
BEIJING = (39.9042, 116.4074)

china_lat = st.floats(min_value=3.86, max_value=53.55)
china_lon = st.floats(min_value=73.66, max_value=135.05)


def test_shanghai_gcj_shift_is_about_2e_3_lat_and_4e_3_lon() -> None:
    lat, lon = wgs84_to_gcj02(*SHANGHAI)
    assert 0.0015 < abs(lat - SHANGHAI[0]) < 0.0025
    assert 0.0040 < abs(lon - SHANGHAI[1]) < 0.0050
    # a few hundred metres, as published for GCJ-02
    assert 0.3 < haversine_km(*SHANGHAI, lat, lon) < 0.7


def test_forward_formulas_match_published_reference_values() -> None:
    # independent reference values for (lat 45, lon 123), computed by another library
    assert wgs84_to_gcj02(45.0, 123.0) == pytest.approx((45.00197815, 123.00607541), abs=1e-8)
    assert gcj02_to_bd09(45.0, 123.0) == pytest.approx((45.00636899, 123.00636499), abs=1e-8)
    assert wgs84_to_bd09(45.0, 123.0) == pytest.approx((45.0083293, 123.0124491), abs=1e-7)
    # that library's inverses are the one-step approximation: ours agree within a few metres
    assert gcj02_to_wgs84(45.0, 123.0) == pytest.approx((44.99804071, 122.99395597), abs=1e-5)
    assert bd09_to_gcj02(45.0, 123.0) == pytest.approx((44.99365430, 122.99363304), abs=1e-5)
    assert bd09_to_wgs84(45.0, 123.0) == pytest.approx((44.99171540, 122.98762210), abs=1e-5)


@pytest.mark.parametrize("point", [(40.7, -74.0), (51.5, -0.1), (-33.9, 151.2), (0.5, 100.0)])
def test_outside_china_gcj_equals_wgs(point: tuple[float, float]) -> None:
    assert out_of_china(*point)
    assert wgs84_to_gcj02(*point) == point
    assert gcj02_to_wgs84(*point) == point


@given(china_lat, china_lon)
def test_wgs_gcj_round_trip(lat: float, lon: float) -> None:
    back = gcj02_to_wgs84(*wgs84_to_gcj02(lat, lon))
    assert abs(back[0] - lat) < 1e-6 and abs(back[1] - lon) < 1e-6


@given(china_lat, china_lon)
def test_gcj_to_wgs_inverse_is_accurate_to_half_a_metre(lat: float, lon: float) -> None:
    wgs = gcj02_to_wgs84(lat, lon)
    again = wgs84_to_gcj02(*wgs)
    if out_of_china(*wgs) != out_of_china(lat, lon):
        return  # the published box edge is a discontinuity; no inverse exists across it
    assert haversine_km(lat, lon, *again) * 1000 < 0.5
    assert abs(again[0] - lat) < 1e-8 and abs(again[1] - lon) < 1e-8


@given(china_lat, china_lon)
def test_gcj_bd_round_trip(lat: float, lon: float) -> None:
    back = bd09_to_gcj02(*gcj02_to_bd09(lat, lon))
    assert abs(back[0] - lat) < 1e-8 and abs(back[1] - lon) < 1e-8
    again = gcj02_to_bd09(*bd09_to_gcj02(lat, lon))
    assert abs(again[0] - lat) < 1e-8 and abs(again[1] - lon) < 1e-8


@given(china_lat, china_lon)
def test_wgs_bd_round_trip(lat: float, lon: float) -> None:
    back = bd09_to_wgs84(*wgs84_to_bd09(lat, lon))
    assert abs(back[0] - lat) < 1e-6 and abs(back[1] - lon) < 1e-6


@given(china_lat, china_lon)
def test_offsets_are_hundreds_of_metres_not_more(lat: float, lon: float) -> None:
    gcj = wgs84_to_gcj02(lat, lon)
    bd = wgs84_to_bd09(lat, lon)
    assert haversine_km(lat, lon, *gcj) < 1.5
    assert haversine_km(lat, lon, *bd) < 2.5


@pytest.mark.parametrize("crs", ["wgs84", "WGS-84", " wgs84 ", "epsg:4326"])
def test_to_wgs84_from_wgs84_is_identity(crs: str) -> None:
    assert to_wgs84(*SHANGHAI, crs) == SHANGHAI


@pytest.mark.parametrize(
    ("crs", "convert"),
    [("gcj02", gcj02_to_wgs84), ("GCJ-02", gcj02_to_wgs84), ("amap", gcj02_to_wgs84),
     ("bd09", bd09_to_wgs84), ("BD-09", bd09_to_wgs84), ("baidu", bd09_to_wgs84)],
)  # fmt: skip
def test_to_wgs84_dispatches(crs: str, convert: object) -> None:
    assert to_wgs84(*SHANGHAI, crs) == convert(*SHANGHAI)  # type: ignore[operator]


@pytest.mark.parametrize("crs", ["cgcs2000", "", "epsg:3857", "bd09mc"])
def test_to_wgs84_refuses_unknown_systems(crs: str) -> None:
    with pytest.raises(ValueError, match="unknown coordinate system .*expected 'wgs84'"):
        to_wgs84(*SHANGHAI, crs)


def test_haversine_known_distances() -> None:
    assert haversine_km(*SHANGHAI, *SHANGHAI) == 0.0
    assert haversine_km(*SHANGHAI, *BEIJING) == pytest.approx(1067.3, abs=1.0)
    # a quarter of a meridian: pi/2 * R
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * 6371.0088, rel=1e-12)
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * 6371.0088, rel=1e-12)


@given(china_lat, china_lon, china_lat, china_lon)
def test_haversine_is_symmetric_and_non_negative(a: float, b: float, c: float, d: float) -> None:
    assert haversine_km(a, b, c, d) == pytest.approx(haversine_km(c, d, a, b), abs=1e-9)
    assert haversine_km(a, b, c, d) >= 0


@given(
    china_lat,
    china_lon,
    st.lists(st.tuples(china_lat, china_lon), min_size=0, max_size=20),
)
def test_numpy_haversine_matches_scalar(
    lat: float, lon: float, points: list[tuple[float, float]]
) -> None:
    lats = np.array([p[0] for p in points], dtype=float)
    lons = np.array([p[1] for p in points], dtype=float)
    got = haversine_km_np(lat, lon, lats, lons)
    assert got.shape == lats.shape
    expected = [haversine_km(lat, lon, p[0], p[1]) for p in points]
    assert np.allclose(got, expected, rtol=1e-12, atol=1e-9)


@pytest.mark.parametrize(
    ("point", "inside"),
    [(SHANGHAI, True), (BEIJING, True), ((53.55, 135.05), True), ((3.86, 73.66), True),
     ((18.25, 109.5), True), ((43.8, 87.6), True), ((53.56, 120.0), False),
     ((30.0, 73.0), False), ((0.0, 0.0), False), ((121.5, 31.2), False)],
)  # fmt: skip
def test_in_china_box(point: tuple[float, float], inside: bool) -> None:
    assert in_china(*point) is inside


def test_check_lat_lon_accepts_china_and_returns_floats() -> None:
    assert check_lat_lon(31, 121) == (31.0, 121.0)
    assert isinstance(check_lat_lon(31, 121)[0], float)


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (121.5, 31.2, "looks like latitude and longitude are swapped"),
        (116.4, 39.9, "swapped"),
        (95.0, 10.0, "swapped"),
        (91.0, 0.0, "latitude 91.0 is out of range"),
        (31.0, 190.0, "longitude 190.0 is out of range"),
        (0.0, 0.0, "outside China"),
        (40.7, -74.0, "outside China"),
        (-31.2, 121.5, "outside China"),
        (float("nan"), 121.5, "finite"),
        ("north", 121.5, "must be numbers"),
    ],
)
def test_check_lat_lon_refuses(lat: object, lon: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        check_lat_lon(lat, lon)  # type: ignore[arg-type]
