"""Configuration: shipped defaults, overridden by PARKATLAS_* environment variables.

Settings are built by `load_settings(environ=...)`, never at import time, so tests inject them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from parkatlas.errors import ParkatlasError

# name -> (default, help). Every setting here is documented in README.md (a test checks it).
SETTINGS: dict[str, tuple[str, str]] = {
    "PARKATLAS_DATABASE_URL": (
        "",
        "SQLAlchemy URL of the atlas; default: a SQLite file in the user's data folder. "
        "Examples: sqlite:///atlas.db, postgresql+psycopg://user@host/db",
    ),
    "PARKATLAS_DATA_DIR": (
        "",
        "folder for the default SQLite file; default: the user's data folder",
    ),
    "PARKATLAS_USER": ("", "name written into the audit log; default: the login name"),
    "PARKATLAS_BATCH_SIZE": ("5000", "rows per database batch during imports"),
    "PARKATLAS_MAP_TILES": (
        "",
        "URL template of a base-map tile layer for the web maps ({z}/{x}/{y}); default: none, "
        "the maps draw district outlines only and need no internet",
    ),
    "PARKATLAS_MAP_TILES_CRS": (
        "gcj02",
        "coordinate system of those tiles: gcj02 (AMap, Tencent and other Chinese providers) "
        "or wgs84 (OpenStreetMap); points and outlines are shifted to match",
    ),
    "PARKATLAS_PROTECTION_DAYS": (
        "14",
        "days a lead stays protected (首报首谈) without a logged follow-up; then its district sees it",
    ),
    "PARKATLAS_STALE_DAYS": ("90", "days after the last confirmation (verified_at) a site is stale"),
    "PARKATLAS_PUBLIC_RATE": (
        "30",
        "requests per minute one client address may make to the public endpoints",
    ),
    "PARKATLAS_AUTH_CACHE_SECONDS": (
        "10",
        "seconds the server keeps who an API token stands for (0: check the database on every "
        "request); a token revoked or a user disabled by another process stops working within it",
    ),
    "PARKATLAS_COOKIE_SECURE": (
        "1",
        "1: the session cookie is sent over HTTPS only (set 0 only for a plain-HTTP test server)",
    ),
}


@dataclass(frozen=True)
class Settings:
    database_url: str
    user: str
    batch_size: int
    map_tiles: str = ""
    map_tiles_crs: str = "gcj02"
    protection_days: int = 14
    stale_days: int = 90
    public_rate: int = 30
    cookie_secure: bool = True
    auth_cache_seconds: float = 10.0


def default_database_url(data_dir: str | None = None) -> str:
    folder = Path(data_dir) if data_dir else Path(user_data_dir("parkatlas", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'atlas.db'}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    url = env.get("PARKATLAS_DATABASE_URL", "").strip()
    if not url:
        url = default_database_url(env.get("PARKATLAS_DATA_DIR") or None)
    if not (url.startswith("sqlite") or url.startswith("postgresql")):
        raise ParkatlasError(
            f"PARKATLAS_DATABASE_URL={url!r} is not supported: use sqlite:///FILE or "
            "postgresql+psycopg://USER@HOST/DB"
        )
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    batch = _positive_int(env, "PARKATLAS_BATCH_SIZE")
    user = env.get("PARKATLAS_USER") or env.get("USER") or "unknown"
    tiles = env.get("PARKATLAS_MAP_TILES", "").strip()
    if tiles and not tiles.startswith(("https://", "http://")):
        raise ParkatlasError(
            f"PARKATLAS_MAP_TILES={tiles!r} must be an http(s) URL template such as "
            "https://tile.example.org/{z}/{x}/{y}.png, or empty for no base map"
        )
    tiles_crs = env.get("PARKATLAS_MAP_TILES_CRS", "gcj02").strip().lower() or "gcj02"
    if tiles_crs not in ("gcj02", "wgs84"):
        raise ParkatlasError(f"PARKATLAS_MAP_TILES_CRS={tiles_crs!r} must be gcj02 or wgs84")
    secure = env.get("PARKATLAS_COOKIE_SECURE", "1").strip().lower()
    if secure not in ("0", "1", "true", "false", "yes", "no"):
        raise ParkatlasError(f"PARKATLAS_COOKIE_SECURE={secure!r} must be 1 or 0")
    return Settings(
        database_url=url,
        user=user,
        batch_size=batch,
        map_tiles=tiles,
        map_tiles_crs=tiles_crs,
        protection_days=_positive_int(env, "PARKATLAS_PROTECTION_DAYS"),
        stale_days=_positive_int(env, "PARKATLAS_STALE_DAYS"),
        public_rate=_positive_int(env, "PARKATLAS_PUBLIC_RATE"),
        cookie_secure=secure in ("1", "true", "yes"),
        auth_cache_seconds=_seconds(env, "PARKATLAS_AUTH_CACHE_SECONDS"),
    )


def _positive_int(env: Mapping[str, str], name: str) -> int:
    raw = env.get(name, SETTINGS[name][0])
    try:
        value = int(raw)
        if value <= 0:
            raise ValueError
    except ValueError:
        raise ParkatlasError(f"{name}={raw!r} must be a positive whole number") from None
    return value


def _seconds(env: Mapping[str, str], name: str) -> float:
    raw = env.get(name, SETTINGS[name][0]).strip()
    try:
        value = float(raw)
        if not 0 <= value <= 3600:
            raise ValueError
    except ValueError:
        raise ParkatlasError(f"{name}={raw!r} must be a number of seconds from 0 to 3600") from None
    return value
