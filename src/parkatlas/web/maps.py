"""Map data for the pages' Leaflet maps: district outlines and site points, in the map's CRS.

parkatlas stores WGS-84. With no base map (the default) or WGS-84 tiles the map is drawn in
WGS-84; over Chinese tiles (``PARKATLAS_MAP_TILES_CRS=gcj02``) every point and outline is
shifted to GCJ-02 here, on the server, with :mod:`parkatlas.geo`, so it lands on the right
street. Above :data:`CLUSTER_ABOVE` points a list is aggregated on the server into grid
cells (count and centre), so a map of a million sites sends a few hundred cells, not a
million markers; below it the browser clusters the points itself (leaflet.markercluster).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from parkatlas import geo
from parkatlas.settings import Settings
from parkatlas.web.boundaries import outlines

CLUSTER_ABOVE = 3000
"""Lists with more points than this are aggregated into grid cells on the server."""

MAP_CACHE_SECONDS = 60.0
"""Aggregated map payloads (above CLUSTER_ABOVE points) are reused this long per process."""

router = APIRouter(include_in_schema=False)
_cache: OrderedDict[tuple[str, ...], tuple[float, dict[str, Any]]] = OrderedDict()
_cache_lock = threading.Lock()


def cached(key: tuple[str, ...], compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A map payload from the last minute for the same query, else computed (and kept if it
    was aggregated: a scan of a million sites is worth keeping; a few points are not)."""
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < MAP_CACHE_SECONDS:
            return hit[1]
    value = compute()
    if value.get("kind") == "cells":
        with _cache_lock:
            _cache[key] = (now, value)
            while len(_cache) > 64:
                _cache.popitem(last=False)
    return value


@dataclass(frozen=True)
class MapConfig:
    tiles: str
    crs: str  # the CRS points and outlines are drawn in: wgs84 or gcj02

    @classmethod
    def from_settings(cls, settings: Settings) -> MapConfig:
        crs = settings.map_tiles_crs if settings.map_tiles else "wgs84"
        return cls(tiles=settings.map_tiles, crs=crs)


def map_config(request: Request) -> MapConfig:
    return MapConfig.from_settings(request.app.state.settings)


def to_map_crs(lat: float, lon: float, crs: str) -> tuple[float, float]:
    if crs == "gcj02":
        lat, lon = geo.wgs84_to_gcj02(lat, lon)
    return round(lat, 6), round(lon, 6)


@dataclass(frozen=True)
class MapPoint:
    id: str
    lat: float
    lon: float
    label: str
    url: str


def points_payload(points: Iterable[MapPoint], crs: str) -> dict[str, Any]:
    """``{"points": [[lat, lon, label, url], …]}`` in the map's CRS."""
    out = []
    for p in points:
        lat, lon = to_map_crs(p.lat, p.lon, crs)
        out.append([lat, lon, p.label, p.url])
    return {"kind": "points", "points": out}


def cell_size(count: int) -> float:
    """Grid cell (degrees) for aggregating ``count`` points: finer for fewer points (whole
    multiples of the summary's 0.02° cells, `web.summary.BASE_CELL`)."""
    return 0.02 if count < 50_000 else 0.04 if count < 500_000 else 0.1


def cells_payload(cells: Iterable[tuple[float, float, int]], crs: str, total: int) -> dict[str, Any]:
    """``{"cells": [[lat, lon, count], …]}``: aggregated points (mean position of each cell)."""
    out = []
    for lat, lon, n in cells:
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        mlat, mlon = to_map_crs(lat, lon, crs)
        out.append([mlat, mlon, int(n)])
    return {"kind": "cells", "cells": out, "total": total}


@router.get("/map/districts.geojson")
def districts(request: Request) -> JSONResponse:
    """Shanghai's district outlines (shipped ECharts boundary file) in the map's CRS."""
    data = outlines(map_config(request).crs)
    return JSONResponse(data, headers={"Cache-Control": "public, max-age=86400"})
