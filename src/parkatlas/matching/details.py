"""The figures behind a match, for people: each site's own columns, the data and text behind
every factor's value, and the land-efficiency (亩均) flags. A mixin of
:class:`~parkatlas.matching.engine.Matcher`; split from the engine to keep it one idea.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from parkatlas.matching import factors as fx
from parkatlas.matching.constraints import haversine_km
from parkatlas.matching.index import EPOCH, NO_DATE, Segment, SiteIndex
from parkatlas.matching.industry import LEVEL_NAMES, common_depth
from parkatlas.matching.profiles import INDICATORS, MU_M2, standard_for_region

if TYPE_CHECKING:
    from parkatlas.matching.engine import Query


class DetailsMixin:
    """Builds `Match.details`, `flags` and `flag_data` for chosen rows."""

    index: SiteIndex
    _ind_text: dict[tuple[int, str], tuple[str, dict[str, Any]]]

    def site_record(self, seg: Segment, pos: int) -> dict[str, Any]:
        return self._records(seg, np.array([pos]))[0]

    def _records(self, seg: Segment, idx: np.ndarray) -> list[dict[str, Any]]:
        ix = self.index

        def num(a: np.ndarray) -> list[float | None]:
            return [None if v != v else v for v in a[idx].tolist()]

        cols = {
            "area_m2": num(seg.area), "rent_cny_m2_day": num(seg.rent), "price_cny_m2": num(seg.price),
            "floor_load_kn_m2": num(seg.floor_load), "clear_height_m": num(seg.clear_height),
            "power_kva": num(seg.power), "lat": num(seg.lat), "lon": num(seg.lon),
        }  # fmt: skip
        out = []
        for n, pos in enumerate(idx.tolist()):
            park, region, avail = int(seg.park[pos]), int(seg.region[pos]), int(seg.avail[pos])
            rec: dict[str, Any] = {
                "id": str(seg.ids[pos]), "kind": ix.kinds.values[int(seg.kind[pos])],
                "status": ix.statuses.values[int(seg.status[pos])],
                "park": ix.parks.values[park] if park >= 0 else None,
                "region": ix.regions.values[region] if region >= 0 else None,
                "env_class_max": int(seg.env[pos]) or None,
                "available_from": None if avail == NO_DATE else (EPOCH + dt.timedelta(days=avail)).isoformat(),
            }  # fmt: skip
            for k, v in cols.items():
                rec[k] = v[n]
            out.append(rec)
        return out

    def _details(self, seg: Segment, idx: np.ndarray, q: Query) -> list[tuple[dict[str, Any], list[str], list[dict[str, Any]]]]:  # fmt: skip
        """(figures behind each factor value, land-efficiency flags, the flags as data) for rows
        idx. Land-efficiency (亩均) standards apply to land only, not to a leased floor."""
        plan, needs = q.plan, q.needs
        sites = self._records(seg, idx)
        dists = [
            haversine_km(seg.lat[idx], seg.lon[idx], p.lat, p.lon).tolist() for p in needs.near
        ]
        pref_r = set(plan.pref_regions.tolist()) if plan.pref_regions is not None else set()
        pref_p = set(plan.pref_parks.tolist()) if plan.pref_parks is not None else set()
        out = []
        for n, pos in enumerate(idx.tolist()):
            site = sites[n]
            d: dict[str, Any] = {"site": site}
            fd: dict[str, dict[str, Any]] = {}  # the same figures as data (render.render_factor)
            flags: list[str] = []
            flag_data: list[dict[str, Any]] = []
            area = site["area_m2"] or 0.0
            if "area" in plan.weights:
                d["area"] = f"{area:,.0f} m² vs ideal {plan.ideal_area:,.0f} m²"
                fd["area"] = {"site_value": area, "need": plan.ideal_area, "unit": "m²"}
            if "cost" in plan.weights:
                bits = []
                if plan.rent_max and site["rent_cny_m2_day"] is not None:
                    bits.append(
                        f"rent {site['rent_cny_m2_day']:.2f} of max {plan.rent_max:g} 元/㎡/天"
                    )
                if plan.price_max and site["price_cny_m2"] is not None:
                    bits.append(
                        f"price {site['price_cny_m2']:,.0f} of max {plan.price_max:,.0f} 元/㎡"
                    )
                d["cost"] = "; ".join(bits)
                fd["cost"] = {
                    "rent": site["rent_cny_m2_day"], "rent_max": plan.rent_max, "rent_unit": "元/㎡/天",
                    "price": site["price_cny_m2"], "price_max": plan.price_max, "price_unit": "元/㎡",
                }  # fmt: skip
            if "industry" in plan.weights and needs.industry:
                d["industry"], fd["industry"] = self._industry_text(
                    int(seg.prof[pos]), needs.industry
                )
            if "location" in plan.weights:
                bits = [
                    f"{dists[i][n]:,.1f} km to {p.name or 'point'} (radius {p.radius_km:g})"
                    for i, p in enumerate(needs.near)
                ]
                if plan.pref_regions is not None:
                    hit = int(seg.region[pos]) in pref_r or int(seg.park[pos]) in pref_p
                    bits.append(
                        "in a preferred region/park" if hit else "not in a preferred region/park"
                    )
                d["location"] = "; ".join(bits)
                fd["location"] = {
                    "near": [{"name": p.name, "km": dists[i][n], "radius_km": p.radius_km}
                             for i, p in enumerate(needs.near)],
                    "preferred": (int(seg.region[pos]) in pref_r or int(seg.park[pos]) in pref_p)
                    if plan.pref_regions is not None else None,
                }  # fmt: skip
            if plan.project and site["kind"] == "land":
                self._efficiency_text(seg, pos, site, plan, d, flags, flag_data)
            elif plan.project:
                d["efficiency"] = "亩均 standards apply to land, not to a leased floor"
            if plan.project:
                fd["efficiency"] = {"applies": site["kind"] == "land", "shortfalls": len(flag_data)}
            d["data"] = fd
            out.append((d, flags, flag_data))
        return out

    def _industry_text(self, prof: int, code: str) -> tuple[str, dict[str, Any]]:
        """(text, data) of the industry fit of a site profile to a code; cached per pair."""
        key = (prof, code)
        hit = self._ind_text.get(key)
        if hit is None:
            src, site_code, _ = self.index.profiles.best_match(prof, code)
            level = LEVEL_NAMES[common_depth(code, site_code)] if site_code else "none"
            if site_code:
                text = f"{code} vs {src} {site_code} (same {level})"
            else:
                text = f"no industry of the site relates to {code}"
            data = {
                "need": code,
                "site_value": site_code or None,
                "source": src or None,
                "level": level,
            }
            hit = self._ind_text[key] = (text, data)
        return hit  # the data dict is shared between results: read it, do not change it

    def _efficiency_text(self, seg: Segment, pos: int, site: dict[str, Any], plan: fx.FactorPlan, d: dict[str, Any], flags: list[str], flag_data: list[dict[str, Any]]) -> None:  # fmt: skip
        area = site["area_m2"] or 0.0
        mu = area / MU_M2 if area else float("nan")
        std = standard_for_region(site["region"], self.index.region_standards)
        bits = []
        for key, value in plan.project.items():
            label = INDICATORS[key][1]
            thr = float(seg.thr[key][pos])
            figure = value / mu if mu == mu and mu > 0 else float("nan")
            if not thr > 0:
                bits.append(f"{label} {figure:,.1f} (no standard)")
                continue
            if seg.thr_own[key][pos]:
                whose, whose_zh = "the site's 标准地 indicators", "该地块标准地指标"
            else:
                whose = f"the {std.name} standard {std.status}" if std else "the default standard"
                whose_zh = f"{std.name}标准" if std else "默认标准"
            bits.append(f"{label} {figure:,.1f} vs ≥ {thr:g}")
            if figure < thr:
                zh, _, en = label.partition(" ")
                flag_data.append({
                    "factor": "efficiency", "code": "below_standard", "indicator": key,
                    "label_zh": zh, "label_en": en.split(" (")[0], "site_value": figure,
                    "need": thr, "unit": label[label.rfind("(") + 1 : -1] if "(" in label else "",
                    "area_m2": area, "mu": mu, "source_en": whose, "source_zh": whose_zh,
                })  # fmt: skip
                flags.append(
                    f"{label}: {figure:,.1f} on {area:,.0f} m² ({mu:,.1f} 亩) is below {thr:g} "
                    f"required by {whose} (short by {thr - figure:,.1f})"
                )
        d["efficiency"] = "; ".join(bits)
