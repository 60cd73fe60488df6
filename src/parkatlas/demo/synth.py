"""Deterministic synthetic data for the demo atlas and the benchmarks (labelled synthetic).

Distributions follow the typical ranges of ../shared/domain.md §2.2–2.3, which are
placeholders ([U]) there: good enough for a demo and for benchmarks, never facts.
Everything is generated column-wise with numpy so millions of sites take seconds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from parkatlas.vocab.terms import KINDS as KIND_VOCAB

SITE_COLUMNS = [
    "id", "park", "region", "kind", "land_use", "tenure", "area_m2", "rent_cny_m2_day",
    "price_cny_m2", "floor_load_kn_m2", "clear_height_m", "power_kva", "floors",
    "env_class_max", "hazardous_ok", "status", "available_from", "industries", "lat", "lon",
    "address",
]  # fmt: skip

KINDS = np.array(KIND_VOCAB.codes)  # land, factory, office, lab, warehouse
STATUS = np.array(["available", "reserved", "occupied"])
STATUS_P = [0.70, 0.10, 0.20]
# rent ranges (元/㎡/天) by district tier and kind; domain.md §2.3 placeholders
RENT = {"core": (2.5, 5.0), "inner": (1.0, 1.8), "outer": (0.7, 1.2)}
RENT_KIND_FACTOR = {"factory": 1.0, "warehouse": 0.9, "office": 2.2, "lab": 2.0, "land": 0.0}


@dataclass(frozen=True)
class ParkSeed:
    id: str
    name_zh: str
    name_en: str
    region: str
    sector: str
    area_km2: float | None
    source: str
    status: str
    industries: tuple[str, ...]


@lru_cache(maxsize=1)
def shanghai() -> dict[str, Any]:
    text = resources.files("parkatlas.demo").joinpath("shanghai.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def park_seeds() -> list[ParkSeed]:
    data = shanghai()
    out = []
    for p in data["parks"]:
        out.append(
            ParkSeed(
                id=p["id"], name_zh=p["name_zh"], name_en=p["name_en"], region=p["region"],
                sector=p["sector"], area_km2=p.get("area_km2"),
                source=data["sources"][p["source"]], status=p["status"],
                industries=tuple(data["sector_industries"][p["sector"]]),
            )
        )  # fmt: skip
    return out


def district_centroids() -> dict[str, tuple[float, float]]:
    """WGS-84 centroids of Shanghai's districts from the shipped region reference."""
    from parkatlas.reference.regions import region_index

    idx = region_index()
    out = {}
    for code in shanghai()["districts"]:
        rec = idx.get(code)
        if rec is None or rec.lat is None or rec.lon is None:
            raise LookupError(f"region {code} has no centroid in the reference data")
        out[code] = (float(rec.lat), float(rec.lon))
    return out


def park_locations(seed: int = 0) -> dict[str, tuple[float, float]]:
    """Synthetic park coordinates: the district centroid moved by up to ~4 km."""
    rng = np.random.default_rng(seed + 7)
    cents = district_centroids()
    out = {}
    for p in park_seeds():
        lat, lon = cents[p.region]
        out[p.id] = (lat + rng.uniform(-0.035, 0.035), lon + rng.uniform(-0.04, 0.04))
    return out


