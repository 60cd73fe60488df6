"""Soft factors: each gives a site a value from 0 to 1; the score is the weighted sum, out
of 100, and each factor's contribution is its weight × value × 100, so contributions add up to
the score exactly (they are summed in the order of `FACTORS`).

- area: closeness to the ideal area, 1 − |area − ideal| / ideal (ideal: the given one, else
  the middle of min and max, else the bound given).
- cost: 1 − ½ · rent / max rent (or price / max price; the better of the two when both).
- industry: the project's code against the site's preferred (×1.0) and allowed (×0.8) codes
  and its park's positioning (×0.9), through the hierarchy (industry.fit).
- location: mean of the distance fits 1 − d / radius to the `near` points and, when preferred
  regions or parks are given, 1 for a site in one of them (0 otherwise).
- efficiency: the project's per-mu figures on this site (investment ÷ mu, tax ÷ mu, output ÷ mu,
  mu = area / (10000/15)) against the site's standard-land indicators or its region's standard:
  the mean of min(1, figure / threshold); 1 when there is no threshold to meet. Land only: 亩均
  standards govern land, not a leased floor, so every other kind of site scores 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from parkatlas.matching.constraints import haversine_km
from parkatlas.matching.index import Segment, SiteIndex
from parkatlas.matching.needs import Needs
from parkatlas.matching.profiles import FACTORS, INDICATORS, MU_M2, effective_weights


@dataclass
class FactorPlan:
    """What a query scores with: active factors, their weights (sum 1) and parameters."""

    weights: dict[str, float]
    ideal_area: float | None = None
    rent_max: float | None = None
    price_max: float | None = None
    ind_fit: np.ndarray | None = None
    near: list[tuple[float, float, float]] = field(default_factory=list)
    pref_regions: np.ndarray | None = None
    pref_parks: np.ndarray | None = None
    project: dict[str, float] = field(default_factory=dict)  # indicator → project value (万元)
    points: dict[str, float] = field(default_factory=dict)  # factor → 100 × weight
    land: int = -1  # the index's code of kind "land" (亩均 standards apply to land only)

    @property
    def active(self) -> tuple[str, ...]:
        return tuple(self.weights)


def plan_factors(needs: Needs, index: SiteIndex) -> FactorPlan:
    active: set[str] = set()
    plan = FactorPlan(weights={})
    a = needs.area_m2
    if a is not None:
        ideal = a.ideal
        if ideal is None and a.min is not None and a.max is not None:
            ideal = (a.min + a.max) / 2
        if ideal is None:
            ideal = a.min if a.min else a.max
        if ideal:
            plan.ideal_area = float(ideal)
            active.add("area")
    if needs.rent_cny_m2_day is not None and needs.rent_cny_m2_day.max:
        plan.rent_max = needs.rent_cny_m2_day.max
    if needs.price_cny_m2 is not None and needs.price_cny_m2.max:
        plan.price_max = needs.price_cny_m2.max
    if plan.rent_max or plan.price_max:
        active.add("cost")
    if needs.industry:
        plan.ind_fit, _ = index.profiles.fit(needs.industry)
        active.add("industry")
    plan.near = [(p.lat, p.lon, p.radius_km) for p in needs.near]
    if needs.preferred_regions or needs.preferred_parks:
        from parkatlas.matching.constraints import _region_ids

        plan.pref_regions = _region_ids(index, list(needs.preferred_regions))
        plan.pref_parks = np.array(
            [index.parks.pos[p] for p in needs.preferred_parks if p in index.parks.pos],
            dtype=np.int32,
        )
    if plan.near or plan.pref_regions is not None:
        active.add("location")
    for key, (proj_field, _) in INDICATORS.items():
        v = getattr(needs, proj_field)
        if v is not None:
            plan.project[key] = float(v)
    if plan.project:
        active.add("efficiency")
        plan.land = index.kinds.pos.get("land", -1)
    plan.weights = effective_weights(needs.profile, needs.weights, active)
    plan.points = {f: 100.0 * w for f, w in plan.weights.items()}
    return plan


def area_fit(area: np.ndarray, ideal: float) -> np.ndarray:
    return np.clip(1.0 - np.abs(area - ideal) / ideal, 0.0, 1.0)


def cost_fit(rent: np.ndarray, price: np.ndarray, rent_max: float | None, price_max: float | None) -> np.ndarray:  # fmt: skip
    v = np.full(rent.shape, np.nan)
    if rent_max:
        v = np.clip(1.0 - 0.5 * rent / rent_max, 0.0, 1.0)
    if price_max:
        v = np.fmax(v, np.clip(1.0 - 0.5 * price / price_max, 0.0, 1.0))
    fit: np.ndarray = np.nan_to_num(v, nan=0.0)
    return fit


def location_fit(seg: Segment, idx: np.ndarray, plan: FactorPlan) -> np.ndarray:
    parts = []
    if plan.near:
        acc = np.zeros(idx.shape)
        lat, lon = seg.lat[idx], seg.lon[idx]
        for la, lo, r in plan.near:
            d = haversine_km(lat, lon, la, lo)
            acc += np.nan_to_num(np.clip(1.0 - d / r, 0.0, 1.0), nan=0.0)
        parts.append(acc / len(plan.near))
    if plan.pref_regions is not None and plan.pref_parks is not None:
        hit = np.isin(seg.region[idx], plan.pref_regions) | np.isin(seg.park[idx], plan.pref_parks)
        parts.append(hit.astype(np.float64))
    out = parts[0]
    for p in parts[1:]:
        out = out + p
    return out / len(parts) if len(parts) > 1 else out


def per_mu(value: float, area: np.ndarray) -> np.ndarray:
    """A project figure (万元) per mu of the site's area (a site without area: infinite)."""
    with np.errstate(divide="ignore"):
        return value / (area / MU_M2)


