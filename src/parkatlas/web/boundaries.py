"""Shanghai's district outlines for the maps: decoded from a shipped, sourced boundary file.

The outlines come from the Apache ECharts 4.9.0 npm package (Apache-2.0),
``map/json/province/shanghai.json``, kept unchanged in ``static/geo/`` beside its licence.
ECharts stores coordinates compressed ("UTF8Encoding"): every coordinate pair is two
characters, a zig-zag encoded delta from the previous point, in units of 1/1024 degree,
starting from the ring's ``encodeOffsets``. :func:`decode_echarts` undoes that, as
ECharts' own ``parseGeoJson.js`` does.

The file is drawn for Chinese web maps, so its coordinates are taken as GCJ-02;
:func:`build_outlines` converts them to WGS-84 (what parkatlas stores) with
:mod:`parkatlas.geo`, and :func:`outlines` hands the map either system: WGS-84 over no
tiles or WGS-84 tiles, GCJ-02 over AMap-style tiles. static/geo/README.md says more.

Regenerate the WGS-84 file (never at run time) with
``python -m parkatlas.web.boundaries``.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parkatlas import geo

GEO_DIR = Path(__file__).parent / "static" / "geo"
SOURCE_FILE = GEO_DIR / "echarts-4.9.0-shanghai.json"
OUTLINES_FILE = GEO_DIR / "shanghai-districts.geojson"
SOURCE = "Apache ECharts 4.9.0 (npm package echarts@4.9.0, Apache-2.0), map/json/province/shanghai.json"
DEFAULT_SCALE = 1024
# The file gives 崇明 (a 县 until 2016) no id; 310151 is its code as a district.
MISSING_IDS = {"崇明区": "310151", "崇明县": "310151"}

Ring = list[list[float]]


def decode_ring(encoded: str, offset: list[int], scale: int = DEFAULT_SCALE) -> Ring:
    """One ring of an ECharts-encoded polygon → [[lon, lat], …] in degrees."""
    if len(encoded) % 2:
        raise ValueError(f"encoded ring of odd length {len(encoded)}: pairs of characters expected")
    prev_x, prev_y = offset[0], offset[1]
    ring: Ring = []
    for i in range(0, len(encoded), 2):
        x = ord(encoded[i]) - 64
        y = ord(encoded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))  # zig-zag
        y = (y >> 1) ^ (-(y & 1))
        prev_x += x
        prev_y += y
        ring.append([prev_x / scale, prev_y / scale])
    return ring


def decode_echarts(collection: dict[str, Any]) -> dict[str, Any]:
    """A decoded copy of an ECharts map FeatureCollection (unchanged if it is not encoded)."""
    data = copy.deepcopy(collection)
    if not data.get("UTF8Encoding"):
        return data
    scale = int(data.get("UTF8Scale") or DEFAULT_SCALE)
    for feature in data["features"]:
        geometry = feature["geometry"]
        offsets = geometry.pop("encodeOffsets")
        if geometry["type"] == "Polygon":
            geometry["coordinates"] = [
                decode_ring(ring, offsets[i], scale) for i, ring in enumerate(geometry["coordinates"])
            ]
        elif geometry["type"] == "MultiPolygon":
            geometry["coordinates"] = [
                [decode_ring(ring, offsets[p][i], scale) for i, ring in enumerate(polygon)]
                for p, polygon in enumerate(geometry["coordinates"])
            ]
        else:
            raise ValueError(f"unexpected geometry type {geometry['type']!r} in an ECharts map")
    data.pop("UTF8Encoding", None)
    data.pop("UTF8Scale", None)
    return data


def _map_coords(geometry: dict[str, Any], fn: Callable[[float, float], tuple[float, float]]) -> None:
    def ring(points: Ring) -> Ring:
        out: Ring = []
        for lon, lat in points:
            new_lat, new_lon = fn(lat, lon)
            out.append([round(new_lon, 5), round(new_lat, 5)])
        return out

    if geometry["type"] == "Polygon":
        geometry["coordinates"] = [ring(r) for r in geometry["coordinates"]]
    else:
        geometry["coordinates"] = [[ring(r) for r in poly] for poly in geometry["coordinates"]]


def build_outlines(source: dict[str, Any]) -> dict[str, Any]:
    """The source file as plain WGS-84 GeoJSON: properties ``code``, ``name``; GCJ-02 → WGS-84."""
    decoded = decode_echarts(source)
    features = []
    for feature in decoded["features"]:
        name = feature["properties"]["name"]
        code = feature.get("id") or MISSING_IDS.get(name)
        if not code:
            raise ValueError(f"district {name!r} has no code in the boundary file")
        geometry = feature["geometry"]
        _map_coords(geometry, geo.gcj02_to_wgs84)
        features.append(
            {"type": "Feature", "properties": {"code": str(code), "name": name}, "geometry": geometry}
        )
    return {
        "type": "FeatureCollection",
        "source": SOURCE + "; decoded, GCJ-02 converted to WGS-84 by parkatlas.geo",
        "crs_note": "WGS-84 (EPSG:4326), lon/lat",
        "features": features,
    }


@functools.cache
def outlines(crs: str = "wgs84") -> dict[str, Any]:
    """The shipped WGS-84 outlines, or converted to GCJ-02 for Chinese tile providers."""
    data: dict[str, Any] = json.loads(OUTLINES_FILE.read_text(encoding="utf-8"))
    if crs == "wgs84":
        return data
    if crs != "gcj02":
        raise ValueError(f"map CRS {crs!r} is not supported: use wgs84 or gcj02")
    for feature in data["features"]:
        _map_coords(feature["geometry"], geo.wgs84_to_gcj02)
    return data


def main() -> None:
    """Rewrite static/geo/shanghai-districts.geojson from the shipped ECharts file."""
    source = json.loads(SOURCE_FILE.read_text(encoding="utf-8"))
    text = json.dumps(build_outlines(source), ensure_ascii=False, separators=(",", ":"))
    OUTLINES_FILE.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
