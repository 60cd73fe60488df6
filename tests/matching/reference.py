"""A brute-force matcher in plain Python, written apart from the engine, for property tests:
every constraint checked row by row on the original values, every factor computed with math."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from parkatlas.matching import industry as ind
from parkatlas.matching.needs import Needs, region_prefix
from parkatlas.matching.profiles import LAND_STANDARDS, effective_weights

KINDS = ["land", "factory", "office", "lab", "warehouse"]
CODES = ["C", "27", "271", "2710", "2720", "26", "39", "3911", "65", "F"]
REGIONS = ["310115", "310114", "310112", "320505"]
PARKS = ["p1", "p2", "p3"]
PARK_INDUSTRIES = {"p1": "27;35", "p2": "39", "p3": None}


def _num(v: Any) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def hav(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p1 - p2) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon1 - lon2) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def failures(site: dict[str, Any], n: Needs) -> list[str]:
    """Names of the constraints a site fails."""
    out = []
    if site["status"] not in n.status:
        out.append("status")
    if n.kind and site["kind"] not in n.kind:
        out.append("kind")

    def rng(name: str, value: Any, r: Any) -> None:
        if r is None or (r.min is None and r.max is None):
            return
        v = _num(value)
        if v is None or (r.min is not None and v < r.min) or (r.max is not None and v > r.max):
            out.append(name)

    rng("area_m2", site["area_m2"], n.area_m2)
    rng("floor_load_kn_m2", site.get("floor_load_kn_m2"), n.floor_load_kn_m2)
    rng("clear_height_m", site.get("clear_height_m"), n.clear_height_m)
    rng("power_kva", site.get("power_kva"), n.power_kva)
    if n.env_class is not None and not (site.get("env_class_max") or 0) >= n.env_class:
        out.append("env_class")
    if n.hazardous and site.get("hazardous_ok") is not True:
        out.append("hazardous")
    if n.tenure is not None and site.get("tenure") not in (n.tenure, "both"):
        out.append("tenure")
    budgets = []
    for key, r in (("rent_cny_m2_day", n.rent_cny_m2_day), ("price_cny_m2", n.price_cny_m2)):
        if r is not None and (r.min is not None or r.max is not None):
            v = _num(site.get(key))
            budgets.append(
                v is not None and (r.min is None or v >= r.min) and (r.max is None or v <= r.max)
            )
    if budgets and not any(budgets):
        out.append("budget")
    if n.regions:
        prefixes = [region_prefix(c) for c in n.regions]
        if not (site.get("region") and any(site["region"].startswith(p) for p in prefixes)):
            out.append("region")
    if n.parks and site.get("park") not in n.parks:
        out.append("park")
    if n.industry and n.industry_required:
        allowed = [c for c in (site.get("industries") or "").split(";") if c]
        if allowed and not any(ind.lineage(n.industry, c) for c in allowed):
            out.append("industry_allowed")
    if n.available_by is not None:
        af = site.get("available_from")
        if af is not None and af > n.available_by:
            out.append("available_by")
    for k, p in enumerate(n.near):
        if p.required:
            if (
                site.get("lat") is None
                or site.get("lon") is None
                or hav(site["lat"], site["lon"], p.lat, p.lon) > p.radius_km
            ):
                out.append(f"near[{k}]")
    return out


def factor_values(site: dict[str, Any], n: Needs) -> dict[str, float]:
    vals: dict[str, float] = {}
    a = n.area_m2
    if a is not None:
        ideal = a.ideal or (
            (a.min + a.max) / 2 if a.min is not None and a.max is not None else (a.min or a.max)
        )
        if ideal:
            vals["area"] = min(1.0, max(0.0, 1 - abs(site["area_m2"] - ideal) / ideal))
    rmax = n.rent_cny_m2_day.max if n.rent_cny_m2_day else None
    pmax = n.price_cny_m2.max if n.price_cny_m2 else None
    if rmax or pmax:
        c = []
        if rmax and _num(site.get("rent_cny_m2_day")) is not None:
            c.append(min(1.0, max(0.0, 1 - 0.5 * site["rent_cny_m2_day"] / rmax)))
        if pmax and _num(site.get("price_cny_m2")) is not None:
            c.append(min(1.0, max(0.0, 1 - 0.5 * site["price_cny_m2"] / pmax)))
        vals["cost"] = max(c) if c else 0.0
    if n.industry:
        best = 0.0
        for w, text in ((0.8, site.get("industries")), (1.0, site.get("preferred_industries")),
                        (0.9, PARK_INDUSTRIES.get(site.get("park") or "", None))):  # fmt: skip
            for c in (text or "").split(";"):
                if c:
                    best = max(best, w * ind.fit(n.industry, c))
        vals["industry"] = best
    parts = []
    if n.near:
        acc = 0.0
        for p in n.near:
            if site.get("lat") is None:
                continue
            acc += min(1.0, max(0.0, 1 - hav(site["lat"], site["lon"], p.lat, p.lon) / p.radius_km))
        parts.append(acc / len(n.near))
    if n.preferred_regions or n.preferred_parks:
        pre = [region_prefix(c) for c in n.preferred_regions]
        hit = (site.get("region") and any(site["region"].startswith(p) for p in pre)) or site.get(
            "park"
        ) in n.preferred_parks
        parts.append(1.0 if hit else 0.0)
    if parts:
        vals["location"] = sum(parts) / len(parts)
    proj = {
        "invest_intensity_wan_mu": n.investment_wan,
        "tax_wan_mu": n.tax_wan_year,
        "output_wan_mu": n.output_wan_year,
    }
    proj = {k: v for k, v in proj.items() if v is not None}
    if proj:
        std = LAND_STANDARDS["county-template"].thresholds
        own = site.get("indicators") or {}
        mu = site["area_m2"] / (10000 / 15)  # 1 亩 = 10000/15 m² (domain.md §0.2)
        rs = [
            min(1.0, v / mu / (own.get(k) or std[k]))
            for k, v in proj.items()
            if (own.get(k) or std.get(k))
        ]
        vals["efficiency"] = sum(rs) / len(rs) if rs and site["kind"] == "land" else 1.0
    return vals


def score(site: dict[str, Any], n: Needs) -> tuple[float, dict[str, float]]:
    vals = factor_values(site, n)
    w = effective_weights(n.profile, n.weights, set(vals))
    contrib = {f: 100 * w[f] * v for f, v in vals.items()}
    return sum(contrib.values()), contrib


def ranking(sites: list[dict[str, Any]], n: Needs) -> list[tuple[str, float]]:
    rows = [(s["id"], score(s, n)[0]) for s in sites if not failures(s, n)]
    rows.sort(key=lambda t: (-t[1], t[0].encode()))
    return rows


def same_ranking(
    got: list[tuple[str, float]], want: list[tuple[str, float]], tol: float = 1e-7
) -> bool:
    """Equal up to the order of sites whose scores differ by less than tol (float noise)."""
    if len(got) != len(want):
        return False
    for (gi, gs), (wi, ws) in zip(got, want, strict=True):
        if abs(gs - ws) > tol:
            return False
        if gi != wi:
            # allowed only inside a group of near-equal scores
            group_w = {i for i, s in want if abs(s - ws) <= tol}
            if gi not in group_w:
                return False
    return True


def columns(sites: list[dict[str, Any]]) -> dict[str, list[Any]]:
    keys = ["id", "park", "region", "kind", "tenure", "status", "area_m2", "rent_cny_m2_day",
            "price_cny_m2", "floor_load_kn_m2", "clear_height_m", "power_kva", "env_class_max",
            "hazardous_ok", "available_from", "industries", "preferred_industries", "indicators",
            "lat", "lon"]  # fmt: skip
    return {k: [s.get(k) for s in sites] for k in keys}


def random_sites(rng: Any, n: int, prefix: str = "S") -> list[dict[str, Any]]:
    """Sites with plain random values (random.Random), some fields missing."""
    out = []
    for i in range(n):
        kind = rng.choice(KINDS)
        out.append({
            "id": f"{prefix}{i:05d}", "kind": kind,
            "status": rng.choice(["available", "available", "reserved", "occupied"]),
            "park": rng.choice(PARKS + [None]), "region": rng.choice(REGIONS),
            "tenure": rng.choice(["lease", "sale", "both", None]),
            "area_m2": float(rng.randint(1, 60) * 500),
            "rent_cny_m2_day": rng.choice([None, round(rng.uniform(0.5, 4), 2)]),
            "price_cny_m2": rng.choice([None, float(rng.randint(5, 150) * 100)]),
            "floor_load_kn_m2": rng.choice([None, float(rng.randint(3, 30))]),
            "clear_height_m": rng.choice([None, rng.randint(30, 120) / 10]),
            "power_kva": rng.choice([None, float(rng.randint(1, 40) * 100)]),
            "env_class_max": rng.choice([None, 1, 2, 3]),
            "hazardous_ok": rng.choice([None, True, False]),
            "available_from": rng.choice([None, dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700))]),
            "industries": rng.choice([None, "27", "2710;39", "C", "26;3911", "65"]),
            "preferred_industries": rng.choice([None, None, "271", "39"]),
            "indicators": rng.choice([None, None, {"invest_intensity_wan_mu": 400, "tax_wan_mu": 40}]),
            "lat": rng.choice([None, round(rng.uniform(30.7, 31.7), 5)]),
            "lon": rng.choice([None, round(rng.uniform(121.0, 122.0), 5)]),
        })  # fmt: skip
        if out[-1]["lat"] is None:
            out[-1]["lon"] = None
        if out[-1]["lon"] is None:
            out[-1]["lat"] = None
    return out


def random_needs(rng: Any) -> dict[str, Any]:
    d: dict[str, Any] = {}
    if rng.random() < 0.6:
        d["kind"] = rng.sample(KINDS, rng.randint(1, 2))
    if rng.random() < 0.8:
        lo = rng.randint(0, 20) * 500
        hi = lo + rng.randint(1, 40) * 500
        d["area_m2"] = {"min": lo, "max": hi}
        if rng.random() < 0.5:
            d["area_m2"]["ideal"] = rng.randint(max(lo, 1), hi)
    for key, lo, hi in (
        ("floor_load_kn_m2", 3, 25),
        ("clear_height_m", 3, 10),
        ("power_kva", 100, 3000),
    ):
        if rng.random() < 0.3:
            d[key] = {"min": rng.randint(lo, hi)}
    if rng.random() < 0.3:
        d["env_class"] = rng.randint(1, 3)
    if rng.random() < 0.1:
        d["hazardous"] = True
    if rng.random() < 0.3:
        d["tenure"] = rng.choice(["lease", "sale"])
    if rng.random() < 0.5:
        d["rent_cny_m2_day"] = {"max": rng.choice([1, 1.5, 2.5, 4])}
    if rng.random() < 0.3:
        d["price_cny_m2"] = {"max": rng.randint(20, 150) * 100}
    if rng.random() < 0.2:
        d["regions"] = rng.sample(["310115", "310100", "310000", "320505"], 1)
    if rng.random() < 0.2:
        d["parks"] = rng.sample(PARKS, rng.randint(1, 2))
    if rng.random() < 0.2:
        d["preferred_regions"] = ["310115"]
    if rng.random() < 0.6:
        d["industry"] = rng.choice(CODES)
        d["industry_required"] = rng.random() < 0.3
    if rng.random() < 0.4:
        d["near"] = [{"lat": rng.uniform(30.8, 31.6), "lon": rng.uniform(121.1, 121.9),
                      "radius_km": rng.choice([10, 30, 80]), "required": rng.random() < 0.7}]  # fmt: skip
    if rng.random() < 0.2:
        d["available_by"] = (
            dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
        ).isoformat()
    if rng.random() < 0.4:
        d["investment_wan"] = rng.randint(100, 20000)
        d["tax_wan_year"] = rng.randint(10, 2000)
    if rng.random() < 0.2:
        d["status"] = ["available", "reserved"]
    if rng.random() < 0.2:
        d["weights"] = {"area": rng.random(), "cost": rng.random() + 0.01}
    return d