def efficiency_fit(seg: Segment, idx: np.ndarray, plan: FactorPlan) -> np.ndarray:
    area = seg.area[idx]
    total = np.zeros(idx.shape)
    count = np.zeros(idx.shape)
    for key, value in plan.project.items():
        thr = seg.thr[key][idx]
        has = thr > 0
        ratio = np.where(has, np.minimum(1.0, per_mu(value, area) / np.where(has, thr, 1.0)), 0.0)
        total += ratio
        count += has
    fit: np.ndarray = np.where(count > 0, total / np.maximum(count, 1), 1.0)
    return np.where(seg.kind[idx] == plan.land, fit, 1.0)


def factor_values(seg: Segment, idx: np.ndarray, plan: FactorPlan) -> dict[str, np.ndarray]:
    """Every active factor's value (0–1) for the rows idx."""
    out: dict[str, np.ndarray] = {}
    for f in FACTORS:
        if f not in plan.weights:
            continue
        if f == "area":
            out[f] = area_fit(seg.area[idx], plan.ideal_area or 1.0)
        elif f == "cost":
            out[f] = cost_fit(seg.rent[idx], seg.price[idx], plan.rent_max, plan.price_max)
        elif f == "industry":
            assert plan.ind_fit is not None
            out[f] = plan.ind_fit[seg.prof[idx]]
        elif f == "location":
            out[f] = location_fit(seg, idx, plan)
        else:
            out[f] = efficiency_fit(seg, idx, plan)
    return out


def score(seg: Segment, idx: np.ndarray, plan: FactorPlan) -> tuple[np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:  # fmt: skip
    """(score, contributions, values) for the rows idx; score = Σ contributions, in order."""
    values = factor_values(seg, idx, plan)
    contrib = {f: v * plan.points[f] for f, v in values.items()}
    total = np.zeros(idx.shape)
    for c in contrib.values():
        total = total + c
    return total, contrib, values
