"""Map payloads: points in the map's CRS, cells above the threshold, aggregated payloads reused."""

from parkatlas import geo
from parkatlas.web import maps


def test_points_shift_to_gcj02_only_over_chinese_tiles() -> None:
    p = [maps.MapPoint("S1", 31.38, 121.25, "S1", "/sites/S1")]
    assert maps.points_payload(p, "wgs84")["points"][0][:2] == [31.38, 121.25]
    lat, lon = geo.wgs84_to_gcj02(31.38, 121.25)
    assert maps.points_payload(p, "gcj02")["points"][0][:2] == [round(lat, 6), round(lon, 6)]


def test_cells_skip_empty_positions_and_keep_counts() -> None:
    out = maps.cells_payload([(31.0, 121.0, 5), (None, None, 3)], "wgs84", 8)  # type: ignore[list-item]
    assert out == {"kind": "cells", "cells": [[31.0, 121.0, 5]], "total": 8}
    assert maps.cell_size(10_000) < maps.cell_size(1_000_000)


def test_aggregated_payloads_are_reused_points_are_not() -> None:
    calls: list[int] = []

    def cells() -> dict[str, object]:
        calls.append(1)
        return {"kind": "cells", "cells": [], "total": len(calls)}

    def points() -> dict[str, object]:
        calls.append(1)
        return {"kind": "points", "points": []}

    key = ("/sites/map.json", "test-reuse", "wgs84", "zh")
    assert maps.cached(key, cells)["total"] == 1
    assert maps.cached(key, cells)["total"] == 1  # from the cache
    n = len(calls)
    maps.cached(("/p/map.json", "test-points", "wgs84", "zh"), points)
    maps.cached(("/p/map.json", "test-points", "wgs84", "zh"), points)
    assert len(calls) == n + 2
