"""Coordinates of Chinese maps: WGS-84, GCJ-02 and BD-09, distances, and sanity checks.

Maps in China publish coordinates in three systems. WGS-84 is GPS and what parkatlas
stores. GCJ-02 (国测局坐标, "Mars coordinates") is WGS-84 shifted by a published,
deliberately non-linear offset of a few hundred metres; AMap (高德), Tencent and Google's
China tiles use it. BD-09 is Baidu's further rotation/offset of GCJ-02. Spreadsheets
exported from those maps carry GCJ-02 or BD-09, so the importer converts with
:func:`to_wgs84` before storing.

The forward GCJ-02 offset is the public formula on the Krasovsky 1940 ellipsoid
(a = 6378245.0 m, e² = 0.00669342162296594323); outside the published rough box of China
(lon 72.004–137.8347, lat 0.8293–55.8271) GCJ-02 equals WGS-84. The inverses are solved by
fixed-point iteration to 1e-9 degree (≈ 0.1 mm), not the one-step approximation that is
off by up to a few metres.

All functions take and return (lat, lon) in decimal degrees, latitude first.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

__all__ = [
    "EARTH_RADIUS_KM", "bd09_to_gcj02", "bd09_to_wgs84", "check_lat_lon", "gcj02_to_bd09",
    "gcj02_to_wgs84", "haversine_km", "haversine_km_np", "in_china", "out_of_china",
    "to_wgs84", "wgs84_to_bd09", "wgs84_to_gcj02",
]  # fmt: skip

KRASOVSKY_A = 6378245.0
"""Semi-major axis (m) of the Krasovsky 1940 ellipsoid used by the GCJ-02 formula."""
KRASOVSKY_EE = 0.00669342162296594323
"""First eccentricity squared of the Krasovsky 1940 ellipsoid."""
BD_X_PI = math.pi * 3000.0 / 180.0
EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG R1), used by the haversine distance."""

_TOLERANCE_DEG = 1e-9
_MAX_ITERATIONS = 50

LatLon = tuple[float, float]


def out_of_china(lat: float, lon: float) -> bool:
    """The published rule of the GCJ-02 formula: outside this box no offset is applied."""
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset_lat(x: float, y: float) -> float:
    value = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    value += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2 / 3
    return value


def _offset_lon(x: float, y: float) -> float:
    value = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    value += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    value += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    value += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    return value


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    """WGS-84 → GCJ-02 (the published forward formula); unchanged outside China."""
    if out_of_china(lat, lon):
        return lat, lon
    x, y = lon - 105.0, lat - 35.0
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - KRASOVSKY_EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (_offset_lat(x, y) * 180.0) / (
        (KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrt_magic) * math.pi
    )
    d_lon = (_offset_lon(x, y) * 180.0) / (KRASOVSKY_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lon + d_lon


def _invert(
    forward: Callable[[float, float], LatLon], lat: float, lon: float, start: LatLon | None = None
) -> LatLon:
    """Solve forward(p) = (lat, lon) for p by fixed-point iteration p ← p − (forward(p) − target).

    The offsets vary slowly (their derivative is ~1e-4 per degree), so each step gains about
    four digits; it stops at 1e-9 degree.
    """
    guess_lat, guess_lon = start if start is not None else (lat, lon)
    for _ in range(_MAX_ITERATIONS):
        got_lat, got_lon = forward(guess_lat, guess_lon)
        err_lat, err_lon = got_lat - lat, got_lon - lon
        if abs(err_lat) < _TOLERANCE_DEG and abs(err_lon) < _TOLERANCE_DEG:
            break
        guess_lat, guess_lon = guess_lat - err_lat, guess_lon - err_lon
    return guess_lat, guess_lon


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    """GCJ-02 → WGS-84 by iterating the forward formula (error < 1e-9 degree)."""
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon)


def gcj02_to_bd09(lat: float, lon: float) -> LatLon:
    """GCJ-02 → BD-09 (Baidu's published forward formula)."""
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * BD_X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * BD_X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> LatLon:
    """BD-09 → GCJ-02: the usual closed-form inverse, refined by iteration (< 1e-9 degree)."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * BD_X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * BD_X_PI)
    return _invert(gcj02_to_bd09, lat, lon, start=(z * math.sin(theta), z * math.cos(theta)))


def wgs84_to_bd09(lat: float, lon: float) -> LatLon:
    """WGS-84 → BD-09 (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lat, lon))


