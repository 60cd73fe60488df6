"""District outlines: ECharts' compressed coordinates decoded, GCJ-02 → WGS-84."""

import json

import pytest

from parkatlas import geo
from parkatlas.web import boundaries


def _encode(points: list[tuple[int, int]], offset: tuple[int, int]) -> str:
    """ECharts' encoding (zig-zag deltas + 64), written here from its description."""
    out = []
    px, py = offset
    for x, y in points:
        dx, dy = x - px, y - py
        px, py = x, y
        for d in (dx, dy):
            out.append(chr(((d << 1) ^ (d >> 31)) + 64))
    return "".join(out)


def test_decode_ring_inverts_the_encoding() -> None:
    pts = [(124373, 31970), (124380, 31960), (124300, 32000), (124373, 31970)]
    enc = _encode(pts, (124373, 31970))
    ring = boundaries.decode_ring(enc, [124373, 31970])
    assert ring == [[x / 1024, y / 1024] for x, y in pts]


def test_decode_refuses_odd_length() -> None:
    with pytest.raises(ValueError, match="odd length"):
        boundaries.decode_ring("@@A", [0, 0])


def test_shipped_file_decodes_to_shanghai_with_all_sixteen_districts() -> None:
    src = json.loads(boundaries.SOURCE_FILE.read_text(encoding="utf-8"))
    built = boundaries.build_outlines(src)
    codes = {f["properties"]["code"] for f in built["features"]}
    assert len(codes) == 16 and {"310101", "310114", "310115", "310151"} <= codes
    for f in built["features"]:
        g = f["geometry"]
        rings = g["coordinates"] if g["type"] == "Polygon" else [r for p in g["coordinates"] for r in p]
        for lon, lat in (pt for r in rings for pt in r):
            assert 120.8 < lon < 122.1 and 30.6 < lat < 31.9


def test_shipped_geojson_is_the_build_output() -> None:
    """The WGS-84 file in static/geo is exactly what the build makes from the source file."""
    src = json.loads(boundaries.SOURCE_FILE.read_text(encoding="utf-8"))
    shipped = json.loads(boundaries.OUTLINES_FILE.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(boundaries.build_outlines(src)))


def test_outlines_shift_back_to_gcj02_for_chinese_tiles() -> None:
    wgs = boundaries.outlines("wgs84")
    gcj = boundaries.outlines("gcj02")
    lon, lat = wgs["features"][0]["geometry"]["coordinates"][0][0]
    glon, glat = gcj["features"][0]["geometry"]["coordinates"][0][0]
    elat, elon = geo.wgs84_to_gcj02(lat, lon)
    assert (glat, glon) == pytest.approx((elat, elon), abs=1e-5)
    assert abs(glon - lon) > 0.003  # the shift in Shanghai is about 0.0045°
    with pytest.raises(ValueError, match="not supported"):
        boundaries.outlines("bd09")