def site_columns(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """n synthetic sites as columns (canonical site columns). Deterministic in (n, seed)."""
    rng = np.random.default_rng(seed)
    data = shanghai()
    parks = park_seeds()
    districts = list(data["districts"])
    tiers = np.array([data["districts"][d]["tier"] for d in districts])
    cents = district_centroids()
    park_loc = park_locations(seed)

    # 60 % of sites sit in a named park; the rest in the districts, most in the industrial
    # zone (issue 9 §8: land and factories in the outer districts, offices in the centre)
    in_park = rng.random(n) < 0.6
    park_idx = rng.integers(0, len(parks), n)
    zones = data["zones"]
    weights = np.array([zones[data["districts"][d]["zone"]]["weight"] for d in districts])
    dist_idx = rng.choice(len(districts), n, p=weights / weights.sum())
    park_ids = np.array([p.id for p in parks])
    park_regions = np.array([p.region for p in parks])
    region = np.where(in_park, park_regions[park_idx], np.array(districts)[dist_idx])
    park = np.where(in_park, park_ids[park_idx], "")
    kind = _kinds(rng, in_park, park_idx, dist_idx, parks, districts, data)

    is_land = kind == "land"
    # areas: lognormal by kind (m²)
    median = {"factory": 3000, "land": 30000, "office": 600, "lab": 1200, "warehouse": 6000}
    sigma = {"factory": 0.8, "land": 0.7, "office": 0.8, "lab": 0.7, "warehouse": 0.7}
    area = np.empty(n)
    for k in KINDS:
        m = kind == k
        area[m] = rng.lognormal(np.log(median[k]), sigma[k], int(m.sum()))
    area = np.clip(area, 50, 400000).round(0)

    reg_pos = {d: i for i, d in enumerate(districts)}
    tier = tiers[np.array([reg_pos[r] for r in region])] if n else np.array([], dtype=str)
    lo = np.select(
        [tier == "core", tier == "inner"], [RENT["core"][0], RENT["inner"][0]], RENT["outer"][0]
    )
    hi = np.select(
        [tier == "core", tier == "inner"], [RENT["core"][1], RENT["inner"][1]], RENT["outer"][1]
    )
    kf = np.select([kind == k for k in RENT_KIND_FACTOR], list(RENT_KIND_FACTOR.values()))
    rent = np.round(rng.uniform(lo, hi) * kf, 2)
    tenure = np.where(
        is_land, "sale", np.array(["lease", "both"])[(rng.random(n) < 0.15).astype(int)]
    )
    price = np.where(
        is_land | (tenure == "both"),
        np.round(np.where(is_land, rng.uniform(600, 2500, n), rng.uniform(6000, 15000, n)), 0),
        np.nan,
    )
    rent = np.where(is_land, np.nan, rent)

    ground = rng.random(n) < 0.5
    floors = np.where(
        is_land, 0,
        np.where(kind == "office", rng.integers(3, 25, n), rng.integers(1, 7, n)),
    )  # fmt: skip
    floor_load = np.where(ground, rng.uniform(10, 30, n), rng.uniform(5, 12, n))
    floor_load = np.where(np.isin(kind, ["office", "lab"]), rng.uniform(2, 8, n), floor_load)
    clear_h = np.where(ground, rng.uniform(6, 12, n), rng.uniform(4.5, 6, n))
    clear_h = np.where(np.isin(kind, ["office", "lab"]), rng.uniform(3, 4.5, n), clear_h)
    power = np.clip(area * rng.uniform(0.05, 0.2, n), 50, 4000)
    power = np.round(power / 5) * 5
    floor_load = np.where(is_land, np.nan, np.round(floor_load, 1))
    clear_h = np.where(is_land, np.nan, np.round(clear_h, 1))

    land_use = np.select(
        [is_land, kind == "factory", kind == "warehouse", kind == "lab", kind == "office"],
        [np.array(["M1", "M2"])[rng.integers(0, 2, n)], np.array(["M1", "M2"])[rng.integers(0, 2, n)], "W1", "M0", "M0"],
        "M1",
    )  # fmt: skip
    env = rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15])
    env = np.where(np.isin(kind, ["office", "lab"]), 1, env)
    hazardous = (rng.random(n) < 0.05) & (env == 3)
    status = STATUS[rng.choice(3, n, p=STATUS_P)]
    start = np.datetime64("2026-12-01")
    avail = start + rng.integers(0, 540, n).astype("timedelta64[D]")

    # industries: the park's positioning, or 1–2 manufacturing divisions elsewhere
    park_inds = np.array([";".join(p.industries) for p in parks])
    manuf = np.array([f"{c}" for c in range(13, 43)])
    first = manuf[rng.integers(0, len(manuf), n)]
    second = manuf[rng.integers(0, len(manuf), n)]
    other = np.where(first == second, first, np.char.add(np.char.add(first, ";"), second))
    # outside the parks: sheds and land admit manufacturing, warehouses logistics (59);
    # offices and labs restrict nothing
    other = np.where(kind == "warehouse", "59", other)
    other = np.where(np.isin(kind, ["office", "lab"]), "", other)
    industries = np.where(in_park, park_inds[park_idx], other)

    base_lat = np.array([cents[r][0] for r in districts])[dist_idx]
    base_lon = np.array([cents[r][1] for r in districts])[dist_idx]
    plat = np.array([park_loc[p.id][0] for p in parks])[park_idx]
    plon = np.array([park_loc[p.id][1] for p in parks])[park_idx]
    lat = np.where(in_park, plat + rng.normal(0, 0.008, n), base_lat + rng.normal(0, 0.03, n))
    lon = np.where(in_park, plon + rng.normal(0, 0.009, n), base_lon + rng.normal(0, 0.035, n))

    ids = np.char.add("S", np.char.zfill(np.arange(1, n + 1).astype(str), 7))
    names = np.array([data["districts"][d]["name"] for d in districts])
    reg_name = names[np.array([reg_pos[r] for r in region])] if n else np.array([], dtype=str)
    address = np.char.add(
        np.char.add("上海市", reg_name), np.char.add("示范路", (np.arange(n) % 999 + 1).astype(str))
    )
    address = np.char.add(address, "号(合成)")
    return {
        "id": ids, "park": park, "region": region, "kind": kind, "land_use": land_use,
        "tenure": tenure, "area_m2": area, "rent_cny_m2_day": rent, "price_cny_m2": price,
        "floor_load_kn_m2": floor_load, "clear_height_m": clear_h, "power_kva": power,
        "floors": floors, "env_class_max": env, "hazardous_ok": hazardous, "status": status,
        "available_from": avail.astype(str), "industries": industries,
        "lat": np.round(lat, 6), "lon": np.round(lon, 6), "address": address,
    }  # fmt: skip