def bd09_to_wgs84(lat: float, lon: float) -> LatLon:
    """BD-09 → WGS-84 (through GCJ-02)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))


_CRS_ALIASES = {
    "wgs84": "wgs84", "wgs-84": "wgs84", "wgs 84": "wgs84", "epsg:4326": "wgs84", "gps": "wgs84",
    "gcj02": "gcj02", "gcj-02": "gcj02", "gcj": "gcj02", "amap": "gcj02", "gaode": "gcj02",
    "高德": "gcj02", "tencent": "gcj02", "火星坐标": "gcj02",
    "bd09": "bd09", "bd-09": "bd09", "baidu": "bd09", "百度": "bd09", "bd09ll": "bd09",
}  # fmt: skip


def to_wgs84(lat: float, lon: float, crs: str) -> LatLon:
    """Convert (lat, lon) given in ``crs`` ("wgs84", "gcj02" or "bd09"; a few aliases such as
    "WGS-84", "GCJ-02", "amap", "baidu" are understood) to WGS-84."""
    name = _CRS_ALIASES.get(crs.strip().lower()) if isinstance(crs, str) else None
    if name is None:
        raise ValueError(
            f"unknown coordinate system {crs!r}: expected 'wgs84' (GPS), "
            "'gcj02' (AMap/高德, Tencent) or 'bd09' (Baidu)"
        )
    if name == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    if name == "bd09":
        return bd09_to_wgs84(lat, lon)
    return float(lat), float(lon)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km on a sphere of radius 6371.0088 km."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def haversine_km_np(
    lat1: float, lon1: float, lats: npt.ArrayLike, lons: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Distances in km from one point to many (arrays of equal shape), vectorised."""
    phi1 = math.radians(lat1)
    phi2 = np.radians(np.asarray(lats, dtype=np.float64))
    d_lambda = np.radians(np.asarray(lons, dtype=np.float64) - lon1)
    h = np.sin((phi2 - phi1) / 2) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(d_lambda / 2) ** 2
    km: npt.NDArray[np.float64] = 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))
    return km


CHINA_LAT = (3.86, 53.55)
"""Latitude span of China (Zengmu Ansha 3.86°N to Mohe 53.55°N)."""
CHINA_LON = (73.66, 135.05)
"""Longitude span of China (Pamirs 73.66°E to the Heilong/Wusuli confluence 135.05°E)."""


def in_china(lat: float, lon: float) -> bool:
    """A rough bounding-box test: lat 3.86–53.55, lon 73.66–135.05 (edges included).

    It is a box, not the border: it accepts parts of neighbouring countries (Mongolia, the
    Korean peninsula, Vietnam...). It exists to refuse coordinates that cannot be a Chinese
    park (zeros, swapped or mistyped values), not to decide sovereignty.
    """
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]


def check_lat_lon(lat: float, lon: float) -> LatLon:
    """Return (lat, lon) as floats, or raise ValueError saying what is wrong with them."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"latitude {lat!r} and longitude {lon!r} must be numbers") from exc
    if not (math.isfinite(lat_f) and math.isfinite(lon_f)):
        raise ValueError(f"latitude {lat!r} and longitude {lon!r} must be finite numbers")
    if in_china(lat_f, lon_f):
        return lat_f, lon_f
    if in_china(lon_f, lat_f):
        raise ValueError(
            f"latitude {lat_f}, longitude {lon_f} looks like latitude and longitude are "
            f"swapped: latitude comes first; did you mean ({lon_f}, {lat_f})?"
        )
    if not -90.0 <= lat_f <= 90.0:
        raise ValueError(f"latitude {lat_f} is out of range: it must be between -90 and 90")
    if not -180.0 <= lon_f <= 180.0:
        raise ValueError(f"longitude {lon_f} is out of range: it must be between -180 and 180")
    raise ValueError(
        f"({lat_f}, {lon_f}) is outside China (lat {CHINA_LAT[0]}–{CHINA_LAT[1]}, "
        f"lon {CHINA_LON[0]}–{CHINA_LON[1]}): check the coordinates and their sign"
    )