def kind_mix(mix: dict[str, float], centre: bool = False) -> np.ndarray:
    """Probabilities over KINDS from a {kind: share} mix; in a centre district only offices
    and labs (a park there rents floors, not land or sheds)."""
    p = np.array([mix.get(k, 0.0) for k in KINDS.tolist()], dtype=float)
    if centre:
        p = np.where(np.isin(KINDS, ["office", "lab"]), p, 0.0)
        if p.sum() == 0:
            p = np.where(np.isin(KINDS, ["office", "lab"]), 1.0, 0.0)
    share: np.ndarray = p / p.sum()
    return share


def _kinds(rng: np.random.Generator, in_park: np.ndarray, park_idx: np.ndarray, dist_idx: np.ndarray, parks: list[ParkSeed], districts: list[str], data: dict[str, Any]) -> np.ndarray:  # fmt: skip
    """Each site's kind from its park's sector mix, or its district's zone mix."""
    n = in_park.size
    kind = np.empty(n, dtype=KINDS.dtype)
    u = rng.random(n)  # one draw per site: the kind is the mix's quantile at u
    groups: list[tuple[np.ndarray, np.ndarray]] = []
    for i, p in enumerate(parks):
        centre = data["districts"][p.region]["zone"] == "centre"
        groups.append((in_park & (park_idx == i), kind_mix(data["sector_kinds"][p.sector], centre)))
    for j, d in enumerate(districts):
        zone = data["districts"][d]["zone"]
        groups.append((~in_park & (dist_idx == j), kind_mix(data["zones"][zone]["kinds"])))
    for mask, prob in groups:
        pos = np.searchsorted(np.cumsum(prob), u[mask], side="right")
        kind[mask] = KINDS[np.minimum(pos, len(KINDS) - 1)]
    return kind


def site_names(cols: dict[str, np.ndarray]) -> list[str]:
    """A name for each synthetic site as a listing gives it: park (or district) + kind + number,
    e.g. "国际氢能谷 厂房 12号(合成)"."""
    data = shanghai()
    park_names = {p.id: p.name_zh for p in park_seeds()}
    out = []
    for i, (park, region, kind) in enumerate(
        zip(cols["park"].tolist(), cols["region"].tolist(), cols["kind"].tolist(), strict=True)
    ):
        place = park_names.get(park) or data["districts"][region]["name"]
        label = "地块" if kind == "land" else KIND_VOCAB.zh(kind)
        out.append(f"{place} {label} {i % 97 + 1}号(合成)")
    return out


def _py(value: Any) -> Any:
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:  # NaN → missing
        return None
    if value == "":
        return None
    return value


def iter_sites(n: int, seed: int = 0, chunk: int = 100_000) -> Iterator[dict[str, Any]]:
    """Canonical site rows as dicts (missing values None), chunk by chunk to bound memory."""
    cols = site_columns(n, seed)
    lists = {k: v.tolist() for k, v in cols.items()}
    for i in range(n):
        row = {k: _py(lists[k][i]) for k in SITE_COLUMNS}
        row["available_from"] = dt.date.fromisoformat(row["available_from"])
        yield row


def write_sites_csv(path: str, n: int, seed: int = 0) -> None:
    """Write n synthetic sites as a canonical site CSV (UTF-8), for benchmarks and demos."""
    import csv

    cols = site_columns(n, seed)
    text_cols = []
    for k in SITE_COLUMNS:
        v = cols[k]
        if v.dtype.kind == "f":
            text_cols.append(
                ["" if x != x else (str(int(x)) if x == int(x) else repr(x)) for x in v.tolist()]
            )
        elif v.dtype.kind == "b":
            text_cols.append(["true" if x else "false" for x in v.tolist()])
        else:
            text_cols.append([str(x) for x in v.tolist()])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(SITE_COLUMNS)
        w.writerows(zip(*text_cols, strict=True))
